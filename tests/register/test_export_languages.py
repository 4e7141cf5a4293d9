"""Issue 16 §5: the person's copy in the languages they chose, with readable local times, the
controller, the data-protection contact and the right to complain to the Data Protection
Inspectorate; and finding a person whose consent was withdrawn, for their own access or erasure
request only, logged with that reason."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader

from loim.register import reads
from loim.register.access import Why
from loim.register.exports import export_languages
from loim.register.models import AccessAction, AccessLog, AccessReason, Person
from loim.register.services.people import consent_withdraw
from tests.register.conftest import opened
from tests.register.factories import make_person

pytestmark = pytest.mark.django_db

ISO_WITH_MICROSECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+")


@pytest.mark.parametrize(
    ("chosen", "copies"),
    [
        (["uk", "en"], ["uk", "en", "et"]),  # the person: Ukrainian and English, and the controller's
        (["en", "uk"], ["en", "uk", "et"]),
        (["uk"], ["uk", "et"]),
        (["ru"], ["ru", "et"]),
        (["et", "ru"], ["et", "ru"]),
        (["et"], ["et"]),
        (["en"], ["en", "et"]),
        (["et", "en", "ru"], ["et", "en", "ru"]),
        (["other"], ["en", "et"]),  # a language the copy is not written in: English as well
        (["uk", "other"], ["uk", "en", "et"]),
    ],
)
def test_the_copy_is_in_the_chosen_languages_and_in_estonian(chosen, copies):
    assert export_languages(chosen) == copies


def pdf_text(content: bytes) -> tuple[list[str], str]:
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    return pages, "\n".join(pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def person(saaremaa):
    saaremaa.email = "info@saaremaavald.ee"
    saaremaa.data_protection_email = "andmekaitse@saaremaavald.ee"
    saaremaa.save()
    person = make_person(saaremaa, name="Olena Kovalenko", languages=("uk", "en"), settlement="Kuressaare")
    # 05.03.2024 10:27:58.135711 UTC is 12:27 in Tallinn (EET, +02:00, before the March clock change)
    Person.objects.filter(pk=person.pk).update(created_at=dt.datetime(2024, 3, 5, 10, 27, 58, 135711, tzinfo=dt.UTC))
    return person


def test_the_pdf_holds_an_english_a_ukrainian_and_an_estonian_copy_with_the_notice(signed_in_client, person):
    opened(signed_in_client, person)
    signed_in_client.get(reverse("register:person_detail", args=[person.pk]))  # a read, logged
    # put the read at 01.12.2026 18:27:58.135711 UTC: 20:27 in Tallinn (EET, +02:00)
    AccessLog.objects.filter(person=person).update(
        created_at=dt.datetime(2026, 12, 1, 18, 27, 58, 135711, tzinfo=dt.UTC)
    )
    response = signed_in_client.post(reverse("register:person_export_pdf", args=[person.pk]))
    assert response["Content-Type"] == "application/pdf"
    pages, text = pdf_text(response.content)
    flat = squash(text)
    english_start = flat.index("Data held about you in the newcomer register")
    ukrainian_start = flat.index("Ваші дані в реєстрі новоприбулих")
    estonian_start = flat.index("Teie kohta uussisserändajate registris hoitavad andmed")
    # the person's languages first (as the record keeps them: English, Ukrainian), the controller's after
    assert english_start < ukrainian_start < estonian_start
    english, ukrainian = flat[english_start:ukrainian_start], flat[ukrainian_start:estonian_start]
    estonian = flat[estonian_start:]
    # each copy is whole: the data, the controller, the contact, the right to complain
    for copy in (english, ukrainian, estonian):
        assert "Olena Kovalenko" in copy and "Kuressaare" in copy
        assert "Saaremaa Vallavalitsus" in copy
        assert "andmekaitse@saaremaavald.ee" in copy
        assert "www.aki.ee" in copy and "info@aki.ee" in copy
    assert "Controller: Saaremaa Vallavalitsus (info@saaremaavald.ee)" in english
    assert "Data protection contact: andmekaitse@saaremaavald.ee" in english
    assert "complaint with the Data Protection Inspectorate (Andmekaitse Inspektsioon" in english
    assert "Vastutav töötleja: Saaremaa Vallavalitsus (info@saaremaavald.ee)" in estonian
    assert "Andmekaitse kontakt: andmekaitse@saaremaavald.ee" in estonian
    assert "võite esitada kaebuse Andmekaitse Inspektsioonile" in estonian
    # the Ukrainian copy: its headings, the notice and the labels of the values in Ukrainian
    assert "Контакт із питань захисту даних: andmekaitse@saaremaavald.ee" in ukrainian
    assert "подати скаргу до Інспекції із захисту даних (Andmekaitse Inspektsioon, www.aki.ee" in ukrainian
    for heading in ("Персональні дані", "Згоди", "Коли переглядали дані", "Бажані мови"):
        assert heading in ukrainian
    assert "англійська, українська" in ukrainian  # the chosen languages, named in Ukrainian
    assert "відкрили запис" in ukrainian  # the access log's action
    assert "Personal data" not in ukrainian and "Consents" not in ukrainian
    # no copy says a language is missing: every chosen language has its copy
    assert "cannot be made yet" not in flat and "ei saa koopiat veel teha" not in flat
    # each copy starts on its own page
    assert any(page.lstrip().startswith("Ваші дані в реєстрі новоприбулих") for page in pages)
    assert any(page.lstrip().startswith("Teie kohta uussisserändajate registris") for page in pages)
    # times: local, dd.mm.yyyy HH:MM; never ISO with microseconds
    for copy in (english, ukrainian, estonian):
        assert "05.03.2024 12:27" in copy  # added
        assert "01.12.2026 20:27" in copy  # read
    assert not ISO_WITH_MICROSECONDS.search(text)
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", text)
    assert AccessLog.objects.filter(person=person, action=AccessAction.EXPORT_PDF).count() == 1


def test_a_russian_copy_names_the_inspectorate_in_russian(signed_in_client, saaremaa):
    person = make_person(saaremaa, name="Ivan Petrov", languages=("ru",))
    opened(signed_in_client, person)
    response = signed_in_client.post(reverse("register:person_export_pdf", args=[person.pk]))
    _pages, text = pdf_text(response.content)
    flat = squash(text)
    russian = flat[flat.index("Ваши данные в регистре новоприбывших") : flat.index("Teie kohta uussisserändajate")]
    assert "Инспекцию по защите данных (Andmekaitse Inspektsioon, www.aki.ee, info@aki.ee)" in russian
    for heading in ("Персональные данные", "Согласия", "Когда просматривались данные"):
        assert heading in russian
    assert "Ivan Petrov" in russian


def test_a_language_without_a_copy_is_named_in_the_english_copy(signed_in_client, saaremaa):
    person = make_person(saaremaa, name="Amir Haddad", languages=("other",))
    opened(signed_in_client, person)
    response = signed_in_client.post(reverse("register:person_export_pdf", args=[person.pk]))
    flat = squash(pdf_text(response.content)[1])
    assert "A copy in other language cannot be made yet" in flat
    assert "Data held about you in the newcomer register" in flat
    assert "Teie kohta uussisserändajate registris hoitavad andmed" in flat


def test_the_json_names_the_languages_and_carries_the_notice_in_each(signed_in_client, person):
    opened(signed_in_client, person)
    response = signed_in_client.post(reverse("register:person_export_json", args=[person.pk]))
    data = json.loads(response.content)
    assert data["languages"] == ["en", "uk", "et"]
    assert data["language"] == "en"
    assert data["added"] == "2024-03-05T12:27:58+02:00"  # ISO 8601 in files, local time, to the second
    assert data["languages"] and data["target_group"] == "newcomers"
    assert data["controller"] == {
        "name": "Saaremaa Vallavalitsus",
        "email": "info@saaremaavald.ee",
        "data_protection_contact": "andmekaitse@saaremaavald.ee",
    }
    assert "Data Protection Inspectorate" in data["notice"]["en"]["complaint"]
    assert "Інспекції із захисту даних (Andmekaitse Inspektsioon, www.aki.ee" in data["notice"]["uk"]["complaint"]
    assert "Andmekaitse Inspektsioonile (www.aki.ee, info@aki.ee)" in data["notice"]["et"]["complaint"]
    assert data["notice"]["et"]["data_protection_contact"] == "Andmekaitse kontakt: andmekaitse@saaremaavald.ee"
    assert not ISO_WITH_MICROSECONDS.search(response.content.decode())
    for entry in data["access_log"]:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", entry["at"])


@pytest.fixture
def withdrawn(saaremaa):
    person = make_person(saaremaa, name="Taras Melnyk", languages=("uk",))
    consent_withdraw(consent=person.consents.get())
    return person


def test_a_withdrawn_person_is_not_found_by_an_ordinary_search(signed_in_client, withdrawn):
    response = signed_in_client.post(reverse("register:search"), {"text": "melnyk", "why": "subject_request"})
    assert response.context["results"] == []


@pytest.mark.parametrize("reason", [AccessReason.ERASURE_REQUEST, AccessReason.ACCESS_REQUEST])
def test_a_withdrawn_person_is_found_for_an_erasure_or_access_request_and_logged(
    signed_in_client, coordinator, withdrawn, reason
):
    response = signed_in_client.post(
        reverse("register:search"), {"text": "melnyk", "why": reason.value, "withdrawn": "on"}
    )
    assert response.context["results"] == [withdrawn]
    assert "Taras Melnyk" in response.content.decode()
    entry = AccessLog.objects.get(person=withdrawn)
    assert (entry.action, entry.reason, entry.actor) == (AccessAction.SEARCH, reason.value, coordinator)
    # the record opens with that reason, so the request can be answered
    page = signed_in_client.get(reverse("register:person_detail", args=[withdrawn.pk]))
    assert "Taras Melnyk" in page.content.decode()
    assert AccessLog.objects.filter(person=withdrawn, action=AccessAction.VIEW, reason=reason.value).count() == 1


@pytest.mark.parametrize("why", ["subject_request", "accuracy", "purpose"])
def test_for_any_other_reason_the_withdrawn_search_is_refused_naming_the_field(
    signed_in_client, saaremaa, withdrawn, purpose, why
):
    reason = f"purpose:{purpose.pk}" if why == "purpose" else why
    response = signed_in_client.post(reverse("register:search"), {"text": "melnyk", "why": reason, "withdrawn": "on"})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert "why" in response.context["form"].errors
    assert "Isikuid, kelle andmeid ei tohi enam töödelda, otsitakse ainult nende enda taotluse täitmiseks" in (
        response.content.decode()
    )
    assert not AccessLog.objects.filter(person=withdrawn).exists()


def test_the_withdrawn_search_needs_a_name_e_mail_or_phone(signed_in_client, withdrawn):
    response = signed_in_client.post(
        reverse("register:search"), {"text": "", "why": "erasure_request", "withdrawn": "on"}
    )
    assert "text" in response.context["form"].errors
    assert not AccessLog.objects.filter(person=withdrawn).exists()


def test_the_read_function_refuses_other_reasons_before_reading(coordinator, saaremaa, withdrawn, purpose):
    for why in (Why(AccessReason.SUBJECT_REQUEST), Why(AccessReason.ACCURACY), Why(AccessReason.PURPOSE, purpose.pk)):
        with pytest.raises(PermissionDenied):
            reads.search(actor=coordinator, party=saaremaa, why=why, text="melnyk", withdrawn=True)
    with pytest.raises(PermissionDenied):
        reads.search(actor=coordinator, party=saaremaa, why=Why(AccessReason.ERASURE_REQUEST), text="", withdrawn=True)
    assert not AccessLog.objects.filter(person=withdrawn).exists()
    found = reads.search(
        actor=coordinator, party=saaremaa, why=Why(AccessReason.ERASURE_REQUEST), text="melnyk", withdrawn=True
    )
    assert found.people == [withdrawn]
    assert AccessLog.objects.get(person=withdrawn).reason == AccessReason.ERASURE_REQUEST
