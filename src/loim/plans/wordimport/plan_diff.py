"""What changed between two years' plans, for the implementing agency to read.

Both plans are canonical plan documents (`plan_document(plan)`, or a parsed file). They are linked
by what stays stable across years: activities by code, rows by their normalised number under that
code, indicators by key, commitments by key (or, when a key changed, by activity, row, period and
event kinds). Dates are compared as days of the year, so a row that runs 01.01–31.12 in both
years is unchanged, and one that moved from April to May is re-dated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..validation import normalise_row_number

RULE_FIELDS = (
    "period",
    "min",
    "max",
    "excluded",
    "pauses",
    "open",
    "event_kinds",
    "reach",
    "distinct",
    "responsible",
    "subject",
    "due",
    "row",
)


@dataclass
class Change:
    kind: str  # row_added, row_removed, row_redated, row_retitled, responsible_changed, target_changed, …
    element: str  # "3.5.2.1/2.1", "info-days", "tartu-clubs-weekly"
    title: str
    before: str = ""
    after: str = ""

    @property
    def label(self) -> str:
        return CHANGE_LABELS().get(self.kind, self.kind)


def CHANGE_LABELS() -> dict[str, str]:
    return {
        "activity_added": _("activity added"),
        "activity_removed": _("activity removed"),
        "row_added": _("row added"),
        "row_removed": _("row removed"),
        "row_redated": _("re-dated"),
        "frame_changed": _("overall time frame changed"),
        "row_retitled": _("wording changed"),
        "responsible_changed": _("responsible party changed"),
        "indicator_added": _("indicator added"),
        "indicator_removed": _("indicator removed"),
        "target_changed": _("target changed"),
        "unit_changed": _("unit changed"),
        "commitment_added": _("commitment added"),
        "commitment_removed": _("commitment removed"),
        "commitment_changed": _("commitment changed"),
    }


@dataclass
class PlanDiff:
    old_year: int
    new_year: int
    changes: list[Change] = field(default_factory=list)

    def of(self, *kinds: str) -> list[Change]:
        return [c for c in self.changes if c.kind in kinds]

    @property
    def groups(self) -> list[tuple[str, list[Change]]]:
        """The changes under the headings the page shows."""
        return [
            (_("Activities and rows"), self.of("activity_added", "activity_removed", "row_added", "row_removed")),
            (_("Dates"), self.of("row_redated", "frame_changed")),
            (_("Wording and responsible parties"), self.of("row_retitled", "responsible_changed")),
            (
                _("Indicators and targets"),
                self.of("indicator_added", "indicator_removed", "target_changed", "unit_changed"),
            ),
            (_("Commitments"), self.of("commitment_added", "commitment_removed", "commitment_changed")),
        ]


def _nodes(document: dict) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for section in document.get("sections", []):
        for activity in section["activities"]:
            found[activity["code"]] = activity

            def walk(rows, code=activity["code"]):
                for row in rows:
                    found[f"{code}/{normalise_row_number(row['number'])}"] = row
                    walk(row["rows"])

            walk(activity["rows"])
    return found


def _indicators(document: dict) -> dict[str, dict]:
    found = {}
    for section in document.get("sections", []):
        for activity in section["activities"]:
            for indicator in activity["indicators"]:
                found[indicator["key"]] = indicator
        for indicator in section["indicators"]:
            found[indicator["key"]] = indicator
    return found


def _obligations(document: dict) -> dict[str, tuple[str, dict]]:
    found = {}
    for section in document.get("sections", []):
        for activity in section["activities"]:
            for obligation in activity["obligations"]:
                found[obligation["key"]] = (activity["code"], obligation)
    return found


def _day(value) -> tuple[int, int] | None:
    return (value.month, value.day) if isinstance(value, dt.date) else None


def _shifted(old: dict | None, new: dict | None, years: int) -> bool:
    """Whether a span differs other than by the years between the plans."""
    if not old or not new:
        return bool(old) != bool(new)
    for key in ("start", "end"):
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            if a != b:
                return True
            continue
        if _day(a) != _day(b) or b.year - a.year != years:
            return True
    return False


def _span_text(span: dict | None) -> str:
    if not span:
        return "—"
    return f"{date_format(span['start'], 'd.m.Y')}–{date_format(span['end'], 'd.m.Y')}"


def _rule_text(obligation: dict) -> str:
    from .summary import rule_text

    return rule_text(obligation)


def _comparable(obligation: dict, years: int) -> dict:
    values = {name: obligation.get(name) for name in RULE_FIELDS}
    values["pauses"] = [
        (_day(p["start"]), _day(p["end"])) for p in (obligation.get("pauses") or [])
    ]  # the same months in the next year are the same pause
    values["due"] = _day(obligation.get("due"))
    values["event_kinds"] = sorted(obligation.get("event_kinds") or [])
    values["excluded"] = sorted(obligation.get("excluded") or [])
    return values


def plan_diff(old: dict, new: dict) -> PlanDiff:
    years = (new.get("year") or 0) - (old.get("year") or 0)
    diff = PlanDiff(int(old.get("year") or 0), int(new.get("year") or 0))
    changes = diff.changes
    old_nodes, new_nodes = _nodes(old), _nodes(new)
    for element, node in new_nodes.items():
        before = old_nodes.get(element)
        is_activity = "/" not in element
        if before is None:
            changes.append(Change("activity_added" if is_activity else "row_added", element, node["title"]))
            continue
        if before["title"] != node["title"]:
            changes.append(Change("row_retitled", element, node["title"], before["title"], node["title"]))
        if _shifted(before.get("dates"), node.get("dates"), years):
            changes.append(
                Change(
                    "row_redated",
                    element,
                    node["title"],
                    _span_text(before.get("dates")),
                    _span_text(node.get("dates")),
                )
            )
        if before.get("frame") != node.get("frame"):
            changes.append(
                Change(
                    "frame_changed",
                    element,
                    node["title"],
                    _span_text(before.get("frame")),
                    _span_text(node.get("frame")),
                )
            )
        if sorted(before.get("responsible_parties") or []) != sorted(node.get("responsible_parties") or []):
            changes.append(
                Change(
                    "responsible_changed",
                    element,
                    node["title"],
                    ", ".join(before.get("responsible_parties") or []) or "—",
                    ", ".join(node.get("responsible_parties") or []) or "—",
                )
            )
    for element, node in old_nodes.items():
        if element not in new_nodes:
            changes.append(Change("activity_removed" if "/" not in element else "row_removed", element, node["title"]))

    old_indicators, new_indicators = _indicators(old), _indicators(new)
    for key, indicator in new_indicators.items():
        before = old_indicators.get(key)
        if before is None:
            changes.append(Change("indicator_added", key, indicator["name"]))
            continue
        if before["unit"] != indicator["unit"]:
            changes.append(Change("unit_changed", key, indicator["name"], before["unit"], indicator["unit"]))
        years_seen = sorted(set(before["targets"]) | set(indicator["targets"]))
        for year in years_seen:
            a, b = before["targets"].get(year), indicator["targets"].get(year)
            if year == old.get("year") or year == new.get("year"):
                continue  # each plan's own year: compared below, plan year with plan year
            if a != b:
                changes.append(Change("target_changed", key, f"{indicator['name']} ({year})", _num(a), _num(b)))
        a, b = before["targets"].get(old.get("year")), indicator["targets"].get(new.get("year"))
        if a != b:
            label = f"{indicator['name']} ({old.get('year')} → {new.get('year')})"
            changes.append(Change("target_changed", key, label, _num(a), _num(b)))
    for key, indicator in old_indicators.items():
        if key not in new_indicators:
            changes.append(Change("indicator_removed", key, indicator["name"]))

    old_obligations, new_obligations = _obligations(old), _obligations(new)
    by_signature = {
        (code, o.get("row"), o["period"], tuple(sorted(o.get("event_kinds") or []))): key
        for key, (code, o) in old_obligations.items()
    }
    matched: set[str] = set()
    for key, (code, obligation) in new_obligations.items():
        old_key = key if key in old_obligations else None
        if old_key is None:
            signature = (
                code,
                obligation.get("row"),
                obligation["period"],
                tuple(sorted(obligation.get("event_kinds") or [])),
            )
            candidate = by_signature.get(signature)
            old_key = candidate if candidate and candidate not in new_obligations and candidate not in matched else None
        if old_key is None:
            changes.append(Change("commitment_added", key, obligation["title"], "", _rule_text(obligation)))
            continue
        matched.add(old_key)
        before = old_obligations[old_key][1]
        if _comparable(before, years) != _comparable(obligation, years):
            changes.append(
                Change("commitment_changed", key, obligation["title"], _rule_text(before), _rule_text(obligation))
            )
    for key, (_code, obligation) in old_obligations.items():
        if key not in new_obligations and key not in matched:
            changes.append(Change("commitment_removed", key, obligation["title"], _rule_text(obligation), ""))
    return diff


def _num(value) -> str:
    if value is None:
        return "—"
    text = format(value, "f") if hasattr(value, "as_tuple") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text
