"""Events in spreadsheets: the columns, the import template and the CSV/XLSX export.

One column list serves all three and the import (`importing.py`), so an exported file can be edited
and imported back. Columns are stable English keys (the page explains each one in the user's
language). CSV files use ";" and a UTF-8 byte-order mark, which Excel with Estonian settings opens
as columns.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from loim.core.vocabulary import ParticipantGroup

from .models import Event
from .services import LOCAL_TZ

COUNT_COLUMNS = {f"participants_{group.value}": group for group in ParticipantGroup}
COLUMNS: list[tuple[str, object]] = [
    ("import_id", gettext_lazy("Your identifier of the row (optional); importing again updates that event.")),
    ("kind", gettext_lazy("Kind: a code such as info_day, training, conversation_club, or its name.")),
    ("title", gettext_lazy("Title (required).")),
    ("date", gettext_lazy("Date: dd.mm.yyyy or yyyy-mm-dd (required).")),
    ("start_time", gettext_lazy("Start time hh:mm (required).")),
    ("end_time", gettext_lazy("End time hh:mm (required).")),
    ("end_date", gettext_lazy("Last day, if the event lasts several days.")),
    ("activity", gettext_lazy("Plan row code, e.g. 3.5.2.1/2.1 (optional).")),
    ("format", gettext_lazy("on_site, online or hybrid (default on_site).")),
    ("municipality", gettext_lazy("Municipality where it is held: name or EHAK code.")),
    ("address", gettext_lazy("Address or venue.")),
    ("online_url", gettext_lazy("Link of an online event.")),
    ("languages", gettext_lazy("Languages used, separated by ;: et, en, ru, uk, other.")),
    ("reach", gettext_lazy("local, county or national (default local).")),
    ("public", gettext_lazy("yes to show it on the public portal.")),
    *[(key, group.label) for key, group in COUNT_COLUMNS.items()],
    (
        "participating_municipalities",
        gettext_lazy("Municipalities taking part (names or EHAK codes), separated by ; or ,."),
    ),
    ("organisations", gettext_lazy("Organisations taking part, separated by ;.")),
    ("description", gettext_lazy("Description.")),
]
KEYS = [key for key, _help in COLUMNS]
EXPORT_ONLY = ["organiser"]
# --- template and export --------------------------------------------------------------------------

EXAMPLE = {
    "import_id": "klubi-2024-03-06",
    "kind": "conversation_club",
    "title": "Eesti keele suhtlusklubi",
    "date": "06.03.2024",
    "start_time": "17:00",
    "end_time": "18:30",
    "format": "on_site",
    "municipality": "Tartu linn",
    "address": "Raekoja plats 1",
    "languages": "et; en",
    "reach": "local",
    "public": "yes",
    "participants_newcomer": "12",
    "participants_other_background": "4",
    "organisations": "Tartu Linnaraamatukogu",
}


def event_row(event: Event) -> list:
    start, end = event.start.astimezone(LOCAL_TZ), event.end.astimezone(LOCAL_TZ)
    counts = {c.group: c.count for c in event.counts.all()}
    values = {
        "import_id": event.import_id,
        "kind": event.kind.code,
        "title": event.title,
        "date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "end_date": end.date().isoformat() if end.date() != start.date() else "",
        "activity": event.activity.code if event.activity_id else "",
        "format": event.format,
        "municipality": event.municipality.name if event.municipality_id else "",
        "address": event.address,
        "online_url": event.online_url,
        "languages": "; ".join(event.languages),
        "reach": event.reach,
        "public": "yes" if event.is_public else "no",
        **{key: counts.get(group.value, "") for key, group in COUNT_COLUMNS.items()},
        "participating_municipalities": "; ".join(p.municipality.name for p in event.participations.all()),
        "organisations": "; ".join(o.name for o in event.organisations.all()),
        "description": event.description,
        "organiser": event.party.slug,
    }
    return [values[key] for key in [*KEYS, *EXPORT_ONLY]]


def export_queryset(queryset):
    return queryset.select_related("kind", "party", "municipality", "activity").prefetch_related(
        "counts", "participations__municipality", "organisations"
    )


def export_rows(queryset) -> Iterator[list]:
    yield [*KEYS, *EXPORT_ONLY]
    for event in export_queryset(queryset).iterator(chunk_size=1000):
        yield event_row(event)


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    """CSV text line by line (for StreamingHttpResponse), with a BOM so Excel reads UTF-8."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)


def xlsx_file(rows: Iterable[list], *, title: str, notes: list[tuple[str, str]] | None = None):
    """A write-only workbook (constant memory per row) spooled to a temporary file, rewound."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for row in rows:
        sheet.append(row)
    if notes:
        help_sheet = workbook.create_sheet(_("Columns")[:31])
        for row in notes:
            help_sheet.append(list(row))
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (returned to the caller)
    workbook.save(handle)
    handle.seek(0)
    return handle


def template_rows() -> list[list]:
    return [KEYS, [EXAMPLE.get(key, "") for key in KEYS]]


def column_help() -> list[tuple[str, str]]:
    return [(key, str(text)) for key, text in COLUMNS]
