"""The reporting cycle (DESIGN.md "Indicators and obligations"; docs/monitoring.md "The reporting cycle").

Each party has one part of each period's report (the first half-year, 1.1–30.6, and the year) of a
plan: `ReportPart`. It moves only through the functions here, which the pages and the API both call:

    draft / returned ──submit (the party)──▶ submitted ──approve (ELVL)──▶ approved (locked)
                                                 └──return with a comment (ELVL)──▶ returned
    approved ──a locked record changed with a reason (locking.py)──▶ changed since approval
    changed ──approve again / return (ELVL)──▶ approved / returned

Every step writes a `ReportPartStep` (who, when, the comment or reason, what changed) and both records
are audited (`loim.core.audit`). A step that is not allowed raises ValidationError with a message
naming what is wrong (the state, the party, the missing comment, the activity without an
explanation), and changes nothing.

Who: the party's own administrators and coordinators submit ("submit_report"); ELVL's
administrators and coordinators approve and return ("review_report"); the ministry only reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from loim.core.permissions import parties_for, permits
from loim.parties.models import Party, PartyKind
from loim.plans.models import Activity, Plan

from .models import LOCKED_STATES, ActivityReportNote, PartState, ReportPart, ReportPartStep, ReportPeriod, StepAction

SUBMITTABLE = (PartState.DRAFT, PartState.RETURNED)
DECIDABLE = (PartState.SUBMITTED, PartState.CHANGED)


def period_days(plan: Plan, period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period: H1 is 1.1–30.6 of the plan year (cut to the plan period)."""
    if period == ReportPeriod.H1:
        return plan.period_start, min(dt.date(plan.year, 6, 30), plan.period_end)
    return plan.period_start, plan.period_end


def periods_covering(plan: Plan, day: dt.date) -> list[str]:
    """The periods of the plan whose report counts a record of that day (H1 and the year for 1.1–30.6)."""
    return [p for p in ReportPeriod.values if period_days(plan, p)[0] <= day <= period_days(plan, p)[1]]


def report_as_of(plan: Plan, period: str, as_of: dt.date | None) -> dt.date:
    """The day a period's report is counted to: the day asked for (default today), at most its end."""
    return min(as_of or timezone.localdate(), period_days(plan, period)[1])


def part_of(plan: Plan, period: str, party: Party) -> ReportPart:
    """The party's part (an unsaved draft when nobody has submitted it yet)."""
    found = ReportPart.objects.filter(plan=plan, period=period, party=party).first()
    return found or ReportPart(plan=plan, period=period, party=party, state=PartState.DRAFT)


# --- What a submission needs: an explanation wherever a figure of the party is below target


@dataclass(frozen=True)
class Deviation:
    activity: Activity  # the top-level activity whose explanation is missing
    what: str  # the figure below target, in words

    @property
    def message(self) -> str:
        return _("%(activity)s “%(title)s”: %(what)s — write the explanation of deviations for this activity.") % {
            "activity": self.activity.measure_code or self.activity.code,
            "title": self.activity.heading_title or self.activity.title,
            "what": self.what,
        }


def _period_target(target: Decimal, accumulates: bool, period: str) -> Decimal:
    """The target a period is held to: the year's; for H1 half of it when the figure adds up over the
    year (a stock such as the coordinators must be held at any time, so the whole)."""
    return target / 2 if period == ReportPeriod.H1 and accumulates else target


def deviations(plan: Plan, period: str, party: Party) -> list[Deviation]:
    """The party's figures below target in the period, each with the activity it must explain:

    - an indicator of an activity the party alone answers for, whose value (a partner: its own
      records, as its report counts them; the implementer: the programme's) is below the period's
      target; an indicator shared
      by several parties is the programme's figure, never one party's failure (issue 11 §1);
    - a commitment the party is responsible for with a period missed (met / in progress / not due
      need nothing).
    Indicators without a value (broken, not entered yet) cannot be judged and are not asked about.
    """
    from . import obligations as checker
    from .access import Viewer
    from .engine import evaluate

    as_of = period_days(plan, period)[1]
    # the implementer answers for the programme's figures (coordinators are the partners' posts);
    # a partner for its own records, as its report counts them
    viewer = Viewer.system() if party.kind == PartyKind.IMPLEMENTER else Viewer.system(party=party)
    activities = {a.pk: a for a in Activity.objects.filter(plan=plan).prefetch_related("responsible_parties")}

    def root(activity_id):
        activity = activities.get(activity_id)
        while activity is not None and activity.parent_id is not None:
            activity = activities.get(activity.parent_id)
        return activity

    found: list[Deviation] = []
    for result in evaluate(plan, viewer, as_of=as_of):
        activity = activities.get(result.indicator.activity_id or 0)
        if activity is None or result.is_broken or result.value is None or result.target is None:
            continue
        if {p.pk for p in activity.responsible_parties.all()} != {party.pk}:
            continue
        target = _period_target(result.target, result.accumulates, period)
        if result.value < target:
            found.append(
                Deviation(
                    root(activity.pk),
                    _("indicator “%(name)s” is %(value)s against the target %(target)s")
                    % {
                        "name": result.indicator.name,
                        "value": formats.number_format(result.value.normalize()),
                        "target": formats.number_format(target.normalize()),
                    },
                )
            )
    for obligation_check in checker.check(plan, viewer, as_of=as_of):
        obligation = obligation_check.obligation
        missed = obligation_check.summary[checker.MISSED]
        if obligation.responsible_id != party.pk or not missed or root(obligation.activity_id) is None:
            continue
        found.append(
            Deviation(
                root(obligation.activity_id),
                _("commitment “%(title)s” missed in %(n)d period(s)") % {"title": obligation.title, "n": missed},
            )
        )
    return found


