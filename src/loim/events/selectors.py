"""Reads over events: the filtered list, the calendar's days, the plan rows a party may link, sums."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from loim.plans.models import Activity

from .filters import EventFilter
from .models import Event, EventQuerySet, ParticipantCount, Participation
from .services import LOCAL_TZ, local_datetime


def _subquery_total(model, aggregate) -> Subquery:
    rows = (
        model.objects.filter(event=OuterRef("pk")).order_by().values("event").annotate(total=aggregate).values("total")
    )
    return Subquery(rows, output_field=IntegerField())


def with_totals(queryset: QuerySet) -> QuerySet:
    """Each event with its participant total and number of participating municipalities, in the same
    query (subqueries, so the list costs one query however many rows it shows). The participant total
    is None for an event without any count: not counted, which is not 0 (events.attendance)."""
    return queryset.annotate(
        participants_total=_subquery_total(ParticipantCount, Sum("count")),
        participations_total=Coalesce(_subquery_total(Participation, Count("pk")), 0),
    )


def events_visible(user) -> QuerySet:
    return Event.objects.visible_to(user).select_related("kind", "party", "municipality", "activity")


def event_filter(request, params=None) -> EventFilter:
    """The filter set over the events the user may read (its `.qs` is the filtered list)."""
    params = request.GET if params is None else params
    return EventFilter(params or None, queryset=events_visible(request.user), request=request)


def activities_for_parties(user, party_ids) -> QuerySet:
    """Plan rows the given parties answer for (`responsible_parties`), among those the user may read:
    the only rows an event of those parties may carry out."""
    rows = (
        Activity.objects.visible_to(user)
        .filter(responsible_parties__in=list(party_ids))
        .values_list("pk", flat=True)
        .distinct()
    )
    return (
        Activity.objects.filter(pk__in=list(rows))
        .select_related("plan")
        .prefetch_related("responsible_parties")
        .order_by("-plan__year", "position")
    )


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[tuple[dt.date, list[Event]]]]

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LOCAL_TZ).date()


def calendar_months(queryset: QuerySet, year: int, months: list[int]) -> list[Month]:
    """Month grids (weeks from Monday) with each day's events; an event spanning days shows on each.
    One query for the whole range."""
    grids = [calendar.Calendar(firstweekday=0).monthdatescalendar(year, m) for m in months]
    first_day, last_day = grids[0][0][0], grids[-1][-1][-1]
    events = queryset.filter(
        start__lt=local_datetime(last_day + dt.timedelta(days=1), dt.time.min),
        end__gte=local_datetime(first_day, dt.time.min),
    ).order_by("start", "pk")
    by_day: dict[dt.date, list[Event]] = defaultdict(list)
    for event in events:
        day, end = max(local_day(event.start), first_day), min(local_day(event.end), last_day)
        while day <= end:
            by_day[day].append(event)
            day += dt.timedelta(days=1)
    return [
        Month(
            year, month, [[(day, by_day.get(day, []) if day.month == month else []) for day in week] for week in grid]
        )
        for month, grid in zip(months, grids, strict=True)
    ]


def upcoming(user, *, limit: int = 5) -> QuerySet:
    """The next events of the user's own parties (the home panel): a choice of relevance made after
    tenancy has scoped the list, not an access rule."""
    from loim.core.permissions import parties_for

    now = dt.datetime.now(tz=LOCAL_TZ)
    return (
        Event.objects.visible_to(user)
        .filter(party_id__in=parties_for(user, "member"), end__gte=now)
        .select_related("kind")  # the panel shows the title, the start and the kind
        .order_by("start")[:limit]
    )


def public_events() -> EventQuerySet:
    """Events their organisers published (`is_public`): the public portal's and public feed's only
    source. Publication, not tenancy, is the rule here: nothing personal is ever on an event."""
    return Event.objects.public().select_related("kind", "party", "municipality__county")
