"""A partner's administrator manages its own members in the browser: invites a new colleague, gives
a viewer the coordinator role and ends a membership that stays in the history."""

import datetime as dt
import re

from django.core import mail

from loim.parties.models import Membership
from tests.browser.conftest import assert_accessible


def test_tartu_admin_invites_changes_a_role_and_ends_a_membership(page, signed_in, member):
    admin = member("tartu", "admin")
    viewer = member("tartu", "viewer")
    signed_in(admin)
    page.goto("/parties/tartu/")
    page.get_by_role("link", name="Halda liikmeid").click()
    page.wait_for_url(re.compile(r"/parties/tartu/members/$"))
    assert_accessible(page)

    invite = page.get_by_role("form", name="Kutsu liige")
    invite.get_by_label("E-post").fill("mari.maasikas@tartu.ee")
    invite.get_by_label("Nimi").fill("Mari Maasikas")
    invite.get_by_label("Roll").select_option("coordinator")
    invite.get_by_role("button", name="Saada kutse").click()
    page.wait_for_url(re.compile(r"/parties/tartu/members/$"))
    rows = page.get_by_role("row")
    assert "Mari Maasikas" in rows.filter(has_text="mari.maasikas@tartu.ee").inner_text()
    assert [m.to for m in mail.outbox] == [["mari.maasikas@tartu.ee"]]

    # the viewer becomes a coordinator
    page.get_by_role("link", name=f"Muuda: {viewer.email}").click()
    assert_accessible(page)
    page.get_by_role("form", name="Muuda rolli").get_by_label("Roll").select_option("coordinator")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/parties/tartu/members/$"))
    assert Membership.objects.get(user=viewer, party__slug="tartu").role == "coordinator"

    # … and later leaves: the membership ends yesterday and stays in the list without a change link
    page.get_by_role("link", name=f"Muuda: {viewer.email}").click()
    page.get_by_role("form", name="Lõpeta liikmesus").get_by_role("button", name="Lõpeta liikmesus").click()
    page.wait_for_url(re.compile(r"/parties/tartu/members/$"))
    ended_row = rows.filter(has_text=viewer.email)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    assert f"{yesterday:%d.%m.%Y}" in ended_row.inner_text() and "lõppenud" in ended_row.inner_text()
    assert page.get_by_role("link", name=f"Muuda: {viewer.email}").count() == 0
    assert_accessible(page)
