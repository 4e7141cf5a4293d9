"""Network members who are not users of a party read their network's documents through their
membership (issue 12; docs/decisions.md "Issue 12 — platform, second part").

Hand-worked: Tartu runs two networks, "Tartu koostöövõrgustik" (T) and "Tartu noorte võrgustik" (T2);
Pärnu runs "Pärnu koostöövõrgustik" (P). Mari Maasikas of Töötukassa is a member of T since 1.2.2024.
Documents: Tartu's minutes for T ("Protokoll T"), Tartu's minutes for T2 ("Protokoll T2"), Pärnu's for
P ("Protokoll P"), ELVL's guidance for all networks ("Juhend kõigile") and a public one ("Avalik
juhend"). Tartu's coordinator invites Mari: one mail to mari@tootukassa.test, an account without a
password, no party membership. Mari reads exactly one document, "Protokoll T", and its file; the
other four answer 404 like a missing one. On the day after her `left_on` she reads nothing.
"""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from loim.core.tenancy import access_for, forget_access, is_owned_model
from loim.network.documents import DocumentInput, document_create
from loim.network.models import Document, Network, NetworkMember
from loim.network.network_services import MeetingInput, MemberInput, meeting_create, member_add, member_invite
from loim.network.services import ContactInput, OrganisationInput, contact_create, organisation_create
from loim.parties.models import Membership

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def network(party, name):
    return Network.objects.create(party=party, name=name, kind="local", founded_on=dt.date(2024, 1, 1))


def document(party, title, visibility, net=None):
    data = DocumentInput(kind="minutes", title=title, language="et", visibility=visibility, network=net)
    return document_create(party=party, data=data, upload=pdf(title.replace(" ", "-") + ".pdf"))


@pytest.fixture
def world(programme):
    tartu, parnu, elvl = programme["tartu"], programme["parnu"], programme["elvl"]
    t, t2, p = (
        network(tartu, "Tartu koostöövõrgustik"),
        network(tartu, "Tartu noorte võrgustik"),
        network(parnu, "Pärnu koostöövõrgustik"),
    )
    agency = organisation_create(
        data=OrganisationInput(party=elvl, name="Töötukassa", kind="state_agency", registry_code="70009770"), by=None
    )
    mari = contact_create(
        data=ContactInput(
            party=elvl,
            organisation=agency,
            name="Mari Maasikas",
            role="karjäärispetsialist",
            email="Mari@Tootukassa.test",
        ),
        by=None,
    )
    nameless = contact_create(data=ContactInput(party=elvl, organisation=agency, name="Jaan Tamm"), by=None)
    member = member_add(network=t, data=MemberInput(organisation=None, contact=mari, joined_on=dt.date(2024, 2, 1)))
    meetings = {
        key: meeting_create(
            network=net,
            data=MeetingInput(
                title=title, day=dt.date(2024, 3, 5), start=dt.time(10), end=dt.time(12), address="Raekoja plats 1"
            ),
        )
        for key, net, title in (("T", t, "Võrgustiku kohtumine T"), ("T2", t2, "Noorte kohtumine T2"))
    }
    docs = {
        "T": document(tartu, "Protokoll T", "network", t),
        "T2": document(tartu, "Protokoll T2", "network", t2),
        "P": document(parnu, "Protokoll P", "network", p),
        "all": document(elvl, "Juhend kõigile", "all_networks"),
        "public": document(elvl, "Avalik juhend", "public"),
    }
    return {
        "T": t,
        "T2": t2,
        "P": p,
        "agency": agency,
        "mari": mari,
        "nameless": nameless,
        "member": member,
        "docs": docs,
        "meetings": meetings,
    }


def invite(world):
    member_invite(member=world["member"], base_url="http://testserver/")
    world["member"].refresh_from_db()
    return world["member"].user


