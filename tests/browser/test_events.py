"""A coordinator records an event and a weekly series, imports a CSV (first with a bad row, then a
good one), and finds it all on the calendar and in the iCal feed; axe checks every page on the way."""

import datetime as dt
import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from loim.events.models import CalendarFeed, Event, EventSeries
from loim.plans.services import event_kinds_ensure
from tests.browser.conftest import assert_accessible
from tests.events.helpers import make_event, municipality, plan_2024

CSV_HEADER = "import_id;kind;title;date;start_time;end_time;municipality;languages;participants_newcomer"


@pytest.fixture(autouse=True)
def event_kinds(programme):
    event_kinds_ensure()  # the live server's transactional tests flush the migration's reference data


@pytest.fixture
def coordinator(member, signed_in, programme):
    plan_2024(programme)
    return signed_in(member("tartu", "coordinator"))


def choose_row(page, text: str) -> None:
    """Pick the plan row whose option text contains `text`."""
    value = page.locator("#id_activity option", has_text=text).first.get_attribute("value")
    page.get_by_label("Tegevuskava rida").select_option(value)


def test_record_a_single_event(coordinator, programme):
    page = coordinator
    page.goto("/events/")
    assert_accessible(page)
    page.get_by_role("link", name="Lisa üritus", exact=True).click()
    page.wait_for_url(re.compile(r"/events/new/$"))
    assert_accessible(page)
    page.get_by_label("Liik").select_option(label="suhtlusklubi")
    page.get_by_label("Pealkiri").fill("Eesti keele suhtlusklubi")
    page.get_by_label("Kuupäev").fill("2024-03-06")
    page.get_by_label("Algusaeg").fill("17:00")
    page.get_by_label("Lõpuaeg").fill("18:30")
    choose_row(page, "3.5.2.1 2.1.")
    page.get_by_role("checkbox", name="inglise").check()
    page.locator("[name=count_newcomer]").fill("12")
    page.locator("[name=count_other_background]").fill("3")
    page.get_by_text("Osalenud omavalitsused").click()  # opens the municipality picker
    page.get_by_role("checkbox", name="Elva vald").check()
    page.locator("#id_organisations").fill("Tartu Linnaraamatukogu")
    page.get_by_role("button", name="Salvesta", exact=True).click()
    page.wait_for_url(re.compile(r"/events/\d+/$"))
    main = page.get_by_role("main").inner_text()
    assert "Eesti keele suhtlusklubi" in main and "Elva vald" in main and "Tartu Linnaraamatukogu" in main
    assert_accessible(page)
    event = Event.objects.get()
    assert event.counts.get(group="newcomer").count == 12 and sorted(event.languages) == ["en", "et"]


def test_a_warning_is_shown_and_confirmed(coordinator, programme):
    page = coordinator
    page.goto("/events/new/")
    page.get_by_label("Pealkiri").fill("Sügisene klubi")
    page.get_by_label("Kuupäev").fill("2024-10-02")
    page.get_by_label("Algusaeg").fill("17:00")
    page.get_by_label("Lõpuaeg").fill("18:00")
    choose_row(page, "3.5.2.1 2.1.")
    page.get_by_role("button", name="Salvesta", exact=True).click()
    assert "jääb väljapoole tegevuskava rea kuupäevi" in page.get_by_role("alert").first.inner_text()
    assert not Event.objects.exists()
    assert_accessible(page)
    page.get_by_label("Salvesta siiski").check()
    page.get_by_role("button", name="Salvesta", exact=True).click()
    page.wait_for_url(re.compile(r"/events/\d+/$"))
    assert Event.objects.get().title == "Sügisene klubi"


def test_a_weekly_series_with_a_paused_quarter(coordinator, programme):
    page = coordinator
    page.goto("/events/series/new/")
    assert_accessible(page)
    page.get_by_label("Pealkiri").fill("Suhtlusklubi")
    page.get_by_role("checkbox", name="kolmapäev").check()
    page.get_by_label("Esimene kuupäev").fill("2024-01-01")
    page.get_by_label("Viimane kuupäev").fill("2024-12-31")
    page.get_by_label("Algusaeg").fill("17:00")
    page.get_by_label("Lõpuaeg").fill("18:30")
    page.get_by_role("checkbox", name="III kvartal").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Näita kuupäevi").click()
    assert "Sari loob 39 üritust" in page.get_by_role("main").inner_text()
    assert not Event.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Loo üritused").click()
    page.wait_for_url(re.compile(r"/events/series/\d+/$"))
    assert "39 üritust" in page.get_by_role("heading", level=2).first.inner_text()
    assert_accessible(page)
    series = EventSeries.objects.get()
    assert series.events.count() == 39
    assert not series.events.filter(start__month__in=[7, 8, 9]).exists()


