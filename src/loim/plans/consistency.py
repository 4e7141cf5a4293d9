"""Where a plan contradicts itself: `loim check-plan` and the panel on the plan page.

The plan is kept as printed (DESIGN.md: "both are kept and the contradiction is shown"); this module
only reads it and reports each finding with the two places that disagree, quoted. The checks are
generic — they compare the plan's structured parts (frames, commitments, counting rules, units,
targets) — so a later year's plan is checked the same way.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import EventKind, IndicatorKind, Measurement, ObligationSubject, Period
from .selectors import PlanTree

PARTICIPATION_UNITS = ("osaluskord", "participation")
NATIONAL_WORDS = ("üle-eestili", "üleriigili", "nationwide")
COUNTY_WORDS = ("maakondlik",)
MUNICIPALITY_COUNT = re.compile(r"\bKOV-ide arv\b|\bKOV-ide\b.*\barv$", re.IGNORECASE)
NUMBER = re.compile(r"^\d{1,3}$")


@dataclass(frozen=True)
class Place:
    """One side of a contradiction: where it is written, and what is written there."""

    label: str
    quote: str
    anchor: str = ""


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str
    first: Place
    second: Place | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def plan_findings(tree: PlanTree, kinds: list[EventKind] | None = None) -> list[Finding]:
    """Every contradiction of the plan, in the order of the document."""
    kinds = kinds if kinds is not None else list(EventKind.objects.all())
    findings: list[Finding] = []
    findings += _frames(tree)
    findings += _commitments_against_targets(tree)
    findings += _explanations_against_targets(tree, kinds)
    findings += _commitments_against_each_other(tree)
    findings += _targets_beyond_frames(tree)
    findings += _units(tree)
    findings += _missing_targets(tree)
    return findings


# --- places
def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "…"


def _span(start, end) -> str:
    return f"{_day(start)}–{_day(end)}"


def activity_label(activity) -> str:
    table = activity.top.schedule_table
    if activity.level == 0:
        if table:
            return _("Table %(table)s, %(code)s") % {"table": table, "code": activity.code}
        return activity.code
    if table:
        return _("Table %(table)s, %(code)s row %(row)s") % {
            "table": table,
            "code": activity.measure_code,
            "row": activity.row_number,
        }
    return _("%(code)s row %(row)s") % {"code": activity.measure_code, "row": activity.row_number}


def indicator_label(indicator) -> str:
    if indicator.table:
        return _("Table %(table)s, „%(name)s“") % {"table": indicator.table, "name": indicator.name}
    return f"„{indicator.name}“"


def obligation_label(obligation) -> str:
    activity = obligation.activity
    if activity.level == 0:
        return _("Commitment of %(code)s") % {"code": activity.code}
    return _("Commitment of %(code)s row %(row)s") % {"code": activity.measure_code, "row": activity.row_number}


def _anchor(obj, prefix: str) -> str:
    return f"#{prefix}-{obj.pk}"


def _number(value) -> str:
    return f"{value.normalize():f}" if value is not None else "—"


# --- 1. time frames
def _frames(tree: PlanTree) -> list[Finding]:
    findings = []
    for activity in tree.activities:
        parent = activity.parent_node
        here = Place(activity_label(activity), _span(activity.frame_start, activity.frame_end), _anchor(activity, "a"))
        if parent is not None and parent.frame_start and activity.frame_start:
            there = Place(activity_label(parent), _span(parent.frame_start, parent.frame_end), _anchor(parent, "a"))
            if activity.frame_start < parent.frame_start:
                findings.append(
                    Finding(
                        "frame_starts_before_parent",
                        _("The row's overall time frame starts before the frame of the activity it belongs to."),
                        here,
                        there,
                    )
                )
            if parent.frame_end and activity.frame_end and activity.frame_end > parent.frame_end:
                findings.append(
                    Finding(
                        "frame_ends_after_parent",
                        _("The row's overall time frame ends after the frame of the activity it belongs to."),
                        here,
                        there,
                    )
                )
        if (
            activity.frame_start
            and activity.start
            and (activity.start < activity.frame_start or (activity.frame_end and activity.end > activity.frame_end))
        ):
            findings.append(
                Finding(
                    "dates_outside_frame",
                    _("The dates in the plan period lie outside the row's own overall time frame."),
                    Place(activity_label(activity), _span(activity.start, activity.end), _anchor(activity, "a")),
                    here,
                )
            )
    return findings


# --- 2. commitments and targets
def yearly_minimum(obligation) -> int | None:
    """How many events a commitment asks for over the whole plan year (None when it cannot say)."""
    if obligation.is_open or obligation.min_count is None or obligation.subject != ObligationSubject.EVENTS:
        return None
    excluded = set(obligation.excluded_periods or [])
    months = [m for m in range(1, 13) if not _month_excluded(m, excluded)]
    per_year = {
        Period.YEAR: 1,
        Period.ONCE: 1,
        Period.HALF_YEAR: len({(m - 1) // 6 for m in months}),
        Period.QUARTER: len({(m - 1) // 3 for m in months}),
        Period.MONTH: len(months),
    }.get(obligation.period)
    return None if per_year is None else obligation.min_count * per_year


def _month_excluded(month: int, excluded: set[str]) -> bool:
    return (
        f"{month:02d}" in excluded or f"Q{(month - 1) // 3 + 1}" in excluded or f"H{(month - 1) // 6 + 1}" in excluded
    )


def _counts_same_events(obligation, indicator) -> bool:
    rule = indicator.rule or {}
    if indicator.measurement != Measurement.RULE or rule.get("source") != "events":
        return False
    if set(rule.get("kinds") or []) != {k.code for k in obligation.kind_list}:
        return False
    parties = rule.get("parties")
    if parties and obligation.responsible.slug not in parties:
        return False
    return not rule.get("reach") or rule.get("reach") == obligation.reach


def _commitments_against_targets(tree: PlanTree) -> list[Finding]:
    findings = []
    year = tree.plan.year
    for obligation in tree.obligations:
        minimum = yearly_minimum(obligation)
        if minimum is None:
            continue
        for indicator in tree.indicators:
            target = indicator.plan_target
            if indicator.kind != IndicatorKind.CUMULATIVE or target is None:
                continue
            if _counts_same_events(obligation, indicator) and target != minimum:
                findings.append(
                    Finding(
                        "commitment_differs_from_target",
                        _("The text commits to %(minimum)s a year; the indicator's %(year)s target is %(target)s.")
                        % {"minimum": minimum, "year": year, "target": _number(target)},
                        Place(obligation_label(obligation), obligation.quote, _anchor(obligation, "o")),
                        Place(
                            _("%(indicator)s, target %(year)s")
                            % {"indicator": indicator_label(indicator), "year": year},
                            _number(target),
                            _anchor(indicator, "i"),
                        ),
                    )
                )
    return findings


def _commitments_against_each_other(tree: PlanTree) -> list[Finding]:
    findings = []
    obligations = [o for o in tree.obligations if yearly_minimum(o) is not None]
    for index, first in enumerate(obligations):
        for second in obligations[index + 1 :]:
            same = (
                first.responsible_id == second.responsible_id
                and {k.pk for k in first.kind_list} == {k.pk for k in second.kind_list}
                and first.reach == second.reach
                and first.activity.top.pk == second.activity.top.pk
            )
            if same and yearly_minimum(first) != yearly_minimum(second):
                findings.append(
                    Finding(
                        "commitments_differ",
                        _("Two passages ask for different numbers of the same events: %(a)s and %(b)s a year.")
                        % {"a": yearly_minimum(first), "b": yearly_minimum(second)},
                        Place(obligation_label(first), first.quote, _anchor(first, "o")),
                        Place(obligation_label(second), second.quote, _anchor(second, "o")),
                    )
                )
    return findings


def _kind_in_words(words: list[str], kinds: list[EventKind]) -> tuple[int, EventKind | None]:
    for index, word in enumerate(words):
        lowered = word.lower().strip(",.;:()")
        for kind in kinds:
            stem = kind.name_et.lower()
            if " " not in stem and lowered.startswith(stem):
                return index, kind
    return -1, None


def explanation_figures(text: str, kinds: list[EventKind]) -> list[tuple[int, EventKind, str, str]]:
    """Figures an explanation states about events: (number, kind, reach or '', the phrase)."""
    words = text.split()
    figures = []
    for index, word in enumerate(words):
        if not NUMBER.match(word):
            continue
        at, kind = _kind_in_words(words[index + 1 : index + 3], kinds)
        if kind is None:
            continue
        following = words[index + 1 : index + 2 + at]
        lowered = " ".join(following).lower()
        reach = "national" if any(w in lowered for w in NATIONAL_WORDS) else ""
        reach = reach or ("county" if any(w in lowered for w in COUNTY_WORDS) else "")
        phrase = " ".join(words[index : index + 1 + len(following)]).rstrip(",.;")
        figures.append((int(word), kind, reach, phrase))
    return figures


def _explanations_against_targets(tree: PlanTree, kinds: list[EventKind]) -> list[Finding]:
    findings = []
    year = tree.plan.year
    for source in tree.indicators:
        for number, kind, reach, phrase in explanation_figures(source.explanation, kinds):
            for indicator in tree.indicators:
                rule = indicator.rule or {}
                if (
                    indicator.measurement != Measurement.RULE
                    or rule.get("source") != "events"
                    or set(rule.get("kinds") or []) != {kind.code}
                    or (reach and rule.get("reach") not in (None, reach))
                    or indicator.plan_target is None
                    or indicator.plan_target == number
                ):
                    continue
                findings.append(
                    Finding(
                        "explanation_differs_from_target",
                        _("The explanation speaks of %(number)s; the %(year)s target is %(target)s.")
                        % {"number": number, "year": year, "target": _number(indicator.plan_target)},
                        Place(
                            _("%(indicator)s, explanation") % {"indicator": indicator_label(source)},
                            phrase,
                            _anchor(source, "i"),
                        ),
                        Place(
                            _("%(indicator)s, target %(year)s")
                            % {"indicator": indicator_label(indicator), "year": year},
                            _number(indicator.plan_target),
                            _anchor(indicator, "i"),
                        ),
                    )
                )
    return findings


# --- 3. targets beyond the activities' frames
def _targets_beyond_frames(tree: PlanTree) -> list[Finding]:
    findings = []
    for indicator in tree.indicators:
        activities = [indicator.activity] if indicator.activity_id else tree.tops(indicator.section)
        ends = [a.frame_end for a in activities if a.frame_end]
        if not ends:
            continue
        last = max(ends)
        codes = ", ".join(a.code for a in activities)
        frames = "; ".join(f"{a.code}: {_span(a.frame_start, a.frame_end)}" for a in activities)
        for target in indicator.target_list:
            if target.year > last.year:
                findings.append(
                    Finding(
                        "target_beyond_frame",
                        _("A target is set for %(year)s, but the activities it measures end on %(end)s.")
                        % {"year": target.year, "end": _day(last)},
                        Place(
                            _("%(indicator)s, target %(year)s")
                            % {"indicator": indicator_label(indicator), "year": target.year},
                            _number(target.value),
                            _anchor(indicator, "i"),
                        ),
                        Place(_("Overall time frame of %(codes)s") % {"codes": codes}, frames),
                    )
                )
    return findings


# --- 4. units
def _is_participation_unit(unit: str) -> bool:
    return unit.strip().lower().startswith(PARTICIPATION_UNITS)


def _units(tree: PlanTree) -> list[Finding]:
    findings = []
    for indicator in tree.indicators:
        unit = Place(
            _("%(indicator)s, unit") % {"indicator": indicator_label(indicator)},
            indicator.unit,
            _anchor(indicator, "i"),
        )
        participation_unit = _is_participation_unit(indicator.unit)
        if participation_unit and MUNICIPALITY_COUNT.search(indicator.name.strip()):
            findings.append(
                Finding(
                    "unit_differs_from_name",
                    _(
                        "The name counts municipalities, the unit counts participations: a municipality that takes "
                        "part three times is 1 by the name and 3 by the unit."
                    ),
                    Place(
                        _("%(indicator)s, name") % {"indicator": indicator_label(indicator)},
                        indicator.name,
                        _anchor(indicator, "i"),
                    ),
                    unit,
                )
            )
        source = (indicator.rule or {}).get("source") if indicator.measurement == Measurement.RULE else None
        if source is None:
            continue
        if participation_unit and source != "participations":
            message = _("The unit counts participations, but the counting rule counts %(source)s.")
        elif not participation_unit and source == "participations":
            message = _("The counting rule counts participations, but the unit is %(unit)s.")
        else:
            continue
        findings.append(
            Finding(
                "unit_differs_from_rule",
                message % {"source": source, "unit": indicator.unit},
                unit,
                Place(_("%(indicator)s, counting rule") % {"indicator": indicator_label(indicator)}, source),
            )
        )
    return findings


def _missing_targets(tree: PlanTree) -> list[Finding]:
    return [
        Finding(
            "missing_target",
            _("The indicator has no target for the plan year %(year)s.") % {"year": tree.plan.year},
            Place(indicator_label(indicator), indicator.unit, _anchor(indicator, "i")),
        )
        for indicator in tree.indicators
        if indicator.plan_target is None
    ]


__all__ = ["Finding", "Place", "plan_findings", "yearly_minimum"]
