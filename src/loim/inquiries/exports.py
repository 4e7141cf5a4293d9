"""Inquiry lists and statistics as CSV and XLSX files, streamed so memory stays flat as rows grow.

Record exports read the rows in chunks (`iterator`), fetch the topic and referral links of each
chunk in one query, and write them out as they come: CSV straight into the response, XLSX through
openpyxl's write-only workbook (which spools to a temporary file) and then streamed from that file.
Dates are ISO 8601. CSV uses semicolons and a byte-order mark, which Estonian Excel opens directly.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from loim.core import disclosure
from loim.core.disclosure import WITHHELD_HEADING
from loim.core.vocabulary import Language

from .models import Category, Channel, Inquiry, ReferralTarget, Topic
from .selectors import InquiryStatistics

CHUNK = 1000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def inquiry_header() -> list[str]:
    return [
        _("id"),
        _("date"),
        _("party"),
        _("channel"),
        _("language"),
        _("target group"),
        _("topics"),
        _("referred to"),
        _("time spent (minutes)"),
        _("municipality of residence"),
        _("plan activity"),
        _("note"),
    ]


def inquiry_rows(queryset) -> Iterator[list]:
    """One list per inquiry, in chunks: a fixed number of queries per CHUNK rows, never all at once."""
    topic_names = {t.pk: t.name for t in Topic.objects.all()}
    referral_names = {r.pk: r.name for r in ReferralTarget.objects.all()}
    channels, languages, categories = dict(Channel.choices), dict(Language.choices), dict(Category.choices)
    rows = queryset.order_by("date", "pk").values_list(
        "pk",
        "date",
        "party__short_name",
        "channel",
        "language",
        "category",
        "minutes",
        "municipality__name",
        "activity__code",
        "note",
    )
    chunk: list[tuple] = []

    def flush(chunk):
        ids = [row[0] for row in chunk]
        topics: dict[int, list[str]] = {}
        for inquiry_id, topic_id in Inquiry.topics.through.objects.filter(inquiry_id__in=ids).values_list(
            "inquiry_id", "topic_id"
        ):
            topics.setdefault(inquiry_id, []).append(topic_names.get(topic_id, "?"))
        referrals: dict[int, list[str]] = {}
        for inquiry_id, target_id in Inquiry.referrals.through.objects.filter(inquiry_id__in=ids).values_list(
            "inquiry_id", "referraltarget_id"
        ):
            referrals.setdefault(inquiry_id, []).append(referral_names.get(target_id, "?"))
        for pk, date, party, channel, language, category, minutes, municipality, activity, note in chunk:
            yield [
                pk,
                date.isoformat(),
                party,
                str(channels.get(channel, channel)),
                str(languages.get(language, language)),
                str(categories.get(category, category)),
                "; ".join(sorted(topics.get(pk, []))),
                "; ".join(sorted(referrals.get(pk, []))),
                minutes if minutes is not None else "",
                municipality or "",
                activity or "",
                note,
            ]

    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from flush(chunk)
            chunk = []
    if chunk:
        yield from flush(chunk)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """Text that a spreadsheet would run as a formula (a note starting with "=") is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe_rows(rows: Iterable[list]) -> Iterator[list]:
    for row in rows:
        yield [_cell(value) for value in row]


class _Echo:
    def write(self, value):
        return value


def csv_stream(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(header)
    for row in _safe_rows(rows):
        yield writer.writerow(row)


def csv_response(header: list[str], rows: Iterable[list], file_name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_stream(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def xlsx_file(sheets: list[tuple[str, list[str], Iterable[list]]]):
    """A write-only workbook spooled to a temporary file; returns the open file, at its start."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        bold = Font(bold=True)
        header_cells = []
        for text in header:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in _safe_rows(rows):
            sheet.append(row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (returned open; FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle


def xlsx_response(sheets, file_name: str) -> FileResponse:
    return FileResponse(xlsx_file(sheets), as_attachment=True, filename=file_name, content_type=XLSX_TYPE)


# --- Statistics -------------------------------------------------------------------------------


def statistics_header() -> list[str]:
    return [_("breakdown"), _("key"), _("label"), _("count"), str(WITHHELD_HEADING)]


def _count(cell):
    """The published count, "x" when withheld; the next column says how many cells were left out."""
    return cell.display if cell.suppressed else cell.count


def statistics_rows(stats: InquiryStatistics) -> list[list]:
    """The same cells as the page and the API (core.disclosure): count and withheld cells."""
    return [[name, key, label, _count(cell), cell.withheld] for name, key, label, cell in stats.rows()]


def top_topics_header() -> list[str]:
    return [_("topic"), _("number of inquiries"), _("previous period"), _("change"), str(WITHHELD_HEADING)]


def top_topics_rows(stats: InquiryStatistics) -> list[list]:
    return [
        [
            top.topic.label,
            _count(top.topic),
            _count(top.previous),
            "" if top.change is None else top.change,
            top.topic.withheld + top.previous.withheld,
        ]
        for top in stats.top_topics
    ]


def about_rows(stats: InquiryStatistics) -> list[list]:
    rows = [
        [_("period"), f"{stats.start.isoformat()} – {stats.end.isoformat()}"],
        [_("previous period"), f"{stats.previous_start.isoformat()} – {stats.previous_end.isoformat()}"],
        [_("party"), stats.party.name if stats.party else _("all parties")],
    ]
    if stats.suppressing:
        rows.append([_("small counts"), small_cell_explanation()])
    return rows


def small_cell_explanation() -> str:
    return disclosure.explanation()
