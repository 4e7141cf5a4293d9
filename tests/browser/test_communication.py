"""Communication work in the browser (issue 15): a Facebook post and a newspaper story recorded by
keyboard alone, a file of web updates with one bad row rejected (the row named, nothing written),
a translation job for a service that moves its translation to "in translation", and the outputs on
the plan row's planned-versus-done. axe-core on every page; no sideways scrolling at 390 px."""

import pytest
from playwright.sync_api import expect

from loim.communication.models import Output
from loim.plans.apps import shipped_plans_dir
from loim.plans.services import event_kinds_ensure, plan_file_import
from tests.browser.conftest import assert_accessible
from tests.browser.test_every_page import OVERFLOW
from tests.communication.helpers import channel


@pytest.fixture
def plan_2024(programme):
    event_kinds_ensure()
    return plan_file_import(shipped_plans_dir() / "2024.yaml").plan


def fits_a_phone(page):
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(OVERFLOW) == [], page.url
    page.set_viewport_size({"width": width, "height": 900})


def test_a_facebook_post_recorded_by_keyboard_alone_and_counted_on_its_row(page, signed_in, member, programme,
                                                                           plan_2024):  # fmt: skip
    rakvere = programme["rakvere"]
    channel(rakvere, "Foreigners in Rakvere and Lääne-Virumaa")
    channel(rakvere, "Ukraina sõbrad Eestis (Rakvere)")
    signed_in(member("rakvere"))
    page.goto("/communication/")
    assert_accessible(page)
    fits_a_phone(page)
    keyboard = page.keyboard
    expect(page.locator("#id_kind_0")).to_be_focused()  # the first kind, none chosen yet
    expect(page.locator("#id_kind_0")).not_to_be_checked()
    for _ in range(3):
        keyboard.press("ArrowRight")  # news → press release → newspaper story → social media post
    expect(page.locator("#id_kind_3")).to_be_checked()
    keyboard.press("Tab")
    expect(page.locator("#id_channel")).to_be_focused()
    keyboard.type("Foreigners")
    keyboard.press("Tab")
    keyboard.type("12.03.2024")
    keyboard.press("Tab")  # languages: Estonian
    keyboard.press("Tab")  # English
    keyboard.press("Space")
    for _ in range(4):
        keyboard.press("Tab")  # Russian, Ukrainian, other, then the title
    expect(page.locator("#id_title")).to_be_focused()
    keyboard.type("Infotund Rakvere raamatukogus 20. märtsil")
    keyboard.press("Tab")
    keyboard.type("https://www.facebook.com/groups/foreignersrakvere/posts/1")
    keyboard.press("Tab")  # the evidence file
    keyboard.press("Tab")
    keyboard.type("1840")
    keyboard.press("Tab")
    keyboard.type("grupi")  # reach counted as: group members
    keyboard.press("Tab")
    options = page.locator("#id_activity option").all_inner_texts()
    wanted = next(i for i, text in enumerate(options) if text.startswith("2024 · 3.2. Maakondliku Facebooki"))
    for _ in range(wanted):
        keyboard.press("ArrowDown")  # the plan row 3.2: the county's Facebook group
    keyboard.press("Control+Enter")
    expect(page.locator(".message-success")).to_contain_text("Salvestatud")
    output = Output.objects.get()
    assert (output.kind, output.channel.name, output.languages, output.reach, output.reach_unit) == (
        "social_post", "Foreigners in Rakvere and Lääne-Virumaa", ["en"], 1840, "group_members",
    )  # fmt: skip
    assert output.activity is not None and output.activity.code == "3.5.2.3/3.2"
    # save and new kept kind, channel, date and languages
    expect(page.locator("#id_kind_3")).to_be_checked()
    expect(page.locator("#id_languages_1")).to_be_checked()
    expect(page.locator("section.recent table tbody tr")).to_have_count(1)
    assert_accessible(page)

    # the plan row shows it as done, with the post as evidence
    page.goto("/plans/2024/")
    row = page.locator(".planned-done li", has_text="Maakondliku Facebooki grupi")
    expect(row).to_contain_text("tehtud 1")
    expect(row).to_contain_text("Infotund Rakvere raamatukogus")
    assert_accessible(page)

    # and in the yearly report: on the row, and in the section per party and language
    page.goto("/monitoring/2024/report/")
    expect(page.locator("main")).to_contain_text("plaanis arvu ei ole, tehtud 1")
    section = page.locator("section[aria-labelledby=report-communication]")
    expect(section.locator("tbody tr")).to_have_count(1)
    expect(section).to_contain_text("sotsiaalmeedia postitus")
    expect(section).to_contain_text("inglise keel")
    assert_accessible(page)


