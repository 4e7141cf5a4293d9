"""The home page's to-do source for deliverables (`monitoring.todo.SOURCES`): the user's parties'
deliverables that are late, or due within 30 days and not done. Late is judged on today, also for a
plan year that is over (a deliverable of 2024 not done is still late in 2026). Three queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from loim.core.permissions import parties_for

from ..models import DeliverableStatus
from .selectors import deliverable_rows
from .state import LATE

DELIVERABLES = "deliverables"
DUE_WITHIN = dt.timedelta(days=30)


def deliverables_due(desk) -> Iterable:
    from ..todo import Action, Item  # the to-do list imports its sources by name

    if desk.plan is None:
        return []
    editable = parties_for(desk.user, "record_deliverable")
    items = []
    for row in deliverable_rows(desk.plan, desk.viewer, today=desk.today):
        deliverable = row.deliverable
        if deliverable.owner_id not in desk.party_ids:
            continue
        due_soon = row.state.code in (DeliverableStatus.PLANNED, DeliverableStatus.IN_PROGRESS) and (
            deliverable.due_date - desk.today <= DUE_WITHIN
        )
        if row.state.code != LATE and not due_soon:
            continue
        url = reverse("monitoring:deliverable", kwargs={"year": desk.plan.year, "key": deliverable.key})
        actions: tuple = ()
        if deliverable.owner_id in editable:
            edit = reverse("monitoring:deliverable_edit", kwargs={"year": desk.plan.year, "key": deliverable.key})
            actions = (Action(_("Record the status and evidence"), edit),)
        items.append(
            Item(
                kind=DELIVERABLES,
                title=deliverable.title,
                due=deliverable.due_date,
                state=row.state.code,
                state_label=row.state.label,
                url=url,
                detail=str(deliverable.owner),
                actions=actions,
            )
        )
    return items
