"""The demo networks: each partner's local network with members and minutes, the Lõimumiskoda with
the events' demo council meetings; seeding twice changes nothing."""

import io
from pathlib import Path

import pytest

from loim.events.demo import seed as seed_events
from loim.network.demo import seed
from loim.network.models import Network, NetworkMeeting
from loim.plans.services import plan_file_import

PLAN_FILE = Path(__file__).resolve().parents[2] / "plans" / "2024.yaml"


@pytest.fixture
def seeded(programme, member, settings):
    settings.DEMO_MODE = True
    member("tallinn", "coordinator")  # the minutes' uploader (the demo's own accounts are not seeded here)
    plan_file_import(PLAN_FILE)
    seed_events(out=io.StringIO())
    seed(out=io.StringIO())
    return programme


def test_every_partner_has_a_local_network_with_members_and_minutes(seeded):
    for slug in ("tartu", "tallinn", "rakvere", "saaremaa", "parnu"):
        network = Network.objects.get(party__slug=slug, kind="local")
        assert network.members.exists(), slug
        assert network.meetings.filter(event__attachments__kind="minutes").exists(), slug


def test_the_loimumiskoda_holds_the_demo_council_meetings_and_its_cadence_is_open(seeded):
    council = Network.objects.get(name="Lõimumiskoda")
    days = [m.event.start.date().isoformat() for m in council.meetings.order_by("event__start")]
    assert days == ["2024-04-25", "2024-09-12", "2024-12-05"]
    assert not council.cadence_agreed and council.members.exclude(represents="").count() == 3
    assert council.members.filter(contact__name="Oksana Melnyk").exists()


def test_seeding_twice_changes_nothing(seeded):
    networks, meetings = Network.objects.count(), NetworkMeeting.objects.count()
    seed(out=io.StringIO())
    assert (Network.objects.count(), NetworkMeeting.objects.count()) == (networks, meetings)
    assert networks == 8


def test_the_demo_documents_elvls_guidance_with_its_english_translation_tartus_minutes_and_parnus_process(seeded):
    from loim.network.models import Document

    guidance = Document.objects.get(party__slug="elvl", kind="guidance", language="et", visibility="all_networks")
    english = guidance.translations.get()
    assert (english.language, english.translated_from_number, english.outdated) == ("en", 1, False)
    assert guidance.activity.title == "Juhendmaterjalide koostamine ja levitamine"
    minutes = Document.objects.get(party__slug="tartu", kind="minutes")
    assert (minutes.visibility, minutes.network.name) == ("network", "Tartu linna lõimumise koostöövõrgustik")
    assert minutes.versions.get().content_type == "application/pdf"
    before = Document.objects.count()
    seed(out=io.StringIO())
    # guidance and its translation, public guidance and its translation, minutes, Pärnu's process
    assert Document.objects.count() == before == 6
    process = Document.objects.get(party__slug="parnu")
    assert (process.kind, process.visibility) == ("process", "all_networks")  # the rollout's evidence


def test_the_demo_documents_text_is_extracted_and_found_only_by_those_who_read_them(seeded, member):
    from loim.core.search import search

    def titles(user, text):
        return [hit.title for group in search(user, text, kinds=["documents"]).groups for hit in group.hits]

    # a word of the minutes' PDF only (not its title or tags); the minutes are for Tartu's network
    assert titles(member("tartu", "viewer"), "karjäärinõustamise") == [
        "Tartu linna lõimumise koostöövõrgustiku kohtumise protokoll"
    ]
    assert titles(member("parnu", "viewer"), "karjäärinõustamise") == []
    assert sorted(titles(member("parnu", "viewer"), "conversation clubs")) == [
        "A newcomer's first steps in a municipality",  # public
        "Guide: introducing the welcome programme in a municipality",  # for all networks
    ]


def test_a_partners_network_has_its_demo_announcement_and_tartu_a_member_of_no_party(seeded):
    """Only Tallinn's coordinator is seeded here, so only Tallinn's network gets its announcement (a
    party's own editor writes it); Tartu's Töötukassa specialist has an account of no party."""
    from loim.network.models import Announcement, NetworkMember

    assert list(Announcement.objects.values_list("network__party__slug", "title")) == [
        ("tallinn", "Uued kohanemisteenused 2025. aastal")
    ]
    member = NetworkMember.objects.get(user__email="liige@tootukassa.demo")
    assert member.network.name == "Tartu linna lõimumise koostöövõrgustik"
    assert not member.user.memberships.exists()


def test_elvls_public_guidance_in_estonian_and_english_is_on_the_portals_national_page(seeded, client):
    from loim.network.models import Document

    public = Document.objects.get(party__slug="elvl", visibility="public", language="et")
    assert public.title == "Uussisserändaja esimesed sammud omavalitsuses"
    english = public.translations.get()
    assert (english.title, english.language, english.visibility) == (
        "A newcomer's first steps in a municipality",
        "en",
        "public",
    )
    page = client.get("/en/national/").content.decode()
    assert "A newcomer&#x27;s first steps in a municipality" in page
    assert "Uussisserändaja esimesed sammud omavalitsuses" in page
    assert "Juhend: uussisserändajate kohanemisprogrammi tutvustamine" not in page  # for the networks only
