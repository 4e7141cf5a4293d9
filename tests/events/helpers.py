"""Builders for event tests: a small 2024 plan with rows for Tartu and ELVL, and events."""

import datetime as dt
import itertools

from loim.events.models import Event
from loim.events.services import EventInput, event_create, local_datetime
from loim.places.models import Municipality
from loim.plans.models import Activity, EventKind, Plan

_n = itertools.count(1)


def kind(code: str = "conversation_club") -> EventKind:
    return EventKind.objects.get(code=code)


def municipality(name: str) -> Municipality:
    return Municipality.objects.get(name=name)


def plan_2024(programme) -> dict[str, Activity]:
    """Plan rows by code: Tartu's clubs (3.5.2.1/2.1, a row for Q1–Q2 only, to test date warnings) and
    network (3.5.2.1/3.1), ELVL's info days (3.5.1.3/1)."""
    plan, _created = Plan.objects.get_or_create(
        year=2024,
        defaults={
            "party": programme["elvl"],
            "title": "Tegevuskava 2024",
            "period_start": dt.date(2024, 1, 1),
            "period_end": dt.date(2024, 12, 31),
            "frame_end": dt.date(2029, 10, 31),
        },
    )
    rows = {
        "3.5.2.1/2.1": (
            "3.5.2.1",
            "2.1.",
            "2.1",
            "Sotsiaalse suhtluse klubitegevuse korraldamine",
            "tartu",
            dt.date(2024, 1, 1),
            dt.date(2024, 6, 30),
        ),
        "3.5.2.1/3.1": ("3.5.2.1", "3.1.", "3.1", "Võrgustiku arendamine", "tartu", None, None),
        "3.5.1.3/1": (
            "3.5.1.3",
            "1.",
            "1",
            "Temaatiliste maakondlike infopäevade korraldamine",
            "elvl",
            dt.date(2024, 1, 1),
            dt.date(2024, 12, 31),
        ),
    }
    result = {}
    for position, (code, (measure, printed, key, title, slug, start, end)) in enumerate(rows.items()):
        activity, _created = Activity.objects.get_or_create(
            plan=plan,
            code=code,
            defaults={
                "party": programme["elvl"],
                "section": "partner" if slug != "elvl" else "implementer",
                "measure_code": measure,
                "row_number": printed,
                "row_key": key,
                "level": 1,
                "position": position,
                "title": title,
                "start": start,
                "end": end,
            },
        )
        activity.responsible_parties.set([programme[slug]])
        result[code] = activity
    return result


def event_input(party, **overrides) -> EventInput:
    day = overrides.pop("day", dt.date(2024, 3, 6))
    values = {
        "party": party,
        "kind": kind(overrides.pop("kind_code", "conversation_club")),
        "title": f"Suhtlusklubi {next(_n)}",
        "start": local_datetime(day, dt.time(17, 0)),
        "end": local_datetime(day, dt.time(18, 30)),
        "municipality": party.municipality or municipality("Tartu linn"),
        "languages": ["et"],
    }
    values.update(overrides)
    return EventInput(**values)


def make_event(party, **overrides) -> Event:
    return event_create(data=event_input(party, **overrides), confirmed=True)
