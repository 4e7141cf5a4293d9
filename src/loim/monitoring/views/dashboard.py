"""The dashboard of a plan year, the drill-down behind each figure, the comparison of parties and the
matrix of municipalities × activities."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from loim.core.generations import cached, counted
from loim.core.permissions import policy
from loim.core.routers import reading_from_replica
from loim.core.tenancy import requested_party_slug
from loim.plans.consistency import plan_findings
from loim.plans.models import Indicator
from loim.plans.rules import rule_in_words, rule_names
from loim.plans.selectors import plan_tree

from .. import obligations as checker
from ..access import viewer_for
from ..engine import drilldown
from ..forms import MatrixFilter
from ..selectors import MATRIX_SORTS, compare, dashboard, default_year, participation_matrix, plan_years
from ..todo import generation_tables
from .common import plan_page, view_filter

PAGE_SIZE = 100


@policy("read_aggregates")
def index(request):
    year = default_year(request.user)
    if year is None:
        return render(request, "monitoring/no_plan.html", {"year": None, "years": []}, status=404)
    return redirect("monitoring:dashboard", year=year)


@policy("read_aggregates")
@plan_page
@reading_from_replica()
def dashboard_view(request, plan):
    """The plan year's indicators and commitments. The page's body is cached (core.generations) for the
    user, the language, today and the query string under the generation of every table the figures
    read, so a repeat visit costs one query for it and any write shows on the next one."""
    with counted(generation_tables()):  # one query for the generation of the page and of its plan
        return _dashboard(request, plan)


def _dashboard(request, plan):
    form, viewer, as_of, parties = view_filter(request, plan)  # an unreadable party is 404 before the cache

    def body():
        board = dashboard(plan, viewer, as_of=as_of)
        checks = checker.check(plan, viewer, as_of=board.as_of)
        summary = dict.fromkeys(checker.VERDICTS, 0)
        for check in checks:
            for verdict, count in check.summary.items():
                summary[verdict] += count
        context = {
            "plan": plan,
            "board": board,
            "viewer": viewer,
            "form": form,
            "parties": parties,
            "years": plan_years(request.user),
            "summary": [(verdict, checker.verdict_label(verdict), summary[verdict]) for verdict in checker.VERDICTS],
            "warnings": checker.warnings_for(checks)[:10],
            "query": request.GET.urlencode(),
            "request": request,  # the sub-navigation marks the current page; no context processor is needed
        }
        return render_to_string("monitoring/_dashboard_body.html", context), None

    key = (request.user.pk, get_language(), timezone.localdate().isoformat(), plan.pk, request.get_full_path())
    html = cached("dashboard", key, generation_tables(), body)
    return render(request, "monitoring/dashboard.html", {"plan": plan, "body": mark_safe(html)})  # noqa: S308


@policy("read_aggregates")
@plan_page
def indicator_view(request, plan, key):
    form, viewer, as_of, parties = view_filter(request, plan)
    indicator = get_object_or_404(
        Indicator.objects.visible_to(request.user).select_related("plan", "activity").prefetch_related("targets"),
        plan=plan,
        key=key,
    )
    result, drill = drilldown(indicator, viewer, as_of=as_of)
    anchor = f"#i-{indicator.pk}"
    contradictions = [
        finding
        for finding in plan_findings(plan_tree(plan, user=request.user))
        if anchor in (finding.first.anchor, finding.second.anchor if finding.second else "")
    ]
    page = (
        Paginator(drill.queryset, PAGE_SIZE).get_page(request.GET.get("page")) if drill.queryset is not None else None
    )
    kind_names, party_names = rule_names()
    return render(
        request,
        "monitoring/indicator.html",
        {
            "plan": plan,
            "result": result,
            "drill": drill,
            "page": page,
            "municipalities": drill.municipalities(),
            "contradictions": contradictions,
            "rule_text": rule_in_words(indicator.rule, kinds=kind_names, parties=party_names)
            if isinstance(indicator.rule, dict)
            else "",
            "viewer": viewer,
            "form": form,
            "parties": parties,
            "query": _without_page(request),
        },
    )


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@policy("read_aggregates")
@plan_page
@reading_from_replica()
def compare_view(request, plan):
    form, viewer, as_of, parties = view_filter(request, plan)
    comparison = compare(plan, viewer, as_of=as_of)
    checks = checker.group_by_party(checker.check(plan, viewer, as_of=min(as_of, plan.period_end)))
    commitments = []
    for party in comparison.parties:
        summary = dict.fromkeys(checker.VERDICTS, 0)
        for check in checks.get(party, []):
            for verdict, count in check.summary.items():
                summary[verdict] += count
        commitments.append(summary)
    return render(
        request,
        "monitoring/compare.html",
        {
            "plan": plan,
            "comparison": comparison,
            "commitments": [
                (verdict, checker.verdict_label(verdict), [summary[verdict] for summary in commitments])
                for verdict in (checker.MET, checker.MISSED, checker.IN_PROGRESS, checker.EXCLUDED, checker.OPEN)
            ],
            "form": form,
            "parties": parties,
            "viewer": viewer,
        },
    )


@policy("read_aggregates")
@plan_page
@reading_from_replica()
def matrix_view(request, plan):
    from ..access import monitored_parties

    parties = list(monitored_parties(request.user))
    form = MatrixFilter(request.GET or None, parties=parties)
    viewer = viewer_for(request.user, requested_party_slug(request.GET))
    region = request.GET.get("region", "") if form.is_bound and form.is_valid() else ""
    sort = request.GET.get("sort") if request.GET.get("sort") in MATRIX_SORTS else "name"
    zeros = request.GET.get("zeros") == "1"
    matrix = participation_matrix(plan, viewer, region=region, sort=sort, zeros=zeros)

    def link(**changes) -> str:  # this view's query with one setting changed (sorting, zero rows)
        query = request.GET.copy()
        for key, value in changes.items():
            query[key] = value
        return "?" + query.urlencode()

    return render(
        request,
        "monitoring/matrix.html",
        {
            "plan": plan,
            "matrix": matrix,
            "form": form,
            "viewer": viewer,
            "parties": parties,
            "sort": sort,
            "zeros": zeros,
            "sort_links": [(key, label, link(sort=key)) for key, label in _sort_labels()],
            "zeros_link": link(zeros="0" if zeros else "1"),
            "shade_legend": _shade_legend(),
        },
    )


def _sort_labels():
    return [("name", _("by name")), ("total", _("most participations first"))]


def _shade_legend():
    """The shade steps in words, for the legend beside the matrix: (step, words)."""
    return [
        (0, _("no participations")),
        (1, "1"),
        (2, "2–4"),
        (3, "5–9"),
        (4, _("10 or more")),
    ]
