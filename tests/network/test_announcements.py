"""Announcements to a network, mailed to its members by the background worker (issue 12).

Hand-worked: Tartu's "Tartu koostöövõrgustik" has five members on today's date or before:
- Mari Maasikas (contact, mari@tootukassa.test), invited to an account of the same address: 1 mail;
- Jaan Tamm (contact, Jaan@Raamatukogu.test): 1 mail, to the lower-case address;
- Toomas Kask (contact, toomas@maja.test) who left yesterday: none;
- Tartu Ülikool, an organisation without a person: none (no address);
- Eva Mets (contact without an e-mail): none.
So an announcement goes to exactly two addresses, [jaan@raamatukogu.test, mari@tootukassa.test], in
Estonian (the site's language), subject "Tartu koostöövõrgustik: Infopäev 12. detsembril".
"""

import datetime as dt
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from loim.network.announcements import AnnouncementInput, announcement_create, announcement_deliver
from loim.network.models import Announcement, AnnouncementDelivery, Network, Organisation
from loim.network.network_services import MemberInput, member_add, member_invite
from loim.network.services import ContactInput, contact_create

pytestmark = pytest.mark.django_db(transaction=True)  # the mails are queued when the transaction commits

TITLE = "Infopäev 12. detsembril"
TEXT = "Kutsume võrgustiku liikmeid infopäevale Raekoja platsil."


@pytest.fixture
def network(programme):
    tartu, elvl = programme["tartu"], programme["elvl"]
    net = Network.objects.create(
        party=tartu, name="Tartu koostöövõrgustik", kind="local", founded_on=dt.date(2024, 1, 1)
    )
    organisation = Organisation.objects.create(party=elvl, name="Eesti Töötukassa", kind="state_agency")
    university = Organisation.objects.create(party=elvl, name="Tartu Ülikool", kind="school")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    people = [
        ("Mari Maasikas", "mari@tootukassa.test", None),
        ("Jaan Tamm", "Jaan@Raamatukogu.test", None),
        ("Toomas Kask", "toomas@maja.test", yesterday),
        ("Eva Mets", "", None),
    ]
    members = {}
    for name, email, left in people:
        contact = contact_create(
            data=ContactInput(party=elvl, organisation=organisation, name=name, email=email), by=None
        )
        members[name] = member_add(
            network=net,
            data=MemberInput(organisation=None, contact=contact, joined_on=dt.date(2024, 2, 1), left_on=left),
        )
    member_add(network=net, data=MemberInput(organisation=university, contact=None, joined_on=dt.date(2024, 2, 1)))
    member_invite(member=members["Mari Maasikas"], base_url="http://testserver/")
    mail.outbox.clear()
    return net


def test_an_announcement_is_mailed_once_to_each_active_member_with_an_address(network, member):
    coordinator = member("tartu", "coordinator")

    announcement = announcement_create(
        data=AnnouncementInput(network=network, title=TITLE, text=TEXT), by=coordinator, base_url="http://testserver/"
    )

    assert sorted(m.to[0] for m in mail.outbox) == ["jaan@raamatukogu.test", "mari@tootukassa.test"]
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees the other members' addresses
    assert {m.subject for m in mail.outbox} == {"Tartu koostöövõrgustik: Infopäev 12. detsembril"}
    body = mail.outbox[0].body
    assert TEXT in body
    assert "Saate selle teate võrgustiku „Tartu koostöövõrgustik“ liikmena" in body
    rows = AnnouncementDelivery.objects.filter(announcement=announcement).order_by("email")
    assert [(d.email, d.attempts, d.sent_at is not None, d.error) for d in rows] == [
        ("jaan@raamatukogu.test", 1, True, ""),
        ("mari@tootukassa.test", 1, True, ""),
    ]
    assert LogEntry.objects.get_for_object(announcement).count() == 1

    # a retry (the task run again) mails nobody twice
    assert announcement_deliver(announcement_id=announcement.pk) == 0
    assert len(mail.outbox) == 2


