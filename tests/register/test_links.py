"""Links to inquiries and named attendance at an event, both kept in the register only."""

import pytest
from django.urls import reverse

from loim.register.models import AccessAction, AccessLog, Attendance, InquiryLink
from loim.register.services.people import consent_withdraw
from tests.register.conftest import opened
from tests.register.factories import make_event, make_inquiry, make_person

pytestmark = pytest.mark.django_db


def test_linking_an_inquiry_to_a_person(signed_in_client, saaremaa, programme):
    person = make_person(saaremaa)
    inquiry = make_inquiry(saaremaa)
    foreign = make_inquiry(programme["parnu"])
    opened(signed_in_client, person)
    form = signed_in_client.get(reverse("register:inquiry_link_add", args=[person.pk]))
    choices = [value for value, _label in form.context["form"].fields["inquiry"].choices if value]
    assert [int(str(v)) for v in choices] == [inquiry.pk]
    refused = signed_in_client.post(reverse("register:inquiry_link_add", args=[person.pk]), {"inquiry": foreign.pk})
    assert refused.status_code == 200 and not InquiryLink.objects.exists()
    response = signed_in_client.post(reverse("register:inquiry_link_add", args=[person.pk]), {"inquiry": inquiry.pk})
    assert response.status_code == 302
    link = InquiryLink.objects.get()
    detail = signed_in_client.get(reverse("register:person_detail", args=[person.pk]))
    assert f"#{inquiry.pk}" in detail.content.decode()
    signed_in_client.post(reverse("register:inquiry_link_delete", args=[link.pk]))
    assert not InquiryLink.objects.exists()
    assert inquiry.__class__.objects.filter(pk=inquiry.pk).exists()


def test_named_attendance_of_an_event(signed_in_client, saaremaa, coordinator, purpose):
    event = make_event(saaremaa)
    person = make_person(saaremaa, name="Ivan Petrenko")
    url = reverse("register:event_attendance", kwargs={"event_pk": event.pk})
    first = signed_in_client.get(url)
    assert first.status_code == 200
    assert "register/event_attendance_open.html" in [t.name for t in first.templates]
    assert signed_in_client.post(url, {"action": "open", "why": f"purpose:{purpose.pk}"}).status_code == 302
    found = signed_in_client.post(url, {"action": "search", "text": "ivan"})
    assert [p.pk for p in found.context["found"]] == [person.pk]
    assert AccessLog.objects.filter(person=person, action=AccessAction.SEARCH, purpose=purpose).exists()
    assert signed_in_client.post(url, {"action": "add", "person": person.pk}).status_code == 302
    assert Attendance.objects.filter(event=event, person=person, recorded_by=coordinator).exists()
    page = signed_in_client.get(url)
    assert "Ivan Petrenko" in page.content.decode()
    assert AccessLog.objects.filter(person=person, action=AccessAction.ATTENDANCE).count() == 1
    again = signed_in_client.post(url, {"action": "search", "text": "ivan"})
    assert again.context["found"] == []
    attendance = Attendance.objects.get()
    signed_in_client.post(reverse("register:attendance_delete", args=[attendance.pk]), {"back": "event"})
    assert not Attendance.objects.exists()


def test_attendance_only_for_people_who_may_be_processed_and_of_the_same_party(signed_in_client, saaremaa, programme):
    event = make_event(saaremaa)
    url = reverse("register:event_attendance", kwargs={"event_pk": event.pk})
    signed_in_client.post(url, {"action": "open", "why": "accuracy"})
    withdrawn = make_person(saaremaa)
    consent_withdraw(consent=withdrawn.consents.get())
    signed_in_client.post(url, {"action": "add", "person": withdrawn.pk})
    assert not Attendance.objects.exists()
    foreign = make_person(programme["parnu"])
    assert signed_in_client.post(url, {"action": "add", "person": foreign.pk}).status_code == 404
    assert signed_in_client.post(url, {"action": "add", "person": "x"}).status_code == 404
    assert not Attendance.objects.exists()


def test_attendance_page_is_only_for_register_users_of_the_events_party(client, member, saaremaa, programme):
    event = make_event(saaremaa)
    url = reverse("register:event_attendance", kwargs={"event_pk": event.pk})
    for user in [
        member("saaremaa", "coordinator"),
        member("saaremaa", "viewer"),
        member("tartu", "coordinator", register_access=True),
        member("elvl", "coordinator"),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == 404
