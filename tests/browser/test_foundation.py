"""The foundation's other pages, as a person uses them: the directory, the audit log, the
accessibility statement, and keyboard access to the skip link."""

import datetime as dt

from loim.parties.services import position_create
from tests.browser.conftest import assert_accessible


def test_accessibility_statement_is_public_and_accessible(page):
    page.goto("/accessibility/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ligipääsetavuse teave"
    assert "WCAG" in page.get_by_role("main").inner_text()
    assert_accessible(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Liigu sisu juurde"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_directory_and_party_page(page, signed_in, member, programme):
    signed_in(member("elvl", "coordinator"))
    page.goto("/")
    page.get_by_role("navigation", name="Peamenüü").get_by_role("link", name="Osapooled").click()
    page.get_by_role("link", name="Tartu Linnavalitsus").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tartu Linnavalitsus"
    assert_accessible(page)


def test_audit_log_page(page, signed_in, member, programme):
    position_create(party=programme["tartu"], title="Kohanemise koordinaator", starts_on=dt.date(2024, 1, 1))
    signed_in(member("tartu", "admin"))
    page.goto("/audit/")
    assert "Kohanemise koordinaator" in page.get_by_role("main").inner_text()
    assert_accessible(page)
