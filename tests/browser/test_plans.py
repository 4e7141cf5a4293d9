"""The plan in a browser: the plan page with my activities and the consistency panel, the timeline
with its table, and an edit by the implementer — each checked with axe-core."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from loim.plans.apps import shipped_plans_dir
from loim.plans.models import Activity
from loim.plans.services import event_kinds_ensure, plan_file_import
from tests.browser.conftest import assert_accessible


@pytest.fixture
def plan_2024(programme):
    event_kinds_ensure()  # the live server's transactional tests flush the migration's reference data
    return plan_file_import(shipped_plans_dir() / "2024.yaml").plan


def test_partner_reads_the_plan_and_finds_its_rows(plan_2024, member, signed_in):
    page = signed_in(member("tartu", "coordinator"))
    page.goto("/plans/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Toetatava tegevuse")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tegevuskava 2024")
    expect(page.get_by_role("heading", name=re.compile(r"2\.1 3\.5\.2\.1 Kohaliku tasandi"))).to_be_visible()
    expect(page.get_by_role("table", name="Tabel 9. Tegevuste ajakava")).to_be_visible()
    club = page.locator(f"#a-{Activity.objects.get(plan=plan_2024, code='3.5.2.1/2.1').pk}")
    expect(club).to_have_class(re.compile(r"\bmine\b"))
    expect(club.get_by_text("minu", exact=True)).to_be_visible()
    tallinn = page.locator(f"#a-{Activity.objects.get(plan=plan_2024, code='3.5.2.2/2.1').pk}")
    expect(tallinn).not_to_have_class(re.compile(r"\bmine\b"))
    assert_accessible(page)

    # the consistency panel quotes both places
    page.get_by_text(re.compile(r"12 leidu")).click()
    panel = page.get_by_role("region", name="Tegevuskava vastuolud")
    expect(panel).to_contain_text("2024. aastal korraldatakse vähemalt kaks maakondlikku infopäeva")
    expect(panel).to_contain_text("Tabel 3, 3.5.1.2 rida 1.")
    assert_accessible(page)

    # only my activities: htmx swaps the plan body, keyboard only
    page.get_by_label("Näita ainult minu tegevusi").check()
    expect(page.locator(f"#a-{Activity.objects.get(plan=plan_2024, code='3.5.2.2').pk}")).to_have_count(0)
    expect(club).to_be_visible()
    assert "mine=1" in page.url
    assert_accessible(page)


def test_timeline_shows_rows_across_the_year_and_the_frame(plan_2024, member, signed_in):
    page = signed_in(member("rakvere", "viewer"))
    page.goto("/plans/2024/")
    page.get_by_role("link", name="Ajatelg").click()
    svg = page.get_by_role("img", name="2024. aasta tegevuskava ajatelg")
    expect(svg).to_be_visible()
    expect(page.locator("g.gantt-row")).to_have_count(77)
    expect(page.locator("g.gantt-row.mine")).to_have_count(13 + 2 + 4)  # table 11, and tables 1 and 3
    late = page.get_by_role("row", name=re.compile(r"^3\.5\.1\.2 3\. Teenuslepingu"))
    expect(late).to_contain_text("01.08.2024–31.12.2024")
    assert_accessible(page)
    page.get_by_role("link", name="Kogu üldajaraam 2023–2029").click()
    expect(page.locator("svg.gantt text").filter(has_text="2029")).to_have_count(1)
    today_in_frame = dt.date(2023, 1, 1) <= dt.date.today() <= dt.date(2029, 12, 31)
    expect(page.locator("svg.gantt line.today")).to_have_count(1 if today_in_frame else 0)
    bar = page.locator("svg.gantt g.gantt-row").first.locator("rect").first
    assert re.fullmatch(r"\d+(\.\d+)?", bar.get_attribute("x"))  # SVG numbers, not "330,5"
    assert_accessible(page)


def test_implementer_edits_a_row(plan_2024, member, signed_in):
    page = signed_in(member("elvl", "coordinator"))
    row = Activity.objects.get(plan=plan_2024, code="3.5.2.4/2.5")
    page.goto(f"/plans/2024/#a-{row.pk}")
    page.locator(f"#a-{row.pk}").get_by_role("link", name=re.compile("Muuda")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muuda: 3.5.2.4/2.5")
    assert_accessible(page)
    page.get_by_label("Lõpp tegevuskava perioodil").fill("2023-12-01")
    page.get_by_role("button", name="Salvesta").click()
    expect(page.get_by_role("alert").first).to_contain_text("Midagi ei salvestatud")
    assert_accessible(page)
    page.get_by_label("Lõpp tegevuskava perioodil").fill("2024-09-30")
    page.get_by_label("Pealkiri").fill("Väljasõidud Saaremaa paikadesse")
    page.get_by_role("button", name="Salvesta").click()
    expect(page.get_by_role("status")).to_contain_text("3.5.2.4/2.5 salvestati")
    expect(page.locator(f"#a-{row.pk}")).to_contain_text("Väljasõidud Saaremaa paikadesse")
    expect(page.locator(f"#a-{row.pk}")).to_contain_text("01.01.2024–30.09.2024")
    row.refresh_from_db()
    assert row.end == dt.date(2024, 9, 30)


def test_implementer_forms_copy_and_import_are_accessible(plan_2024, member, signed_in, tmp_path):
    from loim.plans.models import Indicator, Obligation, Plan

    page = signed_in(member("elvl", "coordinator"))
    indicator = Indicator.objects.get(plan=plan_2024, key="kov-participations")
    page.goto(f"/plans/indicators/{indicator.pk}/edit/")
    expect(page.get_by_role("group", name="Ürituse liigid")).to_be_visible()
    assert_accessible(page)
    obligation = Obligation.objects.get(plan=plan_2024, key="saaremaa-excursions")
    page.goto(f"/plans/commitments/{obligation.pk}/edit/")
    expect(page.get_by_label("Kõige rohkem")).to_have_value("3")
    page.get_by_label("Kõige rohkem").fill("1")
    page.get_by_role("button", name="Salvesta").click()
    expect(page.get_by_role("alert").first).to_contain_text("Midagi ei salvestatud")
    assert_accessible(page)
    page.goto("/plans/2024/")
    page.get_by_role("button", name="Kopeeri 2025. aasta kavandiks").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tegevuskava 2025")
    expect(page.get_by_role("status")).to_contain_text("Määrake 2025. aasta sihttasemed")
    assert Plan.objects.get(year=2025).status == "draft"
    assert_accessible(page)
    bad = tmp_path / "2026.yaml"
    bad.write_text("format: 1\nyear: 2026\ntitle: [katki\n", encoding="utf-8")
    page.goto("/plans/")
    page.get_by_label("Tegevuskava fail", exact=False).and_(page.locator("input[type=file]")).set_input_files(str(bad))
    page.get_by_role("button", name="Impordi").click()
    expect(page.get_by_role("alert")).to_contain_text("midagi ei imporditud")
    expect(page.get_by_role("table", name="Vead tegevuskava failis")).to_contain_text("2026.yaml")
    assert_accessible(page)
