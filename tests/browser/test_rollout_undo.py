"""ELVL's coordinator undoes Pärnu's mistaken move to "implement": the indicator
journey-model-kovs goes back from 1 to 0 and the history lists the undone move with its reason
(issue 13)."""

import datetime as dt
import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.monitoring.builders import make_indicator, make_plan
from tests.services.rollout_helpers import move, partners_in_2024


def figure(page) -> str:
    return page.locator("dl.figures dd.figure").first.inner_text().strip()


def test_elvl_undoes_a_mistaken_last_move(page, signed_in, member, programme):
    make_indicator(
        make_plan(2025),
        "journey-model-kovs",
        rule={"source": "journey_implementations"},
        kind="stock",
        target=2,
        frame_target=7,
    )
    partners_in_2024()
    move("Pärnu linn", "validate", dt.date(2025, 3, 17))
    wrong = move("Pärnu linn", "implement", dt.date(2025, 9, 1), url="https://example.org/vale")
    signed_in(member("elvl", "coordinator"))
    page.goto("/monitoring/2025/indicators/journey-model-kovs/")
    assert figure(page) == "1"

    page.goto(f"/services/rollout/{wrong.municipality_id}/")
    page.get_by_role("link", name="Võta viimane üleminek tagasi").click()
    page.wait_for_url(re.compile(r"/services/rollout/move/\d+/undo/$"))
    assert_accessible(page)
    page.get_by_label("Miks üleminek tagasi võetakse?").fill("Sisestati ekslikult: Pärnu alles valideerib.")
    with page.expect_navigation():
        page.get_by_role("button", name="Võta üleminek tagasi").click()
    expect(page.locator("#messages")).to_contain_text("võeti tagasi")
    main = page.locator("main")
    expect(main).to_contain_text("Praegune etapp: valideerimine")
    expect(page.get_by_role("table", name="Tagasi võetud üleminekud")).to_contain_text("Pärnu alles valideerib")
    assert_accessible(page)

    page.goto("/monitoring/2025/indicators/journey-model-kovs/")
    assert figure(page) == "0"
