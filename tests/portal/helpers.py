"""Building portal content for the tests: published and unpublished services, public and private
documents, public and internal events, and Tartu's contact point."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from loim.network.models import Contact, Organisation
from loim.places.models import Municipality
from loim.services.models import Area
from loim.services.services import TextInput, translation_save
from tests.events.helpers import make_event
from tests.network.search_data import document
from tests.services.helpers import make_service


def tartu():
    return Municipality.objects.get(name="Tartu linn")


def contact_point(party, *, coordinator="Kristiina Org", other="Mari Kask"):
    department = Organisation.objects.create(
        party=party,
        name="Tartu Linnavalitsus, sotsiaalosakond",
        kind="municipal",
        languages=["et", "ru"],
        email="sotsiaal@tartu.example.ee",
    )
    department.municipalities.add(party.municipality)
    Contact.objects.create(
        party=party,
        organisation=department,
        name=coordinator,
        role="kohanemisteenuste koordinaator",
        email="kristiina.org@example.ee",
        languages=["et", "en"],
    )
    Contact.objects.create(
        party=party, organisation=department, name=other, role="raamatupidaja", email="mk@example.ee"
    )
    return department


def content(programme):
    """One of each public and private thing, for Tartu and ELVL."""
    party = programme["tartu"]
    soon = timezone.localdate() + dt.timedelta(days=7)
    service = make_service(party, name="Elukoha registreerimine", area=Area.MUNICIPALITIES, municipalities=[tartu()])
    translation_save(
        service=service,
        language="ru",
        text=TextInput(name="Регистрация места жительства", summary="Данные о месте жительства вносятся в регистр."),
        made_from=service.source_version,
    )
    national = make_service(programme["elvl"], name="Eesti keele kursused")
    draft = make_service(
        party, name="Salajane mustand", area=Area.MUNICIPALITIES, municipalities=[tartu()], published=False
    )
    guide = document(party, "Tartu uussisserändaja juhend", visibility="public")
    private = document(party, "Sisemine protokoll", visibility="all_networks")
    withdrawn = document(party, "Tagasivõetud juhend", visibility="public")
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save()
    elvl_guide = document(programme["elvl"], "Riiklik kohanemisjuhend", visibility="public")
    journey, draft_journey = journeys(party, service, guide)
    event = make_event(party, title="Eesti keele suhtlusklubi", is_public=True, day=soon, languages=["et", "ru"])
    internal = make_event(party, title="Võrgustiku sisekohtumine", day=soon)
    return {
        "service": service,
        "national": national,
        "draft": draft,
        "guide": guide,
        "private": private,
        "withdrawn": withdrawn,
        "elvl_guide": elvl_guide,
        "event": event,
        "internal": internal,
        "journey": journey,
        "draft_journey": draft_journey,
    }


def journeys(party, service, guide):
    """Tartu's published journey (two stages, the first linking the service and the guide; Russian
    title only) and a draft journey."""
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

    user = make_member(party, "coordinator")
    data = JourneyInput(
        title="Esimesed sammud Tartus", intro="Teekond Tartusse elama asujale.", municipality=party.municipality
    )
    journey = journey_create(party=party, data=data, user=user)
    stage_add(
        journey=journey,
        data=StageInput(
            kind="arrival", title="Saabumine", text="Tere tulemast.", services=[service], documents=[guide]
        ),
        user=user,
    )
    stage_add(journey=journey, data=StageInput(kind="residence", title="Elukoha registreerimine"), user=user)
    journey.refresh_from_db()
    journey = journey_update(journey=journey, data=JourneyInput(**{**data.__dict__, "status": "published"}), user=user)
    journey.refresh_from_db()
    journey_translation_save(
        journey=journey,
        language="ru",
        text=JourneyTextInput(title="Первые шаги в Тарту", intro="", stages={}),
        made_from=journey.source_version,
    )
    draft = journey_create(
        party=party, data=JourneyInput(title="Salajane teekond", municipality=party.municipality), user=user
    )
    return journey, draft


PRIVATE_MARKERS = (
    "Salajane teekond",
    "Salajane mustand",
    "Sisemine protokoll",
    "Tagasivõetud juhend",
    "Võrgustiku sisekohtumine",
)
