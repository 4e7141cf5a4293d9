"""Every write to events: one validated path shared by the form, the series, the import and the API.

The pages, the import and the API all build an `EventInput` and call `event_create` / `event_update`,
so a rule (an end before the start, a plan row the party does not answer for, a negative count) is
enforced in one place. A change made from an old version of the event is refused
(`core.versioning.StaleVersion`), so two people editing one event cannot overwrite each other.
Warnings the user may override (an event outside its plan row's dates) raise
`ConfirmationRequired` until the caller passes `confirmed=True`; nothing is written before that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from loim.core.translations import raise_source_version
from loim.core.versioning import StaleVersion, save_versioned
from loim.core.vocabulary import ParticipantGroup
from loim.network.selectors import link_for, organisations_named
from loim.places.models import Municipality
from loim.plans.models import Activity, EventKind

from .models import (
    CalendarFeed,
    Event,
    EventFormat,
    EventOrganisation,
    EventSeries,
    ParticipantCount,
    Participation,
    Reach,
)
from .recurrence import Rule, occurrences

LOCAL_TZ = ZoneInfo(settings.TIME_ZONE)
# The public fields of issue 14, kept as typed (stripped) on the event.
PUBLIC_FIELDS = (
    "registration",
    "registration_url",
    "cost",
    "accessibility",
    "address_notes",
    "contact_name",
    "contact_email",
    "contact_phone",
)
MAX_ORGANISATION_NAME = 200


class ConfirmationRequired(ValidationError):
    """The input is valid but unusual; the user must confirm the listed warnings to save it."""

    def __init__(self, warnings: list[str]):
        super().__init__(warnings, code="confirmation_required")
        self.warnings = warnings


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """An aware moment in Tallinn time (the programme's time zone) from a date and a wall-clock time."""
    return dt.datetime.combine(day, time, tzinfo=LOCAL_TZ)


@dataclass
class EventInput:
    """Everything an event is made of, as the form, the import and the API hand it over."""

    party: object
    kind: EventKind
    title: str
    start: dt.datetime
    end: dt.datetime
    activity: Activity | None = None
    format: str = EventFormat.ON_SITE
    municipality: Municipality | None = None
    address: str = ""
    online_url: str = ""
    languages: list[str] = field(default_factory=list)
    reach: str = Reach.LOCAL
    is_public: bool = False
    description: str = ""
    counts: dict[str, int | None] = field(default_factory=dict)
    municipalities: list[Municipality] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    import_id: str = ""
    participants_adults: str = ""  # ParticipantsAdults: "yes", "no", "" = not recorded
    # what a person needs to go (issue 14): Estonian, translated (events.translation)
    registration: str = ""
    registration_url: str = ""
    cost: str = ""
    accessibility: str = ""
    address_notes: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""

    @classmethod
    def from_event(cls, event: Event) -> EventInput:
        return cls(
            party=event.party,
            kind=event.kind,
            title=event.title,
            start=event.start,
            end=event.end,
            activity=event.activity,
            format=event.format,
            municipality=event.municipality,
            address=event.address,
            online_url=event.online_url,
            languages=list(event.languages),
            reach=event.reach,
            is_public=event.is_public,
            description=event.description,
            counts={c.group: c.count for c in event.counts.all()},
            municipalities=[p.municipality for p in event.participations.select_related("municipality")],
            organisations=[o.name for o in event.organisations.all()],
            import_id=event.import_id,
            participants_adults=event.participants_adults,
            **{name: getattr(event, name) for name in PUBLIC_FIELDS},
        )


def _fmt(moment) -> str:
    return date_format(moment, "SHORT_DATE_FORMAT")


def _row_dates(activity: Activity) -> tuple[dt.date | None, dt.date | None]:
    return activity.start or activity.plan.period_start, activity.end or activity.plan.period_end


def _outside(day: dt.date, first: dt.date | None, last: dt.date | None) -> bool:
    return bool((first and day < first) or (last and day > last))


def event_warnings(data: EventInput) -> list[str]:
    """Things worth a second look that are not errors: the event lies outside its plan row's dates
    (or, for a row without dates, outside its plan's period)."""
    if data.activity is None or data.start is None:
        return []
    first, last = _row_dates(data.activity)
    day = data.start.astimezone(LOCAL_TZ).date()
    if not _outside(day, first, last):
        return []
    return [
        _("The event on %(day)s is outside the plan row's dates (%(first)s–%(last)s).")
        % {"day": _fmt(day), "first": _fmt(first), "last": _fmt(last)}
    ]


def _plan_year_errors(activity: Activity, start: dt.datetime, errors: dict[str, list]) -> dict[str, list]:
    """A plan row takes only events of its plan's year: the indicators count an event in the year it
    is held, and the report lists it under the rows of that year's plan. Unlike the row's own dates
    (a warning), this cannot be confirmed away."""
    year = activity.plan.year
    if start.astimezone(LOCAL_TZ).date().year == year:
        return {}
    message = _(
        "The plan row belongs to the %(year)s plan; an event held on %(day)s cannot carry it out. "
        "Choose a row of that year's plan, or none."
    ) % {"year": year, "day": _fmt(start.astimezone(LOCAL_TZ).date())}
    return {"activity": [*errors.get("activity", []), message]}


def _clean_children(data: EventInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for group, value in data.counts.items():
        if group not in ParticipantGroup.values:
            errors.setdefault("counts", []).append(_("Unknown participant group: %s.") % group)
        elif value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            label = ParticipantGroup(group).label
            errors.setdefault(f"count_{group}", []).append(
                _("The number of participants (%s) must be a whole number, 0 or more.") % label
            )
        elif value is not None:
            try:  # the model field's own validators (its maximum), as full_clean would run them
                ParticipantCount._meta.get_field("count").run_validators(value)
            except ValidationError as exc:
                label = ParticipantGroup(group).label
                errors.setdefault(f"count_{group}", []).extend(f"{label}: {m}" for m in exc.messages)
    for name in data.organisations:
        if len(name.strip()) > MAX_ORGANISATION_NAME:
            errors.setdefault("organisations", []).append(
                _("An organisation's name is longer than %d characters.") % MAX_ORGANISATION_NAME
            )
    return errors


def _assign(event: Event, data: EventInput) -> None:
    event.party = data.party
    event.kind = data.kind
    event.title = data.title.strip()
    event.description = data.description.strip()
    event.start = data.start
    event.end = data.end
    event.activity = data.activity
    event.format = data.format
    event.municipality = data.municipality
    event.address = data.address.strip()
    event.online_url = data.online_url.strip()
    event.languages = sorted(dict.fromkeys(data.languages))
    event.reach = data.reach
    event.is_public = data.is_public
    event.import_id = data.import_id.strip()
    event.participants_adults = data.participants_adults
    for name in PUBLIC_FIELDS:
        setattr(event, name, (getattr(data, name) or "").strip())


# The foreign keys whose existence full_clean checks with a query each (ForeignKey.validate).
RELATED_FIELDS = ("party", "kind", "activity", "municipality")


def event_validate(
    data: EventInput,
    *,
    event: Event | None = None,
    confirmed: bool = False,
    related_read: bool = False,
    import_id_checked: bool = False,
) -> Event:
    """Check everything without writing; return the unsaved event. Raises ValidationError (a dict by
    field) or ConfirmationRequired. The form and the import call this to report every problem.

    A bulk caller (the import) may vouch for two checks it makes once for the whole file instead of
    one query per row: `related_read` — the party, kind, plan row and municipality are records it
    read from the database itself (their existence is then not asked again; the database's foreign
    keys still hold); `import_id_checked` — it checked every row's import id against the party's other
    events in one query."""
    event = event or Event()
    _assign(event, data)
    errors: dict[str, list] = _clean_children(data)
    read = [name for name in RELATED_FIELDS if related_read and getattr(event, f"{name}_id") is not None]
    try:
        event.full_clean(exclude=read, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if data.activity is not None and data.start is not None:
        errors = {**errors, **_plan_year_errors(data.activity, data.start, errors)}
    if data.import_id.strip() and data.party is not None and not import_id_checked:
        clash = Event.objects.filter(party=data.party, import_id=data.import_id.strip())
        if event.pk:
            clash = clash.exclude(pk=event.pk)
        if clash.exists():
            errors.setdefault("import_id", []).append(_("Another event of this party has the same import id."))
    if errors:
        raise ValidationError(errors)
    warnings = event_warnings(data)
    if warnings and not confirmed:
        raise ConfirmationRequired(warnings)
    return event


@dataclass
class BulkChecks:
    """What a caller writing many events (the import) read or checked once for all of them, in the
    transaction it writes them in: the related records are its own reads (`related_read`), every
    import id was checked against the party's other events (`import_id_checked`), and `named` is
    `organisations_named` of every organisation name of the batch."""

    related_read: bool = True
    import_id_checked: bool = True
    named: dict = field(default_factory=dict)

    @property
    def flags(self) -> dict[str, bool]:
        return {"related_read": self.related_read, "import_id_checked": self.import_id_checked}


def _write_children(event: Event, data: EventInput, *, replace_existing: bool, named=None) -> None:
    if replace_existing:
        event.counts.all().delete()
        event.participations.all().delete()
        event.organisations.all().delete()
    ParticipantCount.objects.bulk_create(
        ParticipantCount(event=event, group=group, count=value)
        for group, value in sorted(data.counts.items())
        if value is not None
    )
    municipalities = {m.pk: m for m in data.municipalities}
    Participation.objects.bulk_create(Participation(event=event, municipality=m) for m in municipalities.values())
    names = dict.fromkeys(name.strip() for name in data.organisations if name.strip())
    if named is None:  # the directory's entries of these names (issue 12); a bulk caller reads them once
        named = organisations_named(names)
    EventOrganisation.objects.bulk_create(
        EventOrganisation(event=event, name=name, organisation=link_for(name, named)) for name in names
    )


@transaction.atomic
def event_create(
    *, data: EventInput, confirmed: bool = False, series: EventSeries | None = None, bulk: BulkChecks | None = None
) -> Event:
    """`bulk`: what a caller writing many events checked once for all of them (see BulkChecks)."""
    event = event_validate(data, confirmed=confirmed, **(bulk.flags if bulk else {}))
    event.series = series
    event.save()
    _write_children(event, data, replace_existing=False, named=bulk.named if bulk else None)
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    data: EventInput,
    confirmed: bool = False,
    version: int | None = None,
    bulk: BulkChecks | None = None,
) -> Event:
    """Change an event made from `version` (default: the version `event` was read at); StaleVersion,
    with nothing written, if someone saved it since (core.versioning). A change of an Estonian text
    (TEXT_FIELDS) raises the event's text version, so its translations become outdated; a change of
    the date, the place or the counts does not."""
    before = event.translatable_values()
    event = event_validate(data, event=event, confirmed=confirmed, **(bulk.flags if bulk else {}))
    raise_source_version(event, before)
    save_versioned(event, expected=version)
    _write_children(event, data, replace_existing=True, named=bulk.named if bulk else None)
    return event


@transaction.atomic
def event_import_undo(*, batch) -> int:
    """Delete the events an import created (with their counts, participations and attachments) and
    the import's record; events it only updated keep the update. Returns how many were deleted."""
    events = list(batch.events.all())
    for event in events:
        event_delete(event=event)
    batch.delete()
    return len(events)


@transaction.atomic
def event_delete(*, event: Event) -> None:
    """Delete the event with its counts, participations and attachments (files included)."""
    files = [attachment.file for attachment in event.attachments.all()]
    event.delete()
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])


