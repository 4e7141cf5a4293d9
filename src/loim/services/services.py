"""Writes of the service catalogue (issue 13): create and change a service, mark it checked, save a
translation. Keyword-only, typed, atomic, `full_clean()` before save, audited (models.audit).

A change of an Estonian text raises the service's text version (`core.translations`), which makes
every translation made from the older one outdated; a translation made from a text version the
service no longer has (the source changed while the translator worked) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loim.core.translations import TARGET_LANGUAGES, raise_source_version, save_translation
from loim.core.versioning import save_versioned

from .models import TEXT_FIELDS, Area, Service, ServiceTranslation


@dataclass(frozen=True)
class TextInput:
    """The texts of a service in one language."""

    name: str
    summary: str
    eligibility: str = ""
    steps: str = ""
    documents_needed: str = ""
    cost: str = ""
    hours: str = ""


@dataclass(frozen=True)
class ServiceInput:
    provider: object  # a network.Organisation (required)
    text: TextInput
    area: str = Area.NATIONAL
    county: object | None = None
    municipalities: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    by_appointment: bool = False
    email: str = ""
    phone: str = ""
    address: str = ""
    links: list[str] = field(default_factory=list)
    published: bool = True


def _check_provider(data: ServiceInput) -> None:
    provider = data.provider
    if provider is None:
        raise ValidationError({"provider": _("Choose the provider from the directory.")})
    if getattr(provider, "merged_into_id", None) is not None:
        raise ValidationError(
            {"provider": _("“%s” was merged into another directory entry: choose that one.") % provider}
        )


def _apply(service: Service, data: ServiceInput) -> None:
    _check_provider(data)
    for name in TEXT_FIELDS:
        setattr(service, name, (getattr(data.text, name) or "").strip())
    service.provider = data.provider  # type: ignore[assignment]  # an Organisation
    service.area = data.area
    service.county = data.county if data.area == Area.COUNTY else None  # type: ignore[assignment]
    service.languages = list(data.languages)
    service.by_appointment = data.by_appointment
    service.email = data.email.strip()
    service.phone = data.phone.strip()
    service.address = data.address.strip()
    service.links = [link.strip() for link in data.links if link.strip()]
    service.published = data.published
    if data.area == Area.MUNICIPALITIES and not data.municipalities:
        raise ValidationError({"municipalities": _("Choose the municipalities where the service is offered.")})


def _set_relations(service: Service, data: ServiceInput) -> None:
    service.municipalities.set(data.municipalities if data.area == Area.MUNICIPALITIES else [])
    service.topics.set(data.topics)


@transaction.atomic
def service_create(*, party, data: ServiceInput, user=None) -> Service:
    """A new service, checked today by its author (they have just seen every field)."""
    service = Service(party=party, confirmed_on=timezone.localdate(), confirmed_by=user)
    _apply(service, data)
    service.full_clean(exclude=["version", "source_version"])
    save_versioned(service)
    _set_relations(service, data)
    return service


@transaction.atomic
def service_update(*, service: Service, data: ServiceInput, user=None, expected_version: int | None = None) -> Service:
    """Change a service; saving it confirms it in the saver's name. A change of an Estonian text makes
    the translations outdated (the text version is raised)."""
    before = service.translatable_values()
    _apply(service, data)
    raise_source_version(service, before)
    service.confirmed_on = timezone.localdate()
    service.confirmed_by = user
    service.full_clean(exclude=["version", "source_version"])
    save_versioned(service, expected=expected_version)
    _set_relations(service, data)
    return service


@transaction.atomic
def service_check(*, service: Service, user, expected_version: int | None = None) -> Service:
    """Mark the service checked today by `user`; refused if it changed since the page was loaded
    (the check would vouch for values nobody saw)."""
    service.confirmed_on = timezone.localdate()
    service.confirmed_by = user
    save_versioned(service, expected=expected_version, update_fields=["confirmed_on", "confirmed_by"])
    return service


def source_changed_error() -> ValidationError:
    return ValidationError(
        _(
            "The Estonian text of the service changed while you were translating. Nothing was saved: "
            "compare your text with the new Estonian text and save again."
        ),
        code="source_changed",
    )


@transaction.atomic
def translation_save(
    *,
    service: Service,
    language: str,
    text: TextInput,
    made_from: int,
    draft: bool = False,
    machine_made: bool = False,
    user=None,
    expected_version: int | None = None,
) -> ServiceTranslation:
    """Create or change the service's translation into `language`, made from its text version
    `made_from`. Saved finished by a person (not a draft, not machine-made), it counts as reviewed."""
    if language not in TARGET_LANGUAGES:
        raise ValidationError({"language": _("Translations are into English, Russian or Ukrainian.")})
    current = Service._base_manager.select_for_update().get(pk=service.pk)
    if current.source_version != made_from:
        raise source_changed_error()
    translation = ServiceTranslation.objects.filter(service=service, language=language).first()
    if translation is None:
        translation = ServiceTranslation(service=service, party_id=service.party_id, language=language)
    for name in TEXT_FIELDS:
        setattr(translation, name, (getattr(text, name) or "").strip())
    return save_translation(translation, made_from, draft, machine_made, user, expected_version)


# --- Marks set by translation jobs (issue 15, loim.communication): a job for a service and a target
# language moves that translation to "in translation" while it runs and closes it when done. The status
# rule stays core.translations' (a draft is "in translation"); these two only set or clear the draft.


@transaction.atomic
def translation_mark_in_translation(*, service: Service, language: str) -> ServiceTranslation:
    """Mark the service's translation into `language` as being translated (a draft). An existing
    translation keeps its text; a missing one is created as a draft holding the Estonian text as the
    translator's starting point, made from the current text version. A draft is never public."""
    if language not in TARGET_LANGUAGES:
        raise ValidationError({"language": _("Translations are into English, Russian or Ukrainian.")})
    current = Service._base_manager.select_for_update().get(pk=service.pk)
    translation = ServiceTranslation.objects.filter(service=current, language=language).first()
    if translation is None:
        translation = ServiceTranslation(
            service=current, party_id=current.party_id, language=language, source_version=current.source_version
        )
        for name in TEXT_FIELDS:
            setattr(translation, name, getattr(current, name))
    if translation.pk and translation.draft:
        return translation
    translation.draft = True
    translation.full_clean(exclude=["version", "party", "service"])
    save_versioned(translation)
    return translation


@transaction.atomic
def translation_mark_done(*, service: Service, language: str, user=None) -> ServiceTranslation | None:
    """Close "in translation": the draft into `language` is saved finished and, done by a person,
    counts as reviewed. A draft still holding the Estonian text is refused (the translation was never
    entered, and closing it would publish Estonian as a translation). No draft: nothing to close."""
    translation = ServiceTranslation.objects.filter(service=service, language=language, draft=True).first()
    if translation is None:
        return None
    if all(getattr(translation, name) == getattr(service, name) for name in ("name", "summary")):
        raise ValidationError(
            {
                "status": _(
                    "The translation of “%(service)s” still holds the Estonian text: enter the translation on "
                    "the service's translation page first, then mark the job done."
                )
                % {"service": service.name}
            }
        )
    translation.draft = False
    translation.machine_made = False
    translation.reviewed_by = user
    translation.reviewed_on = timezone.localdate()
    save_versioned(translation)
    return translation
