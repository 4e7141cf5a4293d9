"""The H1 and yearly reports on the web: the page itself (`?period=h1|year`), report files built in
the background, the responsible parties' explanations, and the reporting cycle's steps (submit,
return, approve: monitoring/cycle.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loim.core.permissions import parties_for, permits, policy
from loim.core.routers import reading_from_replica
from loim.core.tenancy import editable_parties, get_editable_or_404, get_visible_or_404, requested_party_slug
from loim.parties.models import Party
from loim.plans.models import Activity

from .. import cycle
from ..access import monitored_parties, viewer_for
from ..forms import ReportNoteForm, ReportRequestForm
from ..locking import ChangeReasonForm, period_parts, record_what
from ..models import ActivityReportNote, ReportBuild, ReportPeriod
from ..rendering import CONTENT_TYPES
from ..report import build_report
from ..services import (
    report_build_request,
    report_builds_recover,
    report_note_delete,
    report_note_save,
)
from .common import plan_page, view_filter


def period_of(request) -> str:
    """The reporting period from `?period=` (or the form's field): the year unless "h1"."""
    value = request.GET.get("period") or request.POST.get("period")
    return ReportPeriod.H1 if value == ReportPeriod.H1 else ReportPeriod.YEAR


@policy("read_aggregates")
@plan_page
@reading_from_replica()
def report_view(request, plan):
    form, viewer, as_of, parties = view_filter(request, plan)
    period = period_of(request)
    report = build_report(plan, viewer, as_of=as_of, period=period)
    editable = list(editable_parties(request.user).values_list("pk", flat=True))
    note_activities = set(
        Activity.objects.filter(plan=plan, parent__isnull=True, responsible_parties__in=editable).values_list(
            "pk", flat=True
        )
    )
    return render(
        request,
        "monitoring/report.html",
        {
            "plan": plan,
            "report": report,
            "form": form,
            "parties": parties,
            "viewer": viewer,
            "note_activities": note_activities,
            "period": period,
            "periods": ReportPeriod.choices,
            "can_review": permits(request.user, "review_report"),
            "submit_parties": parties_for(request.user, "submit_report"),
            "request_form": ReportRequestForm(
                initial={"party": viewer.party.slug if viewer.party else "", "period": period}
            ),
            "builds": ReportBuild.objects.visible_to(request.user)
            .filter(plan=plan, requested_by=request.user)
            .select_related("subject_party")[:5],
        },
    )


def requester_party(user) -> Party | None:
    """The party a report file is filed under: the user's own (the implementer's first for ELVL)."""
    return Party.objects.filter(pk__in=parties_for(user, "member")).order_by("kind", "name").first()


@policy("request_report")
@require_POST
@plan_page
def report_request_view(request, plan):
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a format: HTML, XLSX or PDF."))
        return redirect("monitoring:report", year=plan.year)
    viewer = viewer_for(request.user, form.cleaned_data["party"] or None)
    party = requester_party(request.user)
    if party is None:
        raise Http404(_("No such page."))
    build = report_build_request(
        plan=plan,
        fmt=form.cleaned_data["format"],
        user=request.user,
        party=party,
        subject_party=viewer.party,
        period=form.cleaned_data.get("period") or ReportPeriod.YEAR,
    )
    return redirect("monitoring:report_build", pk=build.pk)


@policy("request_report")
def report_build_view(request, pk):
    build = get_visible_or_404(ReportBuild.objects.select_related("plan", "subject_party"), request.user, pk=pk)
    if build.lost_worker():
        report_builds_recover(build=build)
    template = "monitoring/_build_status.html" if request.htmx else "monitoring/report_build.html"
    return render(request, template, {"build": build, "plan": build.plan})


@policy("request_report")
def report_download_view(request, pk):
    build = get_visible_or_404(ReportBuild, request.user, pk=pk)
    if build.status != "ready" or not build.file:
        raise Http404(_("The file is not ready."))
    return FileResponse(
        build.file.open("rb"),
        as_attachment=True,
        filename=build.file_name,
        content_type=CONTENT_TYPES[build.format],
    )


def _note_party(request, activity):
    """The party the user writes for: one they edit for that answers for the activity."""
    candidates = editable_parties(request.user).filter(pk__in=activity.responsible_parties.values("pk"))
    slug = requested_party_slug(request.POST, request.GET)
    party = candidates.filter(slug=slug).first() if slug else candidates.first()
    if party is None:
        raise Http404(_("No such record."))
    return party, candidates


@policy("record_work")
@plan_page
def note_edit_view(request, plan, activity):
    activity = get_object_or_404(Activity.objects.visible_to(request.user), plan=plan, pk=activity)
    party, candidates = _note_party(request, activity)
    period = period_of(request)
    note = (
        ActivityReportNote.objects.editable_by(request.user)
        .filter(activity=activity, party=party, period=period)
        .first()
    )
    form = ReportNoteForm(
        request.POST or None,
        initial={"text": note.text if note else ""},
        parts=period_parts(party.pk, plan, period),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                report_note_save(
                    activity=activity, party=party, text=form.cleaned_data["text"], author=request.user, period=period
                )
                form.record_change(user=request.user, what=record_what("note", activity.measure_code, "saved"))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The explanation is saved."))
            return redirect(f"{_report_url(plan, period)}#report-activities")
    return render(
        request,
        "monitoring/note_form.html",
        {
            "plan": plan,
            "activity": activity,
            "party": party,
            "parties": candidates,
            "note": note,
            "form": form,
            "period": period,
            "period_label": ReportPeriod(period).label,
        },
    )


def _report_url(plan, period: str = ReportPeriod.YEAR) -> str:
    from django.urls import reverse

    url = reverse("monitoring:report", kwargs={"year": plan.year})
    return f"{url}?period={period}" if period != ReportPeriod.YEAR else url


@policy("record_work")
@plan_page
def note_delete_view(request, plan, pk):
    note = get_editable_or_404(ActivityReportNote.objects.select_related("activity"), request.user, pk=pk)
    if note.activity.plan_id != plan.pk:
        raise Http404(_("No such record."))
    form = ChangeReasonForm(
        request.POST if request.method == "POST" else None, parts=period_parts(note.party_id, plan, note.period)
    )
    if request.method == "POST" and form.is_valid():
        period = note.period
        with transaction.atomic():
            report_note_delete(note=note)
            form.record_change(user=request.user, what=record_what("note", note.activity.measure_code, "deleted"))
        messages.success(request, _("The explanation was removed."))
        return redirect(_report_url(plan, period))
    return render(
        request,
        "monitoring/confirm_delete.html",
        {
            "plan": plan,
            "what": _("the explanation for %(activity)s") % {"activity": note.activity.measure_code},
            "cancel": _report_url(plan, note.period),
            "form": form,
        },
    )


STEPS = {"submit", "return", "approve"}


@policy("read_aggregates")
@require_POST
@plan_page
def part_step_view(request, plan, period, party):
    """One step of the reporting cycle on a party's part (monitoring/cycle.py): the party's editors
    submit, ELVL's editors return (with a comment) or approve. A party the user may not see is 404;
    a user who may not take the step on this part (the ministry, a viewer; ELVL submitting for a
    partner) is 404 too; a step that is not allowed (the state, a missing explanation, the party's
    own editor approving) says why and changes nothing."""
    if period not in ReportPeriod.values:
        raise Http404(_("No such page."))
    reported = monitored_parties(request.user).filter(pk=party).first()
    step = request.POST.get("action", "")
    if reported is None or not cycle.may_take(request.user, reported, step):
        raise Http404(_("No such page."))
    done = {
        "submit": _("The part of %(party)s is submitted."),
        "return": _("The part of %(party)s is returned."),
        "approve": _("The part of %(party)s is approved."),
    }
    try:
        cycle.take_step(
            user=request.user,
            plan=plan,
            period=period,
            party=reported,
            step=step,
            comment=request.POST.get("comment", "")[:2000],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done[step] % {"party": reported})
    return redirect(f"{_report_url(plan, period)}#report-review")