def series_dates(rule: Rule) -> list[dt.date]:
    """The dates a series would get (RecurrenceError if none, or more than the limit)."""
    return occurrences(rule)


@transaction.atomic
def series_create(
    *, data: EventInput, rule: Rule, start_time: dt.time, end_time: dt.time, confirmed: bool = False
) -> EventSeries:
    """Create the series and one ordinary event per date. Every event is validated like a single one;
    if any fails, or the dates need confirming, nothing is written."""
    if end_time <= start_time:
        raise ValidationError({"end_time": _("The end time is before the start time.")})
    dates = occurrences(rule)
    inputs = [
        replace(data, start=local_datetime(day, start_time), end=local_datetime(day, end_time), import_id="")
        for day in dates
    ]
    event_validate(inputs[0], confirmed=True)  # the events differ only in date: one check finds any error
    if data.activity is not None and not confirmed:
        first, last = _row_dates(data.activity)
        outside = [day for day in dates if _outside(day, first, last)]
        if outside:
            raise ConfirmationRequired(
                [
                    _("%(count)d of the %(total)d dates are outside the plan row's dates (%(first)s–%(last)s).")
                    % {"count": len(outside), "total": len(dates), "first": _fmt(first), "last": _fmt(last)}
                ]
            )
    series = EventSeries(
        party=data.party,
        title=data.title.strip(),
        kind=data.kind,
        frequency=rule.frequency,
        interval=rule.interval,
        weekdays=sorted(set(rule.weekdays)),
        week_of_month=rule.week_of_month if rule.frequency == EventSeries.Frequency.MONTHLY else None,
        starts_on=rule.starts_on,
        ends_on=rule.ends_on,
        start_time=start_time,
        end_time=end_time,
        excluded_periods=list(rule.excluded),
    )
    series.full_clean()
    series.save()
    for item in inputs:
        event_create(data=item, confirmed=True, series=series)
    return series


