"""The commitments calendar: each commitment × each period, with its verdict, and the events behind
every cell; commitments counted by hand are confirmed here by their responsible party."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loim.core.permissions import permits, policy
from loim.core.tenancy import get_editable_or_404
from loim.plans.models import ObligationSubject, Period

from .. import obligations as checker
from ..explanations import attach
from ..forms import ConfirmationForm, ExplanationForm
from ..locking import REASON, ChangeReasonForm, confirmation_days, record_what
from ..models import DeviationExplanation, ObligationConfirmation
from ..services import confirmation_delete, deviation_explain, deviation_explanation_delete, obligation_confirm
from ..todo import add_event_url
from .common import plan_page, view_filter

CADENCE_ORDER = [Period.WEEK, Period.MONTH, Period.QUARTER, Period.HALF_YEAR, Period.YEAR, Period.ONCE]


def _grids(checks):
    """Commitments grouped by cadence; within a group every row has the same periods (columns),
    except one-off commitments, which each have their own due date and get one column."""
    groups = []
    for cadence in CADENCE_ORDER:
        rows = [c for c in checks if c.obligation.period == cadence and not c.is_broken]
        if not rows:
            continue
        columns = [cell.slot for cell in rows[0].cells] if cadence != Period.ONCE else []
        if cadence == Period.WEEK:
            for check in rows:
                check.month_boxes = _month_boxes(check.cells)
        groups.append({"cadence": cadence, "label": Period(cadence).label, "rows": rows, "columns": columns})
    return groups


def _month_boxes(cells) -> list[tuple[dt.date, list]]:
    """A weekly commitment's cells in month boxes: each week in the month its exclusions are read by
    (the month of its Thursday; a week cut by the plan year's edge, the month of its first day)."""
    boxes: dict[dt.date, list] = {}
    for cell in cells:
        month = next(int(token) for token in cell.slot.tokens if token.isdigit())
        year = cell.slot.start.year
        boxes.setdefault(dt.date(year, month, 1), []).append(cell)
    return sorted(boxes.items(), key=lambda box: box[0])


@policy("read_aggregates")
@plan_page
def calendar_view(request, plan):
    form, viewer, as_of, parties = view_filter(request, plan)
    checks = attach(request.user, checker.check(plan, viewer, as_of=as_of))
    return render(
        request,
        "monitoring/calendar.html",
        {
            "plan": plan,
            "groups": _grids(checks),
            "broken": [c for c in checks if c.is_broken],
            "warnings": checker.warnings_for(checks),
            "as_of": as_of,
            "form": form,
            "parties": parties,
            "viewer": viewer,
            "legend": [(v, checker.verdict_label(v), checker.VERDICT_SYMBOLS[v]) for v in checker.VERDICTS],
            "query": request.GET.urlencode(),
        },
    )


def _obligation_and_slot(plan, viewer, key, period):
    obligation = checker.obligations_for(plan, viewer).filter(key=key).first()
    if obligation is None:
        raise Http404(_("No such commitment."))
    if checker.problems_of(obligation):
        return obligation, None
    slot = next((s for s in checker.slots_of(obligation, plan) if s.key == period), None)
    if slot is None:
        raise Http404(_("No such period."))
    return obligation, slot


@policy("read_aggregates")
@plan_page
def cell_view(request, plan, key, period):
    _form, viewer, as_of, _parties = view_filter(request, plan)
    obligation, slot = _obligation_and_slot(plan, viewer, key, period)
    if slot is None:
        raise Http404(_("This commitment cannot be checked."))
    check = checker.check(plan, viewer, as_of=as_of, obligations=[obligation])[0]
    cell = next(c for c in check.cells if c.slot.key == slot.key)
    manual = obligation.subject == ObligationSubject.MANUAL
    confirmations = (
        ObligationConfirmation.objects.visible_to(request.user)
        .filter(obligation=obligation, period_key=slot.key)
        .select_related("author", "party")
        if manual
        else []
    )
    can_confirm = manual and permits(request.user, "record_work", obligation.responsible_id)
    explanation = (
        DeviationExplanation.objects.visible_to(request.user)
        .filter(obligation=obligation, period_key=slot.key)
        .select_related("author")
        .first()
    )
    can_explain = permits(request.user, "explain_deviation", obligation.responsible_id)
    can_add = (
        cell.verdict == checker.MISSED
        and obligation.subject == ObligationSubject.EVENTS
        and permits(request.user, "record_work", obligation.responsible_id)
    )
    return render(
        request,
        "monitoring/cell.html",
        {
            "plan": plan,
            "obligation": obligation,
            "check": check,
            "cell": cell,
            "slot": slot,
            "events": checker.slot_events(obligation, viewer, slot, as_of=as_of)
            if obligation.subject == ObligationSubject.EVENTS
            else None,
            "confirmations": confirmations,
            "confirm_form": ConfirmationForm(
                party_id=obligation.responsible_id, days=confirmation_days(obligation, slot.key)
            )
            if can_confirm
            else None,
            "explanation": explanation,
            "can_explain": can_explain and (cell.verdict == checker.MISSED or explanation is not None),
            "add_event_url": add_event_url(obligation, slot) if can_add else None,
            "as_of": as_of,
            "query": request.GET.urlencode(),
        },
    )


@policy("record_work")
@require_POST
@plan_page
def confirm_view(request, plan, key, period):
    _form, viewer, _as_of, _parties = view_filter(request, plan)
    obligation, slot = _obligation_and_slot(plan, viewer, key, period)
    if slot is None or not permits(request.user, "record_work", obligation.responsible_id):
        raise Http404(_("No such commitment."))
    form = ConfirmationForm(
        request.POST, party_id=obligation.responsible_id, days=confirmation_days(obligation, slot.key)
    )
    if form.is_valid():
        try:
            with transaction.atomic():
                obligation_confirm(
                    obligation=obligation,
                    party=obligation.responsible,
                    period_key=slot.key,
                    count=form.cleaned_data["count"],
                    evidence=form.cleaned_data["evidence"],
                    author=request.user,
                )
                form.record_change(
                    user=request.user, what=record_what("confirmation", f"{obligation.title} {slot.key}", "saved")
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The commitment is confirmed for %(period)s.") % {"period": slot.label})
    elif REASON in form.errors:
        messages.error(request, " ".join(str(error) for error in form.errors[REASON]))
    else:
        messages.error(request, _("The confirmation needs a count of at least 1 and a description of the evidence."))
    return redirect("monitoring:cell", year=plan.year, key=obligation.key, period=slot.key)


def _delete_period_record(request, plan, model, pk, *, kind: str, delete, what: str, done: str):
    """The removal page of a record kept for one commitment period (a confirmation, an explanation):
    a record of an approved report part needs the reason (monitoring.locking); the period's page next."""
    record = get_editable_or_404(model.objects.select_related("obligation"), request.user, pk=pk)
    if record.obligation.plan_id != plan.pk:
        raise Http404(_("No such record."))
    cell_url = reverse(
        "monitoring:cell", kwargs={"year": plan.year, "key": record.obligation.key, "period": record.period_key}
    )
    form = ChangeReasonForm(
        request.POST if request.method == "POST" else None,
        party_id=record.party_id,
        days=confirmation_days(record.obligation, record.period_key),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            delete(record=record)
            form.record_change(
                user=request.user,
                what=record_what(kind, f"{record.obligation.title} {record.period_key}", "deleted"),
            )
        messages.success(request, done)
        return redirect(cell_url)
    context = {"plan": plan, "what": what % {"period": record.period_key}, "cancel": cell_url, "form": form}
    return render(request, "monitoring/confirm_delete.html", context)


@policy("record_work")
@plan_page
def confirmation_delete_view(request, plan, pk):
    return _delete_period_record(
        request,
        plan,
        ObligationConfirmation,
        pk,
        kind="confirmation",
        delete=confirmation_delete,
        what=_("the confirmation of %(period)s"),
        done=_("The confirmation was removed."),
    )


def _next_or(request, fallback: str) -> str:
    """Where to go after a write: the page the user came from (the to-do home), if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@policy("explain_deviation")
@plan_page
def explain_view(request, plan, key, period):
    """The responsible party explains a missed period (or edits its explanation)."""
    _form, viewer, as_of, _parties = view_filter(request, plan)
    obligation, slot = _obligation_and_slot(plan, viewer, key, period)
    if slot is None or not permits(request.user, "explain_deviation", obligation.responsible_id):
        raise Http404(_("No such commitment."))
    cell_url = reverse("monitoring:cell", kwargs={"year": plan.year, "key": obligation.key, "period": slot.key})
    records = DeviationExplanation.objects.visible_to(request.user)
    record = records.filter(obligation=obligation, period_key=slot.key).first()
    check = checker.check(plan, viewer, as_of=as_of, obligations=[obligation])[0]
    cell = next(c for c in check.cells if c.slot.key == slot.key)
    missed = cell.verdict == checker.MISSED
    form = ExplanationForm(
        request.POST or None,
        initial={"text": record.text if record else ""},
        party_id=obligation.responsible_id,
        days=confirmation_days(obligation, slot.key),
    )
    if request.method == "POST":
        if not missed and record is None:
            messages.error(
                request, _("This period is not missed: there is no deviation to explain. Nothing was saved.")
            )
            return redirect(cell_url)
        if form.is_valid():
            try:
                with transaction.atomic():
                    deviation_explain(
                        obligation=obligation,
                        party=obligation.responsible,
                        period_key=slot.key,
                        text=form.cleaned_data["text"],
                        author=request.user,
                    )
                    what = record_what("explanation", f"{obligation.title} {slot.key}", "saved")
                    form.record_change(user=request.user, what=what)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("The deviation is explained: %(title)s, %(period)s.")
                    % {"period": slot.label, "title": obligation.title},
                )
                return redirect(_next_or(request, cell_url))
    return render(
        request,
        "monitoring/explain.html",
        {
            "plan": plan,
            "obligation": obligation,
            "slot": slot,
            "cell": cell,
            "missed": missed,
            "record": record,
            "form": form,
            "next": _next_or(request, ""),
            "cell_url": cell_url,
        },
    )


@policy("explain_deviation")
@plan_page
def explanation_delete_view(request, plan, pk):
    return _delete_period_record(
        request,
        plan,
        DeviationExplanation,
        pk,
        kind="explanation",
        delete=deviation_explanation_delete,
        what=_("the explanation of %(period)s"),
        done=_("The explanation was removed."),
    )
