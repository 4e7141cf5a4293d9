"""A partner municipality's contact point (issue 14): the writes (staff pages call these) and what the
portal shows of it in the page's language.

The contact point is the source of its texts (`core.translations.TranslatableSource`): its opening
hours and notes are written in Estonian here and translated into English, Russian and Ukrainian as
`ContactPointTranslation` rows with the same statuses as a service's (missing, in translation,
outdated, machine-made, up to date). Changing the address, a phone number or the languages does not
make the translations outdated; changing the opening hours or the notes does.

Why its own record and not the directory's `Contact`: the directory is the network's internal
address book (roles, notes, confirmation dates, every organisation); the contact point is what a
municipality deliberately publishes, with an address and opening hours that the directory does not
keep, edited and translated on one page. The coordinator's work phone and e-mail follow the
directory's rules (`network.models.validate_phone`, an e-mail field), so they are written the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loim.core import translations
from loim.core.translations import SOURCE_LANGUAGE, TARGET_LANGUAGES, save_translation
from loim.core.versioning import save_versioned

from .models import ContactPoint, ContactPointTranslation

TEXT_FIELDS = ContactPoint.translatable_fields  # opening_hours, notes


@dataclass(frozen=True)
class ContactPointInput:
    address: str
    opening_hours: str
    languages: tuple[str, ...] = ()
    coordinator_name: str = ""
    coordinator_phone: str = ""
    coordinator_email: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ContactPointTextInput:
    opening_hours: str
    notes: str = ""


def _clean_text(value: str) -> str:
    """Trimmed, with blank lines and trailing spaces dropped (opening hours are one line per days)."""
    return "\n".join(line.strip() for line in (value or "").strip().splitlines() if line.strip())


@transaction.atomic
def contact_point_save(*, party, data: ContactPointInput, expected_version: int | None = None) -> ContactPoint:
    """Create the party's contact point or change it. Only a partner municipality's government has
    one (refused naming the party otherwise). Refused with nothing written when it changed since
    `expected_version` (core.versioning) or a field is wrong (the message names the field)."""
    if party.municipality_id is None:
        raise ValidationError(
            {
                "party": _("%(party)s is not a municipality's government: only they have a contact point.")
                % {"party": party}
            },
            code="not_municipality",
        )
    point = ContactPoint.objects.filter(party=party).first()
    before = point.translatable_values() if point is not None else None
    if point is None:
        point = ContactPoint(party=party)
    point.address = (data.address or "").strip()
    point.opening_hours = _clean_text(data.opening_hours)
    point.languages = list(dict.fromkeys(data.languages))
    point.coordinator_name = (data.coordinator_name or "").strip()
    point.coordinator_phone = " ".join((data.coordinator_phone or "").split())
    point.coordinator_email = (data.coordinator_email or "").strip()
    point.notes = (data.notes or "").strip()
    point.full_clean(exclude=["version", "source_version", "party"])
    translations.raise_source_version(point, before)
    save_versioned(point, expected=expected_version)
    return point


def language_error(language: str) -> ValidationError:
    if language == SOURCE_LANGUAGE:
        return ValidationError(
            {
                "language": _(
                    "The contact point's own texts are in Estonian: "
                    "a translation is into English, Russian or Ukrainian."
                )
            },
            code="same_language",
        )
    return ValidationError({"language": _("Translations are into English, Russian or Ukrainian.")}, code="language")


def source_changed_error() -> ValidationError:
    return ValidationError(
        _(
            "The Estonian text of the contact point changed while you were translating. Nothing was saved: "
            "compare your text with the new Estonian text and save again."
        ),
        code="source_changed",
    )


@transaction.atomic
def contact_point_translation_save(
    *,
    contact_point: ContactPoint,
    language: str,
    text: ContactPointTextInput,
    made_from: int,
    draft: bool = False,
    machine_made: bool = False,
    user=None,
    expected_version: int | None = None,
) -> ContactPointTranslation:
    """Create or change the contact point's translation into `language`, made from its text version
    `made_from`. Refused with nothing written for a language other than en/ru/uk, or when the
    Estonian text changed meanwhile. Saved finished by a person, it counts as reviewed."""
    if language not in TARGET_LANGUAGES:
        raise language_error(language)
    current = ContactPoint._base_manager.select_for_update().get(pk=contact_point.pk)
    if current.source_version != made_from:
        raise source_changed_error()
    translation = ContactPointTranslation.objects.filter(contact_point=current, language=language).first()
    if translation is None:
        translation = ContactPointTranslation(contact_point=current, language=language)
    translation.opening_hours = _clean_text(text.opening_hours)
    translation.notes = (text.notes or "").strip()
    return save_translation(translation, made_from, draft, machine_made, user, expected_version)


status_cells = translations.status_cells  # the staff list's and edit page's statuses
