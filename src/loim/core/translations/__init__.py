"""Translatable content as rows per language (DESIGN.md "Translatable content"): the one mechanism.

A *source* row (in Estonian) inherits `TranslatableSource`: besides `Versioned.version` (every saved
change, for the stale-edit refusal) it keeps `source_version`, raised by one only when one of its
`translatable_fields` changes (`raise_source_version`), so a change of a phone number does not make
the translations outdated while a change of the steps does.

A *translation* row inherits `Translation`: one row per language (en, ru, uk) linked to its source and
to the `source_version` it was made from, with the same translatable fields. Its status is derived
(`status_of`), never stored: missing (no row), in translation (a draft), outdated (the source's
version is newer than the one translated), machine-made (until a person reviews it), up to date.

A content type joins the translator's view by registering a `Kind` (`register`), from its app's
`ready()`; the services' catalogue does so, and so do the platform's documents (files, listed for
their status only: their text is not in the database, so they have no XLIFF units).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.vocabulary import Language

SOURCE_LANGUAGE = Language.ESTONIAN.value
# The languages translated into: the portal's other three.
TARGET_LANGUAGES: tuple[str, ...] = (Language.ENGLISH.value, Language.RUSSIAN.value, Language.UKRAINIAN.value)
TARGET_LANGUAGE_CHOICES = [(code, label) for code, label in Language.choices if code in TARGET_LANGUAGES]


class TranslationStatus(models.TextChoices):
    MISSING = "missing", pgettext_lazy("translation status", "missing")
    IN_TRANSLATION = "in_translation", pgettext_lazy("translation status", "in translation")
    UP_TO_DATE = "up_to_date", pgettext_lazy("translation status", "up to date")
    OUTDATED = "outdated", pgettext_lazy("translation status", "outdated")
    MACHINE = "machine", pgettext_lazy("translation status", "machine-made")


# What a translator still has to do, in the order the translator's view lists it.
TO_DO = (
    TranslationStatus.MISSING,
    TranslationStatus.OUTDATED,
    TranslationStatus.MACHINE,
    TranslationStatus.IN_TRANSLATION,
)


class TranslatableSource(models.Model):
    """A source row: `translatable_fields` names its text fields that translations carry."""

    source_version = models.PositiveIntegerField(
        _("text version"),
        default=1,
        editable=False,
        help_text=_(
            "Raised by one whenever a translated text changes; translations made from an older one are outdated."
        ),
    )

    translatable_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def translatable_values(self) -> dict[str, str]:
        return {name: getattr(self, name) or "" for name in self.translatable_fields}


class Translation(models.Model):
    """A translation row: its language, the source version it was made from, and how it was made."""

    language = models.CharField(_("language"), max_length=2, choices=TARGET_LANGUAGE_CHOICES)
    source_version = models.PositiveIntegerField(_("translated from text version"))
    draft = models.BooleanField(
        pgettext_lazy("translation status", "in translation"),
        default=False,
        help_text=_("Saved unfinished: not shown to the public yet."),
    )
    machine_made = models.BooleanField(
        _("machine translation"), default=False, help_text=_("Marked until a person has reviewed the text.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)

    source_field: ClassVar[str] = "source"  # the foreign key to the source row

    class Meta:
        abstract = True

    @property
    def source_row(self) -> TranslatableSource:
        return getattr(self, self.source_field)

    @property
    def status(self) -> str:
        return status_of(self, self.source_row)


def status_of(translation: Translation | None, source: TranslatableSource) -> str:
    """The derived status of one language of a source (None: no row for it)."""
    return status_from(
        exists=translation is not None,
        draft=bool(translation and translation.draft),
        machine_made=bool(translation and translation.machine_made),
        made_from=translation.source_version if translation is not None else None,
        current=source.source_version,
    )


def status_from(*, exists: bool, draft: bool, machine_made: bool, made_from: int | None, current: int) -> str:
    """The status rule over plain values (the documents use it with their file version numbers).
    A draft is in translation whatever else holds; an outdated translation is outdated even if it was
    machine-made (a person has to look at it either way, and what changed comes first)."""
    if not exists:
        return TranslationStatus.MISSING
    if draft:
        return TranslationStatus.IN_TRANSLATION
    if made_from is not None and current > made_from:
        return TranslationStatus.OUTDATED
    if machine_made:
        return TranslationStatus.MACHINE
    return TranslationStatus.UP_TO_DATE


def raise_source_version(source: TranslatableSource, before: dict[str, str] | None) -> bool:
    """Raise the source's text version when a translatable field differs from `before` (its values
    as read before the change; None for a new row). Call before saving; says whether it was raised."""
    if before is None:
        return False
    if any((before.get(name) or "") != (getattr(source, name) or "") for name in source.translatable_fields):
        source.source_version += 1
        return True
    return False


_Row = TypeVar("_Row", bound="Translation")


def save_translation(
    translation: _Row,
    made_from: int,
    draft: bool,
    machine_made: bool,
    user,
    expected_version: int | None,
) -> _Row:
    """Save a translation row whose texts the content type's service has set: made from text version
    `made_from`, a draft or not, machine-made or not; saved finished by a person (not a draft, not
    machine-made) it counts as reviewed by `user` today. Checked (`full_clean`, less the version and
    the keys the service set: the source and the owning party) and saved through `core.versioning`
    (refused if it changed since `expected_version`). Runs inside the service's transaction."""
    from django.utils import timezone

    from loim.core.versioning import save_versioned

    translation.source_version = made_from
    translation.draft = draft
    translation.machine_made = machine_made
    if not draft and not machine_made:
        translation.reviewed_by = user
        translation.reviewed_on = timezone.localdate()
    own = {f.name for f in translation._meta.fields}
    keys = [name for name in ("party", translation.source_field) if name in own]
    translation.full_clean(exclude=["version", *keys])
    versioned: Any = translation  # every translation row is also Versioned (its model's other base)
    save_versioned(versioned, expected=expected_version)
    return translation


