"""The report as a document (issue 16): the outline that the PDF and the DOCX both lay out.

`outline(report)` turns the rows of `build_report` into a cover and numbered sections of headings,
paragraphs, tables and charts — nothing is counted here. The PDF (WeasyPrint, from
`monitoring/report_document.html`) and the DOCX (python-docx, `docx.py`) render the same outline, so
the editable file holds every section of the printed one. Every chart is followed by its data table.

A table drops a figure column that holds nothing but zeros or dashes ("no zero columns without
data"); a column marked `keep` stays. Periods are named by `periods.period_label` ("I kvartal",
"nädal 14"), never by their codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .. import obligations as checker
from ..periods import period_label
from ..templatetags.monitoring import num, signed
from .rows import Report

EMPTY = ("", "—", "0", None)
COUNTS = ("arv", "number", "count")  # units that say no more than "a number": not repeated in the name
MANY_ROWS = 14  # a table longer than this is not kept on one page with its heading …
MANY_CHARACTERS = 1800  # … nor one with more text than about half a page


@dataclass
class Col:
    label: str
    numeric: bool = False
    keep: bool = False  # shown even when every cell is empty or zero


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    kind: str = "table"
    row_headers: bool = True  # the first cell of a row names it
    header_row: bool = True  # False: a list of facts, each row named by its first cell
    style: str = ""  # "signatures": rows left empty to be signed

    @property
    def short(self) -> bool:
        """Small enough to keep whole with its heading (else the heading stays with its first rows)."""
        return len(self.rows) <= MANY_ROWS and sum(len(cell) for row in self.rows for cell in row) <= MANY_CHARACTERS

    @property
    def header(self) -> list[tuple[str, bool]]:
        return list(zip(self.columns, self.numeric, strict=True))

    @property
    def body(self) -> list[list[tuple[str, bool]]]:
        return [list(zip(row, self.numeric, strict=True)) for row in self.rows]


@dataclass
class Para:
    text: str
    style: str = ""  # "", "help", "quote", "lead"
    kind: str = "para"


@dataclass
class Chart:
    """A chart drawn by the PDF's template (`chart`: "indicators" or "topics"); its data table is
    the block after it. The DOCX leaves the drawing out and keeps the table."""

    chart: str
    source: Any
    caption: str
    kind: str = "chart"


@dataclass
class Section:
    title: str
    anchor: str
    level: int = 1  # 1 → h2 in the PDF and "Heading 1" in Word
    blocks: list = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    @property
    def first(self):
        """The block printed with the heading, so that a heading never ends a page alone."""
        return self.blocks[0] if self.blocks else None

    @property
    def rest(self) -> list:
        return self.blocks[1:]

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Outline:
    title: str
    language: str
    cover: list  # blocks of the cover page
    sections: list[Section]

    @property
    def headings(self) -> list[str]:
        return [section.title for top in self.sections for section in top.walk()]

    @property
    def labels(self) -> set[str]:
        """The headings and the tables' captions: none of them may end a page."""
        captions = {
            block.caption
            for top in self.sections
            for section in top.walk()
            for block in section.blocks
            if isinstance(block, Table) and block.caption
        }
        return set(self.headings) | captions


def table(
    caption: str, columns: list[Col], rows: list[list], *, row_headers: bool = True, header_row: bool = True
) -> Table:
    """A table without the figure columns that hold no figure at all."""
    texts = [[_cell(value) for value in row] for row in rows]
    kept = [i for i, column in enumerate(columns) if not texts or column.keep or holds_figures(row[i] for row in texts)]
    return Table(
        caption,
        [columns[i].label for i in kept],
        [[row[i] for i in kept] for row in texts],
        [columns[i].numeric for i in kept],
        row_headers=row_headers,
        header_row=header_row,
    )


def holds_figures(values: Iterable) -> bool:
    """Whether a column holds anything to show: a cell other than empty, a dash or zero. The one rule
    by which the files' tables (`table`) and the web report (`page_columns`) drop a column."""
    return any(_cell(value) not in EMPTY for value in values)


@dataclass
class PageSection:
    """One activity table of the web report and the figure columns it shows."""

    number: str
    title: str
    rows: list
    columns: set[str]

    @property
    def span(self) -> int:
        """How many columns follow the first: for the rows of explanations under an activity."""
        return len(ACTIVITY_TEXT_COLUMNS) - 1 + len(self.columns)


