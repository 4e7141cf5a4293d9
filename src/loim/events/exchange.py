"""Public events' translation batches: units out (XLIFF 2.0 or PO, `core.translation_files`) and back in.

The same rules as the service catalogue's (services/exchange.py, docs/decisions.md "Issue 13"): a
unit is one non-empty text field of one public event, id `event.<pk>.v<text version>.<field>`, e.g.
`event.12.v3.registration`; a unit whose event's Estonian text changed since the export is refused;
import matches ids only among the public events the importing user may translate (another party's
id reads as unknown); every unit is checked first and one refused unit refuses the file, with every
message naming its unit. A unit without a target leaves that field as it was; a new translation
needs a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loim.core.translation_files import Batch, Unit
from loim.core.translations import SOURCE_LANGUAGE, TARGET_LANGUAGES, TO_DO, status_of

from .models import TEXT_FIELDS, Event
from .translation import EventTextInput, event_translation_save, translatable_events

UNIT_ID = re.compile(r"event\.(?P<pk>[0-9]+)\.v(?P<version>[0-9]+)\.(?P<field>[a-z_]+)")


def unit_id(event: Event, field: str) -> str:
    return f"event.{event.pk}.v{event.source_version}.{field}"


def _note(event: Event) -> str:
    return f"{event.party.name}, {timezone.localtime(event.start):%d.%m.%Y %H:%M}"


def export_batch(user, *, language: str, only_to_do: bool = True, events=None) -> Batch:
    """The units of the user's public events for translation into `language`, the existing
    translation as the target (so the agency sees what it revises)."""
    if language not in TARGET_LANGUAGES:
        raise ValidationError(_("Translations are into English, Russian or Ukrainian."))
    chosen = translatable_events(user) if events is None else events
    units: list[Unit] = []
    for event in chosen.order_by("pk"):
        existing = next((t for t in event.translations.all() if t.language == language), None)
        if only_to_do and status_of(existing, event) not in TO_DO:
            continue
        for field in TEXT_FIELDS:
            source = getattr(event, field)
            if not source:
                continue
            target = getattr(existing, field) if existing is not None else ""
            units.append(Unit(id=unit_id(event, field), source=source, target=target or "", note=_note(event)))
    return Batch(source_language=SOURCE_LANGUAGE, target_language=language, units=units)


@dataclass(frozen=True)
class Imported:
    events: int
    units: int
    empty: int


def _where(unit: Unit) -> str:
    return _("line %(line)d, unit %(id)s") % {"line": unit.line, "id": unit.id} if unit.line else _("unit %s") % unit.id


def _check_languages(batch: Batch, language: str) -> None:
    if language == SOURCE_LANGUAGE or batch.target_language.split("-")[0].lower() == SOURCE_LANGUAGE:
        raise ValidationError(
            _(
                "The file's target language is Estonian, the events' own language: a translation is into English, "
                "Russian or Ukrainian."
            )
        )
    if batch.target_language.split("-")[0].lower() != language:
        raise ValidationError(
            _("The file is a translation into “%(file)s”, not into the language chosen (“%(chosen)s”).")
            % {"file": batch.target_language, "chosen": language}
        )
    if language not in TARGET_LANGUAGES:
        raise ValidationError(_("Translations are into English, Russian or Ukrainian."))
    if batch.source_language and batch.source_language.split("-")[0].lower() != SOURCE_LANGUAGE:
        raise ValidationError(_("The file's source language is “%s”, not Estonian.") % batch.source_language)
    if not batch.units:
        raise ValidationError(_("The file has no units."))


def import_batch(user, *, batch: Batch, language: str, machine_made: bool = False) -> Imported:
    """Write the batch's translations, or refuse it whole with every problem named by unit."""
    _check_languages(batch, language)
    errors: list[str] = []
    wanted: dict[int, list[tuple[Unit, int, str]]] = {}
    for unit in batch.units:
        match = UNIT_ID.fullmatch(unit.id)
        if match is None or match["field"] not in TEXT_FIELDS:
            errors.append(_("%s: not a unit of an event's texts.") % _where(unit))
            continue
        wanted.setdefault(int(match["pk"]), []).append((unit, int(match["version"]), match["field"]))
    events = {e.pk: e for e in translatable_events(user).filter(pk__in=list(wanted))}
    plans: list[tuple[Event, dict[str, str], int]] = []
    empty = 0
    for pk, units in wanted.items():
        event = events.get(pk)
        if event is None:
            errors.extend(_("%s: no public event of yours has this id.") % _where(u) for u, _v, _f in units)
            continue
        existing = next((t for t in event.translations.all() if t.language == language), None)
        values = {name: (getattr(existing, name) if existing else "") or "" for name in TEXT_FIELDS}
        stale = False
        for unit, version, field in units:
            if version != event.source_version:
                stale = True
                errors.append(
                    _(
                        "%(where)s: the Estonian text of “%(title)s” changed since the export (version %(old)d, now "
                        "%(new)d); export it again."
                    )
                    % {"where": _where(unit), "title": event.title, "old": version, "new": event.source_version}
                )
                continue
            if not unit.target.strip():
                empty += 1
                continue
            values[field] = unit.target
        if not stale and not values["title"].strip():
            errors.append(
                _("%(title)s: the translation needs a target for the unit %(id)s.")
                % {"title": event.title, "id": unit_id(event, "title")}
            )
        plans.append((event, values, event.source_version))
    if errors:
        raise ValidationError(errors)
    written = 0
    with transaction.atomic():
        for event, values, version in plans:
            try:
                event_translation_save(
                    event=event,
                    language=language,
                    text=EventTextInput(**values),
                    made_from=version,
                    machine_made=machine_made,
                    user=user,
                )
            except ValidationError as error:
                raise ValidationError([f"{event.title}: {message}" for message in error.messages]) from None
            written += 1
    return Imported(events=written, units=len(batch.units) - empty, empty=empty)


__all__ = ["Imported", "export_batch", "import_batch", "unit_id"]
