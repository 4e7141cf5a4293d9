"""Translation batches out and back in, for every content type (docs/decisions.md "Debt — one
translation mechanism"); `core.translation_files` writes and reads the XLIFF 2.0 / PO files.

A content type declares an `ExchangeKind`: its unit prefix, the rows the user may translate (through
`core.tenancy`), its units' keys and texts, how a translation is written (its app's service, which
audits and checks the rules) and its messages. A unit is one non-empty text of one source row, id
`<prefix>.<pk>.v<text version>.<key>`: the text version the Estonian source had at export travels
with the id, so a unit of a source changed since is refused ("export it again"). Import matches ids
only among the rows the importing user may translate (another party's id reads as unknown); every
unit of every kind is checked first and one refused unit refuses the file, each message naming its
unit; nothing is written unless all are accepted. A unit without a target leaves that text as it was;
a required text (one the source has) needs a target.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loim.core.translation_files import Batch, Unit
from loim.core.vocabulary import language_name

from . import SOURCE_LANGUAGE, TARGET_LANGUAGES, TO_DO, status_of

UNIT_ID = re.compile(r"(?P<prefix>[a-z_]+)\.(?P<pk>[0-9]+)\.v(?P<version>[0-9]+)\.(?P<key>[a-z_0-9.]+)")


def where(unit: Unit) -> str:
    """How a message names a unit: its line (PO) and id."""
    return _("line %(line)d, unit %(id)s") % {"line": unit.line, "id": unit.id} if unit.line else _("unit %s") % unit.id


class ExchangeKind:
    """One content type in the batches. Flat content types (their texts are the source row's own
    fields, carried by the translation row's fields of the same names) set `fields` and need only
    `sources`, `write` and the messages; a journey (its stages' texts too) overrides the keys."""

    prefix: ClassVar[str]
    fields: ClassVar[tuple[str, ...]] = ()
    required: ClassVar[tuple[str, ...]] = ()  # keys that need a target when the source has a text

    # --- what a content type says ------------------------------------------------------------------

    def sources(self, user):
        """The rows the user may translate, their translations prefetched."""
        raise NotImplementedError

    def write(self, source, *, texts: dict[str, str], language: str, made_from: int, machine_made: bool, user) -> None:
        raise NotImplementedError

    title_field: ClassVar[str] = "title"  # how messages name a source row

    def title(self, source) -> str:
        return getattr(source, self.title_field)

    def note(self, source) -> str:
        return ""

    # The messages, in the content type's words (its app's catalogue): `not_a_unit` and `unknown` take
    # the unit's place ("%s"); `changed` and `needs_target` take a mapping of where, the source's title
    # (as title, name and the kind's own word), old and new (versions), id and (`needs_target`) field, the
    # required text in words.
    not_a_unit: ClassVar[Any]
    unknown: ClassVar[Any]
    changed: ClassVar[Any]
    needs_target: ClassVar[Any]

    def say(self, message, source, **values) -> str:
        title = self.title(source)
        return str(message) % {"title": title, "name": title, self.prefix: title, **values}

    def key_label(self, source, key: str) -> str:
        """A required key in words (the source field's name, as the translate page labels it): a message
        names the text, not the key."""
        return str(source._meta.get_field(key).verbose_name)

    def no_such_key(self, unit: Unit, source) -> str | None:
        """A key of the right shape the source does not have (a stage of another journey), or None."""
        return None

    # --- the texts, by key ---------------------------------------------------------------------------

    def keys(self, source) -> list[str]:
        return list(self.fields)

    def is_key(self, key: str) -> bool:
        return key in self.fields

    def source_text(self, source, key: str) -> str:
        return getattr(source, key) or ""

    def target_text(self, translation, key: str) -> str:
        return (getattr(translation, key) if translation is not None else "") or ""

    # --- units ---------------------------------------------------------------------------------------

    def unit_id(self, source, key: str) -> str:
        return f"{self.prefix}.{source.pk}.v{source.source_version}.{key}"

    def claims(self, unit: Unit) -> bool:
        return unit.id.startswith(f"{self.prefix}.")

    def units(self, rows: Iterable, *, language: str, only_to_do: bool) -> list[Unit]:
        """The units of the rows for translation into `language`, the existing translation as the
        target (so the agency sees what it revises)."""
        found: list[Unit] = []
        for source in rows:
            existing = translation_in(source, language)
            if only_to_do and status_of(existing, source) not in TO_DO:
                continue
            for key in self.keys(source):
                text = self.source_text(source, key)
                if text:
                    found.append(
                        Unit(
                            id=self.unit_id(source, key),
                            source=text,
                            target=self.target_text(existing, key),
                            note=self.note(source),
                        )
                    )
        return found


def translation_in(source, language: str):
    return next((t for t in source.translations.all() if t.language == language), None)


@dataclass
class Plan:
    """A checked translation of one source row, to be written."""

    kind: ExchangeKind
    source: Any
    texts: dict[str, str]
    version: int


@dataclass
class Checked:
    plans: list[Plan] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    empty: int = 0


def check_units(kind: ExchangeKind, user, units: list[Unit], *, language: str) -> Checked:
    """Check one kind's units of a batch: the plans to write, the problems (each naming its unit), the
    number of units without a target."""
    checked = Checked()
    wanted: dict[int, list[tuple[Unit, int, str]]] = {}
    for unit in units:
        match = UNIT_ID.fullmatch(unit.id)
        if match is None or match["prefix"] != kind.prefix or not kind.is_key(match["key"]):
            checked.errors.append(kind.not_a_unit % where(unit))
            continue
        wanted.setdefault(int(match["pk"]), []).append((unit, int(match["version"]), match["key"]))
    rows = {row.pk: row for row in kind.sources(user).filter(pk__in=list(wanted))}
    for pk, found in wanted.items():
        source = rows.get(pk)
        if source is None:
            checked.errors.extend(kind.unknown % where(unit) for unit, _v, _k in found)
            continue
        existing = translation_in(source, language)
        texts = {key: kind.target_text(existing, key) for key in kind.keys(source)}
        stale = False
        for unit, version, key in found:
            if version != source.source_version:
                stale = True
                checked.errors.append(
                    kind.say(kind.changed, source, where=where(unit), old=version, new=source.source_version)
                )
                continue
            if (problem := kind.no_such_key(unit, source)) is not None:
                checked.errors.append(problem)
                continue
            if not unit.target.strip():
                checked.empty += 1
                continue
            texts[key] = unit.target
        for key in kind.required:
            if not stale and kind.source_text(source, key) and not texts.get(key, "").strip():
                checked.errors.append(
                    kind.say(kind.needs_target, source, id=kind.unit_id(source, key), field=kind.key_label(source, key))
                )
        checked.plans.append(Plan(kind, source, texts, source.source_version))
    return checked


def check_languages(batch: Batch, language: str) -> None:
    """The file's languages against the language chosen; a file without units is refused."""
    if batch.target_language.split("-")[0].lower() != language:
        raise ValidationError(
            _("The file's target language is %(file)s, but the language chosen is %(chosen)s.")
            % {"file": language_name(batch.target_language), "chosen": language_name(language)}
        )
    if language not in TARGET_LANGUAGES:
        raise ValidationError(_("Translations are into English, Russian or Ukrainian."))
    if batch.source_language and batch.source_language.split("-")[0].lower() != SOURCE_LANGUAGE:
        raise ValidationError(
            _("The file's source language is %s, not Estonian.") % language_name(batch.source_language)
        )
    if not batch.units:
        raise ValidationError(_("The file has no units."))


def export_batch(parts: Sequence[tuple[ExchangeKind, Any]], *, language: str, only_to_do: bool = True) -> Batch:
    """One batch of the kinds' units, in order: `parts` pairs a kind with its rows (a queryset)."""
    units: list[Unit] = []
    for kind, rows in parts:
        units += kind.units(rows.order_by("pk"), language=language, only_to_do=only_to_do)
    return Batch(source_language=SOURCE_LANGUAGE, target_language=language, units=units)


@dataclass(frozen=True)
class Written:
    counts: dict[str, int]  # prefix → translations written
    units: int
    empty: int


def import_batch(
    kinds: Sequence[ExchangeKind], user, *, batch: Batch, language: str, machine_made: bool = False
) -> Written:
    """Check every unit of the batch against the kinds (in their order; a unit no kind claims is the
    last kind's to refuse), then write every translation in one transaction, or refuse the file whole
    with every problem named by unit."""
    check_languages(batch, language)
    claimed: dict[str, list[Unit]] = {kind.prefix: [] for kind in kinds}
    for unit in batch.units:
        owner = next((kind for kind in kinds if kind.claims(unit)), kinds[-1])
        claimed[owner.prefix].append(unit)
    errors: list[str] = []
    plans: list[Plan] = []
    empty = 0
    for kind in kinds:
        checked = check_units(kind, user, claimed[kind.prefix], language=language)
        errors += checked.errors
        plans += checked.plans
        empty += checked.empty
    if errors:
        raise ValidationError(errors)
    counts = {kind.prefix: 0 for kind in kinds}
    with transaction.atomic():
        for plan in plans:
            try:
                plan.kind.write(
                    plan.source,
                    texts=plan.texts,
                    language=language,
                    made_from=plan.version,
                    machine_made=machine_made,
                    user=user,
                )
            except ValidationError as error:
                title = plan.kind.title(plan.source)
                raise ValidationError([f"{title}: {message}" for message in error.messages]) from None
            counts[plan.kind.prefix] += 1
    return Written(counts=counts, units=len(batch.units) - empty, empty=empty)


__all__ = ["ExchangeKind", "Written", "check_languages", "export_batch", "import_batch", "where"]
