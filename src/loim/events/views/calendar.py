"""The calendar: a month or a quarter of month grids, server-rendered, with the list's filters."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render
from django.utils import timezone

from loim.core.permissions import policy

from ..selectors import calendar_months, event_filter

PER_DAY = 4  # a busy day shows this many events and a link to the rest in the list


def _int(value, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def _shift(year: int, index: int, step: int, size: int) -> tuple[int, int]:
    """Move a month (size 12) or quarter (size 4) index by step, carrying over the year."""
    total = year * size + (index - 1) + step
    return total // size, total % size + 1


@policy("signed_in")
def event_calendar(request):
    today = timezone.localdate()
    view = "quarter" if request.GET.get("view") == "quarter" else "month"
    year = _int(request.GET.get("year"), today.year, 2000, 2100)
    params = request.GET.copy()
    for key in ("view", "year", "month", "quarter", "date_from", "date_to", "page"):
        params.pop(key, None)
    filters = event_filter(request, params)
    if view == "quarter":
        quarter = _int(request.GET.get("quarter"), (today.month - 1) // 3 + 1, 1, 4)
        months = [3 * quarter - 2, 3 * quarter - 1, 3 * quarter]
        previous, following = _shift(year, quarter, -1, 4), _shift(year, quarter, 1, 4)
        period = {"quarter": quarter}
    else:
        month = _int(request.GET.get("month"), today.month, 1, 12)
        months = [month]
        previous, following = _shift(year, month, -1, 12), _shift(year, month, 1, 12)
        period = {"month": month}
    key = "quarter" if view == "quarter" else "month"
    grids = calendar_months(filters.qs, year, months)
    return render(
        request,
        "events/event_calendar.html",
        {
            "filters": filters,
            "view": view,
            "year": year,
            "period": period,
            "period_keep": {"view": view, "year": year, **period},
            "quarter": (months[0] - 1) // 3 + 1,
            "months": grids,
            "today": today,
            "per_day": PER_DAY,
            "filter_query": params.urlencode(),
            "previous": {"year": previous[0], key: previous[1]},
            "following": {"year": following[0], key: following[1]},
            "first_day": dt.date(year, months[0], 1),
        },
    )
