"""The events' import: the template's columns read into EventInputs, checked, then written all or
nothing through the events' services (each row's full_clean included).

Reading the file — encodings, separators, XLSX, the byte, row and column limits, control
characters — and the shared values (dates, times, counts, municipalities, the organiser) are the
tabular core's; this module says only which column is which and how it becomes an event.

Re-importing a file does not duplicate: a row with an `import_id` updates the party's event with that
id; a row without one updates the party's event of the same kind, start and title.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loim.core.tabular import CellError, Errors, FileRejected, ImportRejected, Limits, RowError, read_table
from loim.core.tabular import parsers as parse
from loim.core.tabular.errors import MISSING
from loim.core.tabular.lookups import Municipalities, NameLookup, Parties
from loim.core.tabular.pipeline import validation_errors, write_rows
from loim.core.vocabulary import Language
from loim.monitoring.locking import LockedDays, describe
from loim.network.selectors import organisations_named
from loim.plans.models import Activity, EventKind

from .models import Event, EventFormat, EventImport, ParticipantsAdults, Reach
from .services import (
    LOCAL_TZ,
    RELATED_FIELDS,
    BulkChecks,
    ConfirmationRequired,
    EventInput,
    event_create,
    event_update,
    event_validate,
)
from .services import local_datetime as at
from .tabular import COUNT_COLUMNS, EXPORT_ONLY, KEYS, PUBLIC_TEXT_KEYS

LIMITS = Limits(max_bytes=10 * 1024 * 1024, max_rows=5000, max_columns=100)
MAX_ROWS = LIMITS.max_rows
REQUIRED = {"kind", "title", "date", "start_time", "end_time"}
# Where an error about an event field is reported.
COLUMN_FOR = {
    "start": "date",
    "end": "end_time",
    "party": "organiser",
    **{f"count_{g.value}": k for k, g in COUNT_COLUMNS.items()},
}


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    batch: EventImport | None = None
    preview: list[dict] = field(default_factory=list)  # the first rows as they will be saved (a check)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.warnings


def column_for(name: str) -> str:
    return COLUMN_FOR.get(name, name if name in KEYS else "")


class Lookups:
    """Kinds, municipalities, parties and plan rows by every name a file may use, loaded once."""

    def __init__(self):
        self.kinds = NameLookup()
        self.kinds.what = _("kind")
        for kind in EventKind.objects.all():
            for name in (kind.code, kind.name_et, kind.name_en):
                self.kinds.add(name, kind, weak=True)
        self.municipalities = Municipalities()
        self.parties = Parties()
        self.activities: dict[tuple[int, str], Activity] = {
            (a.plan.year, parse.norm(a.code)): a
            for a in Activity.objects.select_related("plan").prefetch_related("responsible_parties")
        }
        self.formats = parse.choice_lookup(EventFormat)
        self.reaches = parse.choice_lookup(Reach)
        self.adults = parse.choice_lookup(ParticipantsAdults, synonyms={"jah": "yes", "ei": "no"})
        self.languages = parse.choice_lookup(Language, languages=("et", "en", "ru", "uk"))


def _languages(value, lookups: Lookups) -> list[str]:
    found = []
    for item in parse.items(value):
        code = lookups.languages.get(parse.norm(item))
        if code is None:
            raise CellError(_("“%s” is not a language code (et, en, ru, uk, other).") % item)
        found.append(code)
    return found


def parse_row(record: dict, *, party, lookups: Lookups) -> tuple[EventInput | None, list[tuple[str, str]]]:
    """The row as an EventInput, or the (column, message) pairs of everything wrong with it."""
    errors: list[tuple[str, str]] = []

    def take(column, read, default=None):
        """The parsed cell; its default when blank (a blank required cell is reported as such)."""
        raw = record.get(column)
        if parse.cell_text(raw) == "":
            if column in REQUIRED:
                errors.append((column, str(MISSING)))
            return default
        try:
            return read(raw)
        except CellError as exc:
            errors.append((column, exc.message))
            return default

    organiser = take("organiser", lookups.parties.get)
    if organiser is not None and organiser != party:
        errors.append(("organiser", _("The row belongs to another organiser (%s).") % organiser.slug))
    kind = take("kind", lookups.kinds.get)
    title = take("title", parse.text, "")
    day = take("date", parse.date)
    start_time = take("start_time", parse.time)
    end_time = take("end_time", parse.time)
    end_day = take("end_date", parse.date, default=day)
    municipality = take("municipality", lookups.municipalities.get)
    participating = take("participating_municipalities", lookups.municipalities.get_many, [])
    activity = None
    if (code := parse.cell_text(record.get("activity"))) and day:
        activity = lookups.activities.get((day.year, parse.norm(code)))
        if activity is None:
            errors.append(
                ("activity", _("No plan row “%(code)s” in the %(year)d plan.") % {"code": code, "year": day.year})
            )
    fmt = take("format", lambda v: parse.choice(v, lookups.formats, what=_("format")), EventFormat.ON_SITE)
    reach = take("reach", lambda v: parse.choice(v, lookups.reaches, what=_("reach")), Reach.LOCAL)
    public = take("public", parse.boolean, False)
    adults = take(
        "participants_adults",
        lambda v: parse.choice(v, lookups.adults, what=_("participants at least 18 years old")),
        "",
    )
    languages = take("languages", lambda v: _languages(v, lookups), [])
    counts = {group.value: take(key, parse.integer) for key, group in COUNT_COLUMNS.items()}
    texts = {
        name: take(name, parse.text, "")
        for name in ("address", "online_url", "description", "import_id", *PUBLIC_TEXT_KEYS)
    }
    organisations = take("organisations", lambda v: [parse.text(i) for i in parse.items(v, parse.SEMICOLONS)], [])
    if not (kind and day and start_time and end_time):
        return None, errors
    # Built even when other columns failed, so the service can report the remaining problems too.
    return (
        EventInput(
            party=party,
            kind=kind,
            title=title,
            start=at(day, start_time),
            end=at(end_day or day, end_time),
            activity=activity,
            format=fmt,
            municipality=municipality,
            address=texts["address"],
            online_url=texts["online_url"],
            languages=languages,
            reach=reach,
            is_public=public,
            description=texts["description"],
            counts=counts,
            municipalities=participating,
            organisations=organisations,
            import_id=texts["import_id"],
            participants_adults=adults,
            **{name: texts[name] for name in PUBLIC_TEXT_KEYS},
        ),
        errors,
    )


def header_keys() -> dict[str, str]:
    """Every name a column may go by: its key (the template's header) or the heading the export
    writes in Estonian, English or the user's language, so an exported file imports as it is."""
    from django.utils import translation

    from .exports import headings

    names = {key: key for key in [*KEYS, *EXPORT_ONLY]}
    for language in (translation.get_language(), "et", "en"):
        with translation.override(language):
            for key, heading in headings().items():
                names.setdefault(parse.norm(heading), key)
    return names


def _records(table) -> tuple[list[tuple[int, dict]], Errors]:
    names = header_keys()
    headers = [names.get(parse.norm(h), h.lower()) for h in table.headers]
    unknown = [h for h in headers if h and h not in KEYS and h not in EXPORT_ONLY]
    if unknown:
        raise FileRejected(_("Unknown columns: %s. Use the template's columns.") % ", ".join(unknown))
    missing = sorted(REQUIRED - set(headers))
    if missing:
        raise FileRejected(_("Missing columns: %s.") % ", ".join(missing))
    records, errors = [], Errors()
    for number, cells, problems in table.rows():
        errors.extend(problems)
        records.append((number, {h: cells[i] if i < len(cells) else None for i, h in enumerate(headers) if h}))
    return records, errors


def _described(number: int, target: Event | None, data: EventInput) -> dict:
    from loim.core.vocabulary import localized

    from .services import LOCAL_TZ

    return {
        "row": number,
        "start": data.start.astimezone(LOCAL_TZ),
        "title": data.title,
        "kind": localized(data.kind),
        "municipality": data.municipality.name if data.municipality else "",
        "new": target is None,
    }


def _day(moment) -> dt.date:
    """The Tallinn day of a moment (an event's start)."""
    return moment.astimezone(LOCAL_TZ).date()


def _natural_key(data: EventInput) -> tuple:
    return (data.kind.pk, data.start, data.title.strip().lower())


def _existing(party) -> tuple[dict[str, Event], dict[tuple, list[Event]]]:
    by_id: dict[str, Event] = {}
    by_key: dict[tuple, list[Event]] = {}
    for event in Event.objects.filter(party=party).select_related("kind", "activity__plan"):
        if event.import_id:
            by_id[event.import_id] = event
        by_key.setdefault((event.kind_id, event.start, event.title.strip().lower()), []).append(event)
    return by_id, by_key


def _import_id_clashes(party, planned) -> Errors:
    """Every row whose import id another event of the party (not the row's own) already has: one
    query for the file, the check `event_validate` makes per event."""
    errors = Errors()
    ids = {data.import_id.strip(): (number, target) for number, (target, data) in planned if data.import_id.strip()}
    if ids:
        for pk, import_id in Event.objects.filter(party=party, import_id__in=ids).values_list("pk", "import_id"):
            number, target = ids[import_id]
            if target is None or target.pk != pk:
                errors.add(number, "import_id", _("Another event of this party has the same import id."))
    return errors


def _missing_related(planned) -> set[tuple[str, int]]:
    """(field, id) of every kind, plan row, municipality or party the rows refer to that is no longer
    in the database: one query per kind of record, for the whole file."""
    wanted: dict[str, set[int]] = {name: set() for name in RELATED_FIELDS}
    for _number, (_target, data) in planned:
        for name in RELATED_FIELDS:
            if (related := getattr(data, name)) is not None:
                wanted[name].add(related.pk)
    missing = set()
    for name, pks in wanted.items():
        if pks:
            model = Event._meta.get_field(name).related_model
            assert model is not None and not isinstance(model, str)  # a foreign key's model
            found = set(model._base_manager.filter(pk__in=pks).values_list("pk", flat=True))
            missing |= {(name, pk) for pk in pks - found}
    return missing


def _bulk_for(data: EventInput, missing: set[tuple[str, int]], named: dict) -> BulkChecks:
    """The checks made once for the file; a row whose related record vanished meanwhile is checked
    by the event's own per-row path, so it is refused with the usual message."""
    read = not any(
        (name, related.pk) in missing for name in RELATED_FIELDS if (related := getattr(data, name)) is not None
    )
    return BulkChecks(related_read=read, import_id_checked=True, named=named)


def events_import(*, party, upload, confirmed: bool = False, created_by=None, check_only: bool = False) -> ImportResult:
    """Check every row; write all of them in one transaction only if every row passes. Returns the
    counts and the import's record (to undo it by), or every error (row, column, message) with
    nothing written. `check_only` stops before writing: the counts and `preview` say what an
    import would do (the page shows it before the user confirms)."""
    result = ImportResult()
    try:
        records, problems = _records(read_table(upload, limits=LIMITS))
    except FileRejected as exc:
        result.errors = exc.errors
        return result
    result.rows = len(records)
    lookups = Lookups()
    by_id, by_key = _existing(party)
    planned: list[tuple[int, tuple[Event | None, EventInput]]] = []
    seen: dict[tuple, int] = {}
    parsed = [(number, *parse_row(record, party=party, lookups=lookups)) for number, record in records]
    locked = LockedDays(
        party.pk,
        [_day(data.start) for _n, data, _e in parsed if data is not None]
        + [_day(e.start) for same in by_key.values() for e in same],
    )
    candidates = [(number, (None, data)) for number, data, _e in parsed if data is not None]
    problems.extend(
        _import_id_clashes(party, [(n, (by_id.get(d.import_id.strip()), d)) for n, (_t, d) in candidates]).listed
    )
    for number, data, errors in parsed:
        for column, message in errors:
            problems.add(number, column, message)
        if data is None:
            continue
        key = ("id", data.import_id) if data.import_id else ("key", *_natural_key(data))
        if key in seen:
            column = "import_id" if data.import_id else "title"
            problems.add(number, column, _("The same event is already on row %d.") % seen[key])
            continue
        seen[key] = number
        if data.import_id:
            target = by_id.get(data.import_id)
        else:
            matches = by_key.get(_natural_key(data), [])
            if len(matches) > 1:
                problems.add(number, "import_id", _("Several events match this row; give it an import id."))
                continue
            target = matches[0] if matches else None
        parts = locked.parts_on(_day(data.start), _day(target.start) if target else None)
        if parts:  # a bulk file gives no reason per row: such a change is made on the event's page
            problems.add(
                number,
                "date",
                _(
                    "The event is in an approved report part (%(parts)s): change it on the event's page, "
                    "where the change needs a reason, and leave it out of the file."
                )
                % {"parts": describe(parts)},
            )
            continue
        try:
            # the related records are this import's reads; the import ids were checked above, at once
            event_validate(data, event=target, confirmed=confirmed, related_read=True, import_id_checked=True)
        except ConfirmationRequired as exc:
            result.warnings.extend(RowError(number, "date", w) for w in exc.warnings)
        except ValidationError as exc:
            problems.extend(validation_errors(number, exc, column_for))
        if not errors:
            planned.append((number, (target, data)))
    result.errors = sorted(problems.listed, key=lambda e: e.row)
    if result.errors or result.warnings:
        return result
    if check_only:
        result.created = sum(1 for _number, (target, _data) in planned if target is None)
        result.updated = len(planned) - result.created
        result.preview = [_described(number, target, data) for number, (target, data) in planned[:10]]
        return result

    created: list[int] = []
    checks: dict = {}

    def write(item):
        target, data = item
        bulk = _bulk_for(data, checks["missing"], checks["named"])
        if target is None:
            created.append(event_create(data=data, confirmed=True, bulk=bulk).pk)
        else:
            event_update(event=target, data=data, confirmed=True, bulk=bulk)
            result.updated += 1

    try:
        with transaction.atomic():
            batch = EventImport(party=party, file_name=upload.name[:200], created_by=created_by)
            batch.full_clean()
            batch.save()
            # what event_create checks per row, asked once for the file inside the transaction
            clashes = _import_id_clashes(party, planned)
            if clashes.listed:
                raise ImportRejected(clashes.listed, clashes.count)
            checks["missing"] = _missing_related(planned)
            checks["named"] = organisations_named(
                {name for _n, (_t, data) in planned for name in data.organisations if name.strip()}
            )
            write_rows(planned, write, column_for=column_for)
            Event.objects.filter(pk__in=created).update(import_batch=batch)
            batch.created_count, batch.updated_count = len(created), result.updated
            batch.save(update_fields=["created_count", "updated_count"])
    except ImportRejected as exc:
        result.updated = 0
        result.errors = exc.errors
        return result
    result.created, result.batch = len(created), batch
    return result
