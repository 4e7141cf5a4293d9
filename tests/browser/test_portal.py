"""The public portal in a browser, as a newcomer: Russian and Ukrainian walks from the home page to
Tartu, a service and an event; the accessibility statement in each language; axe on every portal
template; no page wider than a 360-px phone; everything works without JavaScript."""

import re

import pytest

from tests.browser.conftest import assert_accessible
from tests.browser.test_every_page import OVERFLOW
from tests.portal.helpers import contact_point, content


@pytest.fixture
def things(programme):
    contact_point(programme["tartu"])
    return content(programme)


@pytest.fixture
def no_js(browser, live_server, programme):
    context = browser.new_context(
        base_url=live_server.url, locale="ru-RU", timezone_id="Europe/Tallinn", java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(
    ("language", "tartu_heading", "services_heading", "fallback_note"),
    [
        ("ru", "город Тарту", "Услуги здесь", "Текст на эстонском языке"),
        ("uk", "місто Тарту", "Послуги тут", "Текст естонською мовою"),
    ],
)
def test_a_newcomer_walks_the_portal(no_js, things, language, tartu_heading, services_heading, fallback_note):
    """With JavaScript off (axe, being a script, checks the same pages in the test below)."""
    page = no_js
    page.goto("/public/")  # an old link: the visitor's language is Russian (the browser's)
    page.wait_for_url(re.compile(r"/ru/$"))
    if language != "ru":
        page.get_by_role("navigation", name="Язык").get_by_role("link", name="Українська").click()
        page.wait_for_url(re.compile(rf"/{language}/$"))
    assert page.locator("html").get_attribute("lang") == language
    page.get_by_role("link", name=tartu_heading).click()
    page.wait_for_url(re.compile(rf"/{language}/municipalities/tartu/$"))
    assert page.get_by_role("heading", level=1).inner_text() == tartu_heading
    assert page.get_by_role("heading", name=services_heading).is_visible()
    assert "Kristiina Org" in page.get_by_role("main").inner_text()
    # a journey, step by step (its title is Russian; in Ukrainian it falls back to Estonian, marked)
    journey_title = "Первые шаги в Тарту" if language == "ru" else "Esimesed sammud Tartus"
    page.get_by_role("link", name=journey_title).click()
    page.wait_for_url(re.compile(rf"/{language}/journeys/{things['journey'].pk}/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith(journey_title)
    page.get_by_role("link", name=re.compile("^Saabumine")).click()
    page.wait_for_url(re.compile(rf"/{language}/journeys/{things['journey'].pk}/stages/\d+/$"))
    assert ("Шаг 1 из 2" if language == "ru" else "Крок 1 з 2") in page.get_by_role("main").inner_text()
    assert "Tartu uussisserändaja juhend" in page.get_by_role("main").inner_text()  # its guidance
    page.get_by_role("link", name="Следующий шаг" if language == "ru" else "Наступний крок").click()
    assert ("Шаг 2 из 2" if language == "ru" else "Крок 2 з 2") in page.get_by_role("main").inner_text()
    page.goto(f"/{language}/municipalities/tartu/")
    service_name = "Регистрация места жительства" if language == "ru" else "Elukoha registreerimine"
    page.get_by_role("link", name=re.compile(service_name)).first.click()
    page.wait_for_url(re.compile(rf"/{language}/services/{things['service'].pk}/$"))
    assert fallback_note in page.get_by_role("main").inner_text()  # the steps are in Estonian, labelled
    assert page.locator("main [lang=et]").count() >= 1
    page.go_back()
    page.get_by_role("link", name=re.compile("Eesti keele suhtlusklubi")).click()
    page.wait_for_url(re.compile(rf"/{language}/events/{things['event'].pk}/$"))
    assert page.locator("html").get_attribute("lang") == language
    assert "OpenStreetMap" in page.get_by_role("main").inner_text()
    # the feedback form works without JavaScript
    page.get_by_label("Да" if language == "ru" else "Так").check()
    page.get_by_role("button", name="Отправить ответ" if language == "ru" else "Надіслати відповідь").click()
    page.wait_for_url(re.compile(r"\?feedback=thanks"))
    assert page.get_by_role("heading", name="Спасибо за ответ" if language == "ru" else "Дякуємо за відповідь")


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("et", "Ligipääsetavuse teave"),
        ("en", "Accessibility statement"),
        ("ru", "Заявление о доступности"),
        ("uk", "Заява про доступність"),
    ],
)
def test_the_accessibility_statement_in_each_language(page, language, heading):
    page.goto(f"/{language}/")
    page.get_by_role("contentinfo").get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/{language}/accessibility/$"))
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.locator("main a[href='mailto:loim@elvl.ee']").count() == 1
    assert_accessible(page)


def portal_pages(things):
    service, event = things["service"].pk, things["event"].pk
    return [
        "/ru/",
        "/uk/national/",
        "/ru/municipalities/tartu/",
        "/uk/municipalities/parnu/",  # no contact point, no services
        f"/ru/services/{service}/",
        f"/uk/services/{things['national'].pk}/",
        "/ru/events/",
        "/uk/events/?when=past",
        f"/uk/events/{event}/",
        "/ru/search/?q=juhend",
        "/ru/search/?q=saabumine",  # a journey's step found
        f"/ru/journeys/{things['journey'].pk}/",
        f"/uk/journeys/{things['journey'].pk}/stages/{things['journey'].stages.order_by('position').first().pk}/",
        "/uk/search/?q=" + "x" * 300,  # the refused query
        "/ru/search/?q=qqqqzz",  # nothing found
        "/en/accessibility/",
        "/ru/no-such-page/",  # 404
        "/de/",  # an unknown language
        "/ru/?feedback=thanks",
    ]


def test_axe_and_360_px_on_every_portal_template(page, things):
    failures = []
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        for address in portal_pages(things):
            page.goto(address)
            assert_accessible(page)
            if width == 360:
                wide = page.evaluate(OVERFLOW)
                if wide:
                    failures.append(f"{address}: {wide}")
    assert not failures, "pages wider than 360 px:\n" + "\n".join(failures)


def test_the_refused_feedback_pages_are_accessible(page, things, settings):
    from loim.portal import feedback

    page.goto("/ru/")
    for _ in range(feedback.RATE_LIMIT + 1):
        page.goto("/ru/")
        page.get_by_label("Нет").check()
        page.get_by_role("button", name="Отправить ответ").click()
        page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Ваш ответ не сохранён"
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert not page.evaluate(OVERFLOW)
