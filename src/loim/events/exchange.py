"""Public events in the translation batches (XLIFF 2.0 or PO): the events' `ExchangeKind` for the one
exchange, `core.translations.exchange`, which holds the rules (docs/decisions.md "Issue 14" and "Debt —
one translation mechanism"). A unit is one non-empty text field of one public event, id
`event.<pk>.v<text version>.<field>`, e.g. `event.12.v3.registration`; import matches ids only among
the public events the importing user may translate; a new translation needs a title.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loim.core.translation_files import Batch
from loim.core.translations import SOURCE_LANGUAGE, TARGET_LANGUAGES
from loim.core.translations import exchange as core_exchange

from .models import TEXT_FIELDS, Event
from .translation import EventTextInput, event_translation_save, translatable_events


class EventExchange(core_exchange.ExchangeKind):
    prefix = "event"
    fields = TEXT_FIELDS
    required = ("title",)

    def sources(self, user):
        return translatable_events(user)

    def write(self, source, *, texts, language, made_from, machine_made, user):
        event_translation_save(
            event=source,
            language=language,
            text=EventTextInput(**texts),
            made_from=made_from,
            machine_made=machine_made,
            user=user,
        )

    def note(self, source):
        return f"{source.party.name}, {timezone.localtime(source.start):%d.%m.%Y %H:%M}"

    def key_label(self, source, key):
        from .forms import event_text_fields

        return str(event_text_fields()[key].label)  # as the translate page labels it

    not_a_unit = gettext_lazy("%s: not a unit of an event's texts.")
    unknown = gettext_lazy("%s: no public event of yours has this id.")
    changed = gettext_lazy(
        "%(where)s: the Estonian text of “%(title)s” changed since the export (version %(old)d, now "
        "%(new)d); export it again."
    )
    needs_target = gettext_lazy("%(title)s: the translation needs a text for “%(field)s” (unit %(id)s).")


EVENTS = EventExchange()


def unit_id(event: Event, field: str) -> str:
    return EVENTS.unit_id(event, field)


def export_batch(user, *, language: str, only_to_do: bool = True, events=None) -> Batch:
    """The units of the user's public events for translation into `language`."""
    if language not in TARGET_LANGUAGES:
        raise ValidationError(_("Translations are into English, Russian or Ukrainian."))
    chosen = translatable_events(user) if events is None else events
    return core_exchange.export_batch([(EVENTS, chosen)], language=language, only_to_do=only_to_do)


@dataclass(frozen=True)
class Imported:
    events: int
    units: int
    empty: int


def import_batch(user, *, batch: Batch, language: str, machine_made: bool = False) -> Imported:
    """Write the batch's translations, or refuse it whole with every problem named by unit."""
    if language == SOURCE_LANGUAGE or batch.target_language.split("-")[0].lower() == SOURCE_LANGUAGE:
        raise ValidationError(
            _(
                "The file's target language is Estonian, the events' own language: a translation is into English, "
                "Russian or Ukrainian."
            )
        )
    done = core_exchange.import_batch([EVENTS], user, batch=batch, language=language, machine_made=machine_made)
    return Imported(events=done.counts[EVENTS.prefix], units=done.units, empty=done.empty)


__all__ = ["EVENTS", "Imported", "export_batch", "import_batch", "unit_id"]
