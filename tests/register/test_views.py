"""The register's pages, driven through Django's test client as a coordinator uses them."""

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from loim.register.models import AccessAction, AccessLog, Consent, ContactRecord, Person
from tests.register.conftest import opened
from tests.register.factories import make_person

pytestmark = pytest.mark.django_db


def add_payload(purpose, **overrides):
    text = purpose.texts.first()
    data = {
        "name": "Olena Kovalenko",
        "languages": ["uk", "ru"],
        "phone": "5123 4567",
        "email": "olena@example.test",
        "target_group": "newcomer",
        "municipality": "",
        "settlement": "Kuressaare",
        "arrival_year": "2023",
        "arrival_date": "",
        "consent-purpose": purpose.pk,
        "consent-text_version": text.pk,
        "consent-given_on": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
        "consent-method": "paper",
        "consent-ends_on": "",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_a_person_with_consent_and_sees_the_record(signed_in_client, purpose, coordinator):
    response = signed_in_client.post(reverse("register:person_add"), add_payload(purpose))
    assert response.status_code == 302
    person = Person.objects.get()
    assert response["Location"] == reverse("register:person_detail", args=[person.pk])
    assert person.phone == "+37251234567"
    assert person.language_codes == ["ru", "uk"]
    consent = Consent.objects.get(person=person)
    assert consent.purpose == purpose
    assert consent.in_force()
    page = signed_in_client.get(response["Location"])
    content = page.content.decode()
    assert "Olena Kovalenko" in content
    assert "+37251234567" in content
    entry = AccessLog.objects.get(person=person)
    assert entry.actor == coordinator
    assert entry.action == AccessAction.VIEW
    assert entry.purpose == purpose


def test_a_person_without_consent_is_refused_and_nothing_is_written(signed_in_client, purpose):
    response = signed_in_client.post(
        reverse("register:person_add"), add_payload(purpose, **{"consent-purpose": "", "consent-given_on": ""})
    )
    assert response.status_code == 200
    assert {"purpose", "given_on"} <= set(response.context["consent_form"].errors)
    assert not Person.objects.exists()


def test_invalid_phone_and_email_get_clear_messages_without_the_value(signed_in_client, purpose):
    response = signed_in_client.post(
        reverse("register:person_add"), add_payload(purpose, phone="12ab", email="olena@@example")
    )
    assert response.status_code == 200
    errors = response.context["person_form"].errors
    assert set(errors) == {"phone", "email"}
    assert not any("12ab" in message or "olena@@" in message for message in errors["phone"] + errors["email"])
    assert not Person.objects.exists()


def test_opening_a_record_asks_why_first_and_shows_nothing_personal(signed_in_client, saaremaa):
    person = make_person(saaremaa, name="Ivan Petrenko")
    page = signed_in_client.get(reverse("register:person_detail", args=[person.pk]))
    assert page.status_code == 200
    assert "Ivan Petrenko" not in page.content.decode()
    assert not AccessLog.objects.exists()
    opened(signed_in_client, person)
    page = signed_in_client.get(reverse("register:person_detail", args=[person.pk]))
    assert "Ivan Petrenko" in page.content.decode()
    assert AccessLog.objects.filter(person=person, action=AccessAction.VIEW, reason="subject_request").count() == 1
    signed_in_client.get(reverse("register:person_detail", args=[person.pk]))
    assert AccessLog.objects.filter(person=person, action=AccessAction.VIEW).count() == 2


def test_pages_of_a_record_that_is_not_open_send_the_user_to_open_it(signed_in_client, saaremaa):
    person = make_person(saaremaa)
    for name in ["register:person_edit", "register:consent_add", "register:contact_add", "register:person_erase"]:
        response = signed_in_client.get(reverse(name, args=[person.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("register:person_detail", args=[person.pk])
    response = signed_in_client.post(
        reverse("register:person_erase", args=[person.pk]), {"trigger": "subject_request", "confirm": "on"}
    )
    assert Person.objects.filter(pk=person.pk).exists()


def test_search_is_a_logged_post_and_finds_by_name_without_diacritics(signed_in_client, saaremaa, purpose):
    found = make_person(saaremaa, name="Õie Särg", email="oie@example.test")
    make_person(saaremaa, name="Mart Kask")
    response = signed_in_client.post(reverse("register:search"), {"text": "oie sarg", "why": f"purpose:{purpose.pk}"})
    assert response.status_code == 200
    assert [p.pk for p in response.context["results"]] == [found.pk]
    entries = AccessLog.objects.filter(action=AccessAction.SEARCH)
    assert [(e.person_id, e.purpose_id) for e in entries] == [(found.pk, purpose.pk)]
    # searching by phone digits
    phone_person = make_person(saaremaa, phone="+372 5555 1234", email="")
    response = signed_in_client.post(reverse("register:search"), {"text": "55551234", "why": "accuracy"})
    assert [p.pk for p in response.context["results"]] == [phone_person.pk]


def test_search_requires_a_reason(signed_in_client, saaremaa):
    make_person(saaremaa, name="Ivan Petrenko")
    response = signed_in_client.post(reverse("register:search"), {"text": "ivan"})
    assert response.context["results"] is None
    assert "Ivan Petrenko" not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_withdrawn_consent_takes_the_person_out_of_searches_at_once(signed_in_client, saaremaa):
    person = make_person(saaremaa, name="Ivan Petrenko")
    opened(signed_in_client, person)
    consent = person.consents.get()
    response = signed_in_client.post(reverse("register:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == dt.date.today()
    response = signed_in_client.post(reverse("register:search"), {"text": "ivan", "why": "accuracy"})
    assert response.context["results"] == []


def test_restricted_person_is_kept_but_not_found(signed_in_client, saaremaa):
    person = make_person(saaremaa, name="Ivan Petrenko")
    opened(signed_in_client, person)
    signed_in_client.post(reverse("register:person_restrict", args=[person.pk]), {"restricted": "1"})
    person.refresh_from_db()
    assert person.restricted and person.restricted_on == dt.date.today()
    assert AccessLog.objects.filter(person=person, action=AccessAction.RESTRICT).exists()
    response = signed_in_client.post(reverse("register:search"), {"text": "ivan", "why": "accuracy"})
    assert response.context["results"] == []
    # the subject-rights actions still work
    response = signed_in_client.post(reverse("register:person_export_json", args=[person.pk]))
    assert json.loads(response.content)["name"] == "Ivan Petrenko"
    signed_in_client.post(reverse("register:person_restrict", args=[person.pk]), {"restricted": "0"})
    person.refresh_from_db()
    assert not person.restricted


def test_correcting_the_data(signed_in_client, saaremaa):
    person = make_person(saaremaa, name="Ivan Petrenko", email="ivan@example.test")
    opened(signed_in_client, person)
    form = signed_in_client.get(reverse("register:person_edit", args=[person.pk]))
    assert "Ivan Petrenko" in form.content.decode()
    payload = {
        "name": "Ivan Petrenko-Tamm",
        "languages": ["et"],
        "phone": "",
        "email": "ivan.tamm@example.test",
        "target_group": "returnee",
        "retention_until": person.retention_until.isoformat(),
        "version": person.version,
    }
    response = signed_in_client.post(reverse("register:person_edit", args=[person.pk]), payload)
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.email, person.target_group) == (
        "Ivan Petrenko-Tamm",
        "ivan.tamm@example.test",
        "returnee",
    )
    assert AccessLog.objects.filter(person=person, action=AccessAction.CORRECT).exists()


def test_exports_json_and_a_real_pdf_and_logs_them(signed_in_client, saaremaa):
    person = make_person(saaremaa, name="Ivan Petrenko", email="ivan@example.test", settlement="Orissaare")
    opened(signed_in_client, person)
    response = signed_in_client.post(reverse("register:person_export_json", args=[person.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="register-{person.reference}.json"'
    data = json.loads(response.content)
    assert data["name"] == "Ivan Petrenko"
    assert data["email"] == "ivan@example.test"
    assert data["consents"][0]["text"].startswith("Olen nõus")
    assert data["controller"]["name"] == "Saaremaa Vallavalitsus"
    response = signed_in_client.post(reverse("register:person_export_pdf", args=[person.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Ivan Petrenko" in text
    assert "Orissaare" in text
    actions = set(AccessLog.objects.filter(person=person).values_list("action", flat=True))
    assert {AccessAction.EXPORT_JSON, AccessAction.EXPORT_PDF} <= actions
    assert signed_in_client.get(reverse("register:person_export_json", args=[person.pk])).status_code == 405


def test_contacts_are_recorded_under_a_consented_purpose(signed_in_client, saaremaa):
    person = make_person(saaremaa)
    opened(signed_in_client, person)
    purpose = person.consents.get().purpose
    response = signed_in_client.post(
        reverse("register:contact_add", args=[person.pk]),
        {
            "contacted_on": dt.date.today().isoformat(),
            "channel": "phone",
            "purpose": purpose.pk,
            "note": "Helistab tagasi.",
        },
    )
    assert response.status_code == 302
    contact = ContactRecord.objects.get(person=person)
    assert contact.note == "Helistab tagasi."
    future = signed_in_client.post(
        reverse("register:contact_add", args=[person.pk]),
        {
            "contacted_on": (dt.date.today() + dt.timedelta(days=2)).isoformat(),
            "channel": "phone",
            "purpose": purpose.pk,
        },
    )
    assert future.status_code == 200
    assert "contacted_on" in future.context["form"].errors
    signed_in_client.post(reverse("register:contact_delete", args=[contact.pk]))
    assert not ContactRecord.objects.exists()


def test_viewers_and_coordinators_without_register_access_see_counts_only(client, member, saaremaa):
    person = make_person(saaremaa)
    for user in [member("saaremaa", "viewer"), member("saaremaa", "coordinator")]:
        client.force_login(user)
        assert client.get(reverse("register:home")).status_code == 200
        for name in [
            "register:person_list",
            "register:search",
            "register:person_add",
            "register:invitation",
            "register:import",
        ]:
            assert client.get(reverse(name)).status_code == 404, name
        assert client.get(reverse("register:person_detail", args=[person.pk])).status_code == 404
        assert client.post(reverse("register:person_detail", args=[person.pk]), {"why": "accuracy"}).status_code == 404


def test_elvl_and_the_ministry_never_reach_a_person(client, member, saaremaa):
    person = make_person(saaremaa)
    for user in [member("elvl", "admin"), member("elvl", "coordinator"), member("ministry", "ministry_reader")]:
        client.force_login(user)
        assert client.get(reverse("register:person_detail", args=[person.pk])).status_code == 404
        assert client.get(reverse("register:person_list")).status_code == 404
        assert client.get(reverse("register:counts")).status_code == 200
