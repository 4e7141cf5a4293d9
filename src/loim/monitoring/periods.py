"""The periods of a plan year in which a commitment is checked: ISO weeks, months, quarters,
half-years, the year, or the stretch up to a one-off due date. Pure functions, no database.

Weeks follow ISO 8601 week numbering (2024 has W01, 1.–7. January, to W52, 23.–29. December), and a
plan year holds every week that touches its period, clipped to it: 30.–31. December 2024 belong to
2025-W01, so the 2024 plan holds them as its partial week "2025-W01" (30.–31.12). A week is "in" a
month or quarter (for excluded periods such as Q3) by its Thursday, a partial week by its first day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The names of periods are the vocabulary's (one mechanism: the plan pages, the forms and the reports say
# them alike); named here too because the reports and the layouts below have always imported them from here.
from loim.core.vocabulary import _month_names
from loim.core.vocabulary import month_name as month_name
from loim.core.vocabulary import period_label as period_label

MONTH_TOKENS = tuple(f"{m:02d}" for m in range(1, 13))
QUARTER_TOKENS = ("Q1", "Q2", "Q3", "Q4")
HALF_TOKENS = ("H1", "H2")
EXCLUSION_TOKENS = frozenset(MONTH_TOKENS + QUARTER_TOKENS + HALF_TOKENS)


@dataclass(frozen=True)
class Slot:
    """One period of a plan year. `end` is inclusive."""

    key: str  # "2024-W05", "2024-03", "2024-Q1", "2024-H1", "2024", "2024-by-2024-01-31"
    label: str
    short: str
    start: dt.date
    end: dt.date
    tokens: frozenset[str]  # the month, quarter and half-year the period lies in (for exclusions)
    months: frozenset[str]  # every month the period covers

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def days_left(self, as_of: dt.date) -> int:
        return max((self.end - as_of).days, 0)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _tokens(day: dt.date) -> set[str]:
    quarter = (day.month - 1) // 3 + 1
    return {f"{day.month:02d}", f"Q{quarter}", f"H{1 if day.month <= 6 else 2}"}


def _months_between(start: dt.date, end: dt.date) -> frozenset[str]:
    months, year, month = set(), start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.add(f"{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return frozenset(months)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def weeks(year: int, start: dt.date | None = None, end: dt.date | None = None) -> list[Slot]:
    """The ISO weeks that touch the plan period (by default the calendar year), each clipped to it.

    A week that straddles the period's edge belongs to the plan year for its days inside it, keyed by
    its own ISO week: 30.–31. December 2024 (Monday and Tuesday of 2025-W01) are the 2024 plan's
    partial week "2025-W01", so a club held then counts in 2024 and the weekly counts add up to the
    row's count. A partial week lies in the month and quarter of its first day in the period."""
    start = start or dt.date(year, 1, 1)
    end = end or dt.date(year, 12, 31)
    slots = []
    monday = start - dt.timedelta(days=start.weekday())
    while monday <= end:
        iso = monday.isocalendar()
        sunday = monday + dt.timedelta(days=6)
        first, last = max(monday, start), min(sunday, end)
        partial = (first, last) != (monday, sunday)
        thursday = monday + dt.timedelta(days=3)
        if partial:
            label = _("week %(number)d of %(year)d, the days %(start)s–%(end)s in the plan year") % {
                "number": iso.week,
                "year": iso.year,
                "start": f"{first:%d.%m}",
                "end": f"{last:%d.%m}",
            }
        else:
            label = _("week %(number)d (%(start)s–%(end)s)") % {
                "number": iso.week,
                "start": f"{monday:%d.%m}",
                "end": f"{sunday:%d.%m}",
            }
        slots.append(
            Slot(
                key=f"{iso.year}-W{iso.week:02d}",
                label=label,
                short=f"{iso.week:02d}" if iso.year == year else f"{iso.week:02d}/{iso.year % 100:02d}",
                start=first,
                end=last,
                tokens=frozenset(_tokens(thursday if first <= thursday <= last else first)),
                months=_months_between(first, last),
            )
        )
        monday += dt.timedelta(days=7)
    return slots


def partial_weeks(slots: list[Slot]) -> list[Slot]:
    """The weeks of a layout cut by the plan period's edges (fewer than seven days)."""
    return [slot for slot in slots if "-W" in slot.key and slot.days < 7]


