"""The public iCal feeds (issue 14): per municipality and per event kind, in a language, parsed back
with `icalendar`.

Hand-worked, all ahead of today: Tartu's public club held in Tartu (with a Russian translation),
Tartu's public online lecture (no municipality: Tartu's own), Tartu's club not public, ELVL's public
info day held in Tartu, Pärnu's public club in Pärnu. Tartu's feed: the club, the online lecture and
ELVL's info day (3); Pärnu's: its club (1); the feed of conversation clubs: Tartu's and Pärnu's public
clubs (2). The event not public is in none.
"""

import datetime as dt

from django.utils import timezone
from icalendar import Calendar

from loim.events.ical import kind_feed, municipality_feed, public_feed
from loim.events.translation import EventTextInput, event_translation_save
from tests.events.helpers import kind, make_event, municipality


def summaries(content: bytes) -> list[str]:
    return sorted(str(e["SUMMARY"]) for e in Calendar.from_ical(content).walk("VEVENT"))


def _events(programme):
    soon = timezone.localdate() + dt.timedelta(days=10)
    club = make_event(
        programme["tartu"],
        title="Tartu suhtlusklubi",
        description="Räägime.",
        registration="Registreerumine pole vajalik.",
        cost="tasuta",
        address="Kompanii 3/5",
        is_public=True,
        day=soon,
    )
    event_translation_save(
        event=club,
        language="ru",
        text=EventTextInput(title="Разговорный клуб в Тарту", description="Говорим.", cost="бесплатно"),
        made_from=1,
    )
    make_event(
        programme["tartu"],
        title="Tartu veebiloeng",
        kind_code="lecture",
        format="online",
        municipality=None,
        online_url="https://meet.example/loeng",
        is_public=True,
        day=soon,
    )
    make_event(programme["tartu"], title="Tartu sisekoosolek", day=soon)
    make_event(
        programme["elvl"],
        title="ELVL infopäev Tartus",
        kind_code="info_day",
        municipality=municipality("Tartu linn"),
        is_public=True,
        day=soon,
    )
    make_event(programme["parnu"], title="Pärnu suhtlusklubi", is_public=True, day=soon)
    return club


def test_municipality_feeds_hold_their_public_events_only(programme):
    _events(programme)
    tartu = municipality("Tartu linn")
    assert summaries(municipality_feed(tartu, language="et")) == [
        "ELVL infopäev Tartus",
        "Tartu suhtlusklubi",
        "Tartu veebiloeng",
    ]
    assert summaries(municipality_feed(municipality("Pärnu linn"), language="et")) == ["Pärnu suhtlusklubi"]
    assert "Tartu sisekoosolek" not in " ".join(summaries(public_feed(language="et")))


def test_the_russian_feed_uses_the_russian_title_and_falls_back_to_estonian(programme):
    club = _events(programme)
    calendar = Calendar.from_ical(municipality_feed(municipality("Tartu linn"), language="ru"))
    assert str(calendar["X-WR-CALNAME"]) == "Lõim: мероприятия – город Тарту"
    by_uid = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    item = by_uid[f"event-{club.pk}@loim.elvl.ee"]
    assert str(item["SUMMARY"]) == "Разговорный клуб в Тарту"
    assert item["SUMMARY"].params["LANGUAGE"] == "ru"
    description = str(item["DESCRIPTION"])
    assert description.startswith("Говорим.")
    assert "Как зарегистрироваться: Registreerumine pole vajalik." in description  # not translated: Estonian
    assert "Стоимость: бесплатно" in description
    assert "https://www.openstreetmap.org/search?query=Kompanii+3%2F5%2C+Tartu+linn%2C+Eesti" in description
    assert str(item["LOCATION"]) == "Kompanii 3/5, город Тарту"  # the street as written, the town translated
    others = sorted(str(e["SUMMARY"]) for uid, e in by_uid.items() if uid != f"event-{club.pk}@loim.elvl.ee")
    assert others == ["ELVL infopäev Tartus", "Tartu veebiloeng"]  # no Russian translation: Estonian


