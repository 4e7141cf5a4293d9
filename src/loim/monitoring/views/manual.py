"""Values of indicators entered by hand, with their evidence (networks, councils, the journey model)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from loim.core.permissions import permits, policy
from loim.core.tenancy import get_editable_or_404, get_visible_or_404
from loim.plans.models import Indicator, Plan

from ..engine.rules import MANUAL, Context, resolve
from ..forms import ManualValueForm
from ..locking import ChangeReasonForm, record_what, year_days
from ..models import ManualValue
from ..services import manual_value_delete, manual_value_save
from .common import plan_page


def manual_indicators(plan) -> list[Indicator]:
    indicators = list(Indicator.objects.filter(plan=plan).select_related("plan").order_by("position"))
    context = Context.load([plan.pk])
    return [i for i in indicators if resolve(i, context).method == MANUAL]


def _save(request, plan, form, instance=None):
    try:
        with transaction.atomic():
            _save_value(request, plan, form, instance)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True


def _save_value(request, plan, form, instance):
    data = form.cleaned_data
    record = manual_value_save(
        party=data["party"],
        year=plan.year,
        indicator_key=data["indicator_key"],
        value=data["value"],
        evidence=data["evidence"],
        evidence_file=data.get("evidence_file"),
        author=request.user,
        instance=instance,
    )
    form.record_change(user=request.user, what=record_what("value", f"{record.indicator_key} {record.year}", "saved"))


@policy("read_aggregates")
@plan_page
def manual_values_view(request, plan):
    indicators = manual_indicators(plan)
    can_add = permits(request.user, "record_work") and bool(indicators)
    form = None
    if can_add:
        form = ManualValueForm(
            request.POST or None,
            request.FILES or None,
            user=request.user,
            indicators=indicators,
            year=plan.year,
            initial={"indicator_key": request.GET.get("indicator")},
        )
        if request.method == "POST" and form.is_valid() and _save(request, plan, form):
            messages.success(request, _("The value is saved with its evidence."))
            return redirect("monitoring:manual_values", year=plan.year)
    elif request.method == "POST":
        raise Http404(_("No such page."))
    values = (
        ManualValue.objects.visible_to(request.user)
        .filter(year=plan.year)
        .select_related("party", "author")
        .order_by("indicator_key", "party__name")
    )
    names = {i.key: i.name for i in indicators}
    return render(
        request,
        "monitoring/manual_values.html",
        {"plan": plan, "indicators": indicators, "values": values, "names": names, "form": form},
    )


@policy("record_work")
def manual_value_edit_view(request, pk):
    record = get_editable_or_404(ManualValue.objects.select_related("party"), request.user, pk=pk)
    plan = Plan.objects.filter(year=record.year).first()
    if plan is None:
        raise Http404(_("No such record."))
    indicators = manual_indicators(plan)
    form = ManualValueForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        indicators=indicators,
        instance=record,
        initial={
            "indicator_key": record.indicator_key,
            "party": record.party_id,
            "value": record.value,
            "evidence": record.evidence,
        },
    )
    if request.method == "POST" and form.is_valid() and _save(request, plan, form, instance=record):
        messages.success(request, _("The value is saved with its evidence."))
        return redirect("monitoring:manual_values", year=plan.year)
    return render(request, "monitoring/manual_value_form.html", {"plan": plan, "record": record, "form": form})


@policy("record_work")
def manual_value_delete_view(request, pk):
    record = get_editable_or_404(ManualValue, request.user, pk=pk)
    cancel = reverse("monitoring:manual_values", kwargs={"year": record.year})
    form = ChangeReasonForm(
        request.POST if request.method == "POST" else None, party_id=record.party_id, days=year_days(record.year)
    )
    if request.method == "POST" and form.is_valid():
        what = record_what("value", f"{record.indicator_key} {record.year}", "deleted")
        with transaction.atomic():
            manual_value_delete(record=record)
            form.record_change(user=request.user, what=what)
        messages.success(request, _("The value was removed."))
        return redirect(cancel)
    return render(
        request,
        "monitoring/confirm_delete.html",
        {"what": _("the value %(value)s") % {"value": record}, "cancel": cancel, "form": form},
    )


@policy("signed_in")
def manual_value_file_view(request, pk):
    record = get_visible_or_404(ManualValue, request.user, pk=pk)
    if not record.evidence_file:
        raise Http404(_("No such file."))
    return FileResponse(record.evidence_file.open("rb"), as_attachment=True, filename=record.evidence_file_name)
