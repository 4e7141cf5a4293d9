"""From the database to the canonical plan document, and from a document to YAML or JSON text.

The document has exactly the shape `parse_plan` produces, so export → import → export gives the
same document (tests/plans/test_planfile.py). Empty optional fields are left out of the text.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import yaml
from django.db.models import Prefetch

from ..models import Activity, Deliverable, Indicator, Obligation, Plan, Section
from ..rules import normalise_rule
from .outputs import PLANNED_KEYS
from .parse import FORMAT_VERSION

# Keys written even when empty, because the format requires them.
REQUIRED_KEYS = frozenset({"title", "number", "code", "key", "name", "unit", "quote", "targets", "sections"})


def plan_document(plan: Plan) -> dict:
    """The canonical document of a saved plan (six queries whatever its size)."""
    activities = list(
        Activity.objects.filter(plan=plan).prefetch_related(Prefetch("responsible_parties")).order_by("position")
    )
    indicators = list(Indicator.objects.filter(plan=plan).prefetch_related("targets").order_by("position"))
    obligations = list(
        Obligation.objects.filter(plan=plan)
        .select_related("activity", "responsible")
        .prefetch_related("event_kinds")
        .order_by("activity__position", "key")
    )
    deliverables = list(
        Deliverable.objects.filter(plan=plan).select_related("activity", "owner", "obligation").order_by("position")
    )
    children: dict[int | None, list[Activity]] = {}
    for activity in activities:
        children.setdefault(activity.parent_id, []).append(activity)
    indicators_of: dict[int | None, list[Indicator]] = {}
    for indicator in indicators:
        indicators_of.setdefault(indicator.activity_id, []).append(indicator)
    top_of = {a.pk: a for a in activities if a.level == 0}
    for activity in activities:
        if activity.level:
            top_of[activity.pk] = top_of[activity.parent_id]
    obligations_of: dict[int, list[Obligation]] = {}
    for obligation in obligations:
        obligations_of.setdefault(top_of[obligation.activity_id].pk, []).append(obligation)
    deliverables_of: dict[int, list[Deliverable]] = {}
    for deliverable in deliverables:
        deliverables_of.setdefault(top_of[deliverable.activity_id].pk, []).append(deliverable)

    def node(activity: Activity) -> dict:
        return {
            "title": activity.title,
            "frame": _span(activity.frame_start, activity.frame_end),
            "dates": _span(activity.start, activity.end),
            "responsible": activity.responsible_text,
            "responsible_parties": sorted(p.slug for p in activity.responsible_parties.all()),
            "narrative": activity.narrative,
            "target_group": activity.target_group,
            "planned": [planned_document(item) for item in activity.planned or []],
            "rows": [row(child) for child in children.get(activity.pk, [])],
        }

    def row(activity: Activity) -> dict:
        return {"number": activity.row_number, **node(activity)}

    sections = []
    for section in Section.values:
        tops = [a for a in children.get(None, []) if a.section == section]
        section_indicators = [i for i in indicators_of.get(None, []) if i.section == section]
        if not tops and not section_indicators:
            continue
        sections.append(
            {
                "section": section,
                "activities": [
                    {
                        "code": top.code,
                        "heading_title": top.heading_title,
                        "title": top.title,
                        "schedule_table": top.schedule_table,
                        **node(top),
                        "indicators": [indicator_document(i) for i in indicators_of.get(top.pk, [])],
                        "obligations": [obligation_document(o) for o in obligations_of.get(top.pk, [])],
                        "deliverables": [deliverable_document(d) for d in deliverables_of.get(top.pk, [])],
                    }
                    for top in tops
                ],
                "indicators": [indicator_document(i) for i in section_indicators],
            }
        )
    return {
        "format": FORMAT_VERSION,
        "year": plan.year,
        "title": plan.title,
        "owner": plan.party.slug,
        "status": plan.status,
        "period": _span(plan.period_start, plan.period_end),
        "frame_end": plan.frame_end,
        "source": plan.source,
        "copied_from": plan.copied_from.year if plan.copied_from_id else None,
        "sections": sections,
    }


def indicator_document(indicator: Indicator) -> dict:
    return {
        "key": indicator.key,
        "table": indicator.table,
        "name": indicator.name,
        "unit": indicator.unit,
        "kind": indicator.kind,
        "targets": {t.year: t.value for t in sorted(indicator.targets.all(), key=lambda t: t.year)},
        "explanation": indicator.explanation,
        "measurement": indicator.measurement,
        "rule": normalise_rule(indicator.rule) if indicator.rule else None,
        "measurement_note": indicator.measurement_note,
    }


def obligation_document(obligation: Obligation) -> dict:
    return {
        "key": obligation.key,
        "title": obligation.title,
        "row": obligation.activity.row_key,
        "responsible": obligation.responsible.slug,
        "subject": obligation.subject,
        "event_kinds": sorted(k.code for k in obligation.event_kinds.all()),
        "reach": obligation.reach,
        "period": obligation.period,
        "due": obligation.due_date,
        "min": obligation.min_count,
        "max": obligation.max_count,
        "excluded": list(obligation.excluded_periods or []),
        "open": obligation.is_open,
        "pauses": [
            {"start": dt.date.fromisoformat(p["start"]), "end": dt.date.fromisoformat(p["end"])}
            for p in (obligation.rule or {}).get("pauses", [])
        ],
        "distinct": (obligation.rule or {}).get("distinct", ""),
        "quote": obligation.quote,
        "note": obligation.note,
    }


def planned_document(item: dict) -> dict:
    """A planned quantity as parsed; `unit` (a required word elsewhere, the indicators' unit) is left
    out when the quantity is counted from events."""
    defaults = {"max": None, "kinds": [], "outputs": [], "reach": "", "unit": "", "quote": "", "note": ""}
    # in the file's order: PostgreSQL's jsonb keeps no key order
    document = {key: item.get(key, defaults.get(key)) for key in PLANNED_KEYS}
    if not document["unit"]:
        del document["unit"]
    if not document["outputs"]:  # counted from communication records (issue 15) only when given
        del document["outputs"]
    if document["count"] is None:  # such a quantity may have no planned number
        del document["count"]
    return document


def deliverable_document(deliverable: Deliverable) -> dict:
    return {
        "key": deliverable.key,
        "title": deliverable.title,
        "row": deliverable.activity.row_key,
        "owner": deliverable.owner.slug,
        "due": deliverable.due_date,
        "commitment": deliverable.obligation.key if deliverable.obligation_id else "",
        "quote": deliverable.quote,
        "note": deliverable.note,
    }


def _span(start, end) -> dict | None:
    return {"start": start, "end": end} if start or end else None


# --- text
def _empty(value) -> bool:
    # identity and type checks: 0 and Decimal("0") are values (a target of 0), not empty fields
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


def _compact(value):
    """The document without empty optional fields, in a form YAML and JSON can write."""
    if isinstance(value, dict):
        return {key: _compact(item) for key, item in value.items() if key in REQUIRED_KEYS or not _empty(item)}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    if isinstance(value, str):
        return str(value)  # choices enums (PlanStatus.APPROVED) as their plain value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line text as literal blocks, no key sorting, no line wrapping, no aliases
    (a date shared by two fields is written twice, as a person would)."""

    def ignore_aliases(self, data) -> bool:
        return True


def _represent_str(dumper, data: str):
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


def _represent_list(dumper, data: list):
    # short lists of codes ([elvl, tartu]) on one line; anything longer as a block
    flow = all(isinstance(item, str) and "\n" not in item for item in data) and sum(map(len, data)) < 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dump_yaml(document: dict) -> str:
    return yaml.dump(_compact(document), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


def dump_json(document: dict) -> str:
    def default(value):
        if isinstance(value, dt.date):
            return value.isoformat()
        raise TypeError(f"cannot write {type(value).__name__}")

    compact = _compact(document)
    return json.dumps(compact, ensure_ascii=False, indent=2, default=default) + "\n"