def test_a_kind_feed_holds_that_kinds_public_events_everywhere(programme):
    _events(programme)
    content = kind_feed(kind("conversation_club"), language="uk")
    assert summaries(content) == ["Pärnu suhtlusklubi", "Tartu suhtlusklubi"]
    assert str(Calendar.from_ical(content)["X-WR-CALNAME"]).startswith("Lõim: ")
    assert summaries(kind_feed(kind("info_day"), language="en")) == ["ELVL infopäev Tartus"]


def test_organisers_and_places_are_named_in_the_feeds_language(programme):
    """parties.yaml names ELVL "Асоціація міст і волостей Естонії" and Tartu "місто Тарту" in
    Ukrainian; the ministry has no Ukrainian name, so its Estonian one is given, said to be Estonian."""
    soon = timezone.localdate() + dt.timedelta(days=5)
    tartu = municipality("Tartu linn")
    info_day = make_event(
        programme["elvl"], title="ELVL infopäev", kind_code="info_day", municipality=tartu, is_public=True, day=soon
    )
    club = make_event(
        programme["tartu"],
        title="Klubi",
        description="Räägime eesti keelt.",
        is_public=True,
        day=soon,
        contact_email="klubi@tartu.example.ee",
    )
    named = make_event(
        programme["tartu"],
        title="Klubi 2",
        is_public=True,
        day=soon,
        contact_email="mari@tartu.example.ee",
        contact_name="Mari Maasikas",
    )
    ministry = make_event(
        programme["ministry"], title="Ministeeriumi infotund", is_public=True, day=soon, contact_email="m@example.ee"
    )
    event_translation_save(
        event=club, language="uk", text=EventTextInput(title="Розмовний клуб", description="Говоримо."), made_from=1
    )
    calendar = Calendar.from_ical(municipality_feed(tartu, language="uk"))
    assert str(calendar["X-WR-CALNAME"]) == "Lõim: заходи – місто Тарту"
    items = {str(e["UID"]): e for e in calendar.walk("VEVENT")}

    def item(event):
        return items[f"event-{event.pk}@loim.elvl.ee"]

    organiser = item(info_day)["ORGANIZER"]
    assert str(organiser) == "mailto:elvl@elvl.ee"
    assert organiser.params["CN"] == "Асоціація міст і волостей Естонії" and organiser.params["LANGUAGE"] == "uk"
    assert str(item(info_day)["LOCATION"]) == "місто Тарту"
    assert str(item(club)["SUMMARY"]) == "Розмовний клуб" and item(club)["SUMMARY"].params["LANGUAGE"] == "uk"
    assert str(item(club)["DESCRIPTION"]).startswith("Говоримо.")
    assert "Мапа: https://www.openstreetmap.org/search?query=Tartu+linn%2C+Eesti" in str(item(club)["DESCRIPTION"])
    assert item(club)["ORGANIZER"].params["CN"] == "місто Тарту"
    assert item(named)["ORGANIZER"].params["CN"] == "Mari Maasikas"  # a person's name, as written
    assert "LANGUAGE" not in item(named)["ORGANIZER"].params
    ministry_organiser = item(ministry)["ORGANIZER"]
    assert ministry_organiser.params["CN"] == "Rakendusasutus (ministeerium)"
    assert ministry_organiser.params["LANGUAGE"] == "et"
    # the kind feed names them alike, in English
    english = Calendar.from_ical(kind_feed(kind("info_day"), language="en"))
    (only,) = [e for e in english.walk("VEVENT") if str(e["UID"]) == f"event-{info_day.pk}@loim.elvl.ee"]
    assert only["ORGANIZER"].params["CN"] == "Association of Estonian Cities and Municipalities"
    assert str(only["LOCATION"]) == "City of Tartu"
