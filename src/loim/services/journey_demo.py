"""Demo adaptation journeys (`data/journeys.yaml`): one per partner, with their stages linking the
catalogue's demo services, translations into English, Russian and Ukrainian, some outdated (a stage
changed after they were made) and one machine-made. A journey already seeded (by title and party) is
left alone; a service or document the other demos did not create is skipped."""

from __future__ import annotations

from loim.core.demo import demo_data
from loim.network.models import Document
from loim.parties.models import Party

from .journey_models import Journey, JourneyStatus
from .journeys import (
    JourneyInput,
    JourneyTextInput,
    StageInput,
    journey_create,
    journey_translation_save,
    journey_update,
    stage_add,
    stage_update,
)
from .models import Service


def _stage_input(entry: dict, party) -> StageInput:
    services = [Service.objects.filter(name=name).order_by("pk").first() for name in entry.get("services", [])]
    documents = [
        Document.objects.filter(title=title, source__isnull=True).order_by("pk").first()
        for title in entry.get("documents", [])
    ]
    return StageInput(
        kind=entry.get("kind", "other"),
        title=entry["title"],
        text=entry.get("text", ""),
        services=[s for s in services if s is not None],
        documents=[d for d in documents if d is not None],
    )


def _translate(journey: Journey, entry: dict, languages) -> None:
    journey.refresh_from_db()
    stages = list(journey.stages.order_by("position"))
    for language in languages:
        values = entry["translations"][language]
        texts = {stage.pk: dict(text) for stage, text in zip(stages, values.get("stages", []), strict=False)}
        journey_translation_save(
            journey=journey,
            language=language,
            text=JourneyTextInput(title=values["title"], intro=values.get("intro", ""), stages=texts),
            made_from=journey.source_version,
            machine_made=language in entry.get("machine", []),
        )


def seed(*, out) -> None:
    parties = {party.slug: party for party in Party.objects.all()}
    created = 0
    for entry in demo_data("services", "journeys")["journeys"]:
        party = parties.get(entry["party"])
        if party is None or Journey.objects.filter(party=party, title=entry["title"]).exists():
            continue
        data = JourneyInput(title=entry["title"], intro=entry.get("intro", ""), municipality=party.municipality)
        journey = journey_create(party=party, data=data)
        for stage in entry.get("stages", []):
            stage_add(journey=journey, data=_stage_input(stage, party))
        translations = entry.get("translations", {})
        _translate(journey, entry, translations)
        if entry.get("change"):
            changed = journey.stages.order_by("position")[entry["change"]["stage"] - 1]
            values = next(s for s in entry["stages"] if s["title"] == changed.title)
            stage_update(stage=changed, data=_stage_input(values | {"text": entry["change"]["text"]}, party))
            _translate(journey, entry, [code for code in translations if code not in entry.get("outdated", [])])
        if entry.get("status") == JourneyStatus.PUBLISHED:
            journey.refresh_from_db()
            journey_update(journey=journey, data=JourneyInput(**{**data.__dict__, "status": JourneyStatus.PUBLISHED}))
        created += 1
    out.write(f"Journeys: {created} created ({Journey.objects.count()} in all)\n")
