"""The preview of a plan read from its document, as lines of text (the `loim import-plan` command)
and as rows for the preview page."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..validation import normalise_row_number
from .preview import Preview


def _span(span) -> str:
    if not span:
        return "—"
    return f"{date_format(span['start'], 'd.m.Y')}–{date_format(span['end'], 'd.m.Y')}"


@dataclass
class NodeRow:
    code: str
    number: str
    depth: int
    title: str
    frame: str
    dates: str
    responsible: str
    parties: str

    @property
    def element(self) -> str:
        """The plan file's element: "activity 3.5.2.1", "row 3.5.2.1/2.1"."""
        if not self.number:
            return f"activity {self.code}"
        return f"row {self.code}/{normalise_row_number(self.number)}"

    @property
    def anchor(self) -> str:
        from .corrections import anchor

        return anchor(self.element)


def node_rows(activity: dict) -> list[NodeRow]:
    rows = [
        NodeRow(
            activity["code"],
            "",
            0,
            activity["title"],
            _span(activity["frame"]),
            _span(activity["dates"]),
            activity["responsible"],
            ", ".join(activity["responsible_parties"]),
        )
    ]

    def walk(nodes, depth):
        for node in nodes:
            rows.append(
                NodeRow(
                    activity["code"],
                    node["number"],
                    depth,
                    node["title"],
                    _span(node["frame"]),
                    _span(node["dates"]),
                    node["responsible"],
                    ", ".join(node["responsible_parties"]),
                )
            )
            walk(node["rows"], depth + 1)

    walk(activity["rows"], 1)
    return rows


def targets_text(indicator: dict) -> str:
    return ", ".join(f"{year}: {value}" for year, value in indicator["targets"].items()) or "—"


def rule_text(obligation: dict) -> str:
    """The commitment's rule in words of the file's schema: "month, min 1, excluded Q3"."""
    parts = [obligation["period"]]
    if obligation.get("open"):
        parts.append("open")
    if obligation.get("min") is not None:
        parts.append(f"min {obligation['min']}")
    if obligation.get("max") is not None:
        parts.append(f"max {obligation['max']}")
    if obligation.get("excluded"):
        parts.append("excluded " + ", ".join(obligation["excluded"]))
    for pause in obligation.get("pauses") or []:
        parts.append(f"pause {_span(pause)}")
    if obligation.get("event_kinds"):
        parts.append("kinds " + ", ".join(obligation["event_kinds"]))
    if obligation.get("reach"):
        parts.append(f"reach {obligation['reach']}")
    if obligation.get("distinct"):
        parts.append(f"distinct {obligation['distinct']}")
    return "; ".join(parts)


def preview_lines(preview: Preview) -> list[str]:
    document = preview.document
    lines: list[str] = []
    if document.get("title"):
        lines.append(f"{document['title']}")
        lines.append(
            _("Plan year %(year)s, period %(period)s")
            % {"year": document.get("year"), "period": _span(document.get("period"))}
        )
    if preview.base_year:
        lines.append(
            _("Linked to the %(year)s plan: %(n)d keys carried over.")
            % {"year": preview.base_year, "n": len(preview.linked)}
        )
    for section in document.get("sections", []):
        for activity in section["activities"]:
            lines.append("")
            for row in node_rows(activity):
                label = f"{row.code}/{row.number.rstrip('.')}" if row.number else row.code
                parties = row.parties or "—"
                indent = "  " * row.depth
                lines.append(f"{indent}{label} {row.title} | {row.frame} | {row.dates} | {row.responsible} → {parties}")
            for indicator in activity["indicators"]:
                lines.append(
                    f"  [{indicator['key']}] {indicator['name']} ({indicator['unit']}): {targets_text(indicator)}"
                )
        for indicator in section["indicators"]:
            lines.append(f"[{indicator['key']}] {indicator['name']} ({indicator['unit']}): {targets_text(indicator)}")
    if preview.commitments:
        lines.append("")
        lines.append(_("Commitments recognised: %d") % len(preview.commitments))
        for found in preview.commitments:
            o = found.obligation
            lines.append(f"  {o['key']} ({found.place}): {rule_text(o)}")
            lines.append(f"    “{o['quote']}”")
    if preview.deliverables:
        lines.append("")
        lines.append(_("Deliverables recognised: %d") % len(preview.deliverables))
        for item in preview.deliverables:
            d = item.deliverable
            at = f"/{d['row']}" if d["row"] else ""
            lines.append(
                f"  {d['key']} ({item.place}): {d['title']} — {d['owner']}, {date_format(d['due'], 'd.m.Y')}"
                f" [{item.code}{at}]"
            )
            lines.append(f"    “{d['quote']}”")
    if preview.problems:
        lines.append("")
        lines.append(_("Problems: %d") % len(preview.problems))
        for problem in preview.problems:
            marker = _("error") if problem.error else _("warning")
            lines.append(f"  {marker}: {problem}")
    return lines
