"""Dates of a recurring event: a dateutil rule minus excluded quarters, months and days.

Pure functions (no database), so the rule can be previewed, tested exhaustively and reused by the
series service and the form's preview alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateutil import rrule
from django.utils.translation import gettext as _

MAX_OCCURRENCES = 400
WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
_QUARTER = re.compile(r"^Q([1-4])$")
_MONTH = re.compile(r"^(0[1-9]|1[0-2])$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class RecurrenceError(ValueError):
    """The rule cannot produce a sensible set of dates; the message says why, in the user's language."""


@dataclass(frozen=True)
class Rule:
    frequency: str  # "weekly" | "monthly"
    starts_on: dt.date
    ends_on: dt.date
    weekdays: tuple[int, ...] = ()
    interval: int = 1
    week_of_month: int | None = None  # monthly only: 1..4, or -1 for the last
    excluded: tuple[str, ...] = field(default_factory=tuple)


def parse_excluded(values: Iterable[str]) -> tuple[str, ...]:
    """Normalise excluded periods ("q3", "7", "2024-02-24") or raise RecurrenceError naming the bad one."""
    result = []
    for raw in values:
        value = str(raw).strip().upper()
        if not value:
            continue
        if value.isdigit() and len(value) <= 2:
            value = value.zfill(2)
        if not (_QUARTER.match(value) or _MONTH.match(value) or _DAY.match(value)):
            raise RecurrenceError(_("“%s” is not a quarter (Q1–Q4), a month (01–12) or a date (YYYY-MM-DD).") % raw)
        if _DAY.match(value):
            try:
                dt.date.fromisoformat(value)
            except ValueError as exc:
                raise RecurrenceError(_("“%s” is not a valid date.") % raw) from exc
        result.append(value)
    return tuple(dict.fromkeys(result))


def is_excluded(day: dt.date, excluded: Iterable[str]) -> bool:
    quarter = f"Q{(day.month - 1) // 3 + 1}"
    month = f"{day.month:02d}"
    iso = day.isoformat()
    return any(value in (quarter, month, iso) for value in excluded)


def occurrences(rule: Rule, *, limit: int = MAX_OCCURRENCES) -> list[dt.date]:
    """Every date the rule produces, excluded periods removed. Stops as soon as the rule passes `limit`
    dates, so a rule for "every day for ten years" is refused cheaply and nothing is written."""
    if rule.ends_on < rule.starts_on:
        raise RecurrenceError(_("The last date is before the first date."))
    if rule.interval < 1:
        raise RecurrenceError(_("The interval must be at least 1."))
    if not rule.weekdays:
        raise RecurrenceError(_("Choose at least one weekday."))
    if any(not 0 <= day <= 6 for day in rule.weekdays):
        raise RecurrenceError(_("Weekdays are numbered 0 (Monday) to 6 (Sunday)."))
    if rule.frequency == "weekly":
        byweekday = [WEEKDAYS[d] for d in sorted(set(rule.weekdays))]
        freq = rrule.WEEKLY
    elif rule.frequency == "monthly":
        if rule.week_of_month not in (1, 2, 3, 4, -1):
            raise RecurrenceError(_("A monthly series needs the week of the month: 1–4 or the last."))
        byweekday = [WEEKDAYS[d](rule.week_of_month) for d in sorted(set(rule.weekdays))]
        freq = rrule.MONTHLY
    else:
        raise RecurrenceError(_("Unknown repetition: %s.") % rule.frequency)
    generator = rrule.rrule(
        freq,
        dtstart=dt.datetime.combine(rule.starts_on, dt.time()),
        until=dt.datetime.combine(rule.ends_on, dt.time()),
        interval=rule.interval,
        byweekday=byweekday,
        wkst=rrule.MO,
    )
    dates = []
    for moment in generator:
        day = moment.date()
        if is_excluded(day, rule.excluded):
            continue
        dates.append(day)
        if len(dates) > limit:
            raise RecurrenceError(
                _("This series would create more than %(limit)d events. Shorten the period or repeat less often.")
                % {"limit": limit}
            )
    if not dates:
        raise RecurrenceError(_("The series creates no events: check the dates, weekdays and excluded periods."))
    return dates
