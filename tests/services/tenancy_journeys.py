"""Tenancy cases: the adaptation journeys (issue 13).

A journey is a SHARED record like the catalogue it links (docs/decisions.md "Issue 13 — adaptation
journeys"): every member of any party reads it (Readers.EVERY_MEMBER), only the owning party's admins
and coordinators change it, add, edit, move and remove its stages and translate it. Adding a stage is
an edit of the journey (its page is under the journey), so it is in the journey's `edit` list.
"""

import itertools

from django.urls import reverse

from loim.services.journey_models import Journey, JourneyStage, JourneyTranslation
from loim.services.journeys import (
    JourneyInput,
    JourneyTextInput,
    StageInput,
    journey_create,
    journey_translation_save,
    stage_add,
)
from tests.tenancy import API_ACTIONS, Form, Readers, TenancyCase

_n = itertools.count(1)
NO_API = dict.fromkeys(API_ACTIONS, "the API offers no journeys yet")
NO_EXPORT = {"export_csv": "journeys are in no CSV export", "export_xlsx": "journeys are in no XLSX export"}


def make(party):
    return journey_create(
        party=party, data=JourneyInput(title=f"Teekond {next(_n)} {party.slug}", municipality=party.municipality)
    )


def make_stage(party):
    journey = make(party)
    return stage_add(journey=journey, data=StageInput(title=f"Etapp {next(_n)} {party.slug}", text="Tulge kohale."))


def make_translation(party):
    journey = make(party)
    return journey_translation_save(
        journey=journey,
        language="en",
        text=JourneyTextInput(title=f"Journey {next(_n)} {party.slug}"),
        made_from=journey.source_version,
    )


def journey_payload(party_or_journey):
    party = getattr(party_or_journey, "party", party_or_journey)
    return {
        "party": party.pk,
        "title": f"Ülevõetud teekond {next(_n)}",
        "municipality": party.municipality_id or "",
        "status": "draft",
        "version": getattr(party_or_journey, "version", 1),
    }


def stage_payload(record):
    journey = record if isinstance(record, Journey) else record.journey
    journey.refresh_from_db()
    return {"kind": "arrival", "title": f"Ülevõetud etapp {next(_n)}", "text": "", "version": journey.version}


def move_payload(stage):
    stage.journey.refresh_from_db()
    return {"direction": "up", "version": stage.journey.version}


def remove_payload(stage):
    stage.journey.refresh_from_db()
    return {"version": stage.journey.version}


def translation_payload(translation):
    journey = translation.journey
    return {"title": "Taken over", "made_from": journey.source_version, "version": translation.version}


CASES = [
    TenancyCase(
        model=Journey,
        make=make,
        marker=lambda j: j.title,
        readers=Readers.EVERY_MEMBER,
        list=["services:journey_list"],
        read=["services:journey_detail"],
        edit=[
            Form("services:journey_edit", journey_payload),
            Form("services:journey_stage_create", stage_payload),
        ],
        create=[Form("services:journey_create", journey_payload)],
        absent={"delete": "a journey is kept (unpublish it instead)", **NO_EXPORT, **NO_API},
    ),
    TenancyCase(
        model=JourneyStage,
        make=make_stage,
        marker=lambda s: s.title,
        readers=Readers.EVERY_MEMBER,
        list=[lambda s: reverse("services:journey_detail", kwargs={"pk": s.journey_id})],
        read=[Form("services:journey_detail", kwargs=lambda s: {"pk": s.journey_id})],
        edit=[
            Form("services:journey_stage_edit", stage_payload),
            Form("services:journey_stage_move", move_payload),
        ],
        delete=[Form("services:journey_stage_remove", remove_payload)],
        absent={**NO_EXPORT, **NO_API},
    ),
    TenancyCase(
        model=JourneyTranslation,
        make=make_translation,
        marker=lambda t: t.title,
        readers=Readers.EVERY_MEMBER,
        list=[lambda t: reverse("services:journey_detail", kwargs={"pk": t.journey_id})],
        read=[Form("services:journey_detail", kwargs=lambda t: {"pk": t.journey_id})],
        edit=[
            Form(
                "services:journey_translate",
                translation_payload,
                kwargs=lambda t: {"pk": t.journey_id, "language": t.language},
                editors_only=True,
            )
        ],
        absent={"delete": "a translation is replaced, never deleted", **NO_EXPORT, **NO_API},
    ),
]
