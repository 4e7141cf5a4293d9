"""The statistics page, its exports, and the service-gap view. All read one selector
(`selectors.inquiry_statistics`), so the page, the files and the API show the same, equally
suppressed, numbers."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from loim.core.disclosure import period_errors
from loim.core.permissions import permits, policy
from loim.core.routers import reading_from_replica
from loim.core.tenancy import get_editable_or_404

from ..charts import bar_chart, column_chart
from ..exports import small_cell_explanation
from ..exports import statistics_export as export_file
from ..forms import PeriodForm, ServiceGapAcceptForm, ServiceGapForm, default_period
from ..models import ServiceGapNote
from ..selectors import (
    GapStatus,
    inquiry_statistics,
    is_cross_party,
    latest_inquiry_date,
    service_gap_notes,
)
from ..selectors import service_gaps as service_gaps_of
from ..services import service_gap_note_create, service_gap_note_delete
from .party_filter import check_party, refuses_unknown_party

BAR_BREAKDOWNS = ["topic", "channel", "language", "category", "referral", "municipality"]


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter that holds the day: its first and last day."""
    start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    after = dt.date(start.year + 1, 1, 1) if start.month == 10 else dt.date(start.year, start.month + 3, 1)
    return start, after - dt.timedelta(days=1)


def opening_period(user, party) -> tuple[dt.date, dt.date]:
    """Where the statistics pages open (issue 16 §3): the last quarter that is over and holds an
    inquiry the user may count, so it is compared with the whole quarter before it (whole months
    that are over, as core.disclosure publishes across parties). When no quarter that is over holds
    one, the year of the latest inquiry so far (`default_period`)."""
    current_start, _end = quarter_of(timezone.localdate())
    latest = latest_inquiry_date(user, party, until=current_start - dt.timedelta(days=1))
    if latest is None:
        return default_period(latest_inquiry_date(user, party), cross_party=is_cross_party(user, party))
    return quarter_of(latest)


def period_filter(request, form_class=PeriodForm, **extra_initial):
    """The bound filter form and the chosen party and period, with defaults: the last complete
    quarter with data (`opening_period`), and (for users who may not see all parties) their first
    party."""
    form = form_class(request.GET or None, user=request.user)
    check_party(form)
    party_field = form.fields["party"]
    default_party = None if form.all_parties_allowed else party_field.queryset.first()
    start, end = opening_period(request.user, default_party)
    initial = {"start": start, "end": end, "party": default_party, **extra_initial}
    if not form.is_bound:
        form = form_class(initial=initial, user=request.user)
        return form, initial
    if form.is_valid():
        return form, form.cleaned_data
    chosen = {name: form.cleaned_data.get(name) or value for name, value in initial.items()}
    unsafe = is_cross_party(request.user, chosen["party"]) and period_errors(
        chosen["start"], chosen["end"], timezone.localdate()
    )
    if chosen["end"] < chosen["start"] or unsafe:
        # The page shows the form's errors next to the figures of the default period.
        chosen["start"], chosen["end"] = opening_period(request.user, chosen["party"])
    return form, chosen


def period_name(start: dt.date, end: dt.date) -> str:
    """A quarter, half-year or year by its name ("2024. aasta III kvartal"), through the one period
    namer (`monitoring.periods.period_label`); another period has none ("")."""
    from loim.monitoring.periods import period_label

    if quarter_of(start) == (start, end):
        return period_label(f"{start.year}-Q{(start.month - 1) // 3 + 1}", with_year=True)
    if (start, end) == (dt.date(start.year, 1, 1), dt.date(start.year, 6, 30)):
        return period_label(f"{start.year}-H1", with_year=True)
    if (start, end) == (dt.date(start.year, 7, 1), dt.date(start.year, 12, 31)):
        return period_label(f"{start.year}-H2", with_year=True)
    if (start, end) == (dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)):
        return period_label(f"{start.year}", with_year=True)
    return ""


def _month_labels(stats) -> list[tuple[str, dt.date]]:
    return [dt.date(int(cell.key[:4]), int(cell.key[5:7]), 1) for cell in stats.breakdowns["month"].cells]


@policy("read_aggregates")
@refuses_unknown_party
@reading_from_replica()
def statistics(request):
    form, chosen = period_filter(request)
    stats = inquiry_statistics(user=request.user, start=chosen["start"], end=chosen["end"], party=chosen["party"])
    months = _month_labels(stats)
    month_chart = column_chart(stats.breakdowns["month"], [f"{m:%m}.{m:%y}" for m in months])
    blocks = [
        {"breakdown": stats.breakdowns[name], "chart": bar_chart(stats.breakdowns[name])} for name in BAR_BREAKDOWNS
    ]
    query = request.GET.urlencode()
    return render(
        request,
        "inquiries/statistics.html",
        {
            "form": form,
            "stats": stats,
            "blocks": blocks,
            "month_chart": month_chart,
            "month_rows": list(zip(months, stats.breakdowns["month"].cells, strict=True)),
            "period_name": period_name(stats.start, stats.end),
            "previous_name": period_name(stats.previous_start, stats.previous_end),
            "explanation": small_cell_explanation(),
            "query": query,
        },
    )


