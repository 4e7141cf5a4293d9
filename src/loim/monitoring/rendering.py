"""Renderers of the yearly report: they lay out the rows of `report.build_report`, nothing more.

- HTML: a standalone page (styles embedded) — also the source of the PDF;
- PDF: WeasyPrint from that page, in Estonian, charts as SVG with their data tables beside them;
- XLSX: openpyxl, one sheet per section, plain values (no formulas, text that looks like one is
  quoted), dates as date cells shown in ISO 8601 (yyyy-mm-dd);
- JSON: the same rows as data, ISO dates, numbers as numbers.
Files are written in Estonian, the programme's language, unless another language is asked for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import logging
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .access import Viewer
from .engine.counting import LOCAL_TZ
from .report import Report, build_report

FORMATS = ("html", "xlsx", "pdf", "json")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}


def render(plan, viewer: Viewer, fmt: str, *, as_of: dt.date | None = None, language: str | None = None) -> bytes:
    """Build the report's rows and render them in the format, in the language (Estonian by default)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    with translation.override(language or settings.LANGUAGE_CODE):
        report = build_report(plan, viewer, as_of=as_of)
        return RENDERERS[fmt](report)


def render_html(report: Report) -> bytes:
    return render_to_string("monitoring/report_print.html", {"report": report, "print": True}).encode()


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per layout step otherwise

    html = render_to_string("monitoring/report_print.html", {"report": report, "print": True, "pdf": True})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


# --- Plain data ----------------------------------------------------------------------------------