def test_import_a_csv_with_a_bad_row_then_a_good_one(coordinator, programme, tmp_path):
    page = coordinator
    page.goto("/events/import/")
    assert_accessible(page)
    bad = tmp_path / "uritused.csv"
    bad.write_text(
        "\n".join(
            [
                CSV_HEADER,
                "k1;conversation_club;Klubi 1;03.01.2024;17:00;18:30;Tartu linn;et;10",
                "k2;conversation_club;Klubi 2;32.01.2024;17:00;18:30;Tartu linn;et;8",
            ]
        ),
        encoding="utf-8",
    )
    page.get_by_label("Fail (CSV või XLSX)").set_input_files(str(bad))
    with page.expect_navigation():
        page.get_by_role("button", name="Kontrolli faili").click()
    errors = page.get_by_role("table", name="Vead failis")
    assert "Midagi ei imporditud" in page.get_by_role("main").inner_text()
    rows = errors.locator("tbody tr")
    assert rows.count() == 1 and rows.first.locator("td").nth(0).inner_text() == "3"
    assert rows.first.locator("td").nth(1).inner_text() == "date"
    assert not Event.objects.exists()
    assert_accessible(page)

    good = tmp_path / "uritused-parandatud.csv"
    good.write_text(bad.read_text(encoding="utf-8").replace("32.01.2024", "10.01.2024"), encoding="utf-8")
    page.get_by_label("Fail (CSV või XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Kontrolli faili").click()
    # The check shows what would be saved; nothing is written before the confirmation.
    expect(page.locator("#import-result")).to_contain_text("2 uut üritust")
    expect(page.get_by_role("table", name="Kuidas esimesed read salvestatakse")).to_contain_text("Klubi 2")
    assert_accessible(page)
    assert not Event.objects.exists()
    page.get_by_role("button", name="Impordi 2 rida").click()
    page.wait_for_url(re.compile(r"/events/$"))
    assert "Imporditud 2 rida: 2 uut üritust" in page.get_by_role("status").first.inner_text()
    assert Event.objects.count() == 2

    # The file is listed on the import page and can be undone as a whole.
    page.goto("/events/import/")
    expect(page.get_by_role("table", name="Imporditud failid")).to_contain_text("uritused-parandatud.csv")
    assert_accessible(page)
    page.get_by_role("link", name="Tühista faili uritused-parandatud.csv import").click()
    assert_accessible(page)
    page.get_by_role("button", name="Tühista import").click()
    expect(page.get_by_role("status").first).to_contain_text("Import tühistati: kustutati 2 üritust.")
    assert not Event.objects.exists()


def test_calendar_and_the_ical_feed(coordinator, programme, live_server):
    make_event(programme["tartu"], title="Märtsi suhtlusklubi", day=dt.date(2024, 3, 6))
    make_event(programme["tartu"], title="Maikuu väljasõit", day=dt.date(2024, 5, 25), kind_code="excursion")
    make_event(programme["tartu"], title="Järgmise nädala klubi", day=dt.date.today() + dt.timedelta(days=7))
    make_event(programme["parnu"], title="Pärnu klubi", day=dt.date.today() + dt.timedelta(days=7))
    page = coordinator
    page.goto("/events/calendar/?year=2024&month=3")
    calendar = page.get_by_role("table", name="märts 2024")
    assert "Märtsi suhtlusklubi" in calendar.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Näita kvartalit").click()
    page.wait_for_url(re.compile(r"view=quarter"))
    assert page.get_by_role("table").count() == 3
    page.get_by_role("link", name="Järgmine kvartal").click()
    page.wait_for_url(re.compile(r"quarter=2"))
    assert "Maikuu väljasõit" in page.get_by_role("table", name="mai 2024").inner_text()
    assert_accessible(page)

    page.goto("/events/feeds/")
    page.get_by_role("button", name="Loo aadress").click()
    page.wait_for_url(re.compile(r"/events/feeds/$"))
    assert_accessible(page)
    url = page.get_by_label("Osapoole Tartu LV kalendriaadress").input_value()
    assert CalendarFeed.objects.get().token in url
    response = page.request.get(url)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    summaries = {str(e["SUMMARY"]) for e in Calendar.from_ical(response.body()).walk("VEVENT")}
    assert "Järgmise nädala klubi" in summaries and "Pärnu klubi" not in summaries
    # the feed carries the last year and everything ahead, so older events drop out of it
    old = {
        title
        for title, day in [("Märtsi suhtlusklubi", dt.date(2024, 3, 6)), ("Maikuu väljasõit", dt.date(2024, 5, 25))]
        if (dt.date.today() - day).days > 366
    }
    assert not (old & summaries)