@pytest.mark.django_db(transaction=True)
def test_the_networks_coordinator_invites_a_contact_to_an_account_of_no_party(world, member, client):
    coordinator = member("tartu", "coordinator")
    client.force_login(coordinator)
    page = client.get(reverse("network:network_detail", kwargs={"pk": world["T"].pk})).content.decode()
    assert "Mari Maasikas" in page and reverse("network:member_invite", kwargs={"pk": world["member"].pk}) in page

    response = client.post(reverse("network:member_invite", kwargs={"pk": world["member"].pk}))

    assert response.status_code == 302
    member_row = NetworkMember.objects.get(pk=world["member"].pk)
    user = member_row.user
    assert (user.email, user.full_name, user.has_usable_password()) == ("mari@tootukassa.test", "Mari Maasikas", False)
    assert member_row.invited_at is not None
    assert not Membership.objects.filter(user=user).exists()
    assert [m.to for m in mail.outbox] == [["mari@tootukassa.test"]]
    assert "Tartu koostöövõrgustik" in mail.outbox[0].subject
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert access_for(user).networks == frozenset({world["T"].pk})


@pytest.mark.django_db
def test_a_member_reads_their_networks_documents_and_nothing_else(world, client):
    user = invite(world)
    client.force_login(user)
    docs = world["docs"]

    home = client.get("/").content.decode()
    assert "Tartu koostöövõrgustik" in home and "Protokoll T<" not in home.replace("Protokoll T</a>", "")
    assert "Protokoll T</a>" in home
    assert "Võrgustiku kohtumine T" in home and "Raekoja plats 1" in home
    for other in (
        "Protokoll T2",
        "Protokoll P",
        "Juhend kõigile",
        "Avalik juhend",
        "Tartu noorte võrgustik",
        "Noorte kohtumine T2",
    ):
        assert other not in home
    assert "You are not a member of any party" not in home

    listed = client.get(reverse("network:document_list")).context["documents"]
    assert [d.title for d in listed] == ["Protokoll T"]
    assert client.get(reverse("network:document_detail", kwargs={"pk": docs["T"].pk})).status_code == 200
    version = docs["T"].versions.get()
    download = client.get(reverse("network:version_download", kwargs={"pk": version.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    for key in ("T2", "P", "all", "public"):
        assert client.get(reverse("network:document_detail", kwargs={"pk": docs[key].pk})).status_code == 404, key
        other = docs[key].versions.get()
        assert client.get(reverse("network:version_download", kwargs={"pk": other.pk})).status_code == 404, key


@pytest.mark.django_db
def test_a_member_changes_nothing_and_sees_no_party_pages(world, client):
    user = invite(world)
    client.force_login(user)
    t, docs = world["T"], world["docs"]
    pages = [
        reverse("network:directory"),
        reverse("network:organisation", kwargs={"pk": world["agency"].pk}),
        reverse("network:network_list"),
        reverse("network:network_detail", kwargs={"pk": t.pk}),
        reverse("network:member_create", kwargs={"pk": t.pk}),
        reverse("network:document_create"),
        reverse("network:version_create", kwargs={"pk": docs["T"].pk}),
        reverse("events:detail", kwargs={"pk": world["meetings"]["T"].event_id}),
        reverse("register:home"),
    ]
    for url in pages:
        assert client.get(url).status_code == 404, url
    # pages open to any signed-in user list the user's parties' records: none
    for url in (reverse("events:list"), reverse("events:calendar"), reverse("inquiries:list"), reverse("plans:list")):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        text = response.content.decode()
        assert "Võrgustiku kohtumine" not in text and "Tartu koostöövõrgustik" not in text, url
    before = (Document.objects.count(), NetworkMember.objects.count(), world["mari"].version)
    assert (
        client.post(reverse("network:version_create", kwargs={"pk": docs["T"].pk}), {"file": pdf("x.pdf")}).status_code
        == 404
    )
    assert client.post(reverse("network:member_invite", kwargs={"pk": world["member"].pk})).status_code == 404
    assert (
        client.post(reverse("network:contact_edit", kwargs={"pk": world["mari"].pk}), {"name": "X"}).status_code == 404
    )
    world["mari"].refresh_from_db()
    assert (Document.objects.count(), NetworkMember.objects.count(), world["mari"].version) == before
    # no menu of the parties' pages
    home = client.get("/").content.decode()
    for url in (reverse("network:directory"), reverse("events:list"), reverse("network:network_list")):
        assert f'href="{url}"' not in home


@pytest.mark.django_db
def test_the_api_gives_a_member_nothing(world, client):
    """No owned record through the API (the shared vocabularies, e.g. event kinds, are not records)."""
    from loim.api.urls import router

    user = invite(world)
    client.force_login(user)
    for prefix, viewset, _basename in router.registry:
        model = getattr(viewset, "model", None) or getattr(getattr(viewset, "queryset", None), "model", None)
        response = client.get(f"/api/v1/{prefix}/")
        if response.status_code == 200 and is_owned_model(model):
            body = response.json()
            rows = body.get("results", body) if isinstance(body, dict) else body
            assert rows == [], prefix
        elif response.status_code != 200:
            assert response.status_code in (403, 404), prefix


@pytest.mark.django_db
def test_a_member_who_left_reads_nothing_from_the_next_day(world, client):
    user = invite(world)
    member_row = world["member"]
    today = timezone.localdate()
    member_row.left_on = today
    member_row.save()
    client.force_login(user)
    detail = reverse("network:document_detail", kwargs={"pk": world["docs"]["T"].pk})
    assert client.get(detail).status_code == 200  # the last day of the membership

    member_row.left_on = today - dt.timedelta(days=1)
    member_row.save()
    forget_access(user)
    assert access_for(user).networks == frozenset()
    assert client.get(detail).status_code == 404
    assert list(client.get(reverse("network:document_list")).context["documents"]) == []
    assert "Tartu koostöövõrgustik" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_member_of_an_ended_network_or_not_yet_joined_reads_nothing(world):
    user = invite(world)
    t = world["T"]
    t.ended_on = timezone.localdate() - dt.timedelta(days=1)
    t.save()
    forget_access(user)
    assert access_for(user).networks == frozenset()
    t.ended_on = None
    t.save()
    world["member"].joined_on = timezone.localdate() + dt.timedelta(days=1)
    world["member"].save()
    forget_access(user)
    assert Document.objects.visible_to(user).count() == 0


@pytest.mark.django_db
def test_party_staff_read_as_before(world, member):
    """A Pärnu coordinator reads Pärnu's network document and those for all networks or public,
    not Tartu's network documents; ELVL reads all five."""
    parnu = member("parnu", "coordinator")
    assert sorted(Document.objects.visible_to(parnu).values_list("title", flat=True)) == [
        "Avalik juhend",
        "Juhend kõigile",
        "Protokoll P",
    ]
    assert Document.objects.visible_to(member("elvl", "coordinator")).count() == 5


@pytest.mark.django_db
def test_an_invitation_is_refused_by_field_and_another_partys_member_is_404(world, member, client, programme):
    t = world["T"]
    organisation_member = member_add(
        network=t, data=MemberInput(organisation=world["agency"], contact=None, joined_on=dt.date(2024, 2, 1))
    )
    nameless = member_add(
        network=t, data=MemberInput(organisation=None, contact=world["nameless"], joined_on=dt.date(2024, 2, 1))
    )
    from django.core.exceptions import ValidationError

    for row, words in (
        (organisation_member, "Kutsuda saab ainult kontaktisikut"),
        (nameless, "ei ole kataloogis tööalast e-posti"),
    ):
        with pytest.raises(ValidationError) as refused:
            member_invite(member=row, base_url="http://testserver/")
        assert list(refused.value.message_dict) == ["contact"] and words in refused.value.messages[0]
    assert mail.outbox == [] and not NetworkMember.objects.exclude(user=None).exists()

    url = reverse("network:member_invite", kwargs={"pk": world["member"].pk})
    for user in (member("parnu", "coordinator"), member("tartu", "viewer")):
        client.force_login(user)
        assert client.post(url).status_code == 404
    assert mail.outbox == [] and NetworkMember.objects.get(pk=world["member"].pk).user is None