ACTIVITY_TEXT_COLUMNS = ("number", "title", "responsible", "dates", "planned")
# The web report's figure columns, each with the value it shows per row (a list counts by its length).
ACTIVITY_FIGURES = {
    "events": lambda row: row.events,
    "by_kind": lambda row: len(row.by_kind),
    "participants": lambda row: row.participants_figure.shown if row.participants_not_counted else row.participants,
    "participations": lambda row: row.participations,
    "municipalities": lambda row: row.municipalities,
    "inquiries": lambda row: row.inquiries_shown,
}
INDICATOR_FIGURES = {
    "deviation": lambda row: row.deviation,
    "frame_target": lambda row: row.frame_target,
    "position": lambda row: row.position,
}


def figure_columns(rows: list, figures: dict) -> set[str]:
    """The names of `figures` that hold some figure in `rows` (all of them when there is no row)."""
    return {name for name, value in figures.items() if not rows or holds_figures(value(row) for row in rows)}


@dataclass
class PageColumns:
    """What the web report (`_report_body.html`) shows of its tables, by the files' rule: each activity
    table without its all-zero figure columns, the indicators without an empty deviation, frame target
    or position (target and actual always stay, as in the files), the topics' previous period only for
    a party with some previous count."""

    sections: list[PageSection]
    indicators: set[str]
    previous: set[int]  # the parties whose topics show the previous period


def page_columns(report: Report) -> PageColumns:
    return PageColumns(
        [
            PageSection(number, title, rows, figure_columns(rows, ACTIVITY_FIGURES))
            for number, title, rows in report.sections
        ],
        figure_columns(report.indicators, INDICATOR_FIGURES),
        {row.party_id for row in report.inquiries if holds_figures(topic.previous for topic in row.topics)},
    )


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(num(value))


