"""Small template helpers of the plan pages."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value) -> str:
    """A target as people write it: 20, not 20.00 (nor 2E+1); 2,5 with the Estonian decimal comma."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return number_format(value.normalize(), use_l10n=True)


@register.filter
def per_period(period: str) -> str:
    """'week' → 'a week' (et: 'nädalas'), to read "at least 1 a week"."""
    from django.utils.translation import gettext as _

    from ..models import Period

    phrases = {
        Period.WEEK: _("a week"),
        Period.MONTH: _("a month"),
        Period.QUARTER: _("a quarter"),
        Period.HALF_YEAR: _("a half-year"),
        Period.YEAR: _("a year"),
    }
    return phrases.get(period, period)
