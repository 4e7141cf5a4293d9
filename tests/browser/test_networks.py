"""Tallinn creates its participation council Lõimumiskoda with a member, records a meeting, attaches
its minutes, agrees the meeting cadence in those minutes, and sees the plan's open commitment become
a checked one among the commitments (issue 12)."""

import re

from loim.network.models import Network, NetworkMember, Organisation
from loim.plans.apps import shipped_plans_dir
from loim.plans.models import Obligation
from loim.plans.services import plan_file_import
from tests.browser.conftest import assert_accessible, shoot

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_tallinn_creates_its_council_records_minutes_and_agrees_the_cadence(page, signed_in, member, programme):
    plan_file_import(shipped_plans_dir() / "2024.yaml")
    Organisation.objects.create(party=programme["tallinn"], name="Eesti Ukrainlaste Kongress", kind="minority")
    signed_in(member("tallinn", "coordinator"))

    page.goto("/network/networks/")
    page.get_by_role("link", name="Lisa võrgustik või osaluskogu").click()
    page.wait_for_url(re.compile(r"/network/networks/new/$"))
    assert_accessible(page)
    page.locator("#id_name").fill("Lõimumiskoda")
    page.locator("#id_kind").select_option("council")
    page.get_by_label("Omavalitsus").select_option(label="Tallinn")
    page.get_by_label("Esindatud kogukonnad").fill("ukrainlased, venelased")
    page.get_by_label("Asutatud").fill("2024-04-25")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/network/networks/\d+/$"))
    council = Network.objects.get(name="Lõimumiskoda")

    # a member, then the same member again with overlapping dates: refused, naming the field
    for attempt in range(2):
        page.get_by_role("link", name="Lisa liige").click()
        page.get_by_label("Organisatsioon").select_option(label="Eesti Ukrainlaste Kongress")
        page.get_by_label("Esindab").fill("ukrainlased")
        page.get_by_label("Liitus").fill("2024-04-25" if attempt == 0 else "2024-06-01")
        page.get_by_role("button", name="Salvesta").click()
        if attempt == 0:
            page.wait_for_url(re.compile(r"/network/networks/\d+/$"))
    field = page.locator(".field.has-error")
    assert "kuupäevad kattuvad" in field.inner_text() and "Organisatsioon" in field.inner_text()
    assert_accessible(page)
    assert NetworkMember.objects.filter(network=council).count() == 1
    page.get_by_role("link", name="Loobu").click()

    page.get_by_role("link", name="Lisa kohtumine").click()
    page.get_by_label("Pealkiri").fill("Lõimumiskoja teine kohtumine")
    page.get_by_label("Kuupäev").fill("2024-06-14")
    page.get_by_label("Algusaeg").fill("17:00")
    page.get_by_label("Lõpuaeg").fill("19:00")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/network/networks/\d+/$"))

    page.get_by_role("link", name=re.compile(r"^Lisa protokoll")).click()
    assert_accessible(page)
    page.locator("#id_minutes").set_input_files(
        {"name": "protokoll-14-06-2024.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/network/networks/\d+/$"))
    assert page.get_by_role("link", name="protokoll-14-06-2024.pdf").is_visible()

    # a meeting recorded in the wrong network is removed from it (the event stays), then added back
    page.get_by_role("link", name="Lisa kohtumine").click()
    page.get_by_label("Pealkiri").fill("Ekslikult lisatud kohtumine")
    page.get_by_label("Kuupäev").fill("2024-05-02")
    page.get_by_label("Algusaeg").fill("10:00")
    page.get_by_label("Lõpuaeg").fill("11:00")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/network/networks/\d+/$"))
    page.get_by_role("link", name="Eemalda võrgustikust kohtumine 02.05.2024").click()
    assert "Ekslikult lisatud kohtumine" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Eemalda võrgustikust").click()
    page.wait_for_url(re.compile(r"/network/networks/\d+/$"))
    meetings = page.get_by_role("table", name="Kohtumised").inner_text()
    assert "Ekslikult lisatud kohtumine" not in meetings and "Lõimumiskoja teine kohtumine" in meetings
    assert "üritus ise jäi alles" in page.locator("#messages").inner_text()
    page.get_by_role("link", name="Lisa olemasolev üritus kohtumisena").click()
    assert_accessible(page)
    page.get_by_label("Üritus").select_option(label="02.05.2024 — Ekslikult lisatud kohtumine")
    page.get_by_role("button", name="Lisa kohtumisena").click()
    page.wait_for_url(re.compile(r"/network/networks/\d+/$"))
    assert "Ekslikult lisatud kohtumine" in page.get_by_role("table", name="Kohtumised").inner_text()

    page.get_by_role("link", name="Märgi kokkulepitud sagedus").click()
    assert_accessible(page)
    page.get_by_label("Kohtumiste sagedus on kokku lepitud").check()
    page.get_by_label("Kohtumisi perioodis").select_option("quarter")
    page.get_by_label("Vähemalt (kohtumist)").fill("1")
    page.locator("#id_cadence_agreed_on").fill("2024-06-14")
    page.get_by_label("Otsuse protokoll").select_option(label="14.06.2024 — protokoll-14-06-2024.pdf")
    page.get_by_label("Tegevuskava kohustus").select_option(label="Lõimumiskoja korrapärased kohtumised")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/network/networks/\d+/$"))
    main = page.get_by_role("main").inner_text()
    assert "vähemalt 1 kohtumine perioodis: kvartal" in main and "protokoll-14-06-2024.pdf" in main
    assert_accessible(page)
    shoot(page, "network-detail")

    commitment = Obligation.objects.get(key="tallinn-council-meetings")
    assert (commitment.is_open, commitment.period, commitment.min_count) == (False, "quarter", 1)

    page.get_by_role("link", name="Lõimumiskoja korrapärased kohtumised").click()
    page.wait_for_url(re.compile(r"/monitoring/2024/commitments/"))
    row = page.get_by_role("row").filter(has_text="Lõimumiskoja korrapärased kohtumised")
    text = row.inner_text()
    assert "sagedus lepitakse kokku" not in text and "kvartal" in text.lower()
    assert_accessible(page)

    page.goto("/network/networks/")
    assert "Lõimumiskoda" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    shoot(page, "network-list")