@policy("read_aggregates")
@refuses_unknown_party
@reading_from_replica()
def statistics_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, chosen = period_filter(request)
    # A file cannot show errors beside other figures: a value that was given and is refused (an
    # unknown party, a period the disclosure control does not publish) refuses the file. A value
    # left out takes its default, as on the page.
    given = {name: errors for name, errors in form.errors.items() if request.GET.get(name)} if form.is_bound else {}
    if given:
        text = "\n".join(f"{form.fields[name].label}: {error}" for name, errors in given.items() for error in errors)
        return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
    stats = inquiry_statistics(user=request.user, start=chosen["start"], end=chosen["end"], party=chosen["party"])
    name = f"poordumiste-statistika-{stats.start.isoformat()}-{stats.end.isoformat()}.{fmt}"
    return export_file(fmt, form, stats, user=request.user, filename=name)


GAP_THRESHOLD = 10  # the default: a topic of at least 10 inquiries in the period is frequent


def _create_url(gap, party) -> str:
    """The service form prefilled from a gap: the topic, the party's municipality as the area (the whole
    country for a party that is no municipality), the suggested provider and a name."""
    municipality = party.municipality
    params = {"party": party.pk, "topic": gap.cell.key, "name": gap.cell.label}
    if municipality is not None:
        params |= {"municipality": municipality.pk, "name": f"{gap.cell.label} ({municipality.name})"}
    if gap.provider is not None:
        params["provider"] = gap.provider.pk
    return reverse("services:create") + "?" + urlencode(params)


@policy("read_aggregates")
@refuses_unknown_party
def service_gaps(request):
    form, chosen = period_filter(request, ServiceGapForm, threshold=GAP_THRESHOLD)
    threshold = chosen.get("threshold") or GAP_THRESHOLD
    party = chosen["party"]
    stats = inquiry_statistics(user=request.user, start=chosen["start"], end=chosen["end"], party=party)
    can_accept = party is not None and permits(request.user, "record_work", party)
    may_create = party is not None and permits(request.user, "manage_services")
    proposals, covered = [], []
    for gap in service_gaps_of(user=request.user, stats=stats, threshold=threshold):
        if gap.status == GapStatus.COVERED:
            covered.append(gap)
            continue
        cell = gap.cell
        text = _(
            "“%(topic)s” came up in %(count)s inquiries between %(start)s and %(end)s. "
            "Check whether a service answers it, or propose one."
        ) % {
            "topic": cell.label,
            "count": cell.shown,  # "≥ 12" when withheld counts are left out (core.disclosure)
            "start": f"{stats.start:%d.%m.%Y}",
            "end": f"{stats.end:%d.%m.%Y}",
        }
        accept = None
        if can_accept:
            accept = ServiceGapAcceptForm(
                initial={"topic": cell.key, "party": party.pk, "start": stats.start, "end": stats.end, "text": text},
                user=request.user,
                prefix=f"topic-{cell.key}",
            )
        create_url = _create_url(gap, party) if may_create and gap.status == GapStatus.MISSING else None
        proposals.append({"gap": gap, "cell": cell, "form": accept, "create_url": create_url})
    notes = service_gap_notes(request.user, party)
    return render(
        request,
        "inquiries/service_gaps.html",
        {
            "form": form,
            "stats": stats,
            "threshold": threshold,
            "proposals": proposals,
            "covered": covered,
            "can_accept": can_accept,
            "notes": notes,
            "municipality": party.municipality if party is not None else None,
            "explanation": small_cell_explanation(),
            "query": request.GET.urlencode(),
        },
    )


@policy("record_work")
@require_POST
def service_gap_accept(request):
    prefix = request.POST.get("prefix", "")
    form = ServiceGapAcceptForm(request.POST, user=request.user, prefix=prefix or None)
    if not form.is_valid():
        if "party" in form.errors:
            raise Http404
        messages.error(request, _("The note was not saved: %(errors)s") % {"errors": _errors_text(form)})
        return redirect(_back(request))
    data = form.cleaned_data
    # The count is recomputed, not taken from the form: the note records what the data says.
    stats = inquiry_statistics(user=request.user, start=data["start"], end=data["end"], party=data["party"])
    count = next((c.count for c in stats.breakdowns["topic"].cells if c.key == data["topic"].pk), 0) or 0
    try:
        service_gap_note_create(
            party=data["party"],
            topic=data["topic"],
            period_start=data["start"],
            period_end=data["end"],
            inquiry_count=count,
            text=data["text"],
            created_by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, _("The note was not saved: %(errors)s") % {"errors": "; ".join(exc.messages)})
    else:
        messages.success(request, _("The proposal was saved as a note."))
    return redirect(_back(request))


@policy("record_work")
@require_http_methods(["GET", "POST"])
def service_gap_note_delete_view(request, pk):
    note = get_editable_or_404(ServiceGapNote.objects.select_related("topic"), request.user, pk=pk)
    if request.method == "POST":
        service_gap_note_delete(note=note)
        messages.success(request, _("The note was deleted."))
        return redirect(_back(request))
    query = request.GET.urlencode()
    return render(
        request,
        "inquiries/confirm_delete.html",
        {
            "title": _("Delete a service gap note"),
            "question": _("Delete the note on “%(topic)s” for %(start)s–%(end)s?")
            % {
                "topic": note.topic.name,
                "start": f"{note.period_start:%d.%m.%Y}",
                "end": f"{note.period_end:%d.%m.%Y}",
            },
            "button": _("Delete the note"),
            "query": query,
            "cancel": reverse("inquiries:service_gaps") + (f"?{query}" if query else ""),
        },
    )


def _back(request) -> str:
    query = request.POST.get("query", "")
    url = reverse("inquiries:service_gaps")
    return f"{url}?{query}" if query else url


def _errors_text(form) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)
