"""Event pages: the filtered list (htmx), detail, quick entry, edit, copy as new, delete, exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from loim.core.generations import cached
from loim.core.permissions import parties_for, permits, policy
from loim.core.tenancy import get_editable_or_404, get_visible_or_404
from loim.core.versioning import StaleVersion
from loim.core.vocabulary import ParticipantGroup
from loim.monitoring.locking import ChangeReasonForm, event_days, event_what

from ..attachments import attachments_for
from ..exports import events_export
from ..forms import AttachmentForm, EventForm, initial_for_new, prefill_from
from ..models import Event
from ..public import map_link
from ..selectors import event_filter, with_totals
from ..services import EventInput, event_delete, event_update
from ..services import event_create as create_event

PAGE_SIZE = 50
LAST_USED = "events_last_used"


#: what the list's filter form reads (its options: organisers, kinds, plan rows, municipalities,
#: counties) and what decides which of them the user may see (memberships, networks):
#: `tests/events/test_views.py` checks that rendering it reads no other table
FILTER_TABLES = frozenset(
    {
        "parties_party",
        "parties_membership",
        "network_network",
        "network_networkmember",
        "plans_plan",
        "plans_activity",
        "plans_activity_responsible_parties",
        "plans_eventkind",
        "places_municipality",
        "places_county",
    }
)


def filters_html(request, filters, action: str) -> str:
    """The list's filter form, rendered once per user, language and query and cached under the data
    generation of the tables its options come from (core.generations): a few hundred options that
    cost more than the page's own SQL once that was fast (issue 18 §8), and change only with them."""

    def render_form():
        context = {"filters": filters, "action": action, "htmx_target": "event-results"}
        return render_to_string("events/_filters.html", context), None

    key = (request.user.pk, get_language(), request.GET.urlencode())
    return mark_safe(cached("event_filters", key, FILTER_TABLES, render_form))  # noqa: S308 - our template


@policy("signed_in")
def event_list(request):
    filters = event_filter(request)
    events = with_totals(filters.qs)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": params.urlencode(),
        "can_create": permits(request.user, "record_work"),
    }
    if request.htmx and request.htmx.target == "event-results":
        return render(request, "events/_event_results.html", context)
    context["filters_html"] = filters_html(request, filters, reverse("events:list"))
    return render(request, "events/event_list.html", context)


def attendance_url(user, event: Event) -> str | None:
    """The register's named-attendance page, if that app offers it and the user may see personal data
    of the event's party."""
    if not permits(user, "read_personal_data", event):
        return None
    try:
        return reverse("register:event_attendance", kwargs={"event_pk": event.pk})
    except NoReverseMatch:
        return None


@policy("signed_in")
def event_detail(request, pk):
    event = get_visible_or_404(
        Event.objects.select_related("kind", "party", "municipality__county", "activity__plan", "series"),
        request.user,
        pk=pk,
    )
    counts = {c.group: c.count for c in event.counts.all()}
    can_edit = permits(request.user, "record_work", event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "counts": [(group.label, counts.get(group.value)) for group in ParticipantGroup],
            "total": sum(counts.values()) if counts else None,
            "participations": event.participations.select_related("municipality__county"),
            "organisations": event.organisations.all(),
            "attachments": attachments_for(request.user, event),
            "attachment_form": AttachmentForm() if can_edit else None,
            "can_edit": can_edit,
            "attendance_url": attendance_url(request.user, event),
            "map_url": map_link(event),
            "translation_cells": _translation_cells(event) if event.is_public else None,
        },
    )


def _translation_cells(event: Event) -> list[dict]:
    from .translations import status_cells

    return status_cells(event)


def _remember(request, form: EventForm) -> None:
    data = form.cleaned_data
    request.session[LAST_USED] = {
        "kind": data["kind"].pk,
        "start_time": data["start_time"].strftime("%H:%M"),
        "end_time": data["end_time"].strftime("%H:%M"),
        "languages": list(data.get("languages") or []),
    }


