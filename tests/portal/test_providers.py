"""A service's provider is named in the page's language where its party has a public name
(parties.yaml: Tartu is "City of Tartu", "город Тарту", "місто Тарту"; ELVL "Асоціація міст і
волостей Естонії"), with the unit of it kept in Estonian and marked; a provider with no translated
name (a state agency) keeps its Estonian name, marked `lang="et"`."""

from loim.services.models import Area
from loim.services.services import service_create
from tests.portal.helpers import tartu
from tests.services.helpers import provider, service_input


def _service(party, provider_name, name, **kwargs):
    return service_create(party=party, data=service_input(provider(party, provider_name), name=name, **kwargs))


def test_provider_names_on_service_and_journey_pages(client, programme):
    here = {"area": Area.MUNICIPALITIES, "municipalities": [tartu()]}
    social = _service(programme["tartu"], "Tartu Linnavalitsus, sotsiaal- ja tervishoiuosakond", "Toetus", **here)
    police = _service(programme["elvl"], "Politsei- ja Piirivalveamet", "Elamisluba")
    elvl = _service(programme["elvl"], "Eesti Linnade ja Valdade Liit", "Nõustamine")

    page = client.get(f"/ru/services/{social.pk}/").content.decode()
    assert '<dd>город Тарту, <span lang="et">sotsiaal- ja tervishoiuosakond</span></dd>' in page
    page = client.get(f"/uk/services/{police.pk}/").content.decode()
    assert '<dd><span lang="et">Politsei- ja Piirivalveamet</span></dd>' in page
    page = client.get(f"/uk/services/{elvl.pk}/").content.decode()
    assert "<dd>Асоціація міст і волостей Естонії</dd>" in page
    # in Estonian the directory's name as it is, unmarked
    page = client.get(f"/et/services/{social.pk}/").content.decode()
    assert "<dd>Tartu Linnavalitsus, sotsiaal- ja tervishoiuosakond</dd>" in page
    # the municipality page's service cards
    page = client.get("/en/municipalities/tartu/").content.decode()
    assert '<p class="muted">City of Tartu, <span lang="et">sotsiaal- ja tervishoiuosakond</span>' in page


def test_provider_names_on_a_journey_stage(client, programme):
    from loim.services.journeys import JourneyInput, StageInput, journey_create, journey_update, stage_add
    from tests.factories import make_member

    party = programme["tartu"]
    social = _service(
        party,
        "Tartu Linnavalitsus",
        "Eluasemetoetus",
        area=Area.MUNICIPALITIES,
        municipalities=[tartu()],
    )
    user = make_member(party, "coordinator")
    data = JourneyInput(title="Tartusse", municipality=party.municipality)
    journey = journey_create(party=party, data=data, user=user)
    stage_add(journey=journey, data=StageInput(title="Elukoht", services=[social]), user=user)
    journey.refresh_from_db()
    journey_update(journey=journey, data=JourneyInput(**{**data.__dict__, "status": "published"}), user=user)
    stage = journey.stages.get()
    page = client.get(f"/uk/journeys/{journey.pk}/stages/{stage.pk}/").content.decode()
    assert '<p class="muted">місто Тарту' in page and "Tartu Linnavalitsus" not in page
