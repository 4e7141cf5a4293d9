"""Hand-built plans, events and positions for monitoring's scenarios: every figure a test checks is
implied by the records these build, so the expected values are worked out by the test's author."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

from loim.events.models import Event, ParticipantCount, Participation
from loim.parties.models import CoordinatorPosition, PartnershipAgreement, Party
from loim.places.models import Municipality
from loim.plans.models import Activity, EventKind, Indicator, Obligation, Plan, Target

TALLINN_TZ = ZoneInfo("Europe/Tallinn")
_n = itertools.count(1)


def make_plan(year: int = 2024, *, owner: Party | None = None) -> Plan:
    owner = owner or Party.objects.get(slug="elvl")
    return Plan.objects.create(
        party=owner,
        year=year,
        title=f"Tegevuskava {year}",
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        frame_end=dt.date(2029, 10, 31),
    )


def make_activity(
    plan, code, *, section="implementer", parent=None, responsible=(), row_key="", title=None, position=None
):
    section = parent.section if parent is not None else section
    activity = Activity.objects.create(
        plan=plan,
        party=plan.party,
        parent=parent,
        code=code if parent is None else f"{parent.code}/{row_key}",
        section=section,
        measure_code=code if parent is None else parent.measure_code,
        row_number=f"{row_key}." if row_key else "",
        row_key=row_key,
        level=0 if parent is None else row_key.count(".") + 1,
        position=position if position is not None else next(_n),
        title=title or f"Tegevus {code} {row_key}".strip(),
        start=plan.period_start,
        end=plan.period_end,
        responsible_text=", ".join(p.short_name for p in responsible),
    )
    activity.responsible_parties.set(responsible)
    return activity


def make_indicator(
    plan,
    key,
    *,
    rule=None,
    kind="cumulative",
    measurement="rule",
    target=None,
    frame_target=None,
    activity=None,
    section="implementer",
    name=None,
    unit="Arv",
):
    indicator = Indicator.objects.create(
        plan=plan,
        party=plan.party,
        activity=activity,
        section=section,
        key=key,
        name=name or key,
        unit=unit,
        kind=kind,
        measurement=measurement,
        rule=rule,
        position=next(_n),
    )
    if target is not None:
        Target.objects.create(indicator=indicator, party=plan.party, year=plan.year, value=Decimal(target))
    if frame_target is not None:
        Target.objects.create(
            indicator=indicator, party=plan.party, year=2029, value=Decimal(frame_target), is_frame_target=True
        )
    return indicator


def make_obligation(
    plan,
    activity,
    key,
    responsible,
    *,
    kinds=(),
    period="year",
    min_count=None,
    max_count=None,
    excluded=(),
    is_open=False,
    due=None,
    subject="events",
    reach="",
):
    obligation = Obligation.objects.create(
        plan=plan,
        party=plan.party,
        activity=activity,
        key=key,
        title=key.replace("-", " ").capitalize(),
        responsible=responsible,
        subject=subject,
        period=period,
        due_date=due,
        min_count=min_count,
        max_count=max_count,
        excluded_periods=list(excluded),
        is_open=is_open,
        reach=reach,
        quote="…",
    )
    if kinds:
        obligation.event_kinds.set(EventKind.objects.filter(code__in=kinds))
    return obligation


def municipality(name: str) -> Municipality:
    return Municipality.objects.current().get(name=name)


def make_event(
    party,
    kind: str,
    day: dt.date,
    *,
    activity=None,
    reach="local",
    place=None,
    hour: int = 17,
    at: dt.time | None = None,
    participations=(),
    counts=None,
    title=None,
):
    start = dt.datetime.combine(day, at or dt.time(hour), tzinfo=TALLINN_TZ)
    event = Event.objects.create(
        party=party,
        kind=EventKind.objects.get(code=kind),
        title=title or f"{kind} {day.isoformat()} #{next(_n)}",
        start=start,
        end=start + dt.timedelta(hours=2),
        activity=activity,
        reach=reach,
        municipality=place or party.municipality,
    )
    for municipality_ in participations:
        Participation.objects.create(event=event, municipality=municipality_)
    for group, count in (counts or {}).items():
        ParticipantCount.objects.create(event=event, group=group, count=count)
    return event


def make_agreement(party, start=dt.date(2023, 1, 1), end=dt.date(2026, 4, 1)):
    return PartnershipAgreement.objects.create(
        party=party,
        municipality=party.municipality,
        signed_on=start,
        term_start=start,
        term_end=end,
        reference=f"PL-{party.slug}-{next(_n)}",
    )


def make_position(party, starts_on, ends_on=None, *, agreement=None, title=None):
    return CoordinatorPosition.objects.create(
        party=party,
        title=title or f"Koordinaator {next(_n)}",
        starts_on=starts_on,
        ends_on=ends_on,
        agreement=agreement,
    )


def weekdays(start: dt.date, end: dt.date, weekday: int):
    """Every given weekday (0 = Monday) from start to end."""
    day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    while day <= end:
        yield day
        day += dt.timedelta(days=7)
