"""A Tartu coordinator publishes an event with registration and cost, adds a Russian translation,
changes the Estonian title and sees the Russian translation marked outdated (issue 14); axe on every
page passed on the way."""

import datetime as dt
import re

from icalendar import Calendar

from loim.events.models import Event
from tests.browser.conftest import assert_accessible
from tests.events.helpers import make_event


def statuses(page) -> list[str]:
    rows = page.locator("table[aria-labelledby='translations-heading'] tbody tr")
    return [rows.nth(i).locator("td").nth(0).inner_text() for i in range(rows.count())]


def test_publish_translate_into_russian_and_see_it_outdated(page, signed_in, member, programme):
    soon = dt.date.today() + dt.timedelta(days=13)  # ahead: a coming event, shown on the portal
    event = make_event(programme["tartu"], title="Keelekohvik", day=soon)
    signed_in(member("tartu", "coordinator"))
    page.goto(f"/events/{event.pk}/")
    assert "Tõlgitakse ainult avalikke üritusi" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Muuda", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Avalda avalikus portaalis").check()
    page.get_by_label("Kuidas registreeruda").fill("Registreerumine pole vajalik.")
    page.get_by_label("Registreerumise link").fill("ftp://tartu.ee/kohvik")
    page.get_by_label("Hind").fill("tasuta")
    with page.expect_navigation():
        page.get_by_role("button", name="Salvesta", exact=True).click()
    assert "ei ole veebiaadress" in page.locator("main").inner_text()  # named at its field, nothing saved
    assert_accessible(page)
    assert not Event.objects.get(pk=event.pk).is_public
    page.get_by_label("Registreerumise link").fill("https://tartu.ee/kohvik")
    page.get_by_role("button", name="Salvesta", exact=True).click()
    page.wait_for_url(re.compile(rf"/events/{event.pk}/$"))
    assert statuses(page) == ["puudub"] * 3
    assert "tasuta" in page.locator("main").inner_text()
    assert_accessible(page)

    page.locator(f"a[href='/events/{event.pk}/translate/ru/']").click()
    page.wait_for_url(re.compile(rf"/events/{event.pk}/translate/ru/$"))
    assert "Registreerumine pole vajalik." in page.locator(".source-text").inner_text()
    assert_accessible(page)
    page.get_by_label("Pealkiri").fill("Языковое кафе")
    page.get_by_label("Hind").fill("бесплатно")
    page.get_by_role("button", name="Salvesta tõlge").click()
    page.wait_for_url(re.compile(rf"/events/{event.pk}/$"))
    assert statuses(page) == ["puudub", "ajakohane", "puudub"]
    assert "Языковое кафе" in page.locator("main").inner_text()

    # published by the partner: on the portal in Russian and in Tartu's Russian iCal feed
    page.goto("/ru/municipalities/tartu/")
    page.get_by_role("link", name=re.compile("Языковое кафе")).click()
    page.wait_for_url(re.compile(rf"/ru/events/{event.pk}/$"))
    assert "бесплатно" in page.get_by_role("main").inner_text()
    page.goto("/ru/municipalities/tartu/")
    feed = page.get_by_role("link", name=re.compile("iCal")).get_attribute("href")
    calendar = Calendar.from_ical(page.request.get(feed).body())
    (item,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == f"event-{event.pk}@loim.elvl.ee"]
    assert str(item["SUMMARY"]) == "Языковое кафе" and str(calendar["X-WR-CALNAME"]).endswith("город Тарту")
    page.goto(f"/events/{event.pk}/")

    page.get_by_role("link", name="Muuda", exact=True).click()
    page.get_by_label("Pealkiri").fill("Keelekohvik raamatukogus")
    page.get_by_role("button", name="Salvesta", exact=True).click()
    page.wait_for_url(re.compile(rf"/events/{event.pk}/$"))
    assert statuses(page) == ["puudub", "aegunud", "puudub"]
    assert_accessible(page)

    page.goto("/services/translations/")
    assert "Keelekohvik raamatukogus" in page.locator("main").inner_text()
    assert_accessible(page)
    page.goto("/events/translations/export/")
    assert_accessible(page)
