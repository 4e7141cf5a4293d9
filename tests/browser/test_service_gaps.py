"""A coordinator opens the service gaps, accepts a "create" proposal, sees the prefilled draft, saves
it, and the gap is then shown as covered (issue 13)."""

import datetime as dt
import re

from playwright.sync_api import expect

from loim.inquiries.models import ReferralTarget
from loim.network.models import Organisation
from loim.services.models import Service
from tests.browser.conftest import assert_accessible
from tests.inquiries.helpers import make_inquiry, topic
from tests.services.helpers import make_service

GAPS = "/inquiries/service-gaps/?start=01.01.2024&end=31.12.2024&threshold=3"


def test_a_create_proposal_becomes_a_service_and_the_gap_is_covered(page, signed_in, member, programme):
    tartu = programme["tartu"]
    office = Organisation.objects.create(party=tartu, name="Tartu Linnavalitsus", kind="municipal")
    ReferralTarget.objects.filter(code="integratsiooni-sihtasutus").update(organisation=office)
    # bus card: 4 inquiries in Estonian, 3 referred to the city government (3 of 4: at least half)
    for i in range(4):
        referrals = ["integratsiooni-sihtasutus"] if i < 3 else []
        make_inquiry(tartu, topics=["bus-card"], language="et", referrals=referrals, date=dt.date(2024, 4, 2))
    # documents: 3 inquiries in Estonian, a national service not checked for 400 days (ELVL's)
    for _ in range(3):
        make_inquiry(tartu, topics=["documents-permits"], language="et", date=dt.date(2024, 4, 3))
    old = make_service(
        programme["elvl"], name="Elamisloa taotlemine", topics=[topic("documents-permits")], languages=["et"]
    )
    Service.objects.filter(pk=old.pk).update(confirmed_on=dt.date.today() - dt.timedelta(days=400))

    signed_in(member("tartu", "coordinator"))
    page.goto(GAPS)
    assert_accessible(page)
    bus = page.locator("li.card", has=page.get_by_role("heading", name=re.compile("bussikaart")))
    expect(bus).to_contain_text("Ükski teenus ei kata seda teemat siin.")
    documents = page.locator("li.card", has=page.get_by_role("heading", name=re.compile("elamisload")))
    expect(documents).to_contain_text("Elamisloa taotlemine")
    expect(documents).to_contain_text("pole kontrollitud alates")
    bus.get_by_role("link", name=re.compile("Loo teenuse mustand")).click()

    page.wait_for_url(re.compile(r"/services/new/"))
    assert_accessible(page)
    expect(page.locator("#prefilled")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value(f"bussikaart ({tartu.municipality.name})")
    expect(page.locator("#id_provider")).to_have_value(str(office.pk))
    expect(page.get_by_label("kindlad omavalitsused")).to_be_checked()
    selected = page.locator("#id_municipalities option:checked")
    expect(selected).to_have_text([tartu.municipality.name])
    expect(page.locator("#id_topics option:checked")).to_have_text(["bussikaart"])
    page.locator("#id_name").fill("Bussikaardi taotlemine Tartus")
    page.locator("#id_summary").fill("Tartu linnaliinide sõidukaart elanikule.")
    with page.expect_navigation():
        page.get_by_role("button", name="Salvesta").click()
    expect(page.locator("#messages")).to_contain_text("Bussikaardi taotlemine Tartus")

    page.goto(GAPS)
    covered = page.locator("section", has=page.get_by_role("heading", name="Kaetud teemad"))
    expect(covered).to_contain_text("bussikaart")
    expect(covered).to_contain_text("Bussikaardi taotlemine Tartus")
    expect(page.locator("li.card", has=page.get_by_role("heading", name=re.compile("bussikaart")))).to_have_count(0)
    assert_accessible(page)
