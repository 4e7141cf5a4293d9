"""The demo events follow the 2024 plan, link to its rows, and seeding twice changes nothing."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone

from loim.events.demo import seed
from loim.events.models import Event, EventSeries, Participation
from loim.plans.services import plan_file_import

PLAN_FILE = Path(__file__).resolve().parents[2] / "plans" / "2024.yaml"


def local_dates(queryset):
    return [timezone.localtime(e.start).date() for e in queryset.order_by("start")]


@pytest.fixture
def seeded(programme):
    plan_file_import(PLAN_FILE)
    seed(out=io.StringIO())
    return programme


def test_the_demo_follows_the_plan(seeded):
    programme = seeded
    johvi = Event.objects.get(title__startswith="Maakondlik infopäev Ida-Virumaal")
    assert johvi.participations.count() == 14 and johvi.activity.code == "3.5.1.3/1" and johvi.reach == "county"
    national = Event.objects.filter(party=programme["elvl"], kind__code="training", reach="national")
    assert national.count() == 2

    clubs = Event.objects.filter(party=programme["tartu"], kind__code="conversation_club", start__year=2024)
    days = local_dates(clubs)
    assert not [d for d in days if 7 <= d.month <= 9]
    assert dt.date(2024, 2, 21) not in days and dt.date(2024, 2, 14) in days
    assert {e.activity.code for e in clubs} == {"3.5.2.1/2.1"}
    network = Event.objects.filter(party=programme["tartu"], kind__code="network_meeting")
    assert len(network) == 9 and not [d for d in local_dates(network) if 7 <= d.month <= 9]

    rakvere = local_dates(Event.objects.filter(party=programme["rakvere"], kind__code="cultural_event"))
    assert len(rakvere) == 10 and not [d for d in rakvere if d.month in (7, 8)]
    assert Event.objects.filter(party=programme["tallinn"], title="Lõimumisaken 2024").exists()
    assert Event.objects.filter(party=programme["saaremaa"], kind__code="situation_mapping").count() == 12
    assert Event.objects.filter(party=programme["parnu"], kind__code="network_meeting", reach="county").count() == 2
    for party in ("elvl", "tartu", "tallinn", "rakvere", "saaremaa", "parnu"):
        assert Event.objects.filter(party=programme[party], start__year=2024).exists(), party
    unlinked = Event.objects.filter(start__year=2024, activity__isnull=True)
    assert not unlinked.exists(), list(unlinked.values_list("title", flat=True))
    assert Event.objects.filter(is_public=True, end__gte=timezone.now()).count() >= 4


def test_seeding_twice_changes_nothing(seeded):
    before = (Event.objects.count(), EventSeries.objects.count(), Participation.objects.count())
    seed(out=io.StringIO())
    assert (Event.objects.count(), EventSeries.objects.count(), Participation.objects.count()) == before


def test_without_the_plan_the_demo_still_seeds_without_links(programme):
    seed(out=io.StringIO())
    assert Event.objects.filter(start__year=2024).count() > 100
    assert not Event.objects.filter(activity__isnull=False).exists()


def test_public_events_have_texts_and_translations_some_outdated_some_missing(seeded):
    from loim.core.translations import statuses
    from loim.events.models import EventTranslation

    club = Event.objects.filter(title="Suhtlusklubi (eesti ja inglise keeles)").order_by("-start").first()
    assert (club.cost, club.contact_email) == ("tasuta", "kohanemine@tartu.ee")
    assert statuses(club, club.translations.all()) == {"en": "up_to_date", "ru": "up_to_date", "uk": "outdated"}
    cafe = Event.objects.get(title="Keelekohvik-Klubi")
    assert statuses(cafe, cafe.translations.all()) == {"en": "missing", "ru": "up_to_date", "uk": "up_to_date"}
    info = Event.objects.filter(title="Infotund: elamisluba ja elukoha registreerimine").order_by("-start").first()
    assert info.translations.get(language="uk").title.startswith("Інформаційна година")
    assert not EventTranslation.objects.filter(event__is_public=False).exists()
    rows = EventTranslation.objects.count()
    seed(out=io.StringIO())
    assert EventTranslation.objects.count() == rows
