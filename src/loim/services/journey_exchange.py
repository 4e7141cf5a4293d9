"""Adaptation journeys in the translation batches (`exchange.py` writes and reads the files for both
services and journeys): the units of a journey and their import.

Unit ids: `journey.<pk>.v<text version>.title` and `.intro` for the journey, and
`journey.<pk>.v<text version>.stage.<stage pk>.title` and `.text` for each stage. The text version is
the journey's, which counts changes of the stages' texts too, so a unit exported before any text of
the journey changed is refused on import ("export it again"), as a service's is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from loim.core.translation_files import Unit
from loim.core.translations import TO_DO, status_of

from .journey_models import JOURNEY_FIELDS, STAGE_FIELDS, Journey, JourneyTranslation
from .journeys import JourneyTextInput, journey_translation_save

UNIT_ID = re.compile(
    r"journey\.(?P<pk>[0-9]+)\.v(?P<version>[0-9]+)\."
    r"(?:(?P<field>title|intro)|stage\.(?P<stage>[0-9]+)\.(?P<stage_field>title|text))"
)


def unit_id(journey: Journey, field: str, stage=None) -> str:
    if stage is None:
        return f"journey.{journey.pk}.v{journey.source_version}.{field}"
    return f"journey.{journey.pk}.v{journey.source_version}.stage.{stage.pk}.{field}"


def is_journey_unit(unit: Unit) -> bool:
    return unit.id.startswith("journey.")


def translatable_journeys(user):
    """The journeys the user may translate: their own parties'."""
    return Journey.objects.editable_by(user).prefetch_related("translations", "stages")


def journey_units(user, *, language: str, only_to_do: bool = True, journeys=None) -> list[Unit]:
    """The units of the user's journeys (their own texts, then each stage's in order), with the
    existing translation as the target."""
    chosen = translatable_journeys(user) if journeys is None else journeys
    units: list[Unit] = []
    for journey in chosen.order_by("pk"):
        existing = next((t for t in journey.translations.all() if t.language == language), None)
        if only_to_do and status_of(existing, journey) not in TO_DO:
            continue
        note = journey.title
        for field in JOURNEY_FIELDS:
            source = getattr(journey, field)
            if source:
                target = getattr(existing, field) if existing is not None else ""
                units.append(Unit(id=unit_id(journey, field), source=source, target=target or "", note=note))
        for stage in sorted(journey.stages.all(), key=lambda s: (s.position, s.pk)):
            for field in STAGE_FIELDS:
                source = getattr(stage, field)
                if source:
                    target = existing.stage_value(stage.pk, field) if existing is not None else ""
                    units.append(Unit(id=unit_id(journey, field, stage), source=source, target=target, note=note))
    return units


@dataclass(frozen=True)
class Plan:
    journey: Journey
    text: JourneyTextInput
    version: int


def plan_journey_units(user, units: list[Unit], *, language: str, where, errors: list[str]) -> tuple[list[Plan], int]:
    """Check the journey units of a batch; problems go to `errors` (each naming its unit). Returns the
    translations to write and the number of units without a target."""
    wanted: dict[int, list[tuple[Unit, re.Match]]] = {}
    for unit in units:
        match = UNIT_ID.fullmatch(unit.id)
        if match is None:
            errors.append(_("%s: not a unit of a journey.") % where(unit))
            continue
        wanted.setdefault(int(match["pk"]), []).append((unit, match))
    journeys = {j.pk: j for j in translatable_journeys(user).filter(pk__in=list(wanted))}
    plans: list[Plan] = []
    empty = 0
    for pk, found in wanted.items():
        journey = journeys.get(pk)
        if journey is None:
            errors.extend(_("%s: no journey of yours has this id.") % where(u) for u, _m in found)
            continue
        existing: JourneyTranslation | None = next(
            (t for t in journey.translations.all() if t.language == language), None
        )
        stage_ids = {s.pk for s in journey.stages.all()}
        own = {name: (getattr(existing, name) if existing else "") or "" for name in JOURNEY_FIELDS}
        stages = {
            pk: {name: existing.stage_value(pk, name) if existing else "" for name in STAGE_FIELDS} for pk in stage_ids
        }
        stale = False
        for unit, match in found:
            version = int(match["version"])
            if version != journey.source_version:
                stale = True
                errors.append(
                    _(
                        "%(where)s: the Estonian text of the journey “%(name)s” changed since the export (version "
                        "%(old)d, now %(new)d); export it again."
                    )
                    % {"where": where(unit), "name": journey.title, "old": version, "new": journey.source_version}
                )
                continue
            stage = int(match["stage"]) if match["stage"] else None
            if stage is not None and stage not in stage_ids:
                errors.append(
                    _("%(where)s: the journey “%(name)s” has no such stage.")
                    % {"where": where(unit), "name": journey.title}
                )
                continue
            if not unit.target.strip():
                empty += 1
                continue
            if stage is None:
                own[match["field"]] = unit.target
            else:
                stages[stage][match["stage_field"]] = unit.target
        if not stale and not own["title"].strip():
            errors.append(
                _("%(journey)s: the translation needs a target for the unit %(id)s.")
                % {"journey": journey.title, "id": unit_id(journey, "title")}
            )
        plans.append(Plan(journey, JourneyTextInput(own["title"], own["intro"], stages), journey.source_version))
    return plans, empty


def write_journey_plans(plans: list[Plan], *, language: str, machine_made: bool, user) -> int:
    """Write the checked translations (inside the caller's transaction)."""
    for plan in plans:
        try:
            journey_translation_save(
                journey=plan.journey,
                language=language,
                text=plan.text,
                made_from=plan.version,
                machine_made=machine_made,
                user=user,
            )
        except ValidationError as error:
            raise ValidationError([f"{plan.journey.title}: {message}" for message in error.messages]) from None
    return len(plans)
