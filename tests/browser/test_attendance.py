"""A coordinator enters a series' attendance in one table with the keyboard: a negative number is
refused on its cell (nothing saved), then 10, 0, empty and 5 are saved and the series reads
"15 (1 üritus loendamata)"; axe checks the table, also with its errors."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from loim.events.models import ParticipantCount
from loim.events.recurrence import Rule
from loim.events.services import series_create
from loim.plans.services import event_kinds_ensure
from tests.browser.conftest import assert_accessible
from tests.events.helpers import event_input


@pytest.fixture(autouse=True)
def event_kinds(programme):
    event_kinds_ensure()  # the live server's transactional tests flush the migration's reference data


def test_bulk_attendance_with_the_keyboard(member, signed_in, programme):
    page = signed_in(member("tartu", "coordinator"))
    rule = Rule(
        frequency="weekly",
        interval=1,
        weekdays=[2],
        week_of_month=None,
        starts_on=dt.date(2024, 3, 6),
        ends_on=dt.date(2024, 3, 27),
        excluded=[],
    )
    series = series_create(
        data=event_input(programme["tartu"]),
        rule=rule,
        start_time=dt.time(17),
        end_time=dt.time(18, 30),
        confirmed=True,
    )
    page.goto(f"/events/series/{series.pk}/")
    expect(page.locator("tfoot td")).to_have_text("loendamata")
    page.get_by_role("link", name="Sisesta osalejate arvud").click()
    assert_accessible(page)

    first = page.locator("table.attendance-table tbody tr").first.locator("input.count").first
    first.focus()
    page.keyboard.type("-1")
    page.get_by_role("button", name="Salvesta osalejate arvud").click()
    expect(page.locator("#error-summary")).to_contain_text("06.03.2024")
    expect(page.locator("#error-summary")).to_contain_text("Negatiivne arv")
    assert_accessible(page)
    assert not ParticipantCount.objects.exists()

    rows = page.locator("table.attendance-table tbody tr")
    for index, value in enumerate(["10", "0", "", "5"]):
        cell = rows.nth(index).locator("input.count").first
        cell.fill(value)
    # Tab moves from a row's first cell to the next group's cell of the same row
    rows.nth(3).locator("input.count").first.focus()
    page.keyboard.press("Tab")
    expect(rows.nth(3).locator("input.count").nth(1)).to_be_focused()
    page.get_by_role("button", name="Salvesta osalejate arvud").click()
    expect(page.locator("tfoot td")).to_have_text("15 (1 üritus loendamata)")
    assert sorted(ParticipantCount.objects.values_list("count", flat=True)) == [0, 5, 10]
    assert_accessible(page)
