"""A network's meetings (issue 12): removing a meeting from its network (the event stays), adding a
recorded event back as a meeting, and the minutes page's refusals of a forbidden or too large file.

Hand-worked: Tallinn's Lõimumiskoda (founded 01.02.2024) meets on 15.03.2024 and 14.06.2024; the
cadence is agreed on 14.06.2024 in that meeting's minutes "protokoll-14-06.pdf". Removing the
15.03 meeting leaves one meeting on the council's page and the event "Lõimumiskoja kohtumine 15.03"
among Tallinn's events, with its minutes; removing the 14.06 meeting is refused while its minutes
are the cadence's decision. Tartu's coordinator, Tallinn's viewer and ELVL's coordinator get 404 on
both pages and change nothing.
"""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.events import attachments
from loim.events.models import Event, EventAttachment
from loim.network.models import Network, NetworkMeeting
from loim.network.network_services import CadenceInput, MeetingInput, cadence_agree, meeting_create, network_save
from tests.monitoring.builders import make_activity, make_plan, municipality

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="protokoll.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def council(programme, member):
    network = network_save(
        network=Network(party=programme["tallinn"]),
        values={
            "name": "Lõimumiskoda",
            "kind": "council",
            "municipality": municipality("Tallinn"),
            "founded_on": dt.date(2024, 2, 1),
        },
    )
    coordinator = member("tallinn", "coordinator")
    for day, minutes in ((dt.date(2024, 3, 15), "protokoll-15-03.pdf"), (dt.date(2024, 6, 14), "protokoll-14-06.pdf")):
        meeting_create(
            network=network,
            data=MeetingInput(title=f"Lõimumiskoja kohtumine {day:%d.%m}", day=day, start=dt.time(16), end=dt.time(18)),
            minutes=pdf(minutes),
            user=coordinator,
        )
    decision = EventAttachment.objects.get(original_name="protokoll-14-06.pdf")
    plan = make_plan(2024)
    make_activity(plan, "3.5.2.2", section="partner", responsible=[programme["tallinn"]], title="Lõimumiskoda")
    cadence_agree(network=network, data=CadenceInput(True, "quarter", 1, None, dt.date(2024, 6, 14), minutes=decision))
    network.refresh_from_db()
    return network


def meeting_of(day_month):
    return NetworkMeeting.objects.get(event__title=f"Lõimumiskoja kohtumine {day_month}")


def unlink_url(meeting):
    return reverse("network:meeting_unlink", kwargs={"pk": meeting.pk})


def test_removing_a_meeting_keeps_the_event_and_its_minutes_and_is_audited(council, member, client):
    client.force_login(member("tallinn", "coordinator"))
    march = meeting_of("15.03")
    event_pk, meeting_pk = march.event_id, march.pk
    asked = client.get(unlink_url(march))  # the question writes nothing
    assert asked.status_code == 200
    assert "Lõimumiskoja kohtumine 15.03" in asked.content.decode()
    assert NetworkMeeting.objects.filter(network=council).count() == 2

    response = client.post(unlink_url(march))
    assert response.status_code == 302
    assert list(NetworkMeeting.objects.filter(network=council).values_list("event__title", flat=True)) == [
        "Lõimumiskoja kohtumine 14.06"
    ]
    event = Event.objects.get(pk=event_pk)  # the event stays, with its minutes
    assert list(event.attachments.values_list("original_name", flat=True)) == ["protokoll-15-03.pdf"]
    deleted = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(NetworkMeeting),
        object_pk=str(meeting_pk),
        action=LogEntry.Action.DELETE,
    )
    assert deleted.count() == 1
    page = client.get(reverse("network:network_detail", kwargs={"pk": council.pk}))
    assert [m.event.title for m in page.context["meetings"]] == ["Lõimumiskoja kohtumine 14.06"]
    assert client.get(reverse("events:detail", kwargs={"pk": event_pk})).status_code == 200