def day(value: dt.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def report_period(report: Report) -> str:
    """The report's period by name, with its days: "2024. aasta (01.01.2024–31.12.2024)"."""
    year = report.plan.year
    name = (
        period_label(f"{year}-H1", with_year=True) if report.period == "h1" else period_label(str(year), with_year=True)
    )
    end = dt.date(year, 6, 30) if report.period == "h1" else report.plan.period_end
    return f"{name} ({day(report.plan.period_start)}–{day(end)})"


# --- the cover -----------------------------------------------------------------------------------


def _parties(report: Report) -> list[str]:
    names = [row.party for row in report.reviews]
    names += [row.party for row in report.inquiries if row.party not in names]
    return names


def _cover(report: Report) -> list:
    if report.final:
        state = _("Final figures, counted to %(day)s.") % {"day": day(report.as_of)}
    else:
        state = _("The period is in progress: figures counted to %(day)s.") % {"day": day(report.as_of)}
    facts = table(
        "",
        [Col(_("Field")), Col(_("Value"))],
        [
            [_("Reporting period"), report_period(report)],
            [_("Parties"), ", ".join(_parties(report)) or report.scope],
            [_("Figures"), state],
            [_("Prepared"), _("by Lõim on %(moment)s") % {"moment": _cell(report.generated_at)}],
        ],
        header_row=False,
    )
    approvals = [row for row in report.reviews if row.state in ("approved", "changed")]
    status = _("Approval: %(approved)d of %(parties)d parts approved by ELVL.") % {
        "approved": len(approvals),
        "parties": len(report.reviews),
    }
    parts = table(
        _("Status of approval"),
        [
            Col(_("Party")),
            Col(pgettext("report part", "State")),
            Col(_("Submitted")),
            Col(_("Approved or returned")),
        ],
        [
            [
                row.party,
                row.state_label,
                f"{_cell(row.submitted_at)} {row.submitted_by}".strip() if row.submitted_at else "—",
                f"{_cell(row.decided_at)} {row.decided_by}".strip() if row.decided_at else "—",
            ]
            for row in report.reviews
        ],
    )
    signatures = table(
        _("Signatures"),
        [Col(_("Role")), Col(_("Name"), keep=True), Col(_("Signature and date"), keep=True)],
        [[_("Prepared by"), "", ""], [_("Approved by (ELVL)"), "", ""]],
    )
    signatures.style = "signatures"
    return [facts, Para(status, "lead"), parts, signatures]


# --- the executive summary -----------------------------------------------------------------------


def _percent(value, target) -> int:
    return round(100 * value / target) if value is not None and target else 0


def _indicators(report: Report) -> Section:
    year, frame = report.plan.year, next((row.frame_year for row in report.indicators if row.frame_year), None)
    rows = [
        [
            f"{row.number} {row.name}".strip() + (f" ({row.unit.lower()})" if row.unit.lower() not in COUNTS else ""),
            row.target,
            _("BROKEN") if row.method == "broken" else row.actual,
            signed(row.deviation) if row.deviation is not None else "—",
            row.frame_target,
            row.position,
            row.outlook_label or "—",
        ]
        for row in report.indicators
    ]
    data = table(
        "",
        [
            Col(_("Indicator")),
            Col(_("Target %(year)s") % {"year": year}, numeric=True, keep=True),
            Col(_("Actual"), numeric=True, keep=True),
            Col(_("Deviation"), numeric=True),
            Col(_("Target %(year)s") % {"year": frame} if frame else _("Frame target"), numeric=True),
            Col(_("So far"), numeric=True),
            Col(_("Outlook")),
        ],
        rows,
    )
    blocks: list = [data]
    charted = [row for row in report.indicators if row.actual is not None and row.target]
    if charted:
        blocks += [
            Chart("indicators", report, _("Actual value as a percentage of the year's target (the line marks 100%)")),
            table(
                _("The chart's data"),
                [
                    Col(_("Indicator")),
                    Col(_("Target"), numeric=True),
                    Col(_("Actual"), numeric=True),
                    Col(_("Of the target"), numeric=True),
                ],
                [[row.name, row.target, row.actual, f"{num(_percent(row.actual, row.target))} %"] for row in charted],
            ),
        ]
    children = []
    shared = [row for row in report.indicators if row.shares]
    if shared:
        children.append(
            Section(
                _("Targets set per party"),
                "summary-shares",
                3,
                [
                    table(
                        "",
                        [
                            Col(_("Indicator")),
                            Col(_("Whose figure")),
                            Col(_("Target"), numeric=True, keep=True),
                            Col(_("Actual"), numeric=True, keep=True),
                            Col(_("Verdict")),
                        ],
                        [
                            [
                                row.name,
                                share.party + (f" ({_('vacant')})" if share.vacant else ""),
                                share.target,
                                share.value,
                                share.verdict_label or "—",
                            ]
                            for row in shared
                            for share in row.shares
                        ],
                    )
                ],
            )
        )
    children.append(
        Section(
            _("How the figures are counted"),
            "summary-counting",
            3,
            [Para(f"{row.name}: {row.counting or row.explanation or '—'}") for row in report.indicators],
        )
    )
    outlooks = [
        Para(f"{row.name}: " + " ".join([row.outlook_text, *row.problems]).strip())
        for row in report.indicators
        if row.outlook_text or row.problems
    ]
    if outlooks:
        children.append(Section(_("Outlooks"), "summary-outlooks", 3, outlooks))
    return Section(pgettext("report section", "Indicators"), "summary-indicators", 2, blocks, children)


def _commitments_summary(report: Report) -> Section:
    tally = dict.fromkeys(checker.VERDICTS, 0)
    for row in report.obligations:
        tally[row.overall] = tally.get(row.overall, 0) + 1
    above = sum(1 for row in report.obligations if row.above)
    text = _(
        "%(total)d commitments: %(met)d met, %(missed)d missed, %(progress)d in progress, %(other)d not due or "
        "without a checkable rule; %(above)d met above plan in at least one period."
    ) % {
        "total": len(report.obligations),
        "met": tally[checker.MET],
        "missed": tally[checker.MISSED],
        "progress": tally[checker.IN_PROGRESS],
        "other": len(report.obligations) - tally[checker.MET] - tally[checker.MISSED] - tally[checker.IN_PROGRESS],
        "above": above,
    }
    data = table(
        "",
        [
            Col(_("Commitment")),
            Col(_("Responsible")),
            Col(_("Requirement")),
            Col(_("Overall")),
            Col(_("Periods met"), numeric=True, keep=True),
            Col(_("Periods missed"), numeric=True, keep=True),
            Col(_("Above plan"), numeric=True),
        ],
        [
            [
                f"{row.number} {row.title}".strip(),
                row.responsible,
                f"{row.period}: {row.requirement}" if row.requirement else row.period,
                row.overall_label,
                row.met,
                row.missed,
                row.above,
            ]
            for row in report.obligations
        ],
    )
    return Section(_("Commitments"), "summary-commitments", 2, [Para(text), data])


def _deliverables_summary(report: Report) -> Section:
    counts: dict[str, int] = {}
    for row in report.deliverables:
        counts[row.state_label] = counts.get(row.state_label, 0) + 1
    text = (
        _("%(total)d deliverables: %(states)s.")
        % {
            "total": len(report.deliverables),
            "states": ", ".join(f"{label} {n}" for label, n in counts.items()),
        }
        if report.deliverables
        else _("The plan names no deliverables for the parties in this report.")
    )
    blocks: list = [Para(text)]
    if report.deliverables:
        blocks.append(
            table(
                "",
                [
                    Col(_("Deliverable")),
                    Col(_("Owner party")),
                    Col(pgettext("deliverable", "Due")),
                    Col(pgettext("deliverable", "Status")),
                    Col(_("Evidence")),
                ],
                [
                    [
                        f"{row.code} {row.title}".strip(),
                        row.owner,
                        day(row.due),
                        f"{row.state_label} {day(row.done_on)}".strip(),
                        "; ".join(row.evidence) or "—",
                    ]
                    for row in report.deliverables
                ],
            )
        )
    return Section(_("Deliverables"), "summary-deliverables", 2, blocks)


# --- each party ----------------------------------------------------------------------------------


def _missed_periods(row) -> str:
    missed = [period_label(cell.key) for cell in row.cells if cell.verdict == checker.MISSED]
    if len(missed) > 8:
        return ", ".join(missed[:8]) + " " + _("and %(count)d more") % {"count": len(missed) - 8}
    return ", ".join(missed) or "—"


def _party_section(report: Report, review, number: int) -> Section:
    party_id, name = review.party_id, review.party
    blocks: list = [
        Para(
            _("Part in the reporting cycle: %(state)s.") % {"state": review.state_label}
            + (f" {_('Comment')}: „{review.comment}“" if review.comment else "")
        )
    ]
    children = []
    notes = [note for note in report.notes if note.party_id == party_id]
    children.append(
        Section(
            _("Narrative and explanations of deviations"),
            f"party-{party_id}-notes",
            3,
            [Para(f"{note.activity_number} {note.activity_title}: {note.text}") for note in notes]
            or [Para(_("%(party)s wrote no explanation for this period.") % {"party": name}, "help")],
        )
    )
    own_rows = [
        row
        for row in report.activities
        if party_id in row.responsible_ids and not row.is_activity and (row.planned or row.events)
    ]
    planned = []
    for row in own_rows:
        items: list = row.planned or [None]
        for item in items:
            evidence = (item.event_titles + item.record_titles) if item else []
            planned.append(
                [
                    f"{row.number} {row.title}".strip() if row.number not in row.title else row.title,
                    item.text if item else _("not quantified in the plan"),
                    row.events,
                    row.participants_figure.shown if row.events else "—",
                    "; ".join(evidence[:6]) + (" …" if len(evidence) > 6 else "") if evidence else "—",
                ]
            )
    children.append(
        Section(
            _("Planned and done"),
            f"party-{party_id}-planned",
            3,
            [
                table(
                    _("Planned and done: %(party)s") % {"party": name},
                    [
                        Col(_("Plan row")),
                        Col(_("Planned and done")),
                        Col(_("Events"), numeric=True),
                        Col(_("Participants"), numeric=True),
                        Col(_("Evidence")),
                    ],
                    planned,
                )
            ]
            if planned
            else [Para(_("None of the party's plan rows has planned quantities or events in the period."), "help")],
        )
    )
    commitments = [row for row in report.obligations if row.responsible_id == party_id]
    if commitments:
        children.append(
            Section(
                _("Commitments"),
                f"party-{party_id}-commitments",
                3,
                [
                    table(
                        _("Commitments of %(party)s") % {"party": name},
                        [
                            Col(_("Commitment")),
                            Col(_("Overall")),
                            Col(_("Periods met"), numeric=True, keep=True),
                            Col(_("Periods missed"), numeric=True, keep=True),
                            Col(_("Missed periods")),
                        ],
                        [
                            [row.title, row.overall_label, row.met, row.missed, _missed_periods(row)]
                            for row in commitments
                        ],
                    )
                ],
            )
        )
    events = [row for row in report.party_events if row.party_id == party_id]
    children.append(
        Section(
            _("Events"),
            f"party-{party_id}-events",
            3,
            [
                table(
                    _("Events of %(party)s by kind") % {"party": name},
                    [
                        Col(_("Event kind")),
                        Col(_("Events"), numeric=True, keep=True),
                        Col(_("Participants"), numeric=True),
                    ],
                    [[row.kind, row.count, row.participants] for row in events],
                )
            ]
            if events
            else [Para(_("No events in the period."), "help")],
        )
    )
    inquiry = next((row for row in report.inquiries if row.party_id == party_id), None)
    children.append(_inquiries(inquiry, party_id, name))
    return Section(f"{number}. {name}", f"party-{party_id}", 1, blocks, children)


def _inquiries(row, party_id: int, name: str) -> Section:
    anchor = f"party-{party_id}-inquiries"
    if row is None:
        return Section(_("Inquiries"), anchor, 3, [Para(_("No inquiries were logged in the period."), "help")])
    blocks: list = [Para(_("%(total)s inquiries in the period.") % {"total": row.total})]
    if row.topics:
        previous = holds_figures(topic.previous for topic in row.topics)
        blocks += [
            Chart("topics", row, _("Top topics of %(party)s") % {"party": name}),
            table(
                _("Top topics of %(party)s") % {"party": name},
                [Col(_("Topic")), Col(_("Inquiries"), numeric=True, keep=True)]
                + ([Col(_("Previous period"), numeric=True)] if previous else []),
                [[topic.topic, topic.count] + ([topic.previous] if previous else []) for topic in row.topics],
            ),
        ]
    if row.suppressed:
        blocks.append(
            Para(
                _(
                    "Counts under 5 are withheld (shown as “x”) so that no person can be singled out; a figure "
                    "shown as “≥ 12” leaves withheld counts out, so the true number is larger. Only whole "
                    "months that are over are counted."
                ),
                "help",
            )
        )
    return Section(_("Inquiries"), anchor, 3, blocks)


# --- the annex -----------------------------------------------------------------------------------


def _annex(report: Report, number: int) -> Section:
    blocks: list = [
        Para(
            _(
                "The plan is kept as printed. Where it contradicts itself, both places are quoted and this "
                "report reads them as said here."
            )
        )
    ]
    if report.contradictions:
        blocks.append(
            table(
                _("Contradictions of the plan"),
                [Col(_("No.")), Col(_("Contradiction")), Col(_("Where")), Col(_("How it is read"))],
                [
                    [str(i), row.message, "\n".join(p for p in (row.first, row.second) if p), row.reading or "—"]
                    for i, row in enumerate(report.contradictions, start=1)
                ],
            )
        )
    else:
        blocks.append(Para(_("The plan's consistency check found no contradiction."), "help"))
    return Section(_("Annex: contradictions of the plan and how they were read"), "annex", 1, blocks)


def _unlinked(report: Report) -> Section:
    blocks: list = (
        [
            table(
                _("Events not linked to a plan row"),
                [Col(_("Party")), Col(_("Event kind")), Col(_("Events"), numeric=True, keep=True)],
                [[row.party, row.kind, row.count] for row in report.unlinked],
            )
        ]
        if report.unlinked
        else [Para(_("Every event of the period is linked to a plan row."), "help")]
    )
    return Section(_("Events not linked to a plan row"), "summary-unlinked", 2, blocks)


def outline(report: Report) -> Outline:
    from django.utils.translation import get_language

    summary = Section(
        _("1. Executive summary"),
        "summary",
        1,
        [
            Para(
                _("Reporting period: %(period)s. Parties: %(parties)s.")
                % {"parties": ", ".join(_parties(report)) or report.scope, "period": report_period(report)}
            )
        ],
        [_indicators(report), _commitments_summary(report), _deliverables_summary(report), _unlinked(report)],
    )
    parties = [_party_section(report, review, number) for number, review in enumerate(report.reviews, start=2)]
    return Outline(
        title=report.title,
        language=(get_language() or "et").split("-")[0],
        cover=_cover(report),
        sections=[summary, *parties, _annex(report, len(parties) + 2)],
    )