def missing_explanations(plan: Plan, period: str, party: Party) -> list[Deviation]:
    """Deviations whose activity has no explanation by the party for the period (one per activity)."""
    explained = set(
        ActivityReportNote.objects.filter(activity__plan=plan, party=party, period=period).values_list(
            "activity_id", flat=True
        )
    )
    missing: dict[int, Deviation] = {}
    for deviation in deviations(plan, period, party):
        if deviation.activity.pk not in explained:
            missing.setdefault(deviation.activity.pk, deviation)
    return list(missing.values())


# --- The steps


def _actor(user):
    return user if getattr(user, "pk", None) else None


def _step(part: ReportPart, action: str, user, *, text: str = "", what: str = "") -> ReportPartStep:
    return ReportPartStep.objects.create(
        party_id=part.party_id, part=part, action=action, actor=_actor(user), text=text, what=what
    )


def _state_error(part: ReportPart, allowed) -> ValidationError:
    return ValidationError(
        _("The part of %(party)s is “%(state)s”; this step needs a part that is %(allowed)s.")
        % {
            "party": part.party,
            "state": part.get_state_display(),
            "allowed": ", ".join(str(PartState(s).label) for s in allowed),
        },
        code="state",
    )


def _require_reviewer(user) -> None:
    if not permits(user, "review_report"):
        raise ValidationError(
            _("Only the implementer's (ELVL's) administrators and coordinators approve or return report parts."),
            code="not_reviewer",
        )


def _locked_row(part: ReportPart) -> ReportPart:
    """The part re-read under a row lock, so two people's steps cannot cross."""
    return ReportPart.objects.select_for_update().select_related("plan", "party").get(pk=part.pk)


@transaction.atomic
def part_submit(*, plan: Plan, period: str, party: Party, user) -> ReportPart:
    """The party submits its part: allowed from "being written" or "returned", from the period's last
    day on, with an explanation for every figure below target."""
    if period not in ReportPeriod.values:
        raise ValidationError(_("Unknown reporting period."), code="period")
    if not permits(user, "submit_report", party):
        raise ValidationError(
            _("Only the administrators and coordinators of %(party)s submit its part.") % {"party": party},
            code="not_party",
        )
    existing = ReportPart.objects.filter(plan=plan, period=period, party=party).first()
    part = _locked_row(existing) if existing else ReportPart(plan=plan, period=period, party=party)
    if part.state not in SUBMITTABLE:
        raise _state_error(part, SUBMITTABLE)
    end = period_days(plan, period)[1]
    if timezone.localdate() < end:
        raise ValidationError(
            _("The period ends on %(day)s; its part can be submitted from that day on.")
            % {"day": formats.date_format(end, "SHORT_DATE_FORMAT")},
            code="too_early",
        )
    missing = missing_explanations(plan, period, party)
    if missing:
        raise ValidationError([d.message for d in missing], code="missing_explanation")
    part.state = PartState.SUBMITTED
    part.submitted_by, part.submitted_at = _actor(user), timezone.now()
    part.full_clean()
    part.save()
    _step(part, StepAction.SUBMITTED, user)
    return part


@transaction.atomic
def part_return(*, part: ReportPart, user, comment: str) -> ReportPart:
    """ELVL returns a submitted (or changed) part with a comment saying what to fix."""
    _require_reviewer(user)
    part = _locked_row(part)
    if part.state not in DECIDABLE:
        raise _state_error(part, DECIDABLE)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what to fix: a part is returned with a comment.")})
    part.state, part.comment = PartState.RETURNED, comment
    part.decided_by, part.decided_at = _actor(user), timezone.now()
    part.save()
    _step(part, StepAction.RETURNED, user, text=comment)
    return part


