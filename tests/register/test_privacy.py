"""No personal value in URLs, page titles, logs, the audit log or error pages."""

import json
import logging
import re
from urllib.parse import unquote

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from loim.register.models import Person
from tests.register.conftest import opened
from tests.register.test_views import add_payload

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Zlata Unikalna", "zlata.unikalna@example.test", "5987 6543"
NEEDLES = ("zlata", "unikalna", "59876543", "5987 6543", "5987+6543")
URL_ATTRIBUTES = re.compile(r'(?:href|action|src|hx-get|hx-post|hx-push-url)="([^"]*)"')


def assert_clean(text: str, where: str) -> None:
    lowered = unquote(text).casefold()
    found = [needle for needle in NEEDLES if needle in lowered]
    assert not found, f"{where} contains {found}"


class Recorder:
    """Fetches pages like a browser and keeps every URL and title it meets."""

    def __init__(self, client):
        self.client, self.urls, self.titles = client, [], []

    def record(self, response):
        if response.get("Location"):
            self.urls.append(response["Location"])
        if response.get("Content-Disposition"):
            self.urls.append(response["Content-Disposition"])
        if response["Content-Type"].startswith("text/html"):
            content = response.content.decode()
            self.urls += URL_ATTRIBUTES.findall(content)
            self.titles += re.findall(r"<title>(.*?)</title>", content, re.S)
        return response

    def get(self, url, **kwargs):
        self.urls.append(url)
        return self.record(self.client.get(url, **kwargs))

    def post(self, url, data=None, **kwargs):
        self.urls.append(url)
        return self.record(self.client.post(url, data or {}, **kwargs))


def test_a_whole_working_session_keeps_personal_values_out_of_urls_titles_and_logs(
    signed_in_client, saaremaa, purpose, caplog
):
    caplog.set_level(logging.DEBUG)
    browser = Recorder(signed_in_client)
    browser.get(reverse("register:person_add"))
    response = browser.post(reverse("register:person_add"), add_payload(purpose, name=NAME, email=EMAIL, phone=PHONE))
    person = Person.objects.get()
    browser.get(response["Location"])
    browser.post(reverse("register:search"), {"text": NAME, "why": "accuracy"})
    browser.post(reverse("register:search"), {"text": NAME, "why": "accuracy"}, headers={"HX-Request": "true"})
    browser.get(reverse("register:person_list"))
    browser.get(reverse("register:person_edit", args=[person.pk]))
    browser.post(
        reverse("register:person_edit", args=[person.pk]),
        {"name": "", "email": "bad@@", "languages": ["et"], "version": 1},
    )
    browser.get(reverse("register:consent_add", args=[person.pk]))
    browser.get(reverse("register:contact_add", args=[person.pk]))
    browser.post(reverse("register:person_export_json", args=[person.pk]))
    browser.post(reverse("register:person_export_pdf", args=[person.pk]))
    browser.get(reverse("register:person_erase", args=[person.pk]))
    browser.post(
        reverse("register:invitation"),
        {"purpose": purpose.pk, "channel": "email", "action": "download"},
    )
    browser.post(reverse("register:person_erase", args=[person.pk]), {"trigger": "subject_request", "confirm": "on"})
    browser.get(reverse("register:person_list"))
    assert len(browser.urls) > 60 and len(browser.titles) > 8
    for url in browser.urls:
        assert_clean(url, f"URL {url!r}")
    for title in browser.titles:
        assert_clean(title, f"title {title!r}")
    assert_clean(caplog.text, "the log")


def test_the_audit_log_never_stores_personal_values(signed_in_client, saaremaa, purpose, member):
    response = signed_in_client.post(
        reverse("register:person_add"), add_payload(purpose, name=NAME, email=EMAIL, phone=PHONE)
    )
    person = Person.objects.get()
    opened(signed_in_client, person)
    signed_in_client.post(
        reverse("register:person_edit", args=[person.pk]),
        {
            "name": NAME + " Tamm",
            "languages": ["et"],
            "email": "other@example.test",
            "target_group": "returnee",
            "retention_until": person.retention_until.isoformat(),
            "version": person.version,
        },
    )
    assert Person.objects.get(pk=person.pk).email == "other@example.test"  # the correction was saved
    entries = LogEntry.objects.all()
    assert entries.count() >= 3
    dump = json.dumps(
        [[e.object_repr, e.changes, e.changes_text, e.additional_data] for e in entries], ensure_ascii=False
    )
    assert_clean(dump, "the audit log")
    assert "other@example" not in dump
    assert person.reference in dump
    assert response.status_code == 302


def test_an_unexpected_failure_shows_a_plain_error_page_and_logs_no_values(
    signed_in_client, purpose, caplog, monkeypatch
):
    """PostgreSQL puts the failing row in its error message; the register's views must not let it
    reach the log or the page."""

    def failing(**kwargs):
        raise IntegrityError(
            f'null value violates not-null constraint DETAIL: Failing row contains (1, "{NAME}", {EMAIL}).'
        )

    monkeypatch.setattr("loim.register.views.people.person_create", failing)
    caplog.set_level(logging.DEBUG)
    client = Client(raise_request_exception=False)
    client.cookies = signed_in_client.cookies
    response = client.post(reverse("register:person_add"), add_payload(purpose, name=NAME, email=EMAIL, phone=PHONE))
    assert response.status_code == 500
    assert_clean(response.content.decode(), "the error page")
    assert "IntegrityError" in caplog.text  # the failure is still reported, by type and code line
    assert_clean(caplog.text, "the log")
    assert not Person.objects.exists()


def test_guessing_another_partys_record_id_gives_the_same_404_as_a_missing_one(signed_in_client, programme):
    from tests.register.factories import make_person

    other = make_person(programme["parnu"], name=NAME)
    missing = signed_in_client.get(reverse("register:person_detail", args=[other.pk + 1000]))
    foreign = signed_in_client.get(reverse("register:person_detail", args=[other.pk]))
    assert foreign.status_code == missing.status_code == 404

    def without_path(response):
        content = re.sub(r'name="next" type="hidden" value="[^"]*"', "", response.content.decode())
        return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]*"', "", content)

    assert without_path(foreign) == without_path(missing)
    assert_clean(foreign.content.decode(), "the 404 page")


def test_register_pages_are_not_cached_by_the_browser(signed_in_client, saaremaa):
    from tests.register.factories import make_person

    person = make_person(saaremaa)
    opened(signed_in_client, person)
    response = signed_in_client.get(reverse("register:person_detail", args=[person.pk]))
    assert "no-store" in response["Cache-Control"]
