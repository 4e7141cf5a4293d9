"""Deliverables of a plan year (issue 11 §4): the list (by party and status), one deliverable with
its evidence and history, the owner party's edit form, and the evidence file."""

from __future__ import annotations

import datetime as dt

from auditlog.models import LogEntry
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from loim.core.permissions import permits, policy, require
from loim.core.tenancy import get_visible_or_404
from loim.core.versioning import StaleVersion
from loim.events.models import Event
from loim.plans.models import Deliverable

from ..access import Viewer, monitored_parties
from ..deliverables.forms import DeliverableFilter, DeliverableForm
from ..deliverables.selectors import deliverable_row, deliverable_rows, deliverables_for
from ..deliverables.services import DeliverableInput, deliverable_record_save
from ..models import DeliverableRecord, DeliverableStatus
from .common import plan_page


def _deliverable(plan, user, key: str) -> Deliverable:
    """A deliverable of the plan whose owner's records the user may count; else 404 like a missing one."""
    deliverable = deliverables_for(plan, Viewer(user=user)).filter(key=key).first()
    if deliverable is None:
        raise Http404(_("No such deliverable."))
    return deliverable


@policy("read_deliverables")
@plan_page
def deliverables_view(request, plan):
    parties = list(monitored_parties(request.user))
    form = DeliverableFilter(request.GET or None, parties=parties)
    party_slug = state = ""
    if form.is_valid():
        party_slug, state = form.cleaned_data["party"], form.cleaned_data["state"]
    rows = deliverable_rows(
        plan, Viewer(user=request.user), today=timezone.localdate(), party_slug=party_slug, state=state
    )
    return render(request, "monitoring/deliverables.html", {"plan": plan, "rows": rows, "form": form})


#: the record's fields its history shows (the audit trail also holds ids, party and version)
HISTORY_FIELDS = ("status", "done_on", "evidence_file_name", "links", "notes")


def _label(name: str) -> str:
    return str(getattr(DeliverableRecord._meta.get_field(name), "verbose_name", name))


def _shown(name: str, value) -> str:
    if value in (None, "", "None"):
        return "—"
    if name == "status" and value in DeliverableStatus.values:
        return str(DeliverableStatus(value).label)
    if name == "done_on":
        try:
            return date_format(dt.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
        except ValueError:
            return str(value)
    return str(value)


def _history(record: DeliverableRecord | None) -> list[dict]:
    """The record's audit trail in words: when, who, and each change (field, before, after)."""
    if record is None:
        return []
    entries = LogEntry.objects.get_for_object(record).select_related("actor").order_by("-timestamp", "-pk")
    rows = []
    for entry in entries:
        changes = []
        for name, value in (entry.changes_dict or {}).items():
            if name == "events" and isinstance(value, dict):
                sign = "+" if value.get("operation") == "add" else "−"
                objects = ", ".join(f"{sign} {item}" for item in value.get("objects", []))
                changes.append((_label("events"), "", objects))
            elif name in HISTORY_FIELDS and isinstance(value, list | tuple) and len(value) == 2:
                changes.append((_label(name), _shown(name, value[0]), _shown(name, value[1])))
        if changes:
            rows.append({"when": entry.timestamp, "who": entry.actor, "changes": changes})
    return rows


@policy("read_deliverables")
@plan_page
def deliverable_view(request, plan, key: str):
    deliverable = _deliverable(plan, request.user, key)
    row = deliverable_row(deliverable, Viewer(user=request.user), today=timezone.localdate())
    return render(
        request,
        "monitoring/deliverable.html",
        {
            "plan": plan,
            "row": row,
            "history": _history(row.record),
            "may_edit": permits(request.user, "record_deliverable", deliverable.owner_id),
        },
    )


def _input(form, events) -> DeliverableInput:
    data = form.cleaned_data
    return DeliverableInput(
        status=data["status"],
        done_on=data.get("done_on"),
        events=list(data.get("events") or []),
        links=data.get("links") or "",
        notes=data.get("notes") or "",
        evidence_file=data.get("evidence_file"),
        remove_file=bool(data.get("remove_file")),
    )


def _current_initial(record: DeliverableRecord | None) -> dict:
    if record is None:
        return {}
    return {
        "status": record.status,
        "done_on": record.done_on,
        "events": list(record.events.all()),
        "links": record.links,
        "notes": record.notes,
    }


@policy("record_deliverable")
@plan_page
def deliverable_edit_view(request, plan, key: str):
    deliverable = _deliverable(plan, request.user, key)
    require(request.user, "record_deliverable", deliverable.owner_id)
    record = DeliverableRecord.objects.visible_to(request.user).filter(deliverable=deliverable).first()
    events = (
        Event.objects.visible_to(request.user)
        .filter(party_id=deliverable.owner_id, start__year__gte=plan.year, start__year__lte=plan.year + 1)
        .order_by("-start")
    )
    form = DeliverableForm(
        request.POST or None, request.FILES or None, events=events, record=record, initial=_current_initial(record)
    )
    if request.method == "POST" and form.is_valid():
        try:
            deliverable_record_save(
                deliverable=deliverable,
                data=_input(form, events),
                author=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form.refuse_stale(exc, _current_initial(exc.current))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The deliverable's record is saved."))
            return redirect("monitoring:deliverable", year=plan.year, key=deliverable.key)
    return render(request, "monitoring/deliverable_form.html", {"plan": plan, "deliverable": deliverable, "form": form})


@policy("signed_in")
def deliverable_file_view(request, pk: int):
    record = get_visible_or_404(DeliverableRecord, request.user, pk=pk)
    if not record.evidence_file:
        raise Http404(_("No such file."))
    return FileResponse(record.evidence_file.open("rb"), as_attachment=True, filename=record.evidence_file_name)
