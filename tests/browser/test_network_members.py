"""Tartu's coordinator invites a Töötukassa specialist of its cooperation network to Lõim; the
specialist, a user of no party, sees a small home page with the network, its meeting and the document
shared with it, and opens the document (issue 12, "members of a network who are not users of a party")."""

import datetime as dt
import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from loim.network.documents import DocumentInput, document_create
from loim.network.models import Network, NetworkMember, Organisation
from loim.network.network_services import MeetingInput, MemberInput, meeting_create, member_add
from loim.network.services import ContactInput, contact_create
from tests.browser.conftest import assert_accessible
from tests.browser.test_networks import shoot

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_network_member_of_no_party_reads_the_networks_documents(
    page, signed_in, member, programme, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    tartu = programme["tartu"]
    network = Network.objects.create(
        party=tartu, name="Tartu linna lõimumise koostöövõrgustik", kind="local", founded_on=dt.date(2024, 3, 1)
    )
    agency = Organisation.objects.create(party=programme["elvl"], name="Eesti Töötukassa", kind="state_agency")
    contact = contact_create(
        data=ContactInput(
            party=programme["elvl"],
            organisation=agency,
            name="Liina Tamm",
            role="karjäärispetsialist",
            email="liina.tamm@example.ee",
        ),
        by=None,
    )
    member_add(network=network, data=MemberInput(organisation=None, contact=contact, joined_on=dt.date(2024, 3, 1)))
    meeting_create(
        network=network,
        data=MeetingInput(
            title="Spetsialistide võrgustiku kohtumine",
            day=dt.date(2024, 9, 12),
            start=dt.time(10),
            end=dt.time(12),
            address="Raekoja plats 3",
        ),
    )
    document_create(
        party=tartu,
        data=DocumentInput(
            kind="minutes",
            title="Võrgustiku kohtumise protokoll 12.09.2024",
            language="et",
            visibility="network",
            network=network,
        ),
        upload=SimpleUploadedFile("protokoll.pdf", PDF, content_type="application/pdf"),
    )
    signed_in(member("tartu", "coordinator"))

    page.goto(f"/network/networks/{network.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Kutsu Liina Tamm lugema võrgustiku dokumente").click()
    assert page.get_by_text("Kutse on saadetud aadressile liina.tamm@example.ee.").is_visible()
    assert page.get_by_role("button", name="Saada kutse isikule Liina Tamm uuesti").is_visible()
    assert_accessible(page)
    shoot(page, "network-member-invite")
    assert [m.to for m in mail.outbox] == [["liina.tamm@example.ee"]]
    assert "Tartu linna lõimumise koostöövõrgustik" in mail.outbox[0].body

    page.context.clear_cookies()
    signed_in(NetworkMember.objects.get(contact=contact).user)
    page.goto("/")
    main = page.locator("main")
    assert main.get_by_role("heading", name="Teie võrgustikud").is_visible()
    assert "Tartu linna lõimumise koostöövõrgustik" in main.inner_text()
    assert "Spetsialistide võrgustiku kohtumine" in main.inner_text()
    assert "Te ei kuulu veel ühegi osapoole juurde" not in main.inner_text()
    assert page.locator("nav a[href='/network/directory/']").count() == 0
    assert_accessible(page)
    shoot(page, "network-member-home")

    page.get_by_role("link", name="Võrgustiku kohtumise protokoll 12.09.2024").click()
    page.wait_for_url(re.compile(r"/network/documents/\d+/$"))
    assert page.get_by_role("link", name="protokoll.pdf").is_visible()
    assert page.get_by_role("link", name="Laadi üles uus versioon").count() == 0
    assert_accessible(page)
    shoot(page, "network-member-document")


def test_a_coordinator_writes_an_announcement_that_is_mailed_to_the_members(page, signed_in, member, programme):
    network = Network.objects.create(
        party=programme["tartu"],
        name="Tartu linna lõimumise koostöövõrgustik",
        kind="local",
        founded_on=dt.date(2024, 3, 1),
    )
    agency = Organisation.objects.create(party=programme["elvl"], name="Eesti Töötukassa", kind="state_agency")
    contact = contact_create(
        data=ContactInput(
            party=programme["elvl"], organisation=agency, name="Liina Tamm", email="liina.tamm@example.ee"
        ),
        by=None,
    )
    member_add(network=network, data=MemberInput(organisation=None, contact=contact, joined_on=dt.date(2024, 3, 1)))
    signed_in(member("tartu", "coordinator"))

    page.goto(f"/network/networks/{network.pk}/")
    page.get_by_role("link", name="Kirjuta teade").click()
    page.wait_for_url(re.compile(r"/announcements/new/$"))
    page.get_by_label("Pealkiri").fill("   ")  # blank: refused on the field, nothing written
    page.get_by_label("Tekst").fill("Kohtumine toimub 12.12.2024 kell 10–12 veebis.")
    with page.expect_navigation():
        page.get_by_role("button", name="Avalda ja saada").click()
    assert "Pealkiri" in page.locator(".field.has-error").inner_text()
    assert_accessible(page)
    page.get_by_label("Pealkiri").fill("Detsembri kohtumine toimub veebis")
    shoot(page, "announcement-form")
    page.get_by_role("button", name="Avalda ja saada").click()
    page.wait_for_url(re.compile(r"/network/networks/announcements/\d+/$"))
    assert page.get_by_text("Teade avaldati ja see saadetakse 1 liikmele.").is_visible()
    assert "liina.tamm@example.ee" in page.locator("main").inner_text()
    assert_accessible(page)
    shoot(page, "announcement-detail")
    assert [m.to for m in mail.outbox] == [["liina.tamm@example.ee"]]
    assert mail.outbox[0].subject == "Tartu linna lõimumise koostöövõrgustik: Detsembri kohtumine toimub veebis"


def test_a_coordinator_edits_and_withdraws_a_document(page, signed_in, member, programme, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    document = document_create(
        party=programme["tartu"],
        data=DocumentInput(
            kind="guidance", title="Juhend: eluaseme otsimine", language="et", visibility="all_networks"
        ),
        upload=SimpleUploadedFile("juhend.pdf", PDF, content_type="application/pdf"),
    )
    signed_in(member("tartu", "coordinator"))
    page.goto(f"/network/documents/{document.pk}/")
    page.get_by_role("link", name="Muuda andmeid").click()
    page.wait_for_url(re.compile(r"/edit/$"))
    assert_accessible(page)
    page.get_by_label("Pealkiri").fill("Juhend: üüripinna otsimine")
    page.get_by_label("Kirjeldus").fill("Kuidas leida Tartus üüripinda.")
    shoot(page, "document-edit")
    with page.expect_navigation():
        page.get_by_role("button", name="Salvesta").click()
    assert page.get_by_role("heading", name="Juhend: üüripinna otsimine").is_visible()
    assert "Kuidas leida Tartus üüripinda." in page.locator("main").inner_text()

    page.get_by_label("Tagasivõtmise põhjus").fill("Asendatud uue juhendiga")
    with page.expect_navigation():
        page.get_by_role("button", name="Võta dokument tagasi").click()
    assert "Tagasi võetud" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Avalda uuesti").is_visible()
    assert_accessible(page)
    shoot(page, "document-withdrawn")
    page.goto("/network/documents/")
    assert page.locator("td .badge", has_text="Tagasi võetud").is_visible()
    assert_accessible(page)
