"""Series: a recurrence that creates its events at once, with a preview of the dates first."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loim.core.permissions import permits, policy
from loim.core.tenancy import get_editable_or_404, get_visible_or_404
from loim.monitoring.locking import ChangeReasonForm

from ..attendance import total_of
from ..attendance_forms import SeriesAttendanceForm
from ..forms import SeriesForm, initial_for_new
from ..models import EventSeries
from ..recurrence import RecurrenceError
from ..selectors import with_totals
from ..services import AttendanceErrors, series_attendance_save, series_create, series_dates, series_delete
from .events import LAST_USED

ATTENDANCE_ROWS = 100


@policy("record_work")
def series_create_view(request):
    preview = None
    if request.method == "POST":
        form = SeriesForm(request.POST, user=request.user)
        if form.is_valid():
            if "preview" in request.POST:
                try:
                    preview = series_dates(form.rule)
                except RecurrenceError as exc:
                    form.add_error(None, str(exc))
            else:
                try:
                    with transaction.atomic():
                        series = series_create(
                            data=form.input,
                            rule=form.rule,
                            start_time=form.cleaned_data["start_time"],
                            end_time=form.cleaned_data["end_time"],
                            confirmed=form.cleaned_data.get("confirm", False),
                        )
                        form.record_change(
                            user=request.user, what=_("series “%(title)s” added") % {"title": series.title}
                        )
                except RecurrenceError as exc:
                    form.add_error(None, str(exc))
                except ValidationError as exc:
                    form.add_service_errors(exc)
                else:
                    count = series.events.count()
                    messages.success(
                        request,
                        ngettext(
                            "The series “%(title)s” is saved with %(count)d event.",
                            "The series “%(title)s” is saved with %(count)d events.",
                            count,
                        )
                        % {"title": series.title, "count": count},
                    )
                    return redirect("events:series_detail", pk=series.pk)
    else:
        initial = initial_for_new(user=request.user, last=request.session.get(LAST_USED), today=timezone.localdate())
        initial["starts_on"] = initial.pop("date")
        form = SeriesForm(initial=initial, user=request.user)
    return render(request, "events/series_form.html", {"form": form, "preview": preview})


@policy("signed_in")
def series_detail(request, pk):
    series = get_visible_or_404(EventSeries.objects.select_related("kind", "party"), request.user, pk=pk)
    events = list(with_totals(series.events.select_related("kind", "municipality").order_by("start")))
    return render(
        request,
        "events/series_detail.html",
        {
            "series": series,
            "events": events,
            "total": total_of(e.participants_total for e in events),
            "can_edit": permits(request.user, "record_work", series),
        },
    )


@policy("record_work")
def series_attendance(request, pk):
    """The series' attendance table: every event a row, every group a column, saved at once."""
    series = get_editable_or_404(EventSeries.objects.select_related("kind", "party"), request.user, pk=pk)
    # a page of rows per form: 6 fields a row stays under Django's 1,000 posted fields for a 400-event series
    page = Paginator(series.events.order_by("start", "pk").prefetch_related("counts"), ATTENDANCE_ROWS).get_page(
        request.GET.get("page")
    )
    form = SeriesAttendanceForm(request.POST or None, events=list(page), party_id=series.party_id)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                changed = series_attendance_save(series=series, entries=form.entries)
                form.record_change(
                    user=request.user,
                    what=_("attendance of the series “%(title)s” changed") % {"title": series.title},
                )
        except AttendanceErrors as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance is saved: %(count)d event changed.",
                    "Attendance is saved: %(count)d events changed.",
                    changed,
                )
                % {"count": changed},
            )
            if page.has_next():
                return redirect(f"{request.path}?page={page.next_page_number()}")
            return redirect("events:series_detail", pk=series.pk)
    return render(request, "events/series_attendance.html", {"series": series, "form": form, "page": page})


@policy("record_work")
def series_delete_view(request, pk):
    series = get_editable_or_404(EventSeries, request.user, pk=pk)
    events = list(series.events.only("start"))
    form = ChangeReasonForm(
        request.POST if request.method == "POST" else None,
        party_id=series.party_id,
        days=[timezone.localdate(e.start) for e in events],
    )
    if request.method == "POST" and form.is_valid():
        title = series.title
        with transaction.atomic():
            count = series_delete(series=series)
            form.record_change(user=request.user, what=_("series “%(title)s” deleted") % {"title": title})
        messages.success(
            request,
            ngettext(
                "The series “%(title)s” and its %(count)d event are deleted.",
                "The series “%(title)s” and its %(count)d events are deleted.",
                count,
            )
            % {"title": title, "count": count},
        )
        return redirect("events:list")
    return render(request, "events/series_confirm_delete.html", {"series": series, "count": len(events), "form": form})
