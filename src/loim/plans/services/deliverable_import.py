"""The plan file's deliverables written by the plan import (`imports._Writer`): keyed on the plan and
the deliverable `key`, updated in place, removed when no longer in the file — unless its owner has
recorded its state (a `monitoring.DeliverableRecord` protects it): that is an error naming it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from ..models import Deliverable, Obligation, Plan
from ..planfile.parse import iter_deliverables
from ..planfile.reader import PlanFileError

if TYPE_CHECKING:
    from .imports import ImportResult, _Writer


def write_deliverables(writer: _Writer, plan: Plan, activities: dict, result: ImportResult) -> None:
    existing = {d.key: d for d in Deliverable.objects.filter(plan=plan)}
    obligations = {o.key: o for o in Obligation.objects.filter(plan=plan)}
    seen = set()
    for position, (entry, code) in enumerate(iter_deliverables(writer.document)):
        activity = activities.get(f"{code}/{entry['row']}" if entry["row"] else code)
        if activity is None:
            continue
        deliverable = existing.get(entry["key"]) or Deliverable(plan=plan, key=entry["key"])
        writer.save(
            deliverable,
            {
                "party": plan.party,
                "activity": activity,
                "title": entry["title"],
                "owner": writer.parties[entry["owner"]],
                "due_date": entry["due"],
                "obligation": obligations.get(entry["commitment"]) if entry["commitment"] else None,
                "quote": entry["quote"],
                "note": entry["note"],
                "position": position,
            },
            entry,
            result,
            "deliverables",
        )
        if deliverable.pk is not None:
            seen.add(deliverable.key)
    if writer.errors:
        return
    for key, deliverable in existing.items():
        if key in seen:
            continue
        try:
            deliverable.delete()
        except ProtectedError:
            writer.errors.append(
                PlanFileError(
                    writer.filename,
                    1,
                    f"deliverable {key}",
                    "",
                    _("This deliverable is no longer in the file, but its owner has recorded its state; keep it."),
                )
            )
            continue
        result.deleted["deliverables"] += 1
