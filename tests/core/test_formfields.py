"""The project's multiple-choice field refuses ids beyond the database's integers before querying,
and every form uses it (a rule the code enforces on itself)."""

import re
from pathlib import Path

import pytest
from django import forms

from loim.core.formfields import ModelMultipleChoiceField
from loim.places.models import Municipality

SRC = Path(__file__).resolve().parents[2] / "src" / "loim"
# a field made or subclassed (not an isinstance check)
USES = re.compile(r"=\s*forms\.ModelMultipleChoiceField\(|class \w+\(forms\.ModelMultipleChoiceField\b")


class Choose(forms.Form):
    places = ModelMultipleChoiceField(queryset=Municipality.objects.all())


@pytest.mark.parametrize("bad", ["9" * 30, "9223372036854775808", "-9223372036854775809", "1e3", "--5", "٣"])
def test_an_id_the_database_cannot_hold_is_a_field_error(programme, bad):
    form = Choose({"places": [str(Municipality.objects.first().pk), bad]})
    assert not form.is_valid()
    assert form.errors["places"][0].endswith("ei ole korrektne väärtus.")  # Django's own words, in Estonian


def test_good_ids_are_chosen(programme):
    first, second = Municipality.objects.order_by("pk")[:2]
    form = Choose({"places": [str(first.pk), str(second.pk)]})
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["places"]) == {first, second}


def test_no_form_uses_djangos_field_directly():
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "formfields.py" and USES.search(path.read_text())
    ]
    assert offenders == []
