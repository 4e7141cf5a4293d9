"""The translation batches of the service catalogue and the adaptation journeys: units out (XLIFF 2.0
or PO) and units back in. A journey's units are made and read by `journey_exchange.py`; a batch holds
both kinds, and one refused unit of either refuses the whole file.

A unit is one text field of one service: id `service.<pk>.v<text version>.<field>`, e.g.
`service.12.v3.steps`. The id names the text version the Estonian source had at export, so a unit
whose source changed since is refused on import (its translation would be of a text nobody has any
more). Import matches units by id only, against the services the importing user may translate; an id
of another party's service answers like an unknown one. Every unit is checked before anything is
written; one refused unit refuses the file (with every message, each naming its unit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loim.core.translation_files import Batch, Unit
from loim.core.translations import SOURCE_LANGUAGE, TARGET_LANGUAGES, TO_DO, status_of

from .journey_exchange import is_journey_unit, journey_units, plan_journey_units, write_journey_plans
from .models import TEXT_FIELDS, Service, ServiceTranslation
from .services import TextInput, translation_save

UNIT_ID = re.compile(r"service\.(?P<pk>[0-9]+)\.v(?P<version>[0-9]+)\.(?P<field>[a-z_]+)")


def unit_id(service: Service, field: str) -> str:
    return f"service.{service.pk}.v{service.source_version}.{field}"


def translatable_services(user):
    """The services the user may translate: their own parties' (the owning party translates)."""
    return Service.objects.editable_by(user).select_related("provider").prefetch_related("translations")


def export_batch(user, *, language: str, only_to_do: bool = True, services=None, journeys=None) -> Batch:
    """The units of the user's services, then of their journeys, for translation into `language`
    (with the existing translation as the target, so the agency sees what it revises). Given
    `services` (a queryset), only those and the `journeys` given (none unless given) are exported."""
    chosen = translatable_services(user) if services is None else services
    units: list[Unit] = []
    for service in chosen.order_by("pk"):
        existing = next((t for t in service.translations.all() if t.language == language), None)
        if only_to_do and status_of(existing, service) not in TO_DO:
            continue
        for field in TEXT_FIELDS:
            source = getattr(service, field)
            if not source:
                continue
            target = getattr(existing, field) if existing is not None else ""
            units.append(
                Unit(id=unit_id(service, field), source=source, target=target or "", note=service.provider.name)
            )
    if services is None or journeys is not None:
        units += journey_units(user, language=language, only_to_do=only_to_do, journeys=journeys)
    return Batch(source_language=SOURCE_LANGUAGE, target_language=language, units=units)


@dataclass(frozen=True)
class Imported:
    services: int
    units: int
    empty: int
    journeys: int = 0


def _where(unit: Unit) -> str:
    return _("line %(line)d, unit %(id)s") % {"line": unit.line, "id": unit.id} if unit.line else _("unit %s") % unit.id


def import_batch(user, *, batch: Batch, language: str, machine_made: bool = False) -> Imported:
    """Write the batch's translations, or refuse it whole with every problem named by unit."""
    errors: list[str] = []
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
    wanted: dict[int, list[tuple[Unit, int, str]]] = {}
    journey_plans, journey_empty = plan_journey_units(
        user, [u for u in batch.units if is_journey_unit(u)], language=language, where=_where, errors=errors
    )
    for unit in batch.units:
        if is_journey_unit(unit):
            continue
        match = UNIT_ID.fullmatch(unit.id)
        if match is None or match["field"] not in TEXT_FIELDS:
            errors.append(_("%s: not a unit of the service catalogue or of a journey.") % _where(unit))
            continue
        wanted.setdefault(int(match["pk"]), []).append((unit, int(match["version"]), match["field"]))
    services = {s.pk: s for s in translatable_services(user).filter(pk__in=list(wanted))}
    plans: list[tuple[Service, dict[str, str], int]] = []
    empty = 0
    for pk, units in wanted.items():
        service = services.get(pk)
        if service is None:
            errors.extend(_("%s: no service of yours has this id.") % _where(u) for u, _v, _f in units)
            continue
        existing = next((t for t in service.translations.all() if t.language == language), None)
        values = {name: (getattr(existing, name) if existing else "") or "" for name in TEXT_FIELDS}
        stale = False
        for unit, version, field in units:
            if version != service.source_version:
                stale = True
                errors.append(
                    _(
                        "%(where)s: the Estonian text of “%(name)s” changed since the export (version %(old)d, now "
                        "%(new)d); export it again."
                    )
                    % {"where": _where(unit), "name": service.name, "old": version, "new": service.source_version}
                )
                continue
            if not unit.target.strip():
                empty += 1
                continue
            values[field] = unit.target
        for required in ("name", "summary"):
            if not stale and getattr(service, required) and not values[required].strip():
                errors.append(
                    _("%(service)s: the translation needs a target for the unit %(id)s.")
                    % {"service": service.name, "id": unit_id(service, required)}
                )
        plans.append((service, values, service.source_version))
    if errors:
        raise ValidationError(errors)
    written = 0
    with transaction.atomic():
        for service, values, version in plans:
            try:
                translation_save(
                    service=service,
                    language=language,
                    text=TextInput(**values),
                    made_from=version,
                    machine_made=machine_made,
                    user=user,
                )
            except ValidationError as error:
                raise ValidationError([f"{service.name}: {message}" for message in error.messages]) from None
            written += 1
        journeys = write_journey_plans(journey_plans, language=language, machine_made=machine_made, user=user)
    empty += journey_empty
    return Imported(services=written, units=len(batch.units) - empty, empty=empty, journeys=journeys)


__all__ = ["Imported", "ServiceTranslation", "export_batch", "import_batch", "unit_id"]
