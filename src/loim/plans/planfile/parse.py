"""The plan file schema (docs/plan-format.md): from text to the canonical plan document, with every
error found in one pass.

The canonical document is plain data (dicts, lists, dates, Decimals) in the shape of the file, with
every optional field present (empty when absent). The exporter produces the same shape from the
database, so `parse(export(plan)) == export(plan)` is the round-trip property the tests check.
Elements that the importer writes (activities, rows, indicators, obligations) are `Entry` dicts that
also remember their line, so a database-level problem can still be reported by file and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import (
    Activity,
    Indicator,
    IndicatorKind,
    Measurement,
    Obligation,
    ObligationSubject,
    Period,
    Plan,
    PlanStatus,
    Reach,
    Section,
)
from ..rules import normalise_rule, validate_rule
from ..validation import (
    DISTINCT_CHOICES,
    normalise_row_number,
    obligation_problems,
    obligation_rule_problems,
    row_number_problems,
)
from .outputs import OutputsParser
from .reader import Fields, PlanFileInvalid, Reader, line_of

FORMAT_VERSION = 1
PLAN_KEYS = ("format", "year", "title", "owner", "status", "period", "frame_end", "source", "copied_from", "sections")
SECTION_KEYS = ("section", "activities", "indicators")
SPAN_KEYS = ("start", "end")
NODE_KEYS = (
    "title",
    "frame",
    "dates",
    "responsible",
    "responsible_parties",
    "narrative",
    "target_group",
    "planned",
    "rows",
)
ACTIVITY_KEYS = ("code", "heading_title", *NODE_KEYS, "schedule_table", "indicators", "obligations", "deliverables")
ROW_KEYS = ("number", *NODE_KEYS)
INDICATOR_KEYS = (
    "key",
    "table",
    "name",
    "unit",
    "kind",
    "targets",
    "explanation",
    "measurement",
    "rule",
    "measurement_note",
)
OBLIGATION_KEYS = (
    "key",
    "title",
    "row",
    "responsible",
    "subject",
    "event_kinds",
    "reach",
    "period",
    "due",
    "min",
    "max",
    "excluded",
    "open",
    "pauses",
    "distinct",
    "quote",
    "note",
)


class Entry(dict):
    """A dict of the canonical document that remembers where it was written (line, element name)."""

    line: int = 0
    where: str = ""
    lines: dict[str, int]

    def located(self, fields: Fields) -> Entry:
        self.line = fields.line
        self.where = fields.where
        self.lines = {key: fields.line_of(key) for key in fields.fields}
        return self

    def line_for(self, key: str) -> int:
        return getattr(self, "lines", {}).get(key, self.line)


@dataclass
class Context:
    """What the file may refer to, read from the database before parsing."""

    parties: Collection[str]
    event_kinds: Collection[str]


@dataclass
class _State:
    codes: set[str] = field(default_factory=set)
    indicator_keys: set[str] = field(default_factory=set)
    obligation_keys: set[str] = field(default_factory=set)
    once_keys: set[str] = field(default_factory=set)  # one-off commitments, which a deliverable may name
    deliverable_keys: set[str] = field(default_factory=set)
    pending_commitments: list = field(default_factory=list)  # (fields, key) of deliverables, checked at the end
    pending_rules: list = field(default_factory=list)  # (fields, rule node, kind) checked once codes are known


def max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def parse_plan(text: str, *, filename: str, context: Context) -> dict:
    """The canonical plan document, or PlanFileInvalid with every error (file, line, field)."""
    reader = Reader(filename)
    root = reader.compose(text)
    if root is None:
        raise PlanFileInvalid(reader.errors)
    document = _PlanParser(reader, context).plan(root)
    if reader.errors:
        raise PlanFileInvalid(reader.errors)
    return document


class _PlanParser(OutputsParser):
    def __init__(self, reader: Reader, context: Context):
        self.reader = reader
        self.context = context
        self.state = _State()
        self.period: tuple[dt.date, dt.date] | None = None
        self.year: int | None = None
        self.frame_end: dt.date | None = None

    # --- the plan
    def plan(self, root) -> dict:
        f = self.reader.mapping(root, "", "", PLAN_KEYS)
        if f is None:
            return {}
        version = f.integer("format", required=True)
        if version is not None and version != FORMAT_VERSION:
            f.error("format", _("This Lõim reads plan format %d.") % FORMAT_VERSION)
        self.year = f.integer("year", required=True, minimum=2000, maximum=2100)
        period = self.span(f, "period", required=True)
        if period and period["start"] and period["end"]:
            self.period = (period["start"], period["end"])
            if self.year and period["start"].year != self.year:
                f.error(
                    "period",
                    _("The period of the %(year)s plan starts in %(start)s.")
                    % {"year": self.year, "start": period["start"].year},
                )
        self.frame_end = f.date("frame_end", required=True)
        if self.frame_end and self.period and self.frame_end < self.period[1]:
            f.error("frame_end", _("The programme frame ends before the plan period does."))
        owner = f.slug("owner", required=True)
        self.check_parties(f, "owner", [(owner, f.node_of("owner"))] if owner else [])
        document = {
            "format": FORMAT_VERSION,
            "year": self.year,
            "title": f.text("title", required=True, max_length=max_length(Plan, "title")),
            "owner": owner,
            "status": f.choice("status", PlanStatus.values, default=PlanStatus.APPROVED.value),
            "period": period,
            "frame_end": self.frame_end,
            "source": f.text("source", max_length=max_length(Plan, "source")),
            "copied_from": f.integer("copied_from", minimum=2000, maximum=2100),
            "sections": [],
        }
        seen_sections: set[str] = set()
        for node in self.reader.sequence(f.node_of("sections"), "", "sections"):
            section = self.section(node, seen_sections)
            if section:
                document["sections"].append(section)
        if not f.has("sections"):
            f.missing("sections")
        for fields, rule_node, kind in self.state.pending_rules:
            self.check_rule(fields, rule_node, kind)
        self.check_commitments(self.state.once_keys, self.state.obligation_keys)
        return document

    def section(self, node, seen: set[str]) -> dict | None:
        f = self.reader.mapping(node, "", "sections[]", SECTION_KEYS, ("section", "section {}".format))
        if f is None:
            return None
        name = f.choice("section", Section.values, required=True)
        if name in seen:
            f.error("section", _("Section %s is given twice.") % name)
        seen.add(name)
        f.where, f.prefix = (f"section {name}" if name else ""), ""
        section = {"section": name, "activities": [], "indicators": []}
        for activity_node in self.reader.sequence(f.node_of("activities"), f.where, "activities"):
            activity = self.activity(activity_node, name)
            if activity is not None:
                section["activities"].append(activity)
        for indicator_node in self.reader.sequence(f.node_of("indicators"), f.where, "indicators"):
            indicator = self.indicator(indicator_node)
            if indicator is not None:
                section["indicators"].append(indicator)
        return section

    # --- activities and rows
    def activity(self, node, section: str) -> Entry | None:
        f = self.reader.mapping(node, "", "activities[]", ACTIVITY_KEYS, ("code", "activity {}".format))
        if f is None:
            return None
        code = f.text("code", required=True, max_length=max_length(Activity, "measure_code"))
        f.where, f.prefix = (f"activity {code}" if code else f"activity at line {f.line}"), ""
        self.claim_code(f, "code", code)
        entry = Entry(code=code, heading_title=f.text("heading_title"))
        node_fields = self.node_fields(f)
        entry["title"] = node_fields.pop("title")
        entry["schedule_table"] = f.integer("schedule_table", minimum=1, maximum=999)
        entry.update(node_fields)
        entry["rows"] = self.rows(f, code, "")
        entry["indicators"] = [
            i for n in self.reader.sequence(f.node_of("indicators"), f.where, "indicators") if (i := self.indicator(n))
        ]
        obligations = [
            o
            for n in self.reader.sequence(f.node_of("obligations"), f.where, "obligations")
            if (o := self.obligation(n, code, entry))
        ]
        # Commitments are kept in the order Lõim shows them: by the row they belong to, then by key.
        order = {"": 0} | {key: i for i, (key, _row) in enumerate(_row_keys(entry["rows"]), start=1)}
        entry["obligations"] = sorted(obligations, key=lambda o: (order.get(o["row"], 0), o["key"]))
        entry["deliverables"] = self.deliverables(f, code, entry["rows"])
        return entry.located(f)

    def rows(self, f: Fields, code: str, parent_key: str) -> list[Entry]:
        rows = []
        for node in self.reader.sequence(f.node_of("rows"), f.where, "rows"):
            row = self.row(node, code, parent_key)
            if row is not None:
                rows.append(row)
        return rows

    def row(self, node, code: str, parent_key: str) -> Entry | None:
        f = self.reader.mapping(
            node, f"activity {code}", "rows[]", ROW_KEYS, ("number", lambda n: f"row {code}/{normalise_row_number(n)}")
        )
        if f is None:
            return None
        number = f.text("number", required=True, max_length=max_length(Activity, "row_number"))
        key = normalise_row_number(number)
        f.where, f.prefix = (f"row {code}/{key}" if number else f"row at line {f.line}"), ""
        for problem in row_number_problems(number, parent_key) if number else []:
            f.error("number", problem)
        if number:
            self.claim_code(f, "number", f"{code}/{key}")
        entry = Entry(number=number)
        entry.update(self.node_fields(f))
        entry["rows"] = self.rows(f, code, key)
        return entry.located(f)

    def node_fields(self, f: Fields) -> dict:
        responsible_parties = f.texts("responsible_parties")
        self.check_parties(f, "responsible_parties", responsible_parties)
        values = {
            "title": f.text("title", required=True),
            "frame": self.span(f, "frame"),
            "dates": self.span(f, "dates", within_period=True),
            "responsible": f.text("responsible", max_length=max_length(Activity, "responsible_text")),
            "responsible_parties": sorted(slug for slug, _node in responsible_parties),
            "narrative": f.text("narrative"),
            "target_group": f.text("target_group"),
            "planned": self.planned(f),
        }
        # A row whose dates or frame disagree with its parent's is what the plan says: the consistency
        # check reports it (docs/plan-format.md), the import keeps it.
        return values

    def span(self, f: Fields, key: str, *, required: bool = False, within_period: bool = False) -> dict | None:
        node = f.node_of(key)
        if node is None or not f.has(key):
            if required:
                f.missing(key)
            return None
        sub = self.reader.mapping(node, f.where, f.name(key), SPAN_KEYS)
        if sub is None:
            return None
        start, end = sub.date("start", required=True), sub.date("end", required=True)
        if start and end and end < start:
            sub.error("end", _("The end %(end)s is before the start %(start)s.") % {"end": end, "start": start})
        if within_period and self.period and start and end and (start < self.period[0] or end > self.period[1]):
            sub.error(
                "start" if start < self.period[0] else "end",
                _("%(start)s–%(end)s lies outside the plan period %(pstart)s–%(pend)s.")
                % {"start": start, "end": end, "pstart": self.period[0], "pend": self.period[1]},
            )
        return {"start": start, "end": end}

    # --- indicators and targets
    def indicator(self, node) -> Entry | None:
        f = self.reader.mapping(node, "", "indicators[]", INDICATOR_KEYS, ("key", "indicator {}".format))
        if f is None:
            return None
        key = f.slug("key", required=True, max_length=max_length(Indicator, "key"))
        f.where, f.prefix = (f"indicator {key}" if key else f"indicator at line {f.line}"), ""
        if key in self.state.indicator_keys:
            f.error("key", _("Indicator key %s is used twice in the plan.") % key)
        self.state.indicator_keys.add(key)
        kind = f.choice("kind", IndicatorKind.values, required=True)
        measurement = f.choice("measurement", Measurement.values, required=True)
        entry = Entry(
            key=key,
            table=f.integer("table", minimum=1, maximum=999),
            name=f.text("name", required=True, max_length=max_length(Indicator, "name")),
            unit=f.text("unit", required=True, max_length=max_length(Indicator, "unit")),
            kind=kind,
            targets=self.targets(f),
            explanation=f.text("explanation"),
            measurement=measurement,
            rule=None,
            measurement_note=f.text("measurement_note"),
        )
        rule_node = f.node_of("rule")
        if measurement == Measurement.RULE:
            if not f.has("rule"):
                f.error("rule", _("An indicator counted by a rule needs its rule (or measurement: manual)."))
            else:
                rule = self.plain(rule_node)
                entry["rule"] = normalise_rule(rule) if isinstance(rule, dict) else rule
                self.state.pending_rules.append((f, rule_node, kind))
        elif measurement == Measurement.MANUAL and f.has("rule"):
            f.error("rule", _("A manual indicator has no counting rule; remove it or use measurement: rule."))
        return entry.located(f)

    def targets(self, f: Fields) -> dict:
        node = f.node_of("targets")
        if node is None or not f.has("targets"):
            f.missing("targets")
            return {}
        sub = self.reader.mapping(node, f.where, "targets", None)
        if sub is None:
            return {}
        targets = {}
        for key, (key_node, value_node) in sub.fields.items():
            year = sub.int_value(key_node, key, 2000, 2100)
            if year is None:
                continue
            if self.year and self.frame_end and not self.year <= year <= self.frame_end.year:
                sub.error(
                    key,
                    _("A target year lies between the plan year and the end of the frame (%(a)s–%(b)s).")
                    % {"a": self.year, "b": self.frame_end.year},
                    key_node,
                )
            value = sub.number(value_node, key)
            if value is not None:
                targets[year] = value
        return dict(sorted(targets.items()))

    def check_rule(self, f: Fields, node, kind: str) -> None:
        rule = self.plain(node)
        problems = validate_rule(
            rule,
            indicator_kind=kind or None,
            known_kinds=self.context.event_kinds,
            known_parties=self.context.parties,
            activity_codes=self.state.codes,
        )
        rule_fields = self.reader.mapping(node, f.where, "rule", None) if isinstance(rule, dict) else None
        for field_name, message in problems:
            line_node = rule_fields.node_of(field_name) if rule_fields else None
            self.reader.error(line_node or node, f.where, f"rule.{field_name}", message)

    def plain(self, node):
        """A small nested value (a counting rule) as plain Python, text kept as written."""
        if node is None:
            return None
        if hasattr(node, "value") and isinstance(node.value, list):
            if node.tag.endswith(":map"):
                return {k.value: self.plain(v) for k, v in node.value}
            return [self.plain(v) for v in node.value]
        if getattr(node, "tag", "") == "tag:yaml.org,2002:int":
            try:
                return int(node.value)
            except ValueError:
                return node.value
        if getattr(node, "tag", "") == "tag:yaml.org,2002:float":
            try:
                return float(node.value)
            except ValueError:
                return node.value
        return node.value

    # --- obligations
    def obligation(self, node, code: str, activity: dict) -> Entry | None:
        f = self.reader.mapping(
            node, f"activity {code}", "obligations[]", OBLIGATION_KEYS, ("key", "commitment {}".format)
        )
        if f is None:
            return None
        key = f.slug("key", required=True, max_length=max_length(Obligation, "key"))
        f.where, f.prefix = (f"commitment {key}" if key else f"commitment at line {f.line}"), ""
        if key in self.state.obligation_keys:
            f.error("key", _("Commitment key %s is used twice in the plan.") % key)
        self.state.obligation_keys.add(key)
        row = normalise_row_number(f.text("row"))
        if row and f"{code}/{row}" not in self.state.codes:
            f.error("row", _("Activity %(code)s has no row %(row)s.") % {"code": code, "row": row})
        responsible = f.slug("responsible", required=True)
        self.check_parties(f, "responsible", [(responsible, f.node_of("responsible"))] if responsible else [])
        kinds = f.texts("event_kinds")
        unknown = [(k, n) for k, n in kinds if k not in self.context.event_kinds]
        for kind, kind_node in unknown:
            f.error("event_kinds", _("Unknown event kind: %s.") % kind, kind_node)
        subject = f.choice("subject", ObligationSubject.values, default=ObligationSubject.EVENTS.value)
        period = f.choice("period", Period.values, required=True)
        excluded = f.texts("excluded")
        is_open = f.boolean("open")
        entry = Entry(
            key=key,
            title=f.text("title", required=True, max_length=max_length(Obligation, "title")),
            row=row,
            responsible=responsible,
            subject=subject,
            event_kinds=sorted(k for k, _n in kinds),
            reach=f.choice("reach", Reach.values),
            period=period,
            due=f.date("due"),
            min=f.integer("min", minimum=0),
            max=f.integer("max", minimum=0),
            excluded=[token for token, _n in excluded],
            open=is_open,
            pauses=self.pauses(f),
            distinct=f.choice("distinct", DISTINCT_CHOICES),
            quote=f.text("quote", required=True),
            note=f.text("note"),
        )
        self.check_obligation(f, entry, dict(excluded))
        if period == Period.ONCE and key:
            self.state.once_keys.add(key)
        for field_name, message in obligation_rule_problems(
            period=entry["period"],
            pauses=[(p["start"], p["end"]) for p in entry["pauses"]],
            distinct=entry["distinct"],
            plan_period=self.period,
        ):
            f.error(field_name, message)
        return entry.located(f)

    def pauses(self, f: Fields) -> list[dict]:
        """`pauses`: a list of spans {start, end} in which a yearly commitment rests (Rakvere's summer)."""
        found = []
        for node in self.reader.sequence(f.node_of("pauses"), f.where, "pauses"):
            sub = self.reader.mapping(node, f.where, "pauses[]", SPAN_KEYS)
            if sub is None:
                continue
            start, end = sub.date("start", required=True), sub.date("end", required=True)
            if start and end:
                found.append({"start": start, "end": end})
        return sorted(found, key=lambda p: p["start"])

    def check_obligation(self, f: Fields, entry: Entry, excluded_nodes: dict) -> None:
        problems = obligation_problems(
            subject=entry["subject"],
            period=entry["period"],
            event_kinds=entry["event_kinds"],
            reach=entry["reach"],
            due=entry["due"],
            minimum=entry["min"],
            maximum=entry["max"],
            excluded=entry["excluded"],
            is_open=entry["open"],
            plan_period=self.period,
        )
        for field_name, message in problems:
            token = next((t for t in excluded_nodes if repr(t) in message), None) if field_name == "excluded" else None
            f.error(field_name, message, excluded_nodes.get(token))

    # --- references
    def claim_code(self, f: Fields, key: str, code: str) -> None:
        if not code:
            return
        if len(code) > max_length(Activity, "code"):
            f.error(key, _("The code %s is too long.") % code)
        if code in self.state.codes:
            f.error(key, _("%s appears twice in the plan.") % code)
        self.state.codes.add(code)

    def check_parties(self, f: Fields, key: str, slugs) -> None:
        for slug, node in slugs:
            if slug not in self.context.parties:
                f.error(
                    key,
                    _("Unknown party %(slug)r; known: %(known)s.")
                    % {"slug": slug, "known": ", ".join(sorted(self.context.parties))},
                    node,
                )


def _row_keys(rows, parent=None):
    for row in rows:
        yield normalise_row_number(row["number"]), row
        yield from _row_keys(row["rows"], row)


def iter_nodes(document: dict):
    """Every activity and row of the document in document order: (entry, section, top code, parent)."""
    for section in document.get("sections", []):
        for activity in section["activities"]:
            yield activity, section["section"], activity["code"], None
            yield from _iter_rows(activity["rows"], section["section"], activity["code"], activity)


def _iter_rows(rows, section, code, parent):
    for row in rows:
        yield row, section, code, parent
        yield from _iter_rows(row["rows"], section, code, row)


def iter_indicators(document: dict):
    """Every indicator with the code of its activity ('' for a section's own indicators)."""
    for section in document.get("sections", []):
        for activity in section["activities"]:
            for indicator in activity["indicators"]:
                yield indicator, section["section"], activity["code"]
        for indicator in section["indicators"]:
            yield indicator, section["section"], ""


def iter_deliverables(document: dict):
    for section in document.get("sections", []):
        for activity in section["activities"]:
            for deliverable in activity.get("deliverables", []):
                yield deliverable, activity["code"]


def iter_obligations(document: dict):
    for section in document.get("sections", []):
        for activity in section["activities"]:
            for obligation in activity["obligations"]:
                yield obligation, activity["code"]


__all__ = ["Context", "Entry", "line_of", "parse_plan"]
