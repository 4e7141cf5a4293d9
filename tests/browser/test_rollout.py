"""ELVL's coordinator moves Pärnu to "implement" in the journey-model rollout and sees the indicator
"KOV-ide arv, kus on rakendatud lõimumis- ja kohanemisteekondade mudelit" change from 0 to 1 on the
2025 indicator page, with Pärnu in the drill-down, and on the dashboard (issue 13). A move without
evidence is refused on its field first, nothing written."""

import datetime as dt
import re

from loim.services.models import RolloutPhase
from tests.browser.conftest import assert_accessible, shoot
from tests.monitoring.builders import make_indicator, make_plan
from tests.services.rollout_helpers import move, partners_in_2024


def figure(page) -> str:
    return page.locator("dl.figures dd.figure").first.inner_text().strip()


def dashboard_figure(page) -> str:
    page.goto("/monitoring/2025/")
    card = page.locator('article[aria-labelledby="ind-journey-model-kovs"] dd.figure a')
    return card.inner_text().split("—")[0].strip()


def test_elvl_moves_parnu_to_implement_and_the_indicator_counts_it(page, signed_in, member, programme):
    make_indicator(
        make_plan(2025),
        "journey-model-kovs",
        rule={"source": "journey_implementations"},
        kind="stock",
        target=2,
        frame_target=7,
        name="KOV-ide arv, kus on rakendatud lõimumis- ja kohanemisteekondade mudelit",
    )
    partners_in_2024()
    move("Pärnu linn", "validate", dt.date(2025, 3, 17))
    move("Tartu linn", "validate", dt.date(2025, 4, 7))
    signed_in(member("elvl", "coordinator"))

    assert dashboard_figure(page) == "0"  # the dashboard (cached under the data generation) first
    page.goto("/monitoring/2025/indicators/journey-model-kovs/")
    assert figure(page) == "0"

    page.goto("/")
    page.get_by_role("link", name="Teekondade mudel").first.click()
    page.wait_for_url(re.compile(r"/services/rollout/$"))
    assert_accessible(page)
    table = page.get_by_role("table", name=re.compile("Omavalitsuste praegune etapp"))
    assert "valideerimine" in table.get_by_role("row", name=re.compile("Pärnu linn")).inner_text()
    shoot(page, "rollout-overview-before")

    page.get_by_role("link", name="Sisesta üleminek etappi").click()
    page.get_by_label("Omavalitsus:", exact=True).select_option(label="Pärnu linn")
    page.get_by_label("Etapp:", exact=True).select_option("implement")
    page.get_by_label("Algus:", exact=True).fill("2025-09-01")
    page.get_by_role("button", name="Salvesta").click()
    field = page.locator(".field.has-error")
    assert "Tõenddokument" in field.inner_text() and "lisage tõendiks dokument või link" in field.inner_text()
    assert_accessible(page)
    assert not RolloutPhase.objects.filter(phase="implement").exists()
    shoot(page, "rollout-form-error")

    page.get_by_label("Tõendi link").fill("https://example.org/parnu-juurutamine")
    page.get_by_label("Märkused").fill("Linnavalitsus kinnitas mudeli rakendamise.")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url(re.compile(r"/services/rollout/\d+/$"))
    assert "Praegune etapp: juurutamine" in page.locator("main").inner_text()
    assert_accessible(page)
    shoot(page, "rollout-history")

    page.goto("/monitoring/2025/indicators/journey-model-kovs/")
    assert figure(page) == "1"
    records = page.get_by_role("table", name="Records behind the figure").or_(
        page.locator("#records-heading ~ div table")
    )
    assert "Pärnu linn" in records.first.inner_text() and "01.09.2025" in records.first.inner_text()
    assert_accessible(page)
    shoot(page, "rollout-indicator")
    assert dashboard_figure(page) == "1"  # the move is a write: the cached dashboard shows it too
