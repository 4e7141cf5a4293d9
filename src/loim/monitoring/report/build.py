"""Building the yearly report's rows from the records the viewer may read."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loim.core.disclosure import ZERO, Figure, complete_months
from loim.events.models import Event, ParticipantCount, Participation
from loim.inquiries.selectors import counselling_by_party, inquiries_by_activity, is_cross_party
from loim.parties.models import Party
from loim.plans.models import Activity, EventKind, Plan
from loim.plans.rules import rule_in_words, rule_names

from .. import obligations as checker
from ..access import Viewer
from ..cycle import report_as_of
from ..engine import IndicatorResult, counting, evaluate, window_of
from ..models import ActivityReportNote, PartState, ReportPart, ReportPartStep, ReportPeriod
from . import outputs
from .rows import (
    SECTION_NUMBERS,
    TOP_TOPICS,
    ActivityRow,
    ContradictionRow,
    IndicatorRow,
    InquiryRow,
    KindCount,
    NoteRow,
    ObligationRow,
    PartyEventsRow,
    PeriodCell,
    Report,
    ReviewRow,
    ShareRow,
    StepRow,
    TopicRow,
    UnlinkedRow,
)


def _numbering(activities: list[Activity]) -> dict[int, str]:
    numbers, index = {}, defaultdict(int)
    for activity in activities:
        if activity.parent_id is None:
            index[activity.section] += 1
            numbers[activity.pk] = (
                f"{SECTION_NUMBERS.get(activity.section, 0)}.{index[activity.section]} {activity.measure_code}"
            )
        else:
            numbers[activity.pk] = activity.row_key or activity.row_number.rstrip(".")
    return numbers


def _shown(activities: list[Activity], party_ids: set[int], everyone: bool) -> list[Activity]:
    """The whole plan for ELVL and the ministry; for a partner, the rows it answers for and the
    activities above them ("each partner sees its own rows")."""
    if everyone:
        return activities
    by_pk = {a.pk: a for a in activities}
    keep: set[int] = set()
    for activity in activities:
        if {p.pk for p in activity.responsible_parties.all()} & party_ids:
            node = activity
            while node is not None:
                keep.add(node.pk)
                node = by_pk.get(node.parent_id)
            keep |= {a.pk for a in activities if a.parent_id == activity.pk}
    return [a for a in activities if a.pk in keep]


def _ancestors(activities: list[Activity]) -> dict[int, list[int]]:
    """Each activity's own id and those above it: an event counts for its row and every level up."""
    parent = {a.pk: a.parent_id for a in activities}
    chains = {}
    for activity in activities:
        chain, pk = [], activity.pk
        while pk is not None:
            chain.append(pk)
            pk = parent.get(pk)
        chains[activity.pk] = chain
    return chains


