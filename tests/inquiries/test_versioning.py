"""Lost corrections of inquiries (issue 10 §4): a correction made from an old version is refused with
what changed, nothing is written; the API gives the version as ETag (core.versioning)."""

import datetime as dt

import pytest
from django.urls import reverse

from loim.core.versioning import StaleVersion
from loim.inquiries.models import Inquiry
from loim.inquiries.services import inquiry_update
from tests.inquiries.helpers import make_inquiry, topic
from tests.inquiries.test_views import entry_data

pytestmark = pytest.mark.django_db


def stored(inquiry) -> tuple:
    inquiry = Inquiry.objects.get(pk=inquiry.pk)
    return inquiry.channel, inquiry.note, inquiry.version, sorted(inquiry.topics.values_list("code", flat=True))


def correction(inquiry, **changes) -> dict:
    values = {
        "date": inquiry.date,
        "channel": inquiry.channel,
        "language": inquiry.language,
        "category": inquiry.category,
        "topics": list(inquiry.topics.all()),
        "referrals": list(inquiry.referrals.all()),
        "minutes": inquiry.minutes,
        "municipality": inquiry.municipality,
        "activity": inquiry.activity,
        "note": inquiry.note,
    }
    values.update(changes)
    return values


def test_the_second_of_two_corrections_from_one_version_is_refused(programme):
    inquiry = make_inquiry(programme["tartu"], channel="phone", note="")
    first, second = Inquiry.objects.get(pk=inquiry.pk), Inquiry.objects.get(pk=inquiry.pk)
    inquiry_update(inquiry=first, **correction(first, channel="email"))
    with pytest.raises(StaleVersion):
        inquiry_update(inquiry=second, **correction(second, note="helistas uuesti", topics=[topic("housing")]))
    assert stored(inquiry) == ("email", "", 2, ["personal-id-code"])  # neither the note nor the topics


def test_a_stale_correction_form_is_refused_with_what_changed(client, member, programme):
    mari = member("tartu")
    mari.full_name = "Mari Maasikas"
    mari.save()
    inquiry = make_inquiry(programme["tartu"], channel="phone", language="ru", date=dt.date(2024, 3, 5))
    url = reverse("inquiries:edit", args=[inquiry.pk])
    base = entry_data(topics=[topic("personal-id-code").pk], version=1)

    client.force_login(mari)
    assert client.post(url, {**base, "channel": "email"}).status_code == 302
    client.force_login(member("tartu"))
    response = client.post(url, {**base, "note": "helistas uuesti"})
    assert response.status_code == 200
    assert stored(inquiry) == ("email", "", 2, ["personal-id-code"])
    conflict = response.context["form"].conflict
    assert [(d.label, d.theirs, d.yours) for d in conflict.differences] == [
        ("Kanal", "e-post", "telefon"),
        ("Märkus", "—", "helistas uuesti"),
    ]
    assert conflict.change.who == "Mari Maasikas"
    assert "Keegi teine muutis vahepeal seda kirjet" in response.content.decode()


def test_the_api_gives_the_version_as_etag(client, member, programme):
    inquiry = make_inquiry(programme["tartu"])
    client.force_login(member("tartu"))
    response = client.get(reverse("v1:inquiry-detail", args=[inquiry.pk]))
    assert response["ETag"] == '"1"' and response.json()["version"] == 1
    inquiry_update(inquiry=inquiry, **correction(inquiry, channel="email"))
    assert client.get(reverse("v1:inquiry-detail", args=[inquiry.pk]))["ETag"] == '"2"'


def test_the_api_still_offers_no_update(client, member, programme):
    inquiry = make_inquiry(programme["tartu"])
    client.force_login(member("tartu"))
    url = reverse("v1:inquiry-detail", args=[inquiry.pk])
    assert (
        client.patch(url, {"note": "x"}, content_type="application/json", headers={"If-Match": '"1"'}).status_code
        == 405
    )
