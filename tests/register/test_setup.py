"""The party's purposes, consent texts and retention settings, and the record of processing activities."""

import datetime as dt

import pytest
from django.urls import reverse

from loim.parties.models import PartnershipAgreement
from loim.register.models import ConsentText, Purpose, RegisterSettings
from loim.register.selectors import retention_limit
from tests.register.factories import make_person

pytestmark = pytest.mark.django_db


def test_coordinator_adds_a_purpose_and_its_consent_text(client, member, saaremaa):
    client.force_login(member("saaremaa", "coordinator"))
    response = client.post(
        reverse("register:purpose_add"),
        {
            "name": "Teave ürituste ja teenuste kohta",
            "description": "Kutsed infopäevadele",
            "legal_basis": "consent",
            "recipients": "SMS-teenuse pakkuja (volitatud töötleja)",
            "consent_months": 24,
            "active": "on",
        },
    )
    purpose = Purpose.objects.get(party=saaremaa)
    assert response["Location"] == reverse("register:consent_text_create", args=[purpose.pk])
    response = client.post(
        reverse("register:consent_text_create", args=[purpose.pk]),
        {"version": "2024-1", "language": "et", "published_on": "2024-01-01", "body": "Olen nõus..."},
    )
    assert response.status_code == 302
    text = ConsentText.objects.get(purpose=purpose)
    assert text.party == saaremaa
    duplicate = client.post(
        reverse("register:consent_text_create", args=[purpose.pk]),
        {"version": "2024-1", "language": "et", "published_on": "2024-01-01", "body": "Teine"},
    )
    assert duplicate.status_code == 200
    assert ConsentText.objects.filter(purpose=purpose).count() == 1
    page = client.get(reverse("register:purposes"))
    assert "SMS-teenuse pakkuja" in page.content.decode()


def test_viewers_read_purposes_but_cannot_change_them(client, member, purpose):
    client.force_login(member("saaremaa", "viewer"))
    assert purpose.name in client.get(reverse("register:purposes")).content.decode()
    assert client.get(reverse("register:purpose_edit", args=[purpose.pk])).status_code == 404
    assert client.get(reverse("register:purpose_add")).status_code == 404


def test_retention_defaults_to_the_end_of_the_partnership_term(saaremaa):
    today = dt.date.today()
    assert retention_limit(party=saaremaa, today=today) > today  # the fallback: 24 months
    PartnershipAgreement.objects.create(
        party=saaremaa,
        municipality=saaremaa.municipality,
        signed_on=today - dt.timedelta(days=400),
        term_start=today - dt.timedelta(days=400),
        term_end=today + dt.timedelta(days=100),
    )
    assert retention_limit(party=saaremaa, today=today) == today + dt.timedelta(days=100)
    person = make_person(saaremaa)
    assert person.retention_until == today + dt.timedelta(days=100)
    assert person.consents.get().ends_on <= person.retention_until


def test_retention_settings_are_saved_per_party(client, member, saaremaa):
    client.force_login(member("saaremaa", "coordinator"))
    response = client.post(
        reverse("register:settings"),
        {"retention_fallback_months": 12, "attendance_keep_months": 3, "access_log_keep_months": 24},
    )
    assert response.status_code == 302
    settings = RegisterSettings.objects.get(party=saaremaa)
    assert (settings.retention_fallback_months, settings.attendance_keep_months) == (12, 3)
    bad = client.post(
        reverse("register:settings"),
        {"retention_fallback_months": 0, "attendance_keep_months": 3, "access_log_keep_months": 24},
    )
    assert bad.status_code == 200
    assert RegisterSettings.objects.get(party=saaremaa).retention_fallback_months == 12


def test_record_of_processing_activities_is_generated_from_the_configuration(client, member, purpose, saaremaa):
    purpose.recipients = "Kirjade saatmise teenus (volitatud töötleja)"
    purpose.save()
    RegisterSettings.objects.create(party=saaremaa, attendance_keep_months=9)
    for user in [member("saaremaa", "viewer"), member("ministry", "ministry_reader")]:
        client.force_login(user)
        page = client.get(reverse("register:processing_record"), {"party": "saaremaa"})
        content = page.content.decode()
        assert page.status_code == 200
        assert "Saaremaa Vallavalitsus" in content
        assert purpose.name in content
        assert "Kirjade saatmise teenus" in content
        assert "9 kuu" in content  # named attendance is erased 9 months after the event's year
    # the data categories come from the model, with why each is asked
    from loim.register.models import Person

    assert str(Person._meta.get_field("settlement").help_text) in content


def test_another_partner_cannot_read_saaremaas_configuration(client, member, purpose):
    client.force_login(member("tartu", "coordinator", register_access=True))
    assert client.get(reverse("register:processing_record"), {"party": "saaremaa"}).status_code == 404
    assert client.get(reverse("register:purposes"), {"party": "saaremaa"}).status_code == 404
    assert client.get(reverse("register:consent_text_detail", args=[purpose.texts.get().pk])).status_code == 404


def test_record_of_processing_names_the_retention_limit_and_the_data_protection_contact(client, member, saaremaa):
    today = dt.date.today()
    dpo = member("saaremaa", "viewer", data_protection_contact=True)
    client.force_login(dpo)
    content = client.get(reverse("register:processing_record")).content.decode()
    assert "24 kuud pärast isiku lisamist" in content  # no current partnership agreement: the fallback
    assert dpo.email in content
    PartnershipAgreement.objects.create(
        party=saaremaa,
        municipality=saaremaa.municipality,
        signed_on=today - dt.timedelta(days=10),
        term_start=today - dt.timedelta(days=10),
        term_end=dt.date(today.year + 2, 4, 1),
    )
    content = client.get(reverse("register:processing_record")).content.decode()
    assert f"01.04.{today.year + 2} (partnerluslepingu tähtaja lõpp)" in content
