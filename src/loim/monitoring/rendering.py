"""Renderers of the yearly report: they lay out the rows of `report.build_report`, nothing more.

- HTML: a standalone page (styles embedded) — also the source of the PDF;
- PDF: WeasyPrint from that page, in Estonian, charts as SVG with their data tables beside them;
- XLSX: the one export writer (`core.tabular.writer`), one sheet per section and an About sheet;
  text never runs as a formula, dates are date cells shown in ISO 8601 (yyyy-mm-dd);
- JSON: the same rows as data, ISO dates, numbers as numbers.
Files are written in Estonian, the programme's language, unless another language is asked for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from loim.core.tabular.writer import About, Column, Table, xlsx_bytes

from .access import Viewer
from .report import Report, build_report
from .report.document import outline, report_period

FORMATS = ("html", "xlsx", "pdf", "docx", "json")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
}


def render(
    plan,
    viewer: Viewer,
    fmt: str,
    *,
    as_of: dt.date | None = None,
    language: str | None = None,
    period: str = "year",
) -> bytes:
    """Build the period's report rows (the year, or "h1") and render them in the format, in the
    language (Estonian by default)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    with translation.override(language or settings.LANGUAGE_CODE):
        report = build_report(plan, viewer, as_of=as_of, period=period)
        if fmt == "xlsx":
            return render_xlsx(report, viewer)
        return RENDERERS[fmt](report)


def document_html(report: Report) -> str:
    """The report as a document (cover, summary, each party, the annex): the source of the PDF."""
    return render_to_string(
        "monitoring/report_document.html", {"report": report, "outline": outline(report), "print": True}
    )


def render_html(report: Report) -> bytes:
    return document_html(report).encode()


def render_pdf(report: Report) -> bytes:
    """A tagged PDF (PDF/UA-1: structure tree, the document's language and title shown as the title)."""
    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per layout step otherwise
    return HTML(string=document_html(report), base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=False
    )


def render_docx(report: Report) -> bytes:
    """The same outline as an editable Word document (python-docx), for ELVL to finish the text."""
    from .report.docx import render_docx as write

    return write(outline(report), subject=report.plan.title)


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


def _inquiry_json(row) -> dict:
    """Counselling of one party with numbers as numbers (the rows carry the page's strings too:
    "12", "x", "≥ 12"); a withheld figure is null, and `withheld` says how many cells were left out."""
    return {
        "party": row.party,
        "party_id": row.party_id,
        "total": row.count,
        "suppressed": row.suppressed,
        "withheld": row.withheld,
        "topics": [
            {"topic": topic.topic, "count": topic.count_value, "previous": topic.previous_value} for topic in row.topics
        ],
        "activity_numbers": row.activity_numbers,
    }


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
        "period": report.period,
        "scope": report.scope,
        "as_of": report.as_of.isoformat(),
        "final": report.final,
        "generated_at": report.generated_at.isoformat(),
        "activities": plain(report.activities),
        "indicators": plain(report.indicators),
        "obligations": plain(report.obligations),
        "inquiries": [_inquiry_json(row) for row in report.inquiries],
        "events_without_plan_row": plain(report.unlinked),
        "notes": plain(report.notes),
        "reviews": plain(report.reviews),
        "deliverables": plain(report.deliverables),
    }


def render_json(report: Report) -> bytes:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2).encode()


# --- XLSX ----------------------------------------------------------------------------------------


def _figure(value: int | None, shown: str):
    """A number cell where the report shows the number itself; its text ("x", "≥ 12") otherwise."""
    return value if value is not None and shown == str(value) else shown