@dataclass
class AttendanceEntry:
    """One row of a series' attendance table: the counts by group (None = not counted) entered for an
    event that was at `version` when the table was loaded."""

    event: Event
    version: int
    counts: dict[str, int | None]


class AttendanceErrors(ValidationError):
    """The table was refused as a whole: `by_event` maps an event's id to its messages by field
    (`count_<group>`, or `__all__` for a stale row). Nothing was written."""

    def __init__(self, by_event: dict[int, dict[str, list[str]]]):
        self.by_event = by_event
        super().__init__([m for fields in by_event.values() for ms in fields.values() for m in ms])


@transaction.atomic
def series_attendance_save(*, series: EventSeries, entries: list[AttendanceEntry]) -> int:
    """Save a series' attendance table in one transaction: each changed row goes through
    `event_update` (its rules and its version check), so a row someone saved since the table was
    loaded is refused and named; if any row fails, nothing is written. Returns how many events changed."""
    by_event: dict[int, dict[str, list[str]]] = {}
    changed = 0
    for entry in entries:
        event = entry.event
        if event.series_id != series.pk:
            raise ValueError("The event is not in this series.")
        data = EventInput.from_event(event)
        counts = {g: v for g, v in entry.counts.items() if v is not None}
        if counts == {g: v for g, v in data.counts.items() if v is not None}:
            continue  # nothing to write, so nothing of anyone else's is overwritten
        try:
            event_update(event=event, data=replace(data, counts=counts), confirmed=True, version=entry.version)
        except StaleVersion:
            by_event[event.pk] = {
                "__all__": [
                    _("The event on %(day)s was saved by someone else after you opened the table; reload it.")
                    % {"day": _fmt(event.start.astimezone(LOCAL_TZ).date())}
                ]
            }
        except ValidationError as exc:
            by_event[event.pk] = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        else:
            changed += 1
    if by_event:
        raise AttendanceErrors(by_event)
    return changed


