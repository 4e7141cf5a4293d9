"""`event_list`: the events list page for one year with filters, at national scale (50,000 events over
79 municipalities and five years), against the bare SQL behind the page (its two queries: the page of
rows with their totals, and the count), run through the database cursor with no ORM and no template.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection
from django.test import Client, RequestFactory

from bench.harness import Figure, best_of, count_queries
from loim.core.vocabulary import ParticipantGroup
from loim.events.models import Event, EventFormat, ParticipantCount, Participation, Reach
from loim.events.selectors import event_filter, with_totals
from loim.events.services import LOCAL_TZ
from loim.events.views.events import PAGE_SIZE
from loim.parties.models import Party
from loim.places.models import County, Municipality
from loim.plans.models import EventKind
from tests.factories import make_member

YEARS = (2020, 2021, 2022, 2023, 2024)
FIGURES = ["event_list"]
BATCH = 5000


def build(total: int) -> None:
    """Synthetic events with counts and participations, in bulk (the measured page is what matters)."""
    rng = random.Random(2024)
    parties = list(Party.objects.exclude(kind="agency"))
    kinds = list(EventKind.objects.all())
    municipalities = list(Municipality.objects.all())
    groups = list(ParticipantGroup.values)
    for offset in range(0, total, BATCH):
        events = []
        for n in range(offset, min(offset + BATCH, total)):
            day = dt.date(rng.choice(YEARS), 1, 1) + dt.timedelta(days=rng.randrange(365))
            start = dt.datetime.combine(day, dt.time(rng.randrange(8, 19)), tzinfo=LOCAL_TZ)
            party = parties[n % len(parties)]
            events.append(
                Event(
                    party=party,
                    kind=kinds[n % len(kinds)],
                    title=f"Üritus {n}",
                    start=start,
                    end=start + dt.timedelta(hours=2),
                    municipality=party.municipality or rng.choice(municipalities),
                    format=EventFormat.ON_SITE,
                    languages=rng.choice([["et"], ["et", "ru"], ["et", "en"], ["ru", "uk"]]),
                    reach=rng.choice(Reach.values),
                )
            )
        Event.objects.bulk_create(events)
        saved = Event.objects.filter(title__in=[e.title for e in events]).values_list("pk", flat=True)
        counts, participations = [], []
        for pk in saved:
            for group in rng.sample(groups, 2):
                counts.append(ParticipantCount(event_id=pk, group=group, count=rng.randrange(30)))
            for municipality in rng.sample(municipalities, rng.randrange(3)):
                participations.append(Participation(event_id=pk, municipality=municipality))
        ParticipantCount.objects.bulk_create(counts, batch_size=BATCH)
        Participation.objects.bulk_create(participations, batch_size=BATCH)


def run(ctx) -> list[Figure]:
    if not Event.objects.exists():
        build(ctx["scale"].events)
    user = make_member(Party.objects.get(slug="elvl"), "coordinator")  # ELVL reads every party's events
    client = Client()
    client.force_login(user)
    county = County.objects.get(name="Harju maakond")
    params = {"date_from": "2024-01-01", "date_to": "2024-12-31", "county": str(county.pk)}
    url = "/events/"

    request = RequestFactory().get(url, params)
    request.user = user
    events = with_totals(event_filter(request).qs)
    page_sql, page_params = events[:PAGE_SIZE].query.sql_with_params()
    count_sql, count_params = events.order_by().values("pk").query.sql_with_params()
    count_sql = f"SELECT COUNT(*) FROM ({count_sql}) AS matched"
    rows = events.count()

    def page():
        response = client.get(url, params)
        # the page's rows (events.templatetags.event_rows); the bench renders without the test runner's
        # template instrumentation, so the response carries no context to count them in
        shown = response.content.count(b"\n  <tr>\n")
        assert response.status_code == 200 and shown == min(rows, PAGE_SIZE), shown

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(count_sql, count_params)
            cursor.fetchall()
            cursor.execute(page_sql, page_params)
            cursor.fetchall()

    page()  # warm templates, translations and the session
    return [
        Figure(
            name="event_list",
            value_s=best_of(page, 10),
            baseline_s=best_of(baseline, 10),
            goal=3.0,
            queries=count_queries(page),
            rows=rows,
            note=f"{Event.objects.count():,} events; a year in one county, first page of {PAGE_SIZE}, "
            "vs. the page's two SQL queries through the cursor; repeat visits: the filter form read from "
            "the cache under its tables' generation (core.generations), the list computed",
        )
    ]
