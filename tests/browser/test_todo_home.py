"""The to-do home (issue 11 §7) in a browser: a partner coordinator sees a missed period on the home
page, explains the deviation and the item leaves the list; "add the event" opens the event form
prefilled with the commitment's kind, party, plan row and a date in the period; a past event without
attendance links to its attendance entry. axe checks each page; screenshots at 1280 and 390 px.

Scenario (worked out by hand): Tartu's weekly clubs (at least 1 a week, paused in Q3) held every
Monday of 2024 except 19.02 and 1.7–29.9 (Q3; the week from 30.9 is mostly in Q4 and not paused),
so the only missed period is week 8 (19.02–25.02.2024); a
network meeting on 12.03.2024 has no participant count. Viewed today, after 2024: the year is judged
as of 31.12.2024.
"""

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from loim.plans.services import event_kinds_ensure
from tests.browser.conftest import assert_accessible


@pytest.fixture(autouse=True)
def event_kinds(programme):
    event_kinds_ensure()  # the live server's transactional tests flush the migration's reference data


@pytest.fixture
def tartu_year(event_kinds, programme):
    from tests.monitoring.builders import make_activity, make_event, make_obligation, make_plan, weekdays

    tartu = programme["tartu"]
    plan = make_plan(2024)
    measure = make_activity(plan, "3.5.2.1", section="partner", responsible=[tartu], title="Sisutegevused Tartus")
    row = make_activity(plan, "3.5.2.1", parent=measure, row_key="2.1", responsible=[tartu], title="Suhtlusklubid")
    make_obligation(
        plan, row, "tartu-clubs-weekly", tartu, kinds=["conversation_club"], period="week", min_count=1, excluded=["Q3"]
    )
    for day in weekdays(dt.date(2024, 1, 1), dt.date(2024, 12, 31), 0):
        if day != dt.date(2024, 2, 19) and not dt.date(2024, 7, 1) <= day <= dt.date(2024, 9, 29):
            make_event(
                tartu, "conversation_club", day, activity=row, counts={"newcomer": 6}, title=f"Klubi {day:%d.%m}"
            )
    meeting = make_event(tartu, "network_meeting", dt.date(2024, 3, 12), title="Võrgustiku kohtumine märtsis")
    return {"plan": plan, "row": row, "tartu": tartu, "meeting": meeting}


def shoot(page, name: str) -> None:
    folder = Path(os.environ.get("SCREENSHOTS", "var/screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_partner_explains_a_missed_period_from_the_home_page(tartu_year, member, signed_in):
    from loim.plans.models import EventKind

    page = signed_in(member("tartu", "coordinator"))
    page.goto("/")
    todo = page.get_by_role("region", name="Ülesanded")
    missed = todo.get_by_role("region", name=re.compile("Täitmata perioodid"))
    items = missed.get_by_role("listitem")
    assert items.count() == 1
    assert "8. nädal" in items.first.inner_text() and "täitmata" in items.first.inner_text()
    assert_accessible(page)
    shoot(page, "todo-home")

    # "add the event": the quick-entry form with the commitment's kind, party, row and the week's Monday
    items.first.get_by_role("link", name="Lisa üritus").click()
    page.wait_for_url(re.compile(r"/events/new/\?"))
    club = EventKind.objects.get(code="conversation_club")
    form = page.get_by_role("main").locator("form")
    assert form.locator("[name=kind]").input_value() == str(club.pk)
    assert form.locator("[name=party]").input_value() == str(tartu_year["tartu"].pk)
    assert form.locator("[name=activity]").input_value() == str(tartu_year["row"].pk)
    assert form.locator("[name=date]").input_value() == "2024-02-19"
    shoot(page, "todo-add-event")
    page.go_back()

    # "explain the deviation": written, saved, and the item leaves the list
    page.get_by_role("region", name=re.compile("Täitmata perioodid")).get_by_role(
        "link", name="Selgita kõrvalekallet"
    ).click()
    page.wait_for_url(re.compile(r"/monitoring/2024/commitments/tartu-clubs-weekly/2024-W08/explain/"))
    assert_accessible(page)
    page.get_by_label("Kõrvalekalde selgitus").fill("Klubi juhendaja haigestus; lisakohtumine peeti 04.03.2024.")
    shoot(page, "todo-explain")
    page.get_by_role("button", name="Salvesta selgitus").click()
    page.wait_for_url(re.compile(r"/$"))
    missed = page.get_by_role("region", name=re.compile("Täitmata perioodid"))
    assert missed.get_by_role("listitem").count() == 0
    assert "1 täitmata periood on selgitatud." in missed.inner_text()
    assert_accessible(page)
    shoot(page, "todo-home-explained")

    # the period's page shows the explanation
    page.goto("/monitoring/2024/commitments/tartu-clubs-weekly/2024-W08/")
    assert "Klubi juhendaja haigestus" in page.get_by_role("main").inner_text()
    assert_accessible(page)


def test_a_past_event_without_attendance_links_to_its_entry(tartu_year, member, signed_in):
    page = signed_in(member("tartu", "coordinator"))
    page.goto("/")
    section = page.get_by_role("region", name="Toimunud üritused, mille osalejaid ei ole loendatud")
    assert section.get_by_role("listitem").count() == 1
    section.get_by_role("link", name="Sisesta osalejate arv").click()
    meeting = tartu_year["meeting"]
    page.wait_for_url(re.compile(rf"/events/{meeting.pk}/edit/#participants$"))
    assert page.get_by_role("group", name="Osalejad rühmade kaupa").is_visible()
    assert_accessible(page)
