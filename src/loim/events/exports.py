"""The filtered event list as CSV and XLSX, written by the one writer (`core.tabular.writer`).

Headings and values are what people read: the kind's name, the format's and the reach's labels, the
languages by name, the organiser's name, dates and times as date and time cells. The columns come in
the same order as the import template's keys (`EXPORT_KEYS`), so each heading maps to one import
column (`HEADINGS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loim.core.tabular.writer import About, Column, Table, export_response, form_filters
from loim.core.vocabulary import Language, ParticipantGroup, localized

from .models import Event, EventFormat, ParticipantsAdults, Reach
from .services import LOCAL_TZ
from .tabular import PUBLIC_TEXT_KEYS

PHONE = re.compile(r"\+?[0-9 ]+")  # a phone validated by the directory's rule: no formula, written as it is

CHUNK = 1000


def _field(name: str) -> str:
    return capfirst(str(getattr(Event._meta.get_field(name), "verbose_name", name)))


def export_columns() -> list[tuple[str, Column]]:
    """(import key, column) in the template's order, then the organiser (export only)."""
    return [
        ("import_id", Column(_field("import_id"))),
        ("kind", Column(_field("kind"), width=24)),
        ("title", Column(_field("title"), width=40)),
        ("date", Column(_("Date"), width=12)),
        ("start_time", Column(_("Start time"))),
        ("end_time", Column(_("End time"))),
        ("end_date", Column(_("Last day"), width=12)),
        ("activity", Column(_field("activity"), width=16)),
        ("format", Column(_field("format"), choices=EventFormat.choices)),
        ("municipality", Column(_field("municipality"), width=20)),
        ("address", Column(_field("address"), width=30)),
        ("online_url", Column(_field("online_url"), width=30)),
        ("languages", Column(_field("languages"), choices=Language.choices, width=20)),
        ("reach", Column(_field("reach"), choices=Reach.choices)),
        ("public", Column(_field("is_public"))),
        *[(f"participants_{g.value}", Column(capfirst(g.label), width=16)) for g in ParticipantGroup],
        ("participants_adults", Column(_field("participants_adults"), choices=ParticipantsAdults.choices)),
        ("participating_municipalities", Column(_field("municipalities"), width=30)),
        ("organisations", Column(capfirst(gettext_lazy("participating organisations")), width=30)),
        ("description", Column(_field("description"), width=40)),
        *[
            (name, Column(_field(name), width=30, verbatim=PHONE if name == "contact_phone" else None))
            for name in PUBLIC_TEXT_KEYS
        ],
        ("organiser", Column(_("Organiser"), width=24)),
    ]


def headings() -> dict[str, str]:
    """Import key → the heading the export writes in the active language."""
    return {key: str(column.label) for key, column in export_columns()}


def event_values(event: Event) -> list:
    start, end = event.start.astimezone(LOCAL_TZ), event.end.astimezone(LOCAL_TZ)
    counts = {c.group: c.count for c in event.counts.all()}
    return [
        event.import_id,
        localized(event.kind),
        event.title,
        start.date(),
        start.time().replace(second=0, microsecond=0),
        end.time().replace(second=0, microsecond=0),
        end.date() if end.date() != start.date() else None,
        event.activity.code if event.activity else "",
        event.format,
        event.municipality.name if event.municipality else "",
        event.address,
        event.online_url,
        list(event.languages),
        event.reach,
        event.is_public,
        *[counts.get(group.value) for group in ParticipantGroup],
        event.participants_adults or None,  # not recorded: an empty cell, as a missing count
        [p.municipality.name for p in event.participations.all()],
        [o.name for o in event.organisations.all()],
        event.description,
        *[getattr(event, name) for name in PUBLIC_TEXT_KEYS],
        event.party.name,
    ]


def event_rows(queryset) -> Iterator[list]:
    queryset = queryset.select_related("kind", "party", "municipality", "activity").prefetch_related(
        "counts", "participations__municipality", "organisations"
    )
    for event in queryset.iterator(chunk_size=CHUNK):
        yield event_values(event)


def events_table(queryset) -> Table:
    return Table(_("Events"), [column for _key, column in export_columns()], event_rows(queryset))


def events_export(fmt: str, filters, *, user, filename: str):
    """The response for `/events/export.<fmt>`: the events of the filter set (already scoped to what
    the user may see), and an About sheet naming the filters."""
    about = About(title=_("Events"), user=user, filters=form_filters(filters.form))
    return export_response(fmt, lambda: [events_table(filters.qs)], about=about, filename=filename)
