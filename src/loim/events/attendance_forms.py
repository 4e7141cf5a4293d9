"""The attendance table of a series: its events as rows, the participant groups as columns.

One form for the whole table; an empty cell is "not counted", 0 is nobody came. Each row carries the
version of its event as loaded, so `services.series_attendance_save` refuses (and names) a row someone
saved meanwhile. Errors are put on the cell they concern, with the date and group in the message.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from loim.core.vocabulary import ParticipantGroup
from loim.monitoring.locking import LockReasonMixin, locked_parts

from .models import MAX_PARTICIPANTS, Event
from .services import LOCAL_TZ, AttendanceEntry, AttendanceErrors


def _day(event: Event) -> str:
    return date_format(event.start.astimezone(LOCAL_TZ), "SHORT_DATE_FORMAT")


@dataclass
class TableRow:
    event: Event
    day: str
    cells: list[forms.BoundField]
    version: forms.BoundField
    errors: list[str]


class SeriesAttendanceForm(LockReasonMixin, forms.Form):
    """A changed row of an approved report period needs a reason (monitoring.locking): the field is
    shown when the page holds such a row, and required only when one of them changes."""

    def __init__(self, *args, events: list[Event], party_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.events = events
        self.party_id = party_id
        self.locked = []
        self.row_errors: dict[int, list[str]] = {}
        for event in events:
            counts = {c.group: c.count for c in event.counts.all()}
            day = _day(event)
            for group in ParticipantGroup:
                self.fields[self.cell(event, group.value)] = forms.IntegerField(
                    label=f"{day} — {group.label}",
                    min_value=0,
                    max_value=MAX_PARTICIPANTS,
                    required=False,
                    initial=counts.get(group.value),
                    error_messages={
                        "min_value": _("A negative number: enter 0 or more, or leave it empty if not counted."),
                        "max_value": _("More than %(limit_value)s participants: check the number."),
                        "invalid": _("Enter a whole number."),
                    },
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "class": "count"}),
                )
            self.fields[f"v{event.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=event.version, min_value=1
            )
        shown = locked_parts(party_id, [event.start.astimezone(LOCAL_TZ).date() for event in events])
        if shown:  # the field names the approved parts; it becomes required when one of their rows changes
            self.locked = shown
            self._add_reason_field()
            self.locked = []

    def lock_after(self, cleaned_data):
        """The days of the rows whose counts change: those in an approved part need the reason."""
        changed = [
            event.start.astimezone(LOCAL_TZ).date()
            for event in self.events
            if any(
                cleaned_data.get(self.cell(event, group.value)) != self.fields[self.cell(event, group.value)].initial
                for group in ParticipantGroup
            )
        ]
        return self.party_id, changed

    @staticmethod
    def cell(event: Event, group: str) -> str:
        return f"e{event.pk}_{group}"

    @property
    def groups(self) -> list[str]:
        return [str(group.label) for group in ParticipantGroup]

    @property
    def error_summary(self) -> list[tuple[str, str, str]]:
        """(cell id, "date — group", message) for every cell with an error, in table order."""
        return [
            (self[name].auto_id, str(self.fields[name].label), str(message))
            for name in self.fields
            if name in self.errors and name.startswith("e")
            for message in self.errors[name]
        ]

    @property
    def rows(self) -> list[TableRow]:
        return [
            TableRow(
                event=event,
                day=_day(event),
                cells=[self[self.cell(event, group.value)] for group in ParticipantGroup],
                version=self[f"v{event.pk}"],
                errors=self.row_errors.get(event.pk, []),
            )
            for event in self.events
        ]

    def clean(self):
        for event in self.events:
            if f"v{event.pk}" in self.errors:
                del self.errors[f"v{event.pk}"]
                self.add_error(None, _("This form is incomplete (its version is missing). Reload the page."))
        return super().clean()

    @property
    def entries(self) -> list[AttendanceEntry]:
        data = self.cleaned_data
        return [
            AttendanceEntry(
                event=event,
                version=data[f"v{event.pk}"],
                counts={group.value: data.get(self.cell(event, group.value)) for group in ParticipantGroup},
            )
            for event in self.events
        ]

    def add_service_errors(self, exc: AttendanceErrors) -> None:
        """Each message on its cell (`count_<group>`), or on its row and the form's summary."""
        by_pk = {event.pk: event for event in self.events}
        for pk, fields in exc.by_event.items():
            event = by_pk[pk]
            for name, messages in fields.items():
                group = name.removeprefix("count_")
                for message in messages:
                    if name.startswith("count_") and group in ParticipantGroup.values:
                        self.add_error(self.cell(event, group), message)
                    else:
                        self.row_errors.setdefault(pk, []).append(message)
                        self.add_error(None, message)