def _activity_rows(plan, viewer, window, activities, numbers) -> list[ActivityRow]:
    chains = _ancestors(activities)
    kinds = {kind.pk: kind.name for kind in EventKind.objects.all()}
    in_plan = {"activity__plan": plan}
    events = viewer.scope(Event).filter(counting.in_window(window), **in_plan)
    by_kind: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in events.values("activity_id", "kind_id").annotate(n=Count("pk")).order_by():
        for pk in chains.get(row["activity_id"], []):
            by_kind[pk][row["kind_id"]] += row["n"]
    participants: dict[int, int] = defaultdict(int)
    for row in (
        viewer.scope(ParticipantCount)
        .filter(counting.in_window(window, "event__start"), event__activity__plan=plan)
        .values("event__activity_id")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        for pk in chains.get(row["event__activity_id"], []):
            participants[pk] += row["n"] or 0
    # events with no count at all are "not counted", never 0 (events.attendance): the row says how many
    not_counted: dict[int, int] = defaultdict(int)
    for row in (
        events.filter(~Exists(ParticipantCount.objects.filter(event=OuterRef("pk"))))
        .values("activity_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        for pk in chains.get(row["activity_id"], []):
            not_counted[pk] += row["n"]
    participations: dict[int, int] = defaultdict(int)
    municipalities: dict[int, set[int]] = defaultdict(set)
    for row in (
        viewer.scope(Participation)
        .filter(counting.in_window(window, "event__start"), event__activity__plan=plan)
        .values("event__activity_id", "municipality_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        for pk in chains.get(row["event__activity_id"], []):
            participations[pk] += row["n"]
            municipalities[pk].add(row["municipality_id"])
    inquiries: dict[int, Figure] = defaultdict(lambda: ZERO)
    for activity_id, figure in _inquiry_window_figures(viewer, window).items():
        for pk in chains.get(activity_id, []):
            inquiries[pk] = inquiries[pk] + figure
    by_pk = {a.pk: a for a in activities}
    rows = []
    for activity in activities:
        counts = by_kind.get(activity.pk, {})
        root = by_pk.get(chains[activity.pk][-1], activity)
        rows.append(
            ActivityRow(
                activity_id=activity.pk,
                level=activity.level if activity.parent_id else 0,
                section=root.section,  # a row belongs to its activity's section, whatever it says itself
                number=numbers[activity.pk],
                code=activity.code,
                title=activity.heading_title or activity.title if activity.parent_id is None else activity.title,
                responsible=activity.responsible_text,
                responsible_ids=[p.pk for p in activity.responsible_parties.all()],
                start=activity.start,
                end=activity.end,
                events=sum(counts.values()),
                by_kind=sorted(
                    (KindCount(kinds.get(kind_id, "?"), n) for kind_id, n in counts.items()),
                    key=lambda k: (-k.count, k.kind),
                ),
                participants=participants.get(activity.pk, 0),
                participants_not_counted=not_counted.get(activity.pk, 0),
                participations=participations.get(activity.pk, 0),
                municipalities=len(municipalities.get(activity.pk, ())),
                inquiries=inquiries[activity.pk].value,
                inquiries_withheld=inquiries[activity.pk].withheld,
            )
        )
    return rows


def describe_rule_in_words(indicator, kind_names: dict[str, str], party_names: dict[str, str] | None = None) -> str:
    """How an indicator without the plan's own measurement note is counted: entered by hand, or its
    counting rule in words (`plans.rules.rule_in_words`, the plan page's and the dashboard's words)."""
    if indicator.measurement == "manual":
        return _("Entered by hand with its evidence.")
    rule = indicator.rule if isinstance(indicator.rule, dict) else None
    return rule_in_words(rule, kinds=kind_names, parties=party_names or {})


def _indicator_rows(
    results: list[IndicatorResult],
    numbers: dict[int, str],
    kind_names: dict[str, str] | None = None,
    party_names: dict[str, str] | None = None,
) -> list[IndicatorRow]:
    kind_names = kind_names or {}
    rows = []
    for result in results:
        indicator = result.indicator
        rows.append(
            IndicatorRow(
                number=numbers.get(indicator.activity_id, "")
                if indicator.activity_id
                else str(SECTION_NUMBERS.get(indicator.section, "")),
                key=indicator.key,
                name=indicator.name,
                unit=indicator.unit,
                method=result.method,
                target=result.target,
                actual=result.value,
                deviation=result.deviation,
                deviation_percent=result.deviation_percent,
                frame_year=result.frame_year,
                frame_target=result.frame_target,
                position=result.position,
                outlook=result.outlook.verdict if result.outlook else "",
                outlook_label=result.outlook.label if result.outlook else "",
                outlook_text=result.outlook.explanation if result.outlook else "",
                problems=list(result.problems),
                explanation=indicator.explanation,
                trend=[(point.year, point.value) for point in result.trend],
                counting=indicator.measurement_note or describe_rule_in_words(indicator, kind_names, party_names),
                shares=[
                    ShareRow(part.party.label, part.value, part.target, part.verdict_label, part.vacant)
                    for part in result.parts
                    if part.target is not None
                ]
                if any(part.target is not None for part in result.parts)
                else [],
            )
        )
    return rows


def _obligation_rows(checks, numbers) -> list[ObligationRow]:
    rows = []
    for check in checks:
        obligation = check.obligation
        summary = check.summary
        rows.append(
            ObligationRow(
                number=numbers.get(obligation.activity_id, ""),
                key=obligation.key,
                title=obligation.title,
                responsible=str(obligation.responsible),
                period=str(obligation.get_period_display()),
                requirement=check.requirement,
                overall=check.overall,
                overall_label=checker.verdict_label(check.overall),
                met=summary[checker.MET],
                missed=summary[checker.MISSED],
                excluded=summary[checker.EXCLUDED],
                total=check.total,
                problems=list(check.problems),
                quote=obligation.quote,
                responsible_id=obligation.responsible_id,
                cells=[
                    PeriodCell(
                        cell.slot.key,
                        cell.slot.label,
                        cell.slot.short,
                        cell.verdict,
                        cell.label,
                        cell.count,
                        cell.reason,
                        cell.symbol,
                        cell.rule,
                        bool(getattr(cell, "above", False)),
                    )
                    for cell in check.cells
                ],
            )
        )
    return rows


def inquiry_period(viewer, window) -> tuple[dt.date, dt.date] | None:
    """The days whose inquiries the report counts: the window; across parties only its whole,
    finished months (core.disclosure), None when there is none yet."""
    if not is_cross_party(viewer.user, viewer.party):
        return window.start, window.until
    return complete_months(window.start, window.until, timezone.localdate())


def _inquiry_window_figures(viewer, window) -> dict:
    period = inquiry_period(viewer, window)
    if period is None:
        return {}
    return inquiries_by_activity(user=viewer.user, start=period[0], end=period[1], party=viewer.party)


def _inquiry_rows(plan, viewer, window, rows: list[ActivityRow]) -> list[InquiryRow]:
    """Counselling per party that logged inquiries in the year: total and top topics, through the
    inquiries app's one statistics selector (core.disclosure withholds small cells across parties;
    such a report counts whole, finished months only)."""
    period = inquiry_period(viewer, window)
    if period is None:
        return []
    found = counselling_by_party(user=viewer.user, start=period[0], end=period[1], party=viewer.party)
    parties = {party.pk: party for party in Party.objects.filter(pk__in=[row.party_id for row in found])}
    result = []
    for stats in sorted(found, key=lambda row: (parties[row.party_id].kind, parties[row.party_id].name)):
        party = parties[stats.party_id]
        counselling = [
            row.number
            for row in rows
            if party.pk in row.responsible_ids and (row.inquiries or _about_counselling(row.title))
        ]
        result.append(
            InquiryRow(
                party=str(party),
                party_id=party.pk,
                total=stats.total.display,
                suppressed=stats.any_suppressed,
                count=stats.total.count,
                withheld=stats.total.withheld,
                topics=[
                    TopicRow(
                        top.topic.label, top.topic.display, top.previous.display, top.topic.count, top.previous.count
                    )
                    for top in stats.top_topics[:TOP_TOPICS]
                ],
                activity_numbers=counselling,
            )
        )
    return result


def _about_counselling(title: str) -> bool:
    return "nõusta" in title.lower() or "counsel" in title.lower()


def _unlinked(viewer, window) -> list[UnlinkedRow]:
    rows = (
        viewer.scope(Event)
        .filter(counting.in_window(window), activity__isnull=True)
        .values("party__short_name", "party__name", "kind__name_et", "kind__name_en", "kind_id")
        .annotate(n=Count("pk"))
        .order_by("party__name", "kind_id")
    )
    kinds = {kind.pk: kind.name for kind in EventKind.objects.all()}
    return [
        UnlinkedRow(row["party__short_name"] or row["party__name"], kinds.get(row["kind_id"], "?"), row["n"])
        for row in rows
    ]


def _party_events(viewer, window) -> list[PartyEventsRow]:
    """Each party's events of the period by kind, with their participants (two grouped queries)."""
    kinds = {kind.pk: kind.name for kind in EventKind.objects.all()}
    events = viewer.scope(Event).filter(counting.in_window(window))
    participants = {
        (row["event__party_id"], row["event__kind_id"]): row["n"] or 0
        for row in viewer.scope(ParticipantCount)
        .filter(counting.in_window(window, "event__start"))
        .values("event__party_id", "event__kind_id")
        .annotate(n=Sum("count"))
        .order_by()
    }
    rows = [
        PartyEventsRow(
            row["party_id"],
            kinds.get(row["kind_id"], "?"),
            row["n"],
            participants.get((row["party_id"], row["kind_id"]), 0),
        )
        for row in events.values("party_id", "kind_id").annotate(n=Count("pk")).order_by()
    ]
    return sorted(rows, key=lambda r: (r.party_id, -r.count, r.kind))


def _notes(plan, viewer, numbers, shown_ids, period) -> list[NoteRow]:
    notes = (
        viewer.scope(ActivityReportNote)
        .filter(activity__plan=plan, activity_id__in=shown_ids, period=period)
        .select_related("activity", "party", "author")
        .order_by("activity__position", "party__name")
    )
    return [
        NoteRow(
            activity_number=numbers.get(note.activity_id, ""),
            activity_title=note.activity.title,
            party=str(note.party),
            text=note.text,
            author=str(note.author) if note.author else "",
            updated=note.updated_at,
            note_id=note.pk,
            activity_id=note.activity_id,
            party_id=note.party_id,
        )
        for note in notes
    ]


def _parts(plan, viewer, responsible: list[int], period: str) -> list[ReviewRow]:
    """The period's part of each responsible party, and of any party counted that has one, in the
    cycle with its history (three queries)."""
    parts = {
        part.party_id: part
        for part in viewer.scope(ReportPart)
        .filter(plan=plan, period=period)
        .select_related("submitted_by", "decided_by")
        .prefetch_related(Prefetch("steps", ReportPartStep.objects.select_related("actor")))
    }
    rows = []
    for party in Party.objects.filter(pk__in={*responsible, *parts}).order_by("kind", "name"):
        part = parts.get(party.pk)
        state = PartState(part.state if part else PartState.DRAFT)
        rows.append(
            ReviewRow(
                party=str(party),
                party_id=party.pk,
                period=period,
                state=state.value,
                state_label=str(state.label),
                submitted_by=str(part.submitted_by) if part and part.submitted_by else "",
                submitted_at=part.submitted_at if part else None,
                decided_by=str(part.decided_by) if part and part.decided_by else "",
                decided_at=part.decided_at if part else None,
                comment=part.comment if part else "",
                steps=[
                    StepRow(
                        step.action,
                        str(step.get_action_display()),
                        str(step.actor) if step.actor else "",
                        step.created_at,
                        step.text,
                        step.what,
                    )
                    for step in (part.steps.all() if part else [])
                ],
            )
        )
    return rows


def _final(plan: Plan, period: str, window) -> bool:
    """The yearly report is final when its year is over; the H1 report when it is counted to 30.6
    and that day is over (so the 2024 H1 report is final in 2026, while its year's window is too)."""
    if period != ReportPeriod.H1:
        return window.final
    from ..cycle import period_days

    end = period_days(plan, period)[1]
    return window.as_of == end and end < timezone.localdate()


def build_report(
    plan: Plan, viewer: Viewer, *, as_of: dt.date | None = None, period: str = ReportPeriod.YEAR
) -> Report:
    """The rows of the period's report (the year, or H1: 1.1–30.6), as the viewer may see them (a
    partner: its own part)."""
    window = window_of(plan, report_as_of(plan, period, as_of))
    everyone = viewer.sees_everyone
    party_ids = set(viewer.parties().values_list("pk", flat=True))
    all_activities = list(
        Activity.objects.filter(plan=plan).prefetch_related("responsible_parties").order_by("position")
    )
    numbers = _numbering(all_activities)
    activities = _shown(all_activities, party_ids, everyone)
    shown_ids = {a.pk for a in activities}
    rows = _activity_rows(plan, viewer, window, activities, numbers)
    outputs.add_planned(plan, viewer, window.as_of, rows, activities)  # issue 11 §5
    results = [
        r
        for r in evaluate(plan, viewer, as_of=window.as_of)
        if everyone
        or r.indicator.activity_id in shown_ids
        or (r.indicator.activity_id is None and any(a.section == r.indicator.section for a in activities))
    ]
    checks = checker.check(plan, viewer, as_of=window.as_of)
    notes = _notes(plan, viewer, numbers, shown_ids, period)
    by_activity = defaultdict(list)
    for note in notes:
        by_activity[note.activity_id].append(note)
    for row in rows:
        row.notes = by_activity.get(row.activity_id, [])
    responsible = sorted(
        {pid for a in activities for pid in (p.pk for p in a.responsible_parties.all()) if pid in party_ids}
    )
    communication, translations = outputs.communication(viewer, window.start, window.until)  # issue 15
    scope = (
        str(viewer.party)
        if viewer.party
        else (_("all parties") if everyone else ", ".join(str(p) for p in viewer.parties()))
    )
    return Report(
        plan=plan,
        title=(
            _("Half-year report on the implementation of the action plan %(year)s (1.1–30.6)")
            if period == ReportPeriod.H1
            else _("Report on the implementation of the action plan %(year)s")
        )
        % {"year": plan.year},
        scope=scope,
        as_of=window.as_of,
        generated_at=timezone.now(),
        final=_final(plan, period, window),
        activities=rows,
        indicators=_indicator_rows(results, numbers, *rule_names()),
        obligations=_obligation_rows(checks, numbers),
        inquiries=_inquiry_rows(plan, viewer, window, rows),
        unlinked=_unlinked(viewer, window),
        notes=notes,
        reviews=_parts(plan, viewer, responsible, period),
        party_ids=sorted(party_ids),
        period=period,
        deliverables=outputs.deliverables(plan, viewer, window.as_of, numbers),  # issue 11 §4
        communication=communication,
        translations=translations,
        contradictions=_contradictions(plan),
        party_events=_party_events(viewer, window),
    )


#: how the report reads each kind of contradiction the plan's consistency check finds
READINGS = {
    "frame_starts_before_parent": gettext_lazy(
        "The row's events count from the plan period's start; the frame is kept as printed."
    ),
    "frame_ends_after_parent": gettext_lazy(
        "The row's events count up to the plan period's end; the frame is kept as printed."
    ),
    "dates_outside_frame": gettext_lazy(
        "The row's events count within the plan period; the dates are kept as printed."
    ),
    "commitment_differs_from_target": gettext_lazy(
        "The commitment is checked against its own words and the indicator "
        "against its target: both are shown, and the higher figure is the one to reach."
    ),
    "explanation_differs_from_target": gettext_lazy(
        "The target of the indicator table is the one judged; the explanation is quoted as the narrative."
    ),
    "commitments_differ": gettext_lazy(
        "Each commitment is checked on its own; a period is met for each when its own number is reached."
    ),
    "target_beyond_frame": gettext_lazy(
        "The target is shown as printed; the outlook projects to the frame year as the plan sets it."
    ),
    "unit_differs_from_name": gettext_lazy(
        "Counted as the unit says (participations); the name's reading is shown beside it."
    ),
    "unit_differs_from_rule": gettext_lazy("Counted by the rule; the printed unit is shown as it is."),
    "missing_target": gettext_lazy("Counted and shown, not judged: the plan sets no target for the year."),
}


def reading_of(kind: str) -> str:
    return str(READINGS[kind]) if kind in READINGS else ""


def _contradictions(plan) -> list[ContradictionRow]:
    """The annex: where the plan contradicts itself and how this report reads it."""
    from loim.plans.consistency import plan_findings
    from loim.plans.selectors import plan_tree

    rows = []
    for finding in plan_findings(plan_tree(plan)):
        rows.append(
            ContradictionRow(
                kind=finding.kind,
                message=finding.message,
                first=f"{finding.first.label}: „{finding.first.quote}“",
                second=f"{finding.second.label}: „{finding.second.quote}“" if finding.second else "",
                reading=reading_of(finding.kind),
            )
        )
    return rows
