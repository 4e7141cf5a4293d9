"""What monitoring's commands share: reading a day, the plan of a year and a party, with errors that
name what is wrong and what exists."""

import datetime as dt

from django.core.management.base import CommandError

from loim.parties.models import Party
from loim.plans.models import Plan


def iso_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"A date must be written as YYYY-MM-DD, not {value!r}.") from exc


def plan_of(year: int) -> Plan:
    plan = Plan.objects.filter(year=year).first()
    if plan is None:
        years = ", ".join(str(y) for y in Plan.objects.order_by("year").values_list("year", flat=True)) or "none"
        raise CommandError(f"There is no action plan for {year} (plans: {years}).")
    return plan


def party_of(slug: str | None) -> Party | None:
    if not slug:
        return None
    party = Party.objects.filter(slug=slug).first()
    if party is None:
        codes = ", ".join(Party.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(f"Unknown party {slug!r} (parties: {codes}).")
    return party