def test_the_list_filters_in_place(coordinator, programme):
    make_event(programme["tartu"], title="Keelekohvik", kind_code="language_cafe", day=dt.date(2024, 2, 7))
    make_event(programme["tartu"], title="Suhtlusklubi", day=dt.date(2024, 2, 14))
    page = coordinator
    page.goto("/events/")
    page.get_by_label("Liik").select_option(label="keelekohvik")
    page.wait_for_url(re.compile(r"kind=\d+"))
    results = page.locator("#event-results")
    page.wait_for_function("() => !document.querySelector('#event-results').innerText.includes('Suhtlusklubi')")
    assert "Keelekohvik" in results.inner_text()
    assert "1 üritus" in page.locator("#event-summary").inner_text()
    assert_accessible(page)


def test_event_page_with_an_attachment(coordinator, programme, tmp_path):
    event = make_event(programme["tartu"], title="Võrgustikukohtumine", kind_code="network_meeting")
    page = coordinator
    page.goto(f"/events/{event.pk}/")
    pdf = tmp_path / "paevakord.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.locator("#id_file").set_input_files(str(pdf))
    page.get_by_role("button", name="Lisa fail").click()
    page.wait_for_url(re.compile(rf"/events/{event.pk}/$"))
    assert page.get_by_role("link", name="paevakord.pdf", exact=True).is_visible()
    assert_accessible(page)
    exe = tmp_path / "protokoll.pdf"
    exe.write_bytes(b"MZ\x90\x00 this is not a pdf")
    page.locator("#id_file").set_input_files(str(exe))
    page.get_by_role("button", name="Lisa fail").click()
    assert "ei ole PDF-vormingus" in page.get_by_role("alert").first.inner_text()
    assert_accessible(page)


def test_event_kinds_page(member, signed_in, programme):
    page = signed_in(member("elvl", "admin"))
    page.goto("/events/kinds/")
    assert_accessible(page)
    page.get_by_role("link", name="Lisa liik").click()
    page.get_by_label("Kood").fill("family_day")
    page.get_by_label("Nimetus eesti keeles").fill("perepäev")
    page.get_by_label("Nimetus inglise keeles").fill("family day")
    assert_accessible(page)
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/events/kinds/$"))
    assert "perepäev" in page.get_by_role("main").inner_text()


@pytest.mark.parametrize(("language", "heading"), [("et", "Tulevased üritused"), ("ru", "Предстоящие мероприятия")])
def test_public_event_pages(page, programme, language, heading):
    soon = dt.date.today() + dt.timedelta(days=5)
    event = make_event(
        programme["parnu"],
        title="Infotund: elamisluba",
        kind_code="info_session",
        is_public=True,
        day=soon,
        municipality=municipality("Pärnu linn"),
        languages=["ru", "uk"],
    )
    page.goto("/public/events/")  # the old address leads to the visitor's language (Estonian here)
    page.wait_for_url(re.compile(r"/et/events/$"))
    if language != "et":
        page.get_by_role("navigation", name="Keel").get_by_role("link", name="Русский").click()
        page.wait_for_url(re.compile(rf"/{language}/events/$"))
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert_accessible(page)
    page.get_by_role("link", name="Infotund: elamisluba").click()
    page.wait_for_url(re.compile(rf"/{language}/events/{event.pk}/$"))
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
