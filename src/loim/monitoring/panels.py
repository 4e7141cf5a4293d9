"""The home page's panel of the user's own parties' commitments: early warnings while a period runs
short, periods recently missed, and the year's tally."""

from __future__ import annotations

from django.utils import timezone

from loim.core.permissions import parties_for
from loim.parties.models import Party
from loim.plans.models import Plan

from . import obligations as checker
from .access import Viewer


def current_plan(user, today):
    """The plan whose period covers today, else the latest before it (a closed year still tallies)."""
    plans = Plan.objects.visible_to(user)
    return plans.filter(period_start__lte=today, period_end__gte=today).first() or (
        plans.filter(period_start__lte=today).order_by("-year").first()
    )


def obligation_warnings(request):
    member_of = parties_for(request.user, "member")
    if not member_of:
        return None
    today = timezone.localdate()
    plan = current_plan(request.user, today)
    if plan is None:
        return None
    checks = []
    for party in Party.objects.filter(pk__in=member_of, obligations__plan=plan).distinct():
        checks += checker.check(plan, Viewer(user=request.user, party=party), as_of=today)
    if not checks:
        return None
    summary = dict.fromkeys(checker.VERDICTS, 0)
    for check in checks:
        for verdict, count in check.summary.items():
            summary[verdict] += count
    return (
        "monitoring/_panel.html",
        {
            "plan": plan,
            "warnings": checker.warnings_for(checks),
            "missed": checker.recently_missed(checks, today, days=14),
            "in_progress": summary[checker.IN_PROGRESS] > 0,
            "summary": [
                (v, checker.verdict_label(v), summary[v]) for v in (checker.MET, checker.MISSED, checker.IN_PROGRESS)
            ],
        },
    )