def months(year: int) -> list[Slot]:
    names = _month_names()
    return [
        Slot(
            key=f"{year}-{m:02d}",
            label=f"{names[m - 1]} {year}",
            short=f"{m:02d}",
            start=dt.date(year, m, 1),
            end=_month_end(year, m),
            tokens=frozenset(_tokens(dt.date(year, m, 1))),
            months=frozenset({f"{m:02d}"}),
        )
        for m in range(1, 13)
    ]


def quarters(year: int) -> list[Slot]:
    slots = []
    for q in range(1, 5):
        start, end = dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
        slots.append(
            Slot(
                key=f"{year}-Q{q}",
                label=period_label(f"{year}-Q{q}", with_year=True),
                short=period_label(f"Q{q}"),
                start=start,
                end=end,
                tokens=frozenset({f"Q{q}", f"H{1 if q <= 2 else 2}"}),
                months=_months_between(start, end),
            )
        )
    return slots


def half_years(year: int) -> list[Slot]:
    return [
        Slot(
            key=f"{year}-H1",
            label=period_label(f"{year}-H1", with_year=True),
            short=period_label("H1"),
            start=dt.date(year, 1, 1),
            end=dt.date(year, 6, 30),
            tokens=frozenset({"H1"}),
            months=frozenset(MONTH_TOKENS[:6]),
        ),
        Slot(
            key=f"{year}-H2",
            label=period_label(f"{year}-H2", with_year=True),
            short=period_label("H2"),
            start=dt.date(year, 7, 1),
            end=dt.date(year, 12, 31),
            tokens=frozenset({"H2"}),
            months=frozenset(MONTH_TOKENS[6:]),
        ),
    ]


def whole(start: dt.date, end: dt.date, year: int) -> list[Slot]:
    return [
        Slot(
            key=str(year),
            label=_("the year %(year)d") % {"year": year},
            short=str(year),
            start=start,
            end=end,
            tokens=frozenset(),
            months=_months_between(start, end),
        )
    ]


def until(start: dt.date, due: dt.date, year: int) -> list[Slot]:
    return [
        Slot(
            key=f"{year}-by-{due.isoformat()}",
            label=_("by %(date)s") % {"date": f"{due:%d.%m.%Y}"},
            short=f"{due:%d.%m}",
            start=min(start, due),
            end=due,
            tokens=frozenset(),
            months=_months_between(min(start, due), due),
        )
    ]


def layout(period: str, *, year: int, start: dt.date, end: dt.date, due: dt.date | None = None) -> list[Slot]:
    """The periods of one plan year for a commitment's cadence (plans.Period values). Slots are
    immutable, so a layout is computed once per cadence, year and language and then shared."""
    return list(_layout(period, year, start, end, due, get_language()))


@functools.lru_cache(maxsize=256)
def _layout(period: str, year: int, start: dt.date, end: dt.date, due: dt.date | None, language) -> tuple[Slot, ...]:
    return tuple(_lay_out(period, year=year, start=start, end=end, due=due))


def _lay_out(period: str, *, year: int, start: dt.date, end: dt.date, due: dt.date | None = None) -> list[Slot]:
    if period == "week":
        return weeks(year, start, end)
    if period == "month":
        return months(year)
    if period == "quarter":
        return quarters(year)
    if period == "half_year":
        return half_years(year)
    if period == "year":
        return whole(start, end, year)
    if period == "once":
        if due is None:
            raise ValueError("a one-off commitment needs a due date")
        return until(start, due, year)
    raise ValueError(f"unknown period {period!r}")


def is_excluded(slot: Slot, excluded: frozenset[str]) -> bool:
    """Whether the commitment pauses in this period: the period lies in an excluded month, quarter or
    half-year, or every month it covers is excluded (a quarter whose three months are all paused)."""
    if not excluded:
        return False
    if slot.tokens & excluded:
        return True
    covered = set(excluded & frozenset(MONTH_TOKENS))
    for token in excluded:
        if token in QUARTER_TOKENS:
            q = int(token[1])
            covered |= {f"{m:02d}" for m in range(3 * q - 2, 3 * q + 1)}
        elif token in HALF_TOKENS:
            covered |= set(MONTH_TOKENS[:6] if token == HALF_TOKENS[0] else MONTH_TOKENS[6:])
    return bool(slot.months) and slot.months <= covered and len(slot.months) < 12


def unknown_tokens(excluded) -> list[str]:
    if not isinstance(excluded, list | tuple):
        return [str(excluded)]
    return [str(token) for token in excluded if token not in EXCLUSION_TOKENS]
