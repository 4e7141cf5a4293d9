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


#: what `distinct` may ask for: events in distinct regions (the counties of their municipalities)
DISTINCT_CHOICES = ("region",)


def obligation_rule_problems(
    *,
    period: str,
    pauses: list[tuple[dt.date, dt.date]],
    distinct: str,
    plan_period: tuple[dt.date, dt.date] | None,
) -> list[tuple[str, str]]:
    """Problems of a commitment's checking rule (`pauses`, `distinct`) as (field, message).

    A pause is declared for a yearly commitment only (shorter cadences pause with `excluded`): it lies
    inside the plan period and the pauses together leave some active time, else the pace of the
    year could not be computed, and a pause longer than the period is a mistake, not a reading."""
    problems: list[tuple[str, str]] = []
    if distinct and distinct not in DISTINCT_CHOICES:
        problems.append(
            ("distinct", _("Unknown value %(value)r; one of: %(allowed)s.") % {"value": distinct, "allowed": "region"})
        )
    if not pauses:
        return problems
    if period != Period.YEAR:
        problems.append(
            ("pauses", _("Pauses are declared for a yearly commitment; a shorter period is paused with `excluded`."))
        )
        return problems
    paused: set[dt.date] = set()
    for start, end in pauses:
        if end < start:
            message = _("The pause ends %(end)s before it starts %(start)s.") % {"end": end, "start": start}
            problems.append(("pauses", message))
            continue
        if plan_period:
            days = (end - start).days + 1
            length = (plan_period[1] - plan_period[0]).days + 1
            if days >= length:
                problems.append(
                    (
                        "pauses",
                        _("The pause %(start)s–%(end)s (%(days)d days) is longer than the period (%(length)d days).")
                        % {"start": start, "end": end, "days": days, "length": length},
                    )
                )
                continue
            if start < plan_period[0] or end > plan_period[1]:
                problems.append(
                    (
                        "pauses",
                        _("The pause %(start)s–%(end)s lies outside the plan period %(pstart)s–%(pend)s.")
                        % {"start": start, "end": end, "pstart": plan_period[0], "pend": plan_period[1]},
                    )
                )
                continue
        day = start
        while day <= end:
            if day in paused:
                problems.append(("pauses", _("The pauses overlap on %s.") % day))
                break
            paused.add(day)
            day += dt.timedelta(days=1)
    if plan_period and not problems and len(paused) >= (plan_period[1] - plan_period[0]).days + 1:
        problems.append(("pauses", _("The pauses cover the whole period: nothing is left to check.")))
    return problems


def stored_rule_problems(rule, *, period: str, plan_period) -> list[tuple[str, str]]:
    """The problems of a rule as stored (`Obligation.rule`, ISO dates), for an admin's edit and for
    the checker, which never judges a commitment on a wrong reading."""
    if rule in (None, ""):
        return []
    if not isinstance(rule, dict) or set(rule) - {"pauses", "distinct"}:
        return [("rule", _("A checking rule is a mapping with `pauses` and/or `distinct`."))]
    pauses = []
    for pause in rule.get("pauses") or []:
        try:
            pauses.append((dt.date.fromisoformat(pause["start"]), dt.date.fromisoformat(pause["end"])))
        except (TypeError, KeyError, ValueError):
            return [("pauses", _("A pause is {start, end} with dates as YYYY-MM-DD."))]
    return obligation_rule_problems(
        period=period, pauses=pauses, distinct=rule.get("distinct") or "", plan_period=plan_period
    )
