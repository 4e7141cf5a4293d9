"""Rules a plan's parts must keep, shared by the plan file import and the edit forms, so that a form
refuses exactly what an import refuses (field names are the plan file's: `due`, `min`, `excluded`…).
Where a model's own `clean()` checks the same thing, the message is the model's, word for word."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from .models import ObligationSubject, Period

ROW_NUMBER = re.compile(r"^\d+(\.\d+)*$")
_MONTHS = {f"{m:02d}" for m in range(1, 13)}
_QUARTERS = {"Q1", "Q2", "Q3", "Q4"}
_HALVES = {"H1", "H2"}
#: period → the exclusion tokens that make sense inside it
EXCLUDABLE = {
    Period.WEEK: _QUARTERS | _HALVES | _MONTHS,
    Period.MONTH: _QUARTERS | _HALVES | _MONTHS,
    Period.QUARTER: _QUARTERS | _HALVES,
    Period.HALF_YEAR: _HALVES,
    Period.YEAR: set(),
    Period.ONCE: set(),
}


def normalise_row_number(number: str) -> str:
    """'1.1.' → '1.1', '2 ' → '2': the printed number without its trailing dot."""
    return number.strip().rstrip(".").strip()


def row_number_problems(number: str, parent_key: str) -> list[str]:
    """What is wrong with a row number written under a row `parent_key` ('' under the activity)."""
    key = normalise_row_number(number)
    if not ROW_NUMBER.match(key):
        return [_("A row number is digits separated by dots, e.g. 2.1. or 3; not %r.") % number]
    if parent_key and not key.startswith(parent_key + "."):
        return [_("Row %(key)s is written under row %(parent)s.") % {"key": key, "parent": parent_key}]
    if not parent_key and "." in key:
        return [_("Row %s belongs under its parent row, not directly under the activity.") % key]
    return []


def obligation_problems(
    *,
    subject: str,
    period: str,
    event_kinds: list[str],
    reach: str,
    due: dt.date | None,
    minimum: int | None,
    maximum: int | None,
    excluded: list[str],
    is_open: bool,
    plan_period: tuple[dt.date, dt.date] | None,
) -> list[tuple[str, str]]:
    """Every problem of a commitment as (field, message)."""
    problems = []
    if subject == ObligationSubject.EVENTS and not event_kinds:
        problems.append(("event_kinds", _("Say which event kinds count toward the commitment.")))
    if subject != ObligationSubject.EVENTS and (event_kinds or reach):
        problems.append(("event_kinds", _("Event kinds and reach apply only to commitments counted in events.")))
    if minimum is not None and maximum is not None and maximum < minimum:
        problems.append(("max", _("The maximum is below the minimum.")))
    if not is_open and minimum is None and subject != ObligationSubject.MANUAL:
        problems.append(("min", _("Give a minimum count, or mark the cadence as still to be agreed.")))
    if period == Period.ONCE and not due:
        problems.append(("due", _("A one-off commitment needs a due date.")))
    if period and period != Period.ONCE and due:
        problems.append(("due", _("Only a one-off commitment (period: once) has a due date.")))
    if due and plan_period and not plan_period[0] <= due <= plan_period[1]:
        problems.append(("due", _("The due date %s lies outside the plan period.") % due))
    allowed = EXCLUDABLE.get(period, set())
    for token in excluded:
        if token not in allowed:
            hint = ", ".join(sorted(allowed)) or _("nothing can be excluded from this period")
            problems.append(
                (
                    "excluded",
                    _("%(token)r cannot be excluded from a %(period)s commitment (%(hint)s).")
                    % {"token": token, "period": period, "hint": hint},
                )
            )
    if len(set(excluded)) != len(excluded):
        problems.append(("excluded", _("A period is excluded twice.")))
    return problems
