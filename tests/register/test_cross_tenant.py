"""Cross-tenant cases the shared helper cannot express: the register's exports and writes are POSTs
(personal data never travels in a URL), so they are tried here one by one."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.register.models import AccessLog, Person
from tests.register.factories import default_purpose, make_event, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def tartu_client(client, member, programme):
    default_purpose(programme["tartu"])
    client.force_login(member("tartu", "coordinator", register_access=True))
    return client


def test_another_partys_person_cannot_be_exported_opened_or_changed(tartu_client, programme):
    other = make_person(programme["parnu"], name="Pärnu Person")
    for name in [
        "register:person_export_json",
        "register:person_export_pdf",
        "register:person_restrict",
        "register:person_erase",
        "register:person_edit",
        "register:person_detail",
        "register:consent_add",
        "register:contact_add",
        "register:inquiry_link_add",
    ]:
        response = tartu_client.post(reverse(name, args=[other.pk]), {"why": "accuracy", "restricted": "1"})
        assert response.status_code == 404, name
        assert "Pärnu Person" not in response.content.decode()
    other.refresh_from_db()
    assert not other.restricted
    assert Person.objects.filter(pk=other.pk).exists()
    assert not AccessLog.objects.exists()


def test_contact_lists_search_and_import_stay_inside_the_party(tartu_client, programme):
    parnu = programme["parnu"]
    make_person(parnu, name="Pärnu Person", languages=["ru"])
    parnu_purpose = default_purpose(parnu)
    listing = tartu_client.post(
        reverse("register:invitation"), {"purpose": parnu_purpose.pk, "channel": "email", "action": "download"}
    )
    assert listing.status_code == 200 and "purpose" in listing.context["form"].errors
    for url in [reverse("register:invitation"), reverse("register:search"), reverse("register:import")]:
        assert tartu_client.post(url, {"party": "parnu"}).status_code == 404
        assert tartu_client.get(url, {"party": "parnu"}).status_code == 404
    found = tartu_client.post(reverse("register:search"), {"text": "Pärnu", "why": "accuracy"})
    assert found.context["results"] == []
    upload = SimpleUploadedFile("x.csv", b"name\n", content_type="text/csv")
    assert tartu_client.post(reverse("register:import"), {"party": "parnu", "file": upload}).status_code == 404
    assert not AccessLog.objects.exists()


def test_another_partys_event_has_no_attendance_page_for_us(tartu_client, programme):
    event = make_event(programme["parnu"])
    url = reverse("register:event_attendance", kwargs={"event_pk": event.pk})
    assert tartu_client.get(url).status_code == 404
    assert tartu_client.post(url, {"action": "open", "why": "accuracy"}).status_code == 404


def test_a_consent_or_contact_of_another_party_cannot_be_touched(tartu_client, programme):
    other = make_person(programme["parnu"])
    consent = other.consents.get()
    assert tartu_client.post(reverse("register:consent_withdraw", args=[consent.pk])).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert consent.ends_on > dt.date.today()
