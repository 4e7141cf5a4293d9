"""The translation batches of the service catalogue and the adaptation journeys (XLIFF 2.0 or PO): one
file holds both kinds, through the one exchange, `core.translations.exchange`, which holds the rules
(docs/decisions.md "Issue 13" and "Debt — one translation mechanism"). The journeys' kind is in
`journey_exchange.py`.

A unit is one text field of one service: id `service.<pk>.v<text version>.<field>`, e.g.
`service.12.v3.steps`. Import matches units by id only, against the services the importing user may
translate; an id of another party's service answers like an unknown one; a new translation needs a
name and a summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from loim.core.translation_files import Batch
from loim.core.translations import exchange as core_exchange

from .journey_exchange import JOURNEYS, translatable_journeys
from .models import TEXT_FIELDS, Service, ServiceTranslation
from .services import TextInput, translation_save


def translatable_services(user):
    """The services the user may translate: their own parties' (the owning party translates)."""
    return Service.objects.editable_by(user).select_related("provider").prefetch_related("translations")


class ServiceExchange(core_exchange.ExchangeKind):
    prefix = "service"
    fields = TEXT_FIELDS
    required = ("name", "summary")
    title_field = "name"

    def sources(self, user):
        return translatable_services(user)

    def write(self, source, *, texts, language, made_from, machine_made, user):
        translation_save(
            service=source,
            language=language,
            text=TextInput(**texts),
            made_from=made_from,
            machine_made=machine_made,
            user=user,
        )

    def note(self, source):
        return source.provider.name

    def key_label(self, source, key):
        from .forms import text_fields

        return str(text_fields()[key].label)  # as the translate page labels it

    not_a_unit = gettext_lazy("%s: not a unit of the service catalogue or of a journey.")
    unknown = gettext_lazy("%s: no service of yours has this id.")
    changed = gettext_lazy(
        "%(where)s: the Estonian text of “%(name)s” changed since the export (version %(old)d, now "
        "%(new)d); export it again."
    )
    needs_target = gettext_lazy("%(service)s: the translation needs a text for “%(field)s” (unit %(id)s).")


SERVICES = ServiceExchange()


def unit_id(service: Service, field: str) -> str:
    return SERVICES.unit_id(service, field)


def export_batch(user, *, language: str, only_to_do: bool = True, services=None, journeys=None) -> Batch:
    """The units of the user's services, then of their journeys, for translation into `language`
    (with the existing translation as the target, so the agency sees what it revises). Given
    `services` (a queryset), only those and the `journeys` given (none unless given) are exported."""
    parts: list[tuple[core_exchange.ExchangeKind, object]] = [
        (SERVICES, translatable_services(user) if services is None else services)
    ]
    if services is None or journeys is not None:
        parts.append((JOURNEYS, translatable_journeys(user) if journeys is None else journeys))
    return core_exchange.export_batch(parts, language=language, only_to_do=only_to_do)


@dataclass(frozen=True)
class Imported:
    services: int
    units: int
    empty: int
    journeys: int = 0


def import_batch(user, *, batch: Batch, language: str, machine_made: bool = False) -> Imported:
    """Write the batch's translations, or refuse it whole with every problem named by unit: the
    journeys' units are checked first, then the services' (a unit of neither kind is refused as not
    the catalogue's)."""
    done = core_exchange.import_batch(
        [JOURNEYS, SERVICES], user, batch=batch, language=language, machine_made=machine_made
    )
    return Imported(
        services=done.counts[SERVICES.prefix],
        units=done.units,
        empty=done.empty,
        journeys=done.counts[JOURNEYS.prefix],
    )


__all__ = ["SERVICES", "Imported", "ServiceTranslation", "export_batch", "import_batch", "unit_id"]
