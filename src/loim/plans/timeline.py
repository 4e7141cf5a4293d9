"""The plan's timeline (Gantt) as server-rendered SVG geometry: every row across the plan year or
across the whole programme frame, with today's line. Pure arithmetic over dates, so it is tested
without a browser; the template only writes the numbers out as SVG attributes (the CSP forbids
inline styles), and the same rows are listed in a table beside it for people who cannot see it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

WIDTH = 1000
LABEL_WIDTH = 330
RIGHT_MARGIN = 12
ROW_HEIGHT = 22
HEADER_HEIGHT = 34
LABEL_CHARS = 44


@dataclass(frozen=True)
class Bar:
    x: float
    width: float


@dataclass(frozen=True)
class TimelineRow:
    activity: object
    y: float
    label: str
    full_label: str
    frame: Bar | None
    dates: Bar | None
    is_mine: bool
    level: int


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    scope: str
    start: dt.date
    end: dt.date
    rows: list[TimelineRow]
    ticks: list[Tick]
    today_x: float | None
    today: dt.date
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    row_height: int = ROW_HEIGHT
    header_height: int = HEADER_HEIGHT

    @property
    def height(self) -> int:
        return HEADER_HEIGHT + ROW_HEIGHT * len(self.rows) + 8

    @property
    def chart_right(self) -> int:
        return WIDTH - RIGHT_MARGIN

    @property
    def bottom(self) -> int:
        return self.height - 4


def _x(day: dt.date, start: dt.date, end: dt.date) -> float:
    span = (end - start).days + 1
    return round(LABEL_WIDTH + (WIDTH - RIGHT_MARGIN - LABEL_WIDTH) * (day - start).days / span, 1)


def _bar(first: dt.date | None, last: dt.date | None, start: dt.date, end: dt.date) -> Bar | None:
    if first is None or last is None or last < start or first > end:
        return None
    left = _x(max(first, start), start, end)
    right = _x(min(last, end) + dt.timedelta(days=1), start, end)
    return Bar(left, max(round(right - left, 1), 1.0))


def _ticks(start: dt.date, end: dt.date, scope: str) -> list[Tick]:
    ticks = []
    if scope == "year":
        day = start.replace(day=1)
        while day <= end:
            ticks.append(Tick(_x(day, start, end), date_format(day, "M")))
            day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    else:
        for year in range(start.year, end.year + 1):
            ticks.append(Tick(_x(dt.date(year, 1, 1), start, end), str(year)))
    return ticks


def row_label(activity) -> str:
    return activity.code if activity.level == 0 else f"{activity.measure_code} {activity.row_number}"


def frame_span(tree) -> tuple[dt.date, dt.date]:
    """Whole years from the earliest frame start to the programme frame's end."""
    plan = tree.plan
    starts = [a.frame_start for a in tree.activities if a.frame_start] + [plan.period_start]
    ends = [a.frame_end for a in tree.activities if a.frame_end] + [plan.frame_end, plan.period_end]
    return dt.date(min(starts).year, 1, 1), dt.date(max(ends).year, 12, 31)


def build_timeline(tree, *, scope: str = "year", today: dt.date | None = None, mine_only: bool = False) -> Timeline:
    """`scope` "year": the plan period; "frame": from the earliest frame start to the frame's end."""
    plan = tree.plan
    today = today or dt.date.today()
    activities = [a for a in tree.activities if not mine_only or a.is_mine]
    if scope == "frame":
        start, end = frame_span(tree)
    else:
        scope, start, end = "year", plan.period_start, plan.period_end
    rows = []
    for index, activity in enumerate(activities):
        label = row_label(activity)
        title = " ".join(activity.title.split())
        text = f"{label} {title}"
        rows.append(
            TimelineRow(
                activity=activity,
                y=HEADER_HEIGHT + index * ROW_HEIGHT,
                label=text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…",
                full_label=text,
                frame=_bar(activity.frame_start, activity.frame_end, start, end) if scope == "frame" else None,
                dates=_bar(activity.start, activity.end, start, end),
                is_mine=activity.is_mine,
                level=activity.level,
            )
        )
    today_x = _x(today, start, end) if start <= today <= end else None
    return Timeline(scope, start, end, rows, _ticks(start, end, scope), today_x, today)


def describe(timeline: Timeline) -> str:
    """The text alternative's summary line for the SVG."""
    return _("%(count)s rows from %(start)s to %(end)s; the table below lists the same dates.") % {
        "count": len(timeline.rows),
        "start": date_format(timeline.start, "SHORT_DATE_FORMAT"),
        "end": date_format(timeline.end, "SHORT_DATE_FORMAT"),
    }