def test_a_failed_address_is_recorded_and_sent_on_the_retry_only(network, member):
    coordinator = member("tartu", "coordinator")
    real_send = mail.EmailMessage.send

    def refuse_jaan(message, *args, **kwargs):
        if message.to == ["jaan@raamatukogu.test"]:
            raise OSError("550 mailbox unavailable")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", refuse_jaan):
        announcement = announcement_create(
            data=AnnouncementInput(network=network, title=TITLE, text=TEXT), by=coordinator
        )
    failed = AnnouncementDelivery.objects.get(email="jaan@raamatukogu.test")
    assert (failed.sent_at, failed.attempts, failed.error) == (None, 1, "550 mailbox unavailable")
    assert failed.failed_at is not None
    assert [m.to for m in mail.outbox] == [["mari@tootukassa.test"]]

    assert announcement_deliver(announcement_id=announcement.pk) == 1

    assert [m.to for m in mail.outbox] == [["mari@tootukassa.test"], ["jaan@raamatukogu.test"]]
    failed.refresh_from_db()
    assert (failed.sent_at is not None, failed.attempts, failed.error) == (True, 2, "")
    assert AnnouncementDelivery.objects.get(email="mari@tootukassa.test").attempts == 1


def test_the_page_writes_an_announcement_and_shows_it_to_the_network_and_its_member(network, member, client):
    client.force_login(member("tartu", "coordinator"))
    url = reverse("network:announcement_create", kwargs={"pk": network.pk})
    response = client.post(url, {"network": network.pk, "title": TITLE, "text": TEXT})
    announcement = Announcement.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "network:announcement_detail", kwargs={"pk": announcement.pk}
    )
    detail = client.get(response["Location"]).content.decode()
    assert "jaan@raamatukogu.test" in detail and TEXT in detail
    assert TITLE in client.get(reverse("network:network_detail", kwargs={"pk": network.pk})).content.decode()

    mari = network.members.get(contact__name="Mari Maasikas").user
    client.force_login(mari)
    home = client.get("/").content.decode()
    assert TITLE in home
    page = client.get(reverse("network:announcement_detail", kwargs={"pk": announcement.pk})).content.decode()
    assert TEXT in page and "jaan@raamatukogu.test" not in page  # the addresses are the party's


def test_bad_input_names_the_field_and_writes_nothing(network, member, client, programme):
    url = reverse("network:announcement_create", kwargs={"pk": network.pk})
    client.force_login(member("tartu", "coordinator"))
    response = client.post(url, {"network": network.pk, "title": "  ", "text": TEXT})
    assert response.status_code == 400 and list(response.context["form"].errors) == ["title"]

    # ELVL reads Tartu's network but does not run it: its page answers 404, and chosen in the form on
    # the page of ELVL's own network, it is refused on the field
    client.force_login(member("elvl", "coordinator"))
    assert client.get(url).status_code == 404
    own = Network.objects.create(
        party=programme["elvl"],
        name="KOV-ide koordinaatorite võrgustik",
        kind="national",
        founded_on=dt.date(2024, 1, 1),
    )
    own_url = reverse("network:announcement_create", kwargs={"pk": own.pk})
    response = client.post(own_url, {"network": network.pk, "title": TITLE, "text": TEXT})
    assert response.status_code == 400 and list(response.context["form"].errors) == ["network"]
    assert "Te ei korralda seda võrgustikku" in response.content.decode()

    # a document of another network cannot be linked
    from loim.network.documents import DocumentInput, document_create
    from tests.network.test_network_members import pdf

    other = Network.objects.create(party=network.party, name="Teine", kind="local", founded_on=dt.date(2024, 1, 1))
    document = document_create(
        party=network.party,
        data=DocumentInput(kind="minutes", title="Teise protokoll", language="et", visibility="network", network=other),
        upload=pdf("p.pdf"),
    )
    coordinator = member("tartu", "coordinator")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        announcement_create(
            data=AnnouncementInput(network=network, title=TITLE, text=TEXT, document=document), by=coordinator
        )
    assert list(refused.value.message_dict) == ["document"]

    # another partner's network: 404
    client.force_login(member("parnu", "coordinator"))
    assert client.get(url).status_code == 404
    assert client.post(url, {"network": network.pk, "title": TITLE, "text": TEXT}).status_code == 404
    assert Announcement.objects.count() == 0 and AnnouncementDelivery.objects.count() == 0 and mail.outbox == []
