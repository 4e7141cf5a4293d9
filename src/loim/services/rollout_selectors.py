"""Reads of the journey-model rollout: each municipality's phase on a day, from one query's rows.

`phases_on(rows, day)` is the one rule, shared by the overview page and the indicator engine
(`loim.monitoring.engine.counting.count_rollout`): a municipality is in the phase of its latest move
that began on or before the day; a municipality with no move by then is in none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from loim.core.tenancy import readable_party_ids

from .rollout_models import Phase, RolloutPhase


@dataclass(frozen=True)
class Move:
    """One move as the counting reads it (a plain row of `RolloutPhase`)."""

    pk: int
    municipality_id: int
    party_id: int
    phase: str
    began_on: dt.date


MOVE_FIELDS = ("pk", "municipality_id", "party_id", "phase", "began_on")


def moves(queryset: QuerySet) -> list[Move]:
    """The rows of the (already scoped) queryset as moves, in the history's order: ONE query."""
    return moves_from(move_rows(queryset))


def move_rows(queryset: QuerySet) -> QuerySet:
    """The columns `moves_from` reads, in the history's order."""
    return queryset.order_by("municipality_id", "began_on", "pk").values_list(*MOVE_FIELDS)


def moves_from(rows) -> list[Move]:
    return [Move(*row) for row in rows]


def phases_on(rows: Iterable[Move], day: dt.date) -> dict[int, Move]:
    """{municipality id: its move in force on the day} (rows in the history's order)."""
    current: dict[int, Move] = {}
    for move in rows:
        if move.began_on <= day:
            current[move.municipality_id] = move
    return current


def implementing_on(rows: Iterable[Move], day: dt.date) -> list[Move]:
    """The moves of the municipalities implementing the model on the day: what the indicator counts."""
    return [move for move in phases_on(rows, day).values() if move.phase == Phase.IMPLEMENT]


def overview(user, day: dt.date) -> list[RolloutPhase]:
    """Each municipality the user may read, with its current phase on the day: ONE query for the
    history (its rows carry the municipality, evidence and recorder), the rule applied in Python."""
    rows = list(
        RolloutPhase.objects.visible_to(user)
        .filter(began_on__lte=day)
        .select_related("municipality", "evidence_document", "party", "recorded_by")
        .order_by("municipality_id", "began_on", "pk")
    )
    current: dict[int, RolloutPhase] = {}
    for row in rows:
        current[row.municipality_id] = row
    return sorted(current.values(), key=lambda row: row.municipality.name)


def corrections(user, municipality) -> list[RolloutPhase]:
    """The municipality's moves undone by a correction, for whoever reads its history (the same
    parties as its moves; `visible_to` keeps undone rows back, so they are read here by party)."""
    party_ids = readable_party_ids(user, RolloutPhase.tenancy_scope)
    rows = RolloutPhase.objects.filter(municipality=municipality, corrected_at__isnull=False)
    if party_ids is not None:
        rows = rows.filter(party_id__in=party_ids)
    return list(rows.select_related("corrected_by", "recorded_by").order_by("began_on", "pk"))