@transaction.atomic
def series_delete(*, series: EventSeries) -> int:
    """Delete a series and the events it created; returns how many events went with it."""
    events = list(series.events.all())
    for event in events:
        event_delete(event=event)
    series.delete()
    return len(events)


@transaction.atomic
def event_kind_save(
    *,
    kind: EventKind | None = None,
    code: str,
    name_et: str,
    name_en: str,
    name_ru: str = "",
    name_uk: str = "",
    order: int = 100,
    active: bool = True,
) -> EventKind:
    """Add or rename an event kind. The code stays once used: rules and imports refer to it."""
    kind = kind or EventKind()
    stored_code = EventKind.objects.filter(pk=kind.pk).values_list("code", flat=True).first() if kind.pk else None
    if stored_code and stored_code != code and kind.events.exists():
        raise ValidationError({"code": _("The code of a kind already used by events cannot change.")})
    kind.code, kind.order, kind.active = code, order, active
    kind.name_et, kind.name_en, kind.name_ru, kind.name_uk = (
        name_et.strip(),
        name_en.strip(),
        name_ru.strip(),
        name_uk.strip(),
    )
    kind.full_clean()
    kind.save()
    return kind


@transaction.atomic
def calendar_feed_for(*, party) -> CalendarFeed:
    """The party's calendar feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(party=party)
    return feed


@transaction.atomic
def calendar_feed_renew(*, party) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    CalendarFeed.objects.filter(party=party).delete()
    feed = CalendarFeed(party=party)
    feed.full_clean()
    feed.save()
    return feed