def _form_page(request, form, *, event=None, copy_of=None):
    return render(request, "events/event_form.html", {"form": form, "event": event, "copy_of": copy_of})


@policy("record_work")
def event_copy(request, pk):
    """The quick-entry form filled in from an event the user can see: "copy as new"."""
    return event_create(request, source=get_visible_or_404(Event, request.user, pk=pk))


@policy("record_work")
def event_create(request, source=None):
    if request.method == "POST":
        form = EventForm(request.POST, user=request.user)
        if form.is_valid():
            with transaction.atomic():
                event = create_event(data=form.input, confirmed=form.cleaned_data.get("confirm", False))
                form.record_change(user=request.user, what=event_what(event, "added"))
            _remember(request, form)
            messages.success(request, _("The event “%s” is saved.") % event.title)
            if "save_and_new" in request.POST:
                return redirect("events:create")
            return redirect("events:detail", pk=event.pk)
    elif source is not None:
        initial = EventForm.initial_for(EventInput.from_event(source))
        if source.party_id not in parties_for(request.user, "record_work"):
            initial.pop("party")
        form = EventForm(initial=initial, user=request.user)
    else:
        initial = initial_for_new(user=request.user, last=request.session.get(LAST_USED), today=timezone.localdate())
        initial.update(prefill_from(request.GET, user=request.user))  # e.g. the to-do's "add the event"
        form = EventForm(initial=initial, user=request.user)
    return _form_page(request, form, copy_of=source)


@policy("record_work")
def event_edit(request, pk):
    event = get_editable_or_404(Event.objects.select_related("kind", "party", "activity__plan"), request.user, pk=pk)
    if request.method == "POST":
        form = EventForm(request.POST, user=request.user, event=event)
        if form.is_valid():
            what = event_what(event, "changed")  # the event as it was
            try:
                with transaction.atomic():
                    event_update(
                        event=event,
                        data=form.input,
                        confirmed=form.cleaned_data.get("confirm", False),
                        version=form.expected_version,
                    )
                    form.record_change(user=request.user, what=what)
            except StaleVersion as exc:  # someone saved it after this form was opened: show what changed
                current = EventForm.initial_for(EventInput.from_event(exc.current)) if exc.current else None
                form.refuse_stale(exc, current)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect("events:detail", pk=event.pk)
    else:
        form = EventForm(initial=EventForm.initial_for(EventInput.from_event(event)), user=request.user, event=event)
    return _form_page(request, form, event=event)


@policy("record_work")
def event_delete_view(request, pk):
    event = get_editable_or_404(Event, request.user, pk=pk)
    form = ChangeReasonForm(
        request.POST if request.method == "POST" else None, party_id=event.party_id, days=event_days(event)
    )
    if request.method == "POST" and form.is_valid():
        title, what = event.title, event_what(event, "deleted")
        with transaction.atomic():
            event_delete(event=event)
            form.record_change(user=request.user, what=what)
        messages.success(request, _("The event “%s” is deleted.") % title)
        return redirect("events:list")
    return render(
        request,
        "events/event_confirm_delete.html",
        {"event": event, "impact": _deletion_impact(event, request), "form": form},
    )


def _deletion_impact(event: Event, request):
    """The commitments' verdicts and indicator figures the deletion changes (monitoring computes them
    with its own checker and engine; imported here, late, since monitoring builds on events)."""
    from loim.monitoring.impact import deletion_impact

    return deletion_impact(event, request.user)


def _export_name(extension: str) -> str:
    return f"loim-events-{timezone.localdate():%Y-%m-%d}.{extension}"


@policy("signed_in")
def export_csv(request):
    return events_export("csv", event_filter(request), user=request.user, filename=_export_name("csv"))


@policy("signed_in")
def export_xlsx(request):
    return events_export("xlsx", event_filter(request), user=request.user, filename=_export_name("xlsx"))