def statuses(source: TranslatableSource, translations: Iterable[Translation]) -> dict[str, str]:
    """Language → status for every target language of one source."""
    by_language = {t.language: t for t in translations}
    return {language: status_of(by_language.get(language), source) for language in TARGET_LANGUAGES}


def status_cells(source: TranslatableSource | None) -> list[dict[str, Any]]:
    """Each target language's status of a source's translation, for its pages: language, its label,
    status, the status's label and the translation's title (if the rows have one); all missing for no
    source yet."""
    rows = list(source.translations.all()) if source is not None else []  # type: ignore[attr-defined]
    found = statuses(source, rows) if source is not None else dict.fromkeys(TARGET_LANGUAGES, TranslationStatus.MISSING)
    labels = dict(TranslationStatus.choices)
    language_labels = dict(TARGET_LANGUAGE_CHOICES)
    titles = {row.language: getattr(row, "title", "") for row in rows}
    return [
        {
            "language": code,
            "language_label": language_labels[code],
            "status": status,
            "label": labels[status],
            "title": titles.get(code, ""),
        }
        for code, status in found.items()
    ]


# --- The translator's view: every registered content type -----------------------------------------


@dataclass(frozen=True)
class Item:
    """One source row in the translator's view: its title, link and status per target language."""

    kind_label: str
    title: str
    url: str
    party_name: str
    statuses: dict[str, str]
    translate_urls: dict[str, str]


@dataclass(frozen=True)
class Kind:
    """A translatable content type: `items(user)` yields the Items of sources the user may translate."""

    code: str
    label: Any
    items: Callable[[Any], Iterable[Item]]


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.code] = kind


def kinds() -> list[Kind]:
    return list(_KINDS.values())


def to_do(user, *, language: str | None = None, status: str | None = None) -> list[Item]:
    """Every registered content type's items the user may translate that have something to do in
    `language` (or in any target language), optionally only of one `status`."""
    wanted = {status} if status else set(TO_DO)
    languages = [language] if language else list(TARGET_LANGUAGES)
    found = []
    for kind in kinds():
        for item in kind.items(user):
            if any(item.statuses.get(code) in wanted for code in languages):
                found.append(item)
    return found


def counts(items: Iterable[Item]) -> dict[str, dict[str, int]]:
    """Language → status → number of items (statuses of TO_DO only)."""
    table = {language: {str(s): 0 for s in TO_DO} for language in TARGET_LANGUAGES}
    for item in items:
        for language, status in item.statuses.items():
            if status in table[language]:
                table[language][status] += 1
    return table
