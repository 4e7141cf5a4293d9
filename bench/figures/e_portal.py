"""`portal_load`: the public events page a newcomer opens (anonymous, Russian) against an empty
Django view, with thousands of published events in the database."""

import datetime as dt
import random

from django.test import Client
from django.utils import timezone

from bench.harness import Figure, best_of, count_queries
from loim.events.models import Event, EventFormat
from loim.parties.models import Party
from loim.plans.models import EventKind

PUBLIC_EVENTS = {"small": 500, "large": 5_000}


def build_public_events(total: int) -> None:
    rng = random.Random(11)
    parties = list(Party.objects.filter(kind__in=["implementer", "partner"], municipality__isnull=False))
    kinds = list(
        EventKind.objects.filter(code__in=["conversation_club", "language_cafe", "cultural_event", "info_session"])
    )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    Event.objects.bulk_create(
        Event(
            party=parties[n % len(parties)],
            kind=kinds[n % len(kinds)],
            title=f"Avalik üritus {n}",
            start=now + dt.timedelta(hours=rng.randrange(1, 24 * 365)),
            end=now + dt.timedelta(hours=24 * 366),
            municipality=parties[n % len(parties)].municipality,
            format=EventFormat.ON_SITE,
            languages=rng.choice([["et", "ru"], ["et", "en"], ["ru", "uk"]]),
            is_public=True,
        )
        for n in range(total)
    )


def run(ctx) -> list[Figure]:
    total = PUBLIC_EVENTS[ctx["scale"].name]
    build_public_events(total)
    client = Client()
    url = "/ru/events/"  # the portal's Russian events page (issue 14: cached whole, portal.cache)
    assert "Avalik üritus" in client.get(url).content.decode()

    def page():
        assert client.get(url).status_code == 200

    def baseline():
        assert client.get("/bench-empty/").status_code == 200

    municipality = "/ru/municipalities/tartu/"
    assert client.get(municipality).status_code == 200

    def municipality_page():
        assert client.get(municipality).status_code == 200

    def municipality_cold():
        from django.core.cache import cache

        cache.clear()
        assert client.get(municipality).status_code == 200

    empty = best_of(baseline, 20)
    return [
        Figure(
            name="portal_load",
            value_s=best_of(page, 20),
            baseline_s=empty,
            queries=count_queries(page),
            rows=total,
            note="public events page (anonymous, Russian; cached whole) vs. an empty Django view, in-process",
        ),
        Figure(
            name="portal_municipality",
            value_s=best_of(municipality_page, 20),
            baseline_s=empty,
            queries=count_queries(municipality_page),
            rows=total,
            note="a municipality page, cached (one generation query) vs. an empty view, in-process (not locust)",
        ),
        Figure(
            name="portal_municipality_cold",
            value_s=best_of(municipality_cold, 10),
            baseline_s=empty,
            queries=count_queries(municipality_cold),
            rows=total,
            note="the same page with the cache emptied before each request",
        ),
    ]