def _report_tables(report: Report) -> list[Table]:
    """One table per section, in the order of the document. The writer keeps typed text as text,
    dates as date cells (Tallinn time for moments), codes as their labels."""
    text = [
        [pgettext("report", "Title"), report.title],
        [_("Plan"), report.plan.title],
        [_("Reporting period"), report_period(report)],
        [_("Plan period starts"), report.plan.period_start],
        [_("Plan period ends"), report.plan.period_end],
        [_("Parties"), report.scope],
        [_("Counted as of"), report.as_of],
        [_("Final"), _("yes") if report.final else _("no, the period is in progress")],
        [_("Generated"), report.generated_at],
    ]
    activities = [
        [
            row.number,
            row.code,
            row.title,
            row.responsible,
            row.start,
            row.end,
            row.events,
            row.kinds_text,
            row.participants_figure.display,
            row.participations,
            row.municipalities,
            row.inquiries_display,
            "\n\n".join(f"{note.party}: {note.text}" for note in row.notes),
            row.planned_text,  # issue 11 §5: planned and done
        ]
        for row in report.activities
    ]
    indicators = [
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
            row.outlook_label,  # the label, never the verdict's code
            row.outlook_text,
            row.problems,
        ]
        for row in report.indicators
    ]
    obligations = [
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
                f"{c.short}: {c.verdict_label}" + (f" ({c.count})" if c.count is not None else "") for c in row.cells
            )
            or "; ".join(row.problems),
            row.quote,
        ]
        for row in report.obligations
    ]
    counselling = [
        [
            row.party,
            _figure(row.count, row.total),
            topic.topic,
            _figure(topic.count_value, topic.count),
            _figure(topic.previous_value, topic.previous),
            row.activity_numbers,
        ]
        for row in report.inquiries
        for topic in row.topics
    ] + [
        [row.party, _figure(row.count, row.total), "", "", "", row.activity_numbers]
        for row in report.inquiries
        if not row.topics
    ]
    return [
        Table(pgettext("report sheet", "Report"), [Column(_("Field"), width=24), Column(_("Value"), width=60)], text),
        Table(
            pgettext("report sheet", "Activities"),
            [
                Column(_("Number"), width=14),
                Column(_("Code"), width=12),
                Column(_("Activity or row"), width=50),
                Column(_("Responsible"), width=20),
                _("Starts"),
                _("Ends"),
                _("Events"),
                Column(_("Events by kind"), width=30),
                _("Participants"),
                _("Participations"),
                _("Municipalities"),
                _("Inquiries"),
                Column(_("Explanation of deviations"), width=60),
                Column(_("Planned and done"), width=30),
            ],
            activities,
        ),
        Table(
            pgettext("report sheet", "Indicators"),
            [
                Column(_("Activity"), width=14),
                Column(_("Indicator"), width=50),
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
                Column(_("Outlook explained"), width=50),
                Column(_("Problems"), width=40),
            ],
            indicators,
        ),
        Table(
            pgettext("report sheet", "Commitments"),
            [
                Column(_("Activity"), width=14),
                Column(_("Commitment"), width=50),
                Column(_("Responsible"), width=20),
                _("Period"),
                Column(_("Requirement"), width=30),
                _("Overall"),
                _("Periods met"),
                _("Periods missed"),
                _("Periods excluded"),
                _("Counted"),
                Column(_("Periods"), width=60),
                Column(_("Quote from the plan"), width=60),
            ],
            obligations,
        ),
        Table(
            pgettext("report sheet", "Deliverables"),
            [
                Column(_("Code"), width=12),
                Column(_("Deliverable"), width=50),
                Column(_("Owner party"), width=20),
                pgettext("deliverable", "Due"),
                pgettext("deliverable", "Status"),
                _("Done on"),
                Column(_("Evidence"), width=60),
                Column(_("Notes"), width=40),
                Column(_("Commitment"), width=40),
                Column(_("Quote from the plan"), width=60),
            ],
            [
                [
                    d.code,
                    d.title,
                    d.owner,
                    d.due,
                    d.state_label,
                    d.done_on,
                    "\n".join(d.evidence),
                    d.notes,
                    d.commitment,
                    d.quote,
                ]
                for d in report.deliverables
            ],
        ),
        Table(
            pgettext("report sheet", "Counselling"),
            [
                Column(_("Party"), width=20),
                _("Inquiries"),
                Column(_("Topic"), width=30),
                _("Inquiries on the topic"),
                _("Previous period"),
                _("Plan rows"),
            ],
            counselling,
        ),
        Table(
            pgettext("report sheet", "Without plan row"),
            [Column(_("Party"), width=20), Column(_("Event kind"), width=24), _("Events")],
            [[row.party, row.kind, row.count] for row in report.unlinked],
        ),
        Table(
            pgettext("report sheet", "Explanations"),
            [
                Column(_("Activity"), width=14),
                Column(pgettext("report", "Title"), width=40),
                Column(_("Party"), width=20),
                Column(_("Explanation"), width=60),
                Column(_("Written by"), width=20),
                _("Updated"),
            ],
            [[n.activity_number, n.activity_title, n.party, n.text, n.author, n.updated] for n in report.notes],
        ),
        Table(
            pgettext("report sheet", "Review"),
            [
                Column(_("Party"), width=20),
                Column(pgettext("report part", "State"), width=24),
                Column(_("Submitted by"), width=20),
                _("Submitted at"),
                Column(_("Approved or returned by"), width=20),
                _("Approved or returned at"),
                Column(_("Comment"), width=50),
                Column(_("Changed since approval"), width=60),
            ],
            [
                [
                    r.party,
                    r.state_label,
                    r.submitted_by,
                    r.submitted_at,
                    r.decided_by,
                    r.decided_at,
                    r.comment,
                    "\n".join(f"{timezone.localtime(c.at):%d.%m.%Y} {c.by}: {c.what} — {c.text}" for c in r.changes),
                ]
                for r in report.reviews
            ],
        ),
        Table(
            pgettext("report sheet", "Communication"),
            [
                Column(_("Party"), width=20),
                Column(_("Kind of output"), width=30),
                Column(_("Language"), width=16),
                _("Outputs"),
            ],
            [[row.party, row.kind, row.language, row.count] for row in report.communication],
        ),
        Table(
            pgettext("report sheet", "Translations"),
            [
                Column(_("Party"), width=20),
                Column(_("From language"), width=16),
                Column(_("Into language"), width=16),
                _("Jobs"),
            ],
            [[row.party, row.source, row.target, row.count] for row in report.translations],
        ),
    ]


def render_xlsx(report: Report, viewer: Viewer | None = None) -> bytes:
    """The report's sections as sheets, then the About sheet: who asked, for which plan, parties and
    date, and the small-cell rule when the counselling figures withhold cells."""
    from loim.inquiries.exports import small_cell_explanation

    withheld = any(row.suppressed for row in report.inquiries) or any(r.inquiries_withheld for r in report.activities)
    about = About(
        title=report.title,
        user=viewer.user if viewer is not None else None,
        filters=[(_("Plan"), report.plan.title), (_("Parties"), report.scope), (_("Counted as of"), report.as_of)],
        suppression=small_cell_explanation() if withheld else _("no counselling figure is withheld"),
        at=report.generated_at,
    )
    return xlsx_bytes(_report_tables(report), about=about)


def _method_label(method: str) -> str:
    return {"rule": _("counted by a rule"), "manual": _("entered by hand"), "broken": _("BROKEN rule")}.get(
        method, method
    )


RENDERERS = {
    "html": render_html,
    "pdf": render_pdf,
    "docx": render_docx,
    "xlsx": render_xlsx,
    "json": render_json,
}
