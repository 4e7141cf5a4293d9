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
    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    url = "/public/events/"
    assert "Avalik üritus" in client.get(url).content.decode()

    def page():
        assert client.get(url).status_code == 200

    def baseline():
        assert client.get("/bench-empty/").status_code == 200

    return [
        Figure(
            name="portal_load",
            value_s=best_of(page, 20),
            baseline_s=best_of(baseline, 20),
            queries=count_queries(page),
            rows=total,
            note="public events page (anonymous, Russian) vs. an empty Django view",
        )
    ]