def test_the_meeting_whose_minutes_decided_the_cadence_stays_naming_the_field(council, member, client):
    client.force_login(member("tallinn", "coordinator"))
    june = meeting_of("14.06")
    response = client.post(unlink_url(june), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    text = response.content.decode()
    assert "protokoll-14-06.pdf" in text and "“Minutes of the decision”" in text
    assert NetworkMeeting.objects.filter(pk=june.pk).exists()
    estonian = client.post(unlink_url(june), HTTP_ACCEPT_LANGUAGE="et").content.decode()
    assert "„Otsuse protokoll“" in estonian


@pytest.mark.parametrize(("slug", "role"), [("tartu", "coordinator"), ("tallinn", "viewer"), ("elvl", "coordinator")])
def test_others_get_404_and_nothing_is_removed_or_added(council, member, client, slug, role, programme):
    client.force_login(member(slug, role))
    march = meeting_of("15.03")
    assert client.get(unlink_url(march)).status_code == 404
    assert client.post(unlink_url(march)).status_code == 404
    link = reverse("network:meeting_link", kwargs={"pk": council.pk})
    assert client.get(link).status_code == 404
    assert client.post(link, {"event": march.event_id}).status_code == 404
    assert NetworkMeeting.objects.filter(network=council).count() == 2


def test_a_removed_meeting_is_added_back_as_a_recorded_event(council, member, client, programme):
    client.force_login(member("tallinn", "coordinator"))
    march = meeting_of("15.03")
    event_pk = march.event_id
    client.post(unlink_url(march))
    link = reverse("network:meeting_link", kwargs={"pk": council.pk})
    offered = client.get(link).context["form"].fields["event"].queryset
    assert list(offered.values_list("title", flat=True)) == ["Lõimumiskoja kohtumine 15.03"]  # 14.06 is linked
    assert client.post(link, {"event": event_pk}).status_code == 302
    assert NetworkMeeting.objects.get(event_id=event_pk).network == council


def test_an_event_of_another_party_or_already_linked_is_refused_on_the_field(council, member, client, programme):
    tartu_network = network_save(
        network=Network(party=programme["tartu"]),
        values={"name": "Tartu võrgustik", "kind": "local", "founded_on": dt.date(2024, 1, 1)},
    )
    tartu_meeting = meeting_create(
        network=tartu_network,
        data=MeetingInput(title="Tartu kohtumine", day=dt.date(2024, 4, 2), start=dt.time(10), end=dt.time(11)),
    )
    client.force_login(member("tallinn", "coordinator"))
    link = reverse("network:meeting_link", kwargs={"pk": council.pk})
    for event_pk in (tartu_meeting.event_id, meeting_of("14.06").event_id):
        response = client.post(link, {"event": event_pk}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert list(response.context["form"].errors) == ["event"]
    assert NetworkMeeting.objects.get(event_id=tartu_meeting.event_id).network == tartu_network
    assert NetworkMeeting.objects.filter(network=council).count() == 2


@pytest.mark.parametrize(
    ("name", "content", "limit", "message"),
    [
        ("protokoll.exe", b"MZ\x90\x00", None, "Tüüpi „.exe“ faile ei võeta vastu"),
        ("protokoll.pdf", b"<html><script>alert(1)</script></html>", None, "protokoll.pdf"),
        ("protokoll.pdf", PDF, 10, "lubatud on kuni 10"),
    ],
)
def test_forbidden_or_too_large_minutes_are_refused_on_the_field(
    council, member, client, monkeypatch, name, content, limit, message
):
    if limit is not None:
        monkeypatch.setattr(attachments, "MAX_BYTES", limit)
    client.force_login(member("tallinn", "coordinator"))
    march = meeting_of("15.03")
    before = EventAttachment.objects.count()
    response = client.post(
        reverse("network:minutes_add", kwargs={"pk": march.pk}),
        {"minutes": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT_LANGUAGE="et",
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["minutes"]
    assert message in errors["minutes"][0]
    assert EventAttachment.objects.count() == before
