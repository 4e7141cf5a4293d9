"""Translations of public events (issue 14) through the one mechanism, `loim.core.translations`.

An event is the source (`Event` inherits `TranslatableSource`; its Estonian texts are
`models.TEXT_FIELDS`); English, Russian and Ukrainian are `EventTranslation` rows, each made from one
text version of the event. The status is derived exactly as a service's (`core.translations.status_of`).

Only public events are translated: a translation of an event not public is refused (nothing the public
never sees needs one), and only public events are listed in the translator's view. An event made
non-public keeps its translations; they show again if it is published again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loim.core import translations
from loim.core.translations import SOURCE_LANGUAGE, TARGET_LANGUAGES, save_translation

from .models import TEXT_FIELDS, Event, EventTranslation


@dataclass(frozen=True)
class EventTextInput:
    """The texts of an event in one language."""

    title: str
    description: str = ""
    registration: str = ""
    cost: str = ""
    accessibility: str = ""
    address_notes: str = ""


def language_error(language: str) -> ValidationError:
    if language == SOURCE_LANGUAGE:
        return ValidationError(
            {
                "language": _(
                    "The event's own texts are in Estonian: a translation is into English, Russian or Ukrainian."
                )
            },
            code="same_language",
        )
    return ValidationError({"language": _("Translations are into English, Russian or Ukrainian.")}, code="language")


def source_changed_error() -> ValidationError:
    return ValidationError(
        _(
            "The Estonian text of the event changed while you were translating. Nothing was saved: "
            "compare your text with the new Estonian text and save again."
        ),
        code="source_changed",
    )


def not_public_error(event: Event) -> ValidationError:
    return ValidationError(
        {"event": _("“%s” is not public: only public events are translated. Publish it first.") % event.title},
        code="not_public",
    )


@transaction.atomic
def event_translation_save(
    *,
    event: Event,
    language: str,
    text: EventTextInput,
    made_from: int,
    draft: bool = False,
    machine_made: bool = False,
    user=None,
    expected_version: int | None = None,
) -> EventTranslation:
    """Create or change the event's translation into `language`, made from its text version
    `made_from`. Refused, with nothing written, for a language other than en/ru/uk, an event not
    public, or a text version the event no longer has (the Estonian text changed meanwhile). Saved
    finished by a person (not a draft, not machine-made), it counts as reviewed."""
    if language not in TARGET_LANGUAGES:
        raise language_error(language)
    current = Event._base_manager.select_for_update().get(pk=event.pk)
    if not current.is_public:
        raise not_public_error(current)
    if current.source_version != made_from:
        raise source_changed_error()
    translation = EventTranslation.objects.filter(event=event, language=language).first()
    if translation is None:
        translation = EventTranslation(event=event, language=language)
    for name in TEXT_FIELDS:
        setattr(translation, name, (getattr(text, name) or "").strip())
    return save_translation(translation, made_from, draft, machine_made, user, expected_version)


# --- The translator's view (core.translations.Kind) -------------------------------------------------


def translatable_events(user):
    """The public events the user may translate: their own parties' (`editable_by`)."""
    return (
        Event.objects.editable_by(user)
        .public()
        .select_related("party")
        .prefetch_related("translations")
        .order_by("start", "pk")
    )


def event_items(user):
    label = str(gettext_lazy("event"))
    for event in translatable_events(user):
        yield translations.Item(
            kind_label=label,
            title=f"{event.title} ({timezone.localtime(event.start):%d.%m.%Y})",
            url=reverse("events:detail", kwargs={"pk": event.pk}),
            party_name=event.party.name,
            statuses=translations.statuses(event, event.translations.all()),
            translate_urls={
                code: reverse("events:translate", kwargs={"pk": event.pk, "language": code})
                for code in TARGET_LANGUAGES
            },
        )


def register() -> None:
    translations.register(translations.Kind(code="event", label=gettext_lazy("events"), items=event_items))


__all__ = ["EventTextInput", "event_items", "event_translation_save", "register", "translatable_events"]
