"""Estonian formats as DESIGN.md fixes them: dd.mm.yyyy dates, Monday first, grouped thousands."""

import datetime as dt

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import formats, translation


class DateForm(forms.Form):
    day = forms.DateField()
    when = forms.DateTimeField()


def test_estonian_dates_numbers_and_week_start():
    with translation.override("et"):
        assert formats.date_format(dt.date(2024, 3, 5), "SHORT_DATE_FORMAT") == "05.03.2024"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
        assert intcomma(1234567) == "1\xa0234\xa0567"
        assert formats.number_format(1234.5, decimal_pos=1, use_l10n=True) == "1234,5"
        form = DateForm({"day": "05.03.2024", "when": "05.03.2024 17:00"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == dt.date(2024, 3, 5)
        assert form.cleaned_data["when"].hour == 17


def test_english_keeps_day_month_year_and_monday():
    with translation.override("en"):
        assert formats.date_format(dt.date(2024, 3, 5), "SHORT_DATE_FORMAT") == "05.03.2024"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
        assert intcomma(1234567) == "1,234,567"