def test_a_newspaper_story_recorded_by_keyboard_alone(page, signed_in, member, programme):
    channel(programme["saaremaa"], "Meie Maa", "newspaper")
    signed_in(member("saaremaa"))
    page.goto("/communication/")
    keyboard = page.keyboard
    keyboard.press("ArrowRight")
    keyboard.press("ArrowRight")  # newspaper story
    keyboard.press("Tab")
    keyboard.type("Meie")
    keyboard.press("Tab")
    keyboard.type("15.05.2024")
    keyboard.press("Tab")
    keyboard.press("Space")  # Estonian
    for _ in range(5):
        keyboard.press("Tab")
    keyboard.type("Kogemuslugu: uus kodu Kuressaares")
    keyboard.press("Tab")
    keyboard.press("Tab")
    keyboard.press("Tab")
    keyboard.type("6500")
    keyboard.press("Tab")
    keyboard.type("tiraa")  # print run
    keyboard.press("Control+Enter")
    expect(page.locator(".message-success")).to_contain_text("Salvestatud")
    output = Output.objects.get()
    assert (output.kind, output.channel.name, output.languages, output.reach_unit, output.party) == (
        "newspaper_story", "Meie Maa", ["et"], "print_run", programme["saaremaa"],
    )  # fmt: skip
    page.goto("/communication/list/")
    expect(page.locator("table.data tbody tr")).to_have_count(1)
    assert_accessible(page)
    fits_a_phone(page)


def test_a_file_of_web_updates_with_one_bad_row_is_rejected(page, signed_in, member, programme, tmp_path):
    channel(programme["parnu"], "parnu.ee", "website")
    signed_in(member("parnu"))
    page.goto("/communication/import/")
    assert_accessible(page)
    fits_a_phone(page)
    bad = tmp_path / "veebiuuendused.csv"
    bad.write_text(
        "Kuupäev;Liik;Kanal;Keeled;Pealkiri;Link\n"
        "05.02.2024;web_page;parnu.ee;en, ru;Elukoha registreerimine;https://www.parnu.ee/en/residence\n"
        "06.02.2024;web_page;parnu.ee;en;Lasteaiakoht;javascript:alert(1)\n"
        "07.02.2024;web_page;parnu.ee;ru;Bussipilet;https://www.parnu.ee/ru/bus\n",
        encoding="utf-8",
    )
    page.set_input_files("#id_file", str(bad))
    with page.expect_navigation():
        page.get_by_role("button", name="Impordi fail").click()
    alert = page.locator(".message-error")
    expect(alert).to_contain_text("Rida 3")
    expect(alert).to_contain_text("Link")
    assert not Output.objects.exists()
    assert_accessible(page)


def test_a_translation_job_for_a_service_moves_its_status(page, signed_in, member, programme):
    from tests.services.helpers import make_service

    service = make_service(programme["tartu"], name="Elukoha registreerimine Tartus")
    signed_in(member("tartu"))
    page.goto(f"/communication/translations/new/?service={service.pk}&target_language=en")
    assert_accessible(page)
    fits_a_phone(page)
    expect(page.locator("#id_subject_kind_1")).to_be_checked()  # a service text
    page.fill("#id_date", "02.04.2024")
    page.locator("#id_translated_by_0").check()
    page.locator("#id_status_0").check()  # in progress
    with page.expect_navigation():
        page.get_by_role("button", name="Salvesta tõlketöö").click()
    expect(page.locator(".message-success")).to_contain_text("Elukoha registreerimine Tartus")
    assert_accessible(page)
    page.goto("/services/translations/")
    expect(page.locator("main")).to_contain_text("tõlkimisel")
    from loim.services.models import ServiceTranslation

    assert ServiceTranslation.objects.get(service=service, language="en").draft is True