@transaction.atomic
def part_approve(*, part: ReportPart, user, comment: str = "") -> ReportPart:
    """ELVL approves a submitted (or changed) part; the period is then locked for the party."""
    _require_reviewer(user)
    part = _locked_row(part)
    if part.state not in DECIDABLE:
        raise _state_error(part, DECIDABLE)
    part.state, part.comment = PartState.APPROVED, (comment or "").strip()
    part.decided_by, part.decided_at = _actor(user), timezone.now()
    part.save()
    _step(part, StepAction.APPROVED, user, text=part.comment)
    return part


@transaction.atomic
def parts_mark_changed(*, parts: list[ReportPart], user, what: str, reason: str) -> None:
    """A record behind locked parts was changed with a reason (locking.py): each part becomes
    "changed since approval" and keeps what changed, why and by whom."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"change_reason": _("Give the reason for the change: the period is approved.")})
    for part in parts:
        part = _locked_row(part)
        if part.state not in LOCKED_STATES:
            continue
        part.state = PartState.CHANGED
        part.save()
        _step(part, StepAction.CHANGED, user, text=reason, what=what)


STEPS = ("submit", "return", "approve")


def may_take(user, party: Party, step: str) -> bool:
    """Whether the step is for this user at all (else: 404, like a missing page): the party's own
    editors submit; ELVL's editors return and approve; the party's own editors who try to approve are
    told why it is refused (a ValidationError from the step), not shown nothing."""
    if permits(user, "submit_report", party):
        return True
    return step in ("return", "approve") and permits(user, "review_report")


def take_step(*, user, plan: Plan, period: str, party: Party, step: str, comment: str = "") -> ReportPart:
    """One step by name, as the page and the API take it; ValidationError says why it is refused."""
    if step == "submit":
        return part_submit(plan=plan, period=period, party=party, user=user)
    if step not in STEPS:
        raise ValidationError(_("Unknown step."), code="step")
    part = ReportPart.objects.filter(plan=plan, period=period, party=party).first()
    if part is None:
        raise ValidationError(_("%(party)s has not submitted this part yet.") % {"party": party}, code="state")
    if step == "return":
        return part_return(part=part, user=user, comment=comment)
    return part_approve(part=part, user=user, comment=comment)


# --- The home page's to-do list (monitoring/todo.py): parts to write or to review

TODO_KIND = "report_parts"


def todo_items(desk):
    """Report parts of the to-do list's plan year: for the party's editors, each part of a period that
    is over (submittable) and not yet submitted or returned to them; for ELVL's editors, each part
    submitted or changed since approval, waiting for a decision. Two queries.
    """
    from .todo import Item

    plan = desk.plan
    if plan is None:
        return []
    due = [p for p in ReportPeriod.values if period_days(plan, p)[1] <= desk.today]
    parts = {
        (part.period, part.party_id): part
        for part in ReportPart.objects.visible_to(desk.user).filter(plan=plan).select_related("party")
    }
    items = []

    def url(period, party_id):
        return reverse("monitoring:report", kwargs={"year": plan.year}) + f"?period={period}#part-{party_id}"

    writers = parties_for(desk.user, "submit_report") & desk.party_ids
    answering = (
        Party.objects.filter(pk__in=writers, plan_activities__plan=plan, plan_activities__parent__isnull=True)
        .distinct()
        .order_by("name")
    )
    for party in answering:
        for period in due:
            part = parts.get((period, party.pk))
            state = PartState(part.state if part else PartState.DRAFT)
            if state not in SUBMITTABLE:
                continue
            items.append(
                Item(
                    kind=TODO_KIND,
                    title=_("Submit the report part of %(party)s: %(period)s %(year)s")
                    % {"party": party, "period": ReportPeriod(period).label, "year": plan.year},
                    due=period_days(plan, period)[1],
                    state=state.value,
                    state_label=str(state.label),
                    url=url(period, party.pk),
                    detail=part.comment if part and state == PartState.RETURNED else "",
                )
            )
    if permits(desk.user, "review_report"):
        for (period, party_id), part in parts.items():
            if part.state in DECIDABLE:
                items.append(
                    Item(
                        kind=TODO_KIND,
                        title=_("Review the report part of %(party)s: %(period)s %(year)s")
                        % {"party": part.party, "period": part.get_period_display(), "year": plan.year},
                        due=period_days(plan, period)[1],
                        state=part.state,
                        state_label=part.get_state_display(),
                        url=url(period, party_id),
                    )
                )
    return items
