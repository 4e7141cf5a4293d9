"""`home`: the signed-in home page of a partner coordinator (Tartu), with its to-do list, against an
empty Django view served the same way: the cost of the layout, navigation, tenancy lookup, session
handling, the panels and the to-do list (the plan year's commitments judged by the checker, missed
periods and their explanations, past events without attendance).

It runs after the other figures (hence `s_`), over their national-scale data: the shipped 2024 plan
(and 2020–2023) and the events of every party; with `--only home` it builds them itself (the
dashboard's builders). Tartu then gets a year of weekly clubs with gaps and a few hundred past events
without attendance. The query count is taken twice, before and after a second batch of Tartu's
events: it must not grow with the data (`queries_grow` in the note says so if it does).
"""

import datetime as dt

from django.core.cache import cache
from django.test import Client

from bench.figures.d_dashboard import ensure_plans, ensure_records
from bench.harness import Figure, best_of, count_queries
from loim.events.models import Event
from loim.monitoring.engine.counting import moment
from loim.parties.models import Party
from loim.plans.models import EventKind
from tests.factories import make_member

FIGURES = ["home", "home_uncached"]


def tartu_events(party: Party, weeks: range, per_week: int) -> None:
    """Clubs on Wednesdays of the given weeks of 2024 (no counts: attendance not entered)."""
    club = EventKind.objects.get(code="conversation_club")
    Event.objects.bulk_create(
        Event(
            party=party,
            kind=club,
            title=f"Suhtlusklubi {week}-{n}",
            start=moment(dt.date(2024, 1, 3) + dt.timedelta(weeks=week)) + dt.timedelta(hours=17),
            end=moment(dt.date(2024, 1, 3) + dt.timedelta(weeks=week)) + dt.timedelta(hours=19),
            municipality=party.municipality,
        )
        for week in weeks
        for n in range(per_week)
    )


def run(ctx) -> list[Figure]:
    ensure_plans()
    ensure_records(ctx)
    tartu = Party.objects.get(slug="tartu")
    tartu_events(tartu, range(0, 52, 2), 3)  # every other week: the weeks between are missed
    user = make_member(tartu, "coordinator")
    client = Client()
    client.force_login(user)
    assert "todo-heading" in client.get("/").content.decode()  # warm caches; the to-do list is there

    def page():
        assert client.get("/").status_code == 200

    def baseline():
        assert client.get("/bench-empty/").status_code == 200

    queries = count_queries(page)
    tartu_events(tartu, range(1, 52, 4), 5)  # more events, fewer weeks missed
    queries_after = count_queries(page)
    queries_cached = count_queries(page)  # the panels read from the cache (core.generations)

    def page_uncached():
        cache.clear()
        page()

    note = (
        "Tartu coordinator's home page with the to-do list vs. an empty Django view through the same middleware; "
        f"the panels cached (unchanged data since the last request; {queries_cached} queries), "
        f"queries counted with the panels computed after a write"
    )
    if queries_after != queries:
        note += f"; queries_grow: {queries} → {queries_after}"
    rows = Event.objects.filter(party=tartu).count()
    baseline_s = best_of(baseline, 20)
    return [
        Figure(
            name="home",
            value_s=best_of(page, 20),
            baseline_s=baseline_s,
            goal=3.0,
            queries=queries_after,
            rows=rows,
            note=note,
        ),
        Figure(
            name="home_uncached",
            value_s=best_of(page_uncached, 10),
            baseline_s=baseline_s,
            queries=queries_after,
            rows=rows,
            note="the same page with the cache emptied before each request: every panel computed (after any write)",
        ),
    ]
