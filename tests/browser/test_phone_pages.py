"""Staff pages on a phone (issue 16 §2–3): the menu folds into a <details> that opens by click, "Logi
välja" stays inside the screen; the plan page's contents and "Minu read"; the participation matrix
with its groups, shades and the zero-row toggle. axe-core checks each page as it is shown."""

import re

import pytest
from playwright.sync_api import expect

from loim.plans.apps import shipped_plans_dir
from loim.plans.models import Activity
from loim.plans.services import event_kinds_ensure, plan_file_import
from tests.browser.conftest import assert_accessible

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def plan_2024(programme):
    event_kinds_ensure()  # the live server's transactional tests flush the migration's reference data
    return plan_file_import(shipped_plans_dir() / "2024.yaml").plan


def test_phone_menu_and_the_plan_page(plan_2024, member, signed_in):
    page = signed_in(member("tartu", "coordinator"))
    page.set_viewport_size(PHONE)
    page.goto("/plans/2024/")
    nav = page.get_by_role("navigation", name="Peamenüü")
    events = nav.get_by_role("link", name="Üritused")
    expect(events).to_be_hidden()  # folded: only the "Menüü" button shows
    logout = page.get_by_role("button", name="Logi välja")
    box = logout.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert_accessible(page)
    nav.get_by_text("Menüü").click()
    expect(events).to_be_visible()
    expect(nav.get_by_role("link", name="Tegevuskava")).to_have_attribute("aria-current", "page")
    assert_accessible(page)
    nav.get_by_text("Menüü").click()
    expect(events).to_be_hidden()

    # the contents lead to each activity; Tartu's own rows are listed on top
    contents = page.get_by_role("navigation", name="Sisukord")
    expect(contents.get_by_role("link", name=re.compile(r"^2\.1 3\.5\.2\.1 Kohaliku tasandi"))).to_be_visible()
    my_rows = page.get_by_role("region", name="Minu read")
    club = Activity.objects.get(plan=plan_2024, code="3.5.2.1/2.1")
    expect(my_rows.get_by_role("link", name="3.5.2.1/2.1")).to_have_attribute("href", f"#a-{club.pk}")
    # Tallinn's activity is not Tartu's: it is folded, and its contents link unfolds it
    tallinn = Activity.objects.get(plan=plan_2024, code="3.5.2.2", parent=None)
    body = page.locator(f"#a-{tallinn.pk} details.activity-body")
    expect(body).not_to_have_attribute("open", "")
    expect(page.get_by_role("table", name="Tabel 10. Tegevuste ajakava")).to_be_hidden()
    contents.get_by_role("link", name=re.compile(r"^2\.2 3\.5\.2\.2")).click()
    expect(body).to_have_attribute("open", "")
    expect(page.get_by_role("table", name="Tabel 10. Tegevuste ajakava")).to_be_visible()
    # Tartu's own activity is open from the start
    expect(page.get_by_role("table", name="Tabel 9. Tegevuste ajakava")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert_accessible(page)


@pytest.fixture
def scenario(programme):
    from tests.monitoring.conftest import build_scenario

    event_kinds_ensure()
    return build_scenario(programme)


def test_participation_matrix_on_a_phone(scenario, member, signed_in):
    # The scenario's participations: Narva linn 2, Tartu linn 1, Võru linn 1, Valga vald 1; the other
    # 75 of the 79 municipalities none.
    page = signed_in(member("elvl", "coordinator"))
    page.set_viewport_size(PHONE)
    page.goto("/monitoring/2024/participation/")
    region = page.get_by_role("region", name="Osaluskordade tabel (keritav külgsuunas)")
    expect(region).to_have_attribute("tabindex", "0")  # keyboard users scroll it too
    groups = region.locator("tbody.county")
    expect(groups).to_have_count(4)
    expect(groups.first.locator("tr.county-head")).to_contain_text("Ida-Viru maakond")
    narva = region.get_by_role("row", name=re.compile(r"^Narva linn"))
    expect(narva.locator("td.shade-2")).to_have_text("2")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert_accessible(page)

    page.get_by_role("link", name="Näita neid").click()
    assert "zeros=1" in page.url
    expect(region.locator("tbody.county tr:not(.county-head)")).to_have_count(79)
    expect(groups).to_have_count(15)
    page.get_by_role("link", name="enim osaluskordi eespool").click()
    assert "sort=total" in page.url and "zeros=1" in page.url
    ida = groups.first.locator("tr:not(.county-head) th")
    expect(ida.first).to_contain_text("Narva linn")  # 2 participations: first of its county
    assert_accessible(page)
