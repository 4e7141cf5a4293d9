"""The yearly report on the web: the page itself, report files built in the background, the
responsible parties' explanations and ELVL's review marks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loim.core.permissions import parties_for, permits, policy
from loim.core.tenancy import editable_parties, get_editable_or_404, get_visible_or_404, requested_party_slug
from loim.parties.models import Party, PartyKind
from loim.plans.models import Activity

from ..access import monitored_parties, viewer_for
from ..forms import ReportNoteForm, ReportRequestForm
from ..models import ActivityReportNote, ReportBuild, ReportReview
from ..rendering import CONTENT_TYPES
from ..report import build_report
from ..services import (
    report_build_request,
    report_builds_recover,
    report_note_delete,
    report_note_save,
    report_review_clear,
    report_review_mark,
)
from .common import plan_page, view_filter


def reviewer_party(user) -> Party | None:
    """The implementer party the user reviews for (`review_report`: only its editors mark parts as
    reviewed), or None."""
    if not permits(user, "review_report"):
        return None
    return editable_parties(user).filter(kind=PartyKind.IMPLEMENTER).first()


@policy("read_aggregates")
@plan_page
def report_view(request, plan):
    form, viewer, as_of, parties = view_filter(request, plan)
    report = build_report(plan, viewer, as_of=as_of)
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
            "can_review": reviewer_party(request.user) is not None,
            "request_form": ReportRequestForm(initial={"party": viewer.party.slug if viewer.party else ""}),
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
        plan=plan, fmt=form.cleaned_data["format"], user=request.user, party=party, subject_party=viewer.party
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
    note = ActivityReportNote.objects.editable_by(request.user).filter(activity=activity, party=party).first()
    form = ReportNoteForm(request.POST or None, initial={"text": note.text if note else ""})
    if request.method == "POST" and form.is_valid():
        try:
            report_note_save(activity=activity, party=party, text=form.cleaned_data["text"], author=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The explanation is saved."))
            return redirect(f"{_report_url(plan)}#report-activities")
    return render(
        request,
        "monitoring/note_form.html",
        {"plan": plan, "activity": activity, "party": party, "parties": candidates, "note": note, "form": form},
    )


def _report_url(plan) -> str:
    from django.urls import reverse

    return reverse("monitoring:report", kwargs={"year": plan.year})


@policy("record_work")
@plan_page
def note_delete_view(request, plan, pk):
    note = get_editable_or_404(ActivityReportNote.objects.select_related("activity"), request.user, pk=pk)
    if note.activity.plan_id != plan.pk:
        raise Http404(_("No such record."))
    if request.method == "POST":
        report_note_delete(note=note)
        messages.success(request, _("The explanation was removed."))
        return redirect(_report_url(plan))
    return render(
        request,
        "monitoring/confirm_delete.html",
        {
            "plan": plan,
            "what": _("the explanation for %(activity)s") % {"activity": note.activity.measure_code},
            "cancel": _report_url(plan),
        },
    )


@policy("review_report")
@require_POST
@plan_page
def review_view(request, plan, party):
    reviewer = reviewer_party(request.user)
    reviewed = monitored_parties(request.user).filter(pk=party).first()
    if reviewer is None or reviewed is None:
        raise Http404(_("No such page."))
    if request.POST.get("action") == "clear":
        review = get_editable_or_404(ReportReview, request.user, plan=plan, reviewed_party=reviewed)
        report_review_clear(review=review)
        messages.success(request, _("The review mark of %(party)s was cleared.") % {"party": reviewed})
    else:
        report_review_mark(
            plan=plan,
            reviewer=reviewer,
            reviewed_party=reviewed,
            user=request.user,
            comment=request.POST.get("comment", "")[:500],
        )
        messages.success(request, _("The part of %(party)s is marked as reviewed.") % {"party": reviewed})
    return redirect(f"{_report_url(plan)}#report-review")