def plain(value):
    """JSON-ready: ISO dates, numbers as int or float, dataclasses as dicts."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


def report_data(report: Report) -> dict:
    return {
        "plan": {
            "year": report.plan.year,
            "title": report.plan.title,
            "period_start": report.plan.period_start.isoformat(),
            "period_end": report.plan.period_end.isoformat(),
            "frame_end": report.plan.frame_end.isoformat(),
        },
        "title": report.title,
        "scope": report.scope,
        "as_of": report.as_of.isoformat(),
        "final": report.final,
        "generated_at": report.generated_at.isoformat(),
        "activities": plain(report.activities),
        "indicators": plain(report.indicators),
        "obligations": plain(report.obligations),
        "inquiries": plain(report.inquiries),
        "events_without_plan_row": plain(report.unlinked),
        "notes": plain(report.notes),
        "reviews": plain(report.reviews),
    }


def render_json(report: Report) -> bytes:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2).encode()


# --- XLSX ----------------------------------------------------------------------------------------


def _cell(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime):  # a spreadsheet has no time zones: Tallinn time, to the minute
        return value.astimezone(LOCAL_TZ).replace(tzinfo=None, second=0, microsecond=0)
    return value


def _sheet(book, title: str, header: list[str], rows: list[list]):
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(title=title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([_cell(value) for value in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if cell.data_type == "f":  # text typed by a person that starts with "=" stays text
                cell.data_type = "s"
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for index, _title in enumerate(header, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        longest = max([len(str(header[index - 1]))] + [len(str(r[index - 1] or "")) for r in rows[:200]])
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)
    return sheet


def render_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        pgettext("report sheet", "Report"),
        [_("Field"), _("Value")],
        [
            [_("Title"), report.title],
            [_("Plan"), report.plan.title],
            [_("Plan period"), f"{report.plan.period_start.isoformat()}/{report.plan.period_end.isoformat()}"],
            [_("Parties"), report.scope],
            [_("Counted as of"), report.as_of],
            [_("Final"), _("yes") if report.final else _("no, the year is in progress")],
            [_("Generated"), report.generated_at],
        ],
    )
    _sheet(
        book,
        pgettext("report sheet", "Activities"),
        [
            _("Number"),
            _("Code"),
            _("Activity or row"),
            _("Responsible"),
            _("Starts"),
            _("Ends"),
            _("Events"),
            _("Events by kind"),
            _("Participants"),
            _("Participations"),
            _("Municipalities"),
            _("Inquiries"),
            _("Explanation of deviations"),
        ],
        [
            [
                row.number,
                row.code,
                row.title,
                row.responsible,
                row.start,
                row.end,
                row.events,
                row.kinds_text,
                row.participants,
                row.participations,
                row.municipalities,
                row.inquiries_display,
                "\n\n".join(f"{note.party}: {note.text}" for note in row.notes),
            ]
            for row in report.activities
        ],
    )
    _sheet(
        book,
        pgettext("report sheet", "Indicators"),
        [
            _("Activity"),
            _("Indicator"),
            _("Unit"),
            _("Measured"),
            _("Target %(year)s") % {"year": report.plan.year},
            _("Actual"),
            _("Deviation"),
            _("Deviation %"),
            _("Frame year"),
            _("Frame target"),
            _("Towards the frame target"),
            _("Outlook"),
            _("Outlook explained"),
            _("Problems"),
        ],
        [
            [
                row.number,
                row.name,
                row.unit,
                _method_label(row.method),
                row.target,
                row.actual,
                row.deviation,
                row.deviation_percent,
                row.frame_year,
                row.frame_target,
                row.position,
                row.outlook,
                row.outlook_text,
                "; ".join(row.problems),
            ]
            for row in report.indicators
        ],
    )
    _sheet(
        book,
        pgettext("report sheet", "Commitments"),
        [
            _("Activity"),
            _("Commitment"),
            _("Responsible"),
            _("Period"),
            _("Requirement"),
            _("Overall"),
            _("Periods met"),
            _("Periods missed"),
            _("Periods excluded"),
            _("Counted"),
            _("Periods"),
            _("Quote from the plan"),
        ],
        [
            [
                row.number,
                row.title,
                row.responsible,
                row.period,
                row.requirement,
                row.overall_label,
                row.met,
                row.missed,
                row.excluded,
                row.total,
                "; ".join(
                    f"{c.short}: {c.verdict_label}" + (f" ({c.count})" if c.count is not None else "")
                    for c in row.cells
                )
                or "; ".join(row.problems),
                row.quote,
            ]
            for row in report.obligations
        ],
    )
    _sheet(
        book,
        pgettext("report sheet", "Counselling"),
        [_("Party"), _("Inquiries"), _("Topic"), _("Inquiries on the topic"), _("Previous period"), _("Plan rows")],
        [
            [row.party, row.total, topic.topic, topic.count, topic.previous, ", ".join(row.activity_numbers)]
            for row in report.inquiries
            for topic in (row.topics or [None])
            if topic is not None
        ]
        + [
            [row.party, row.total, "", "", "", ", ".join(row.activity_numbers)]
            for row in report.inquiries
            if not row.topics
        ],
    )
    _sheet(
        book,
        pgettext("report sheet", "Without plan row"),
        [_("Party"), _("Event kind"), _("Events")],
        [[row.party, row.kind, row.count] for row in report.unlinked],
    )
    _sheet(
        book,
        pgettext("report sheet", "Explanations"),
        [_("Activity"), _("Title"), _("Party"), _("Explanation"), _("Written by"), _("Updated")],
        [[n.activity_number, n.activity_title, n.party, n.text, n.author, n.updated] for n in report.notes],
    )
    _sheet(
        book,
        pgettext("report sheet", "Review"),
        [_("Party"), _("Reviewed"), _("Reviewed by"), _("Reviewed at"), _("Comment")],
        [
            [r.party, _("yes") if r.reviewed else _("no"), r.reviewed_by, r.reviewed_at, r.comment]
            for r in report.reviews
        ],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _method_label(method: str) -> str:
    return {"rule": _("counted by a rule"), "manual": _("entered by hand"), "broken": _("BROKEN rule")}.get(
        method, method
    )


RENDERERS = {"html": render_html, "pdf": render_pdf, "xlsx": render_xlsx, "json": render_json}
