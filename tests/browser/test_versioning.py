"""Two coordinators open the same event in two browsers; the first saves, the second's save is refused
with what changed meanwhile, keeps the second's input, and saves only when asked again (issue 10 §4)."""

import re

import pytest
from django.conf import settings
from django.test import Client

from loim.events.models import Event
from loim.plans.services import event_kinds_ensure
from tests.browser.conftest import assert_accessible
from tests.events.helpers import make_event


@pytest.fixture(autouse=True)
def event_kinds(programme):
    event_kinds_ensure()  # the live server's transactional tests flush the migration's reference data


def signed_in_context(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="et-EE", timezone_id="Europe/Tallinn")
    context.set_default_timeout(15_000)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
    return context


def named(member, full_name):
    user = member("tartu", "coordinator")
    user.full_name = full_name
    user.save()
    return user


def test_the_second_save_is_refused_and_shows_what_changed(browser, live_server, member, programme):
    event = make_event(programme["tartu"], title="Keelekohvik", counts={"newcomer": 4})
    mari_context = signed_in_context(browser, live_server, named(member, "Mari Maasikas"))
    jaan_context = signed_in_context(browser, live_server, named(member, "Jaan Tamm"))
    try:
        mari, jaan = mari_context.new_page(), jaan_context.new_page()
        edit = f"/events/{event.pk}/edit/"
        mari.goto(edit)
        jaan.goto(edit)  # both have version 1 open

        mari.get_by_label("Pealkiri").fill("Keelekohvik Raekojas")
        mari.get_by_role("button", name="Salvesta", exact=True).click()
        mari.wait_for_url(re.compile(rf"/events/{event.pk}/$"))

        jaan.locator("[name=count_newcomer]").fill("9")
        jaan.get_by_role("button", name="Salvesta", exact=True).click()
        conflict = jaan.locator("#conflict")
        conflict.wait_for()
        text = conflict.inner_text()
        assert "Keegi teine muutis vahepeal seda kirjet" in text and "Mari Maasikas salvestas selle" in text
        rows = [r.inner_text().split("\t") for r in conflict.locator("tbody tr").all()]
        assert rows == [["Pealkiri", "Keelekohvik Raekojas", "Keelekohvik"], ["uussisserändajad", "4", "9"]]
        assert jaan.locator("[name=count_newcomer]").input_value() == "9"  # his input is kept
        assert_accessible(jaan)
        saved = Event.objects.get(pk=event.pk)
        assert (saved.title, saved.version, saved.counts.get(group="newcomer").count) == ("Keelekohvik Raekojas", 2, 4)

        # Jaan takes Mari's title and saves his count deliberately
        jaan.get_by_label("Pealkiri").fill("Keelekohvik Raekojas")
        jaan.get_by_role("button", name="Salvesta", exact=True).click()
        jaan.wait_for_url(re.compile(rf"/events/{event.pk}/$"))
        saved = Event.objects.get(pk=event.pk)
        assert (saved.title, saved.version, saved.counts.get(group="newcomer").count) == ("Keelekohvik Raekojas", 3, 9)
    finally:
        mari_context.close()
        jaan_context.close()
