"""The portal's search finds published journeys and their stages in the page's language (their
translation, or the Estonian text it falls back to, labelled), and never an unpublished journey, its
stages or a draft translation."""

import pytest

from loim.services.journeys import (
    JourneyInput,
    JourneyTextInput,
    StageInput,
    journey_create,
    journey_translation_save,
    journey_update,
    stage_add,
)
from tests.factories import make_member


def _journey(party, user, title, stages, *, publish=True, intro=""):
    data = JourneyInput(title=title, intro=intro, municipality=party.municipality)
    journey = journey_create(party=party, data=data, user=user)
    for stage_title, text in stages:
        stage_add(journey=journey, data=StageInput(title=stage_title, text=text), user=user)
    journey.refresh_from_db()
    if publish:
        journey = journey_update(
            journey=journey, data=JourneyInput(**{**data.__dict__, "status": "published"}), user=user
        )
        journey.refresh_from_db()
    return journey, list(journey.stages.order_by("position"))


@pytest.fixture
def journeys(programme):
    tartu, parnu = programme["tartu"], programme["parnu"]
    user = make_member(tartu, "coordinator")
    journey, (arrival, residence) = _journey(
        tartu,
        user,
        "Esimesed sammud Tartus",
        [("Saabumine", "Tere tulemast Tartusse."), ("Elukoha registreerimine", "Registreerige elukoht kuu jooksul.")],
        intro="Teekond Tartusse elama asujale.",
    )
    # Russian: everything but the second stage's text; Ukrainian: the first stage only
    journey_translation_save(
        journey=journey,
        language="ru",
        text=JourneyTextInput(
            title="Первые шаги в Тарту",
            intro="Как обустроиться в Тарту.",
            stages={
                arrival.pk: {"title": "Прибытие", "text": "Добро пожаловать в Тарту."},
                residence.pk: {"title": "Регистрация места жительства", "text": ""},
            },
        ),
        made_from=journey.source_version,
    )
    journey_translation_save(
        journey=journey,
        language="uk",
        text=JourneyTextInput(
            title="Перші кроки в Тарті",
            stages={arrival.pk: {"title": "Прибуття", "text": "Ласкаво просимо до Тарту."}},
        ),
        made_from=journey.source_version,
    )
    # never on the portal: a draft journey (with a Russian translation) and a draft translation
    draft, _ = _journey(
        tartu, user, "Salajane teekond", [("Peidetud samm", "Kapsasupp igal neljapäeval.")], publish=False
    )
    journey_translation_save(
        journey=draft,
        language="ru",
        text=JourneyTextInput(title="Тайный путь", stages={draft.stages.get().pk: {"title": "Скрытый шаг"}}),
        made_from=draft.source_version,
    )
    parnu_user = make_member(parnu, "coordinator")
    work, (job,) = _journey(parnu, parnu_user, "Tööle Pärnus", [("Töö otsimine", "Töötukassa aitab.")])
    journey_translation_save(
        journey=work,
        language="uk",
        text=JourneyTextInput(title="Чернетка роботи", stages={job.pk: {"title": "Пошук вакансій"}}),
        made_from=work.source_version,
        draft=True,
    )
    return {"journey": journey, "arrival": arrival, "residence": residence, "draft": draft, "work": work, "job": job}


def _search(client, language, words):
    response = client.get(f"/{language}/search/", {"q": words})
    assert response.status_code == 200
    return response.content.decode()


def test_a_journey_is_found_by_its_translated_title_in_russian_and_ukrainian(client, journeys):
    pk = journeys["journey"].pk
    page = _search(client, "ru", "первые шаги")
    assert f'<a href="/ru/journeys/{pk}/">Первые шаги в Тарту</a>' in page
    # its intro is the snippet (no word of the query in it: its beginning)
    assert '<p class="snippet">Как обустроиться в Тарту.</p>' in page
    page = _search(client, "uk", "перші кроки")
    assert f'<a href="/uk/journeys/{pk}/">Перші кроки в Тарті</a>' in page
    # the Ukrainian translation has no intro: the Estonian one is its snippet, marked lang="et"
    assert '<p class="snippet" lang="et">' in page


def test_a_stage_is_found_in_the_pages_language_with_its_journey(client, journeys):
    pk, arrival = journeys["journey"].pk, journeys["arrival"].pk
    page = _search(client, "ru", "прибытие")
    assert f'<a href="/ru/journeys/{pk}/stages/{arrival}/">Прибытие</a>' in page
    assert "Шаг инструкции: Первые шаги в Тарту" in page
    assert '<p class="snippet">Добро пожаловать в Тарту.</p>' in page  # the stage's own text
    page = _search(client, "uk", "ласкаво")
    assert f'<a href="/uk/journeys/{pk}/stages/{arrival}/">Прибуття</a>' in page
    assert "<mark>Ласкаво</mark> просимо до Тарту." in page


def test_a_stage_without_a_translation_is_found_in_estonian_labelled(client, journeys):
    pk, residence = journeys["journey"].pk, journeys["residence"].pk
    # Ukrainian has no text for the second stage: its Estonian title and text, marked and labelled
    page = _search(client, "uk", "elukoha")
    assert f'<a href="/uk/journeys/{pk}/stages/{residence}/" lang="et">Elukoha registreerimine</a>' in page
    assert "(Текст естонською мовою)" in page
    # Russian translated its title only: found by the Estonian text, titled in Russian, snippet lang="et"
    page = _search(client, "ru", "registreerige")
    assert f'<a href="/ru/journeys/{pk}/stages/{residence}/">Регистрация места жительства</a>' in page
    assert '<p class="snippet" lang="et"><mark>Registreerige</mark> elukoht kuu jooksul.</p>' in page


@pytest.mark.parametrize("language", ["et", "en", "ru", "uk"])
def test_an_unpublished_journey_its_stages_and_a_draft_translation_are_never_found(client, journeys, language):
    for words in ("salajane", "peidetud", "kapsasupp", "тайный", "скрытый", "чернетка", "вакансій"):
        page = _search(client, language, words)
        for private in ("Salajane teekond", "Peidetud samm", "Тайный путь", "Скрытый шаг", "Чернетка", "вакансій"):
            assert private not in page.replace(f'value="{words}"', ""), (language, words)
        assert f"/journeys/{journeys['draft'].pk}/" not in page
    # the published Pärnu journey is found by its Estonian title (its Ukrainian translation is a draft)
    page = _search(client, language, "pärnus")
    assert f'/{language}/journeys/{journeys["work"].pk}/"' in page and "Tööle Pärnus" in page
