"""The records behind one figure: the same filters the count used, as a queryset to list.

Every figure of the dashboard, the report and the API drills down to these: the info days counted,
the participations (with the municipalities counted), the coordinator positions or the networks and
councils active on the day the stock was read, or the values entered by hand with their evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from loim.events.models import Event, Participation
from loim.network.models import Network
from loim.parties import coordinators
from loim.parties.models import CoordinatorPosition, PartnershipAgreement
from loim.services.models import RolloutPhase

from ..access import Viewer
from ..models import ManualValue
from . import counting
from .rules import BROKEN, MANUAL, NETWORK_SOURCES, ROLLOUT_SOURCES, Resolved

EVENTS = "events"
PARTICIPATIONS = "participations"
POSITIONS = "coordinator_positions"
NETWORKS = "networks"  # networks and councils active on the day the stock was read
ROLLOUT = "rollout"  # municipalities implementing the journey model on the day the stock was read
MANUAL_VALUES = "manual"


@dataclass
class Drilldown:
    kind: str  # EVENTS, PARTICIPATIONS, POSITIONS, MANUAL_VALUES, or BROKEN
    queryset: QuerySet | None
    day: dt.date | None = None  # the day a stock was read
    window: counting.Window | None = None
    vacancies: list = field(default_factory=list)  # coordinators: partnerships in force without a post
    # networks and councils: the values once entered by hand, kept as history and not counted
    history: QuerySet | None = None

    def municipalities(self) -> QuerySet | None:
        """For participations: each municipality counted, with how many times it took part."""
        if self.kind != PARTICIPATIONS:
            return None
        return (
            self.queryset.values("municipality_id", "municipality__name", "municipality__county__name")
            .annotate(times=Count("pk"))
            .order_by("-times", "municipality__name")
        )


def records(resolved: Resolved, viewer: Viewer, window: counting.Window) -> Drilldown:
    """The records behind the figure of one indicator in one plan year, as the engine counted them."""
    if resolved.method == BROKEN:
        return Drilldown(BROKEN, None, window=window)
    if resolved.method == MANUAL:
        queryset = (
            viewer.scope(ManualValue)
            .filter(indicator_key=resolved.key, year=window.year)
            .select_related("party", "author")
            .order_by("party__name")
        )
        return Drilldown(MANUAL_VALUES, queryset, window=window)
    if not window.started:
        empty = {
            "events": Event,
            "participations": Participation,
            **dict.fromkeys(NETWORK_SOURCES, Network),
            **dict.fromkeys(ROLLOUT_SOURCES, RolloutPhase),
        }.get(resolved.source, CoordinatorPosition)
        kind = {**dict.fromkeys(NETWORK_SOURCES, NETWORKS), **dict.fromkeys(ROLLOUT_SOURCES, ROLLOUT)}
        return Drilldown(kind.get(resolved.source or "", resolved.source or ""), empty.objects.none(), window=window)
    if resolved.source == "events":
        queryset = (
            viewer.scope(Event)
            .filter(counting.in_window(window), counting.event_filter(resolved))
            .select_related("kind", "party", "municipality", "activity")
            .order_by("start", "pk")
        )
        return Drilldown(EVENTS, queryset, window=window)
    if resolved.source == "participations":
        queryset = (
            viewer.scope(Participation)
            .filter(counting.in_window(window, "event__start"), counting.event_filter(resolved, "event__"))
            .select_related("event", "event__kind", "event__party", "municipality", "municipality__county")
            .order_by("event__start", "event_id", "municipality__name")
        )
        return Drilldown(PARTICIPATIONS, queryset, window=window)
    if resolved.source in NETWORK_SOURCES:
        return _networks(resolved, viewer, window)
    if resolved.source in ROLLOUT_SOURCES:
        return _rollout(resolved, viewer, window)
    day = counting.stock_days(resolved, [window])[window.year]
    partnerships, posts = coordinators.read_partnerships_and_posts(viewer.scope(PartnershipAgreement))
    if resolved.party_ids is not None:
        partnerships = [p for p in partnerships if p.party_id in resolved.party_ids]
        posts = [p for p in posts if p.party_id in resolved.party_ids]
    counted = [post.pk for post in coordinators.counting_posts(posts, day)]
    queryset = (
        viewer.scope(CoordinatorPosition)
        .filter(pk__in=counted)
        .select_related("party", "agreement", "agreement__municipality")
        .order_by("party__name", "starts_on")
    )
    return Drilldown(
        POSITIONS, queryset, day=day, window=window, vacancies=coordinators.vacancies(partnerships, posts, day)
    )


def _networks(resolved: Resolved, viewer: Viewer, window: counting.Window) -> Drilldown:
    """The networks (or councils) counted: active on the day read, of the rule's kind; and the values
    entered by hand before Lõim held network records, shown as history (not counted)."""
    day = counting.stock_days(resolved, [window])[window.year]
    queryset = (
        viewer.scope(Network)
        .filter(counting.active_network(day, NETWORK_SOURCES[resolved.source], resolved))
        .select_related("party", "municipality", "county")
        .order_by("party__name", "name")
    )
    history = (
        viewer.scope(ManualValue)
        .filter(indicator_key=resolved.key, year=window.year)
        .select_related("party", "author")
        .order_by("party__name")
    )
    return Drilldown(NETWORKS, queryset, day=day, window=window, history=history)


def _history(resolved: Resolved, viewer: Viewer, window: counting.Window) -> QuerySet:
    return (
        viewer.scope(ManualValue)
        .filter(indicator_key=resolved.key, year=window.year)
        .select_related("party", "author")
        .order_by("party__name")
    )


def _rollout(resolved: Resolved, viewer: Viewer, window: counting.Window) -> Drilldown:
    """The municipalities implementing the journey model on the day read (the move that put each in
    "implement", so since when), and the values entered by hand before Lõim held the rollout's records,
    shown as history (not counted)."""
    from loim.services.rollout_selectors import implementing_on, moves

    day = counting.stock_days(resolved, [window])[window.year]
    scoped = viewer.scope(RolloutPhase).filter(began_on__lte=day)
    if resolved.party_ids is not None:
        scoped = scoped.filter(party_id__in=resolved.party_ids)
    counted = [move.pk for move in implementing_on(moves(scoped), day)]
    queryset = (
        viewer.scope(RolloutPhase)
        .filter(pk__in=counted)
        .select_related("party", "municipality", "evidence_document")
        .order_by("municipality__name")
    )
    return Drilldown(ROLLOUT, queryset, day=day, window=window, history=_history(resolved, viewer, window))
