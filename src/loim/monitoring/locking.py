"""The lock of approved report parts: one mechanism for every record behind a party's part.

Once ELVL approves a party's part of a period (monitoring/cycle.py), the records that feed it — the
party's events (and their participations and counts) in the period, its commitment confirmations,
its values entered by hand, its explanations of deviations — are locked: a change needs a reason.
The change is then saved, the reason and what changed go to the part's history (and the audit
trail), and the part reads "changed since approval".

- `locked_parts(party_id, days)`: the approved (or already changed) parts of the party whose period
  holds any of the days;
- `LockReasonMixin` for forms: `self.lock(party_id, days)` with the record as it stands; a form
  whose new values may move the record (an event's date) overrides `lock_after(cleaned_data)`. When
  a locked part is touched the form gets a required "Reason for the change" field; without a reason
  it is invalid, the message names the field and the approved part, and nothing is saved.
  After saving, `form.record_change(user=..., what=...)` marks the parts.
- `ChangeReasonForm`: the mixin alone, for a confirmation page (a deletion);
- `guard(...)` and `mark_changed(...)`: the same for a write without a form (the events API, whose
  `change_reason` field carries the reason).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import LOCKED_STATES, ReportPart, ReportPeriod

REASON = "change_reason"


def locked_parts(party_id: int | None, days: Iterable[dt.date | None]) -> list[ReportPart]:
    """Approved (or changed since) parts of the party whose period holds any of the days (one query)."""
    from .cycle import period_days

    days = sorted({d for d in days if d is not None})
    if party_id is None or not days:
        return []
    candidates = ReportPart.objects.filter(
        party_id=party_id,
        state__in=LOCKED_STATES,
        plan__period_start__lte=days[-1],
        plan__period_end__gte=days[0],
    ).select_related("plan", "party")
    found = []
    for part in candidates:
        start, end = period_days(part.plan, part.period)
        if any(start <= day <= end for day in days):
            found.append(part)
    return found


def year_days(year: int) -> list[dt.date]:
    """A figure of a whole plan year (a value entered by hand) is in both its H1 and yearly report."""
    return [dt.date(year, 1, 1), dt.date(year, 12, 31)]


def period_parts(party_id: int, plan, period: str) -> list[ReportPart]:
    """The party's locked part of exactly that period (an explanation belongs to its own period)."""
    return list(
        ReportPart.objects.filter(party_id=party_id, plan=plan, period=period, state__in=LOCKED_STATES).select_related(
            "plan", "party"
        )
    )


def confirmation_days(obligation, period_key: str) -> list[dt.date]:
    """A confirmation counts in the parts whose period holds its commitment period's last day."""
    from .obligations import slots_of

    return [slot.end for slot in slots_of(obligation, obligation.plan) if slot.key == period_key]


def record_what(kind: str, name: str, action: str) -> str:
    """What changed, for a part's history: "value entered by hand “networks 2024” saved" and the like."""
    kinds = {
        "value": _("value entered by hand"),
        "confirmation": _("commitment confirmation"),
        "note": _("explanation of deviations"),
        "explanation": _("explanation of a missed period"),
    }
    verb = _("removed") if action == "deleted" else _("saved")
    return _("%(kind)s “%(name)s” %(verb)s") % {"kind": kinds[kind], "name": name, "verb": verb}


def describe(parts: list[ReportPart]) -> str:
    return ", ".join(f"{part.party} {part.plan.year} {ReportPeriod(part.period).label}" for part in parts)


def reason_message(parts: list[ReportPart]) -> str:
    return _("Reason for the change: give one, because the record is in an approved report part (%(parts)s).") % {
        "parts": describe(parts)
    }


def guard(*, party_id: int | None, days: Iterable[dt.date | None], reason: str | None) -> list[ReportPart]:
    """For writes without a form (the API): the locked parts the change touches; ValidationError on
    `change_reason` when there are some and no reason is given. Mark them with `mark_changed` after."""
    parts = locked_parts(party_id, days)
    if parts and not (reason or "").strip():
        from django.core.exceptions import ValidationError

        raise ValidationError({REASON: [reason_message(parts)]})
    return parts


def mark_changed(parts: list[ReportPart], *, user, what: str, reason: str | None) -> None:
    from .cycle import parts_mark_changed

    if parts:
        parts_mark_changed(parts=parts, user=user, what=what, reason=reason or "")


class LockReasonMixin:
    """A form that refuses to change a record of an approved period without a reason (see module)."""

    fields: dict
    locked: list[ReportPart]

    def lock(self, party_id: int | None, days: Iterable[dt.date | None]) -> None:
        self.locked = locked_parts(party_id, days)
        if self.locked:
            self._add_reason_field()

    def lock_after(self, cleaned_data) -> tuple[int | None, list[dt.date | None]] | None:
        """(party id, days) of the record as it would be saved, when the form can move it."""
        return None

    def _add_reason_field(self) -> None:
        if REASON not in self.fields:
            self.fields[REASON] = forms.CharField(
                label=gettext_lazy("Reason for the change"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,  # checked in clean(), with a message that says why
                max_length=2000,
                help_text=_(
                    "The record is in an approved report part (%(parts)s). Say why it changes: the reason "
                    "is kept in the part's history, which then reads “changed since approval”."
                )
                % {"parts": describe(self.locked)},
            )

    def clean(self):
        cleaned = super().clean()  # type: ignore[misc]
        if not hasattr(self, "locked"):
            self.locked = []
        after = self.lock_after(cleaned)
        if after is not None:
            known = {part.pk for part in self.locked}
            self.locked += [part for part in locked_parts(*after) if part.pk not in known]
        if self.locked:
            self._add_reason_field()
            if not self.change_reason:
                self.add_error(REASON, reason_message(self.locked))  # type: ignore[attr-defined]
        return cleaned

    @property
    def change_reason(self) -> str:
        return (getattr(self, "data", {}).get(REASON) or "").strip()

    def record_change(self, *, user, what: str) -> None:
        """After the save (in the same transaction): the parts become "changed since approval"."""
        mark_changed(self.locked, user=user, what=what, reason=self.change_reason)


class ChangeReasonForm(LockReasonMixin, forms.Form):
    """Only the reason: for a confirmation page (deleting a record of an approved period)."""

    def __init__(self, *args, party_id: int | None = None, days: Iterable[dt.date | None] = (), parts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parts is not None:
            self.locked = list(parts)
            if self.locked:
                self._add_reason_field()
        else:
            self.lock(party_id, days)


def event_what(event, action: str) -> str:
    """What changed, for a part's history: the event by title and day, and whether it was added,
    changed or deleted."""
    from loim.events.services import LOCAL_TZ

    values = {"title": event.title, "day": event.start.astimezone(LOCAL_TZ).strftime("%d.%m.%Y")}
    if action == "added":
        return _("event “%(title)s” (%(day)s) added") % values
    if action == "deleted":
        return _("event “%(title)s” (%(day)s) deleted") % values
    return _("event “%(title)s” (%(day)s) changed") % values


def event_days(event) -> list[dt.date]:
    from loim.events.services import LOCAL_TZ

    return [event.start.astimezone(LOCAL_TZ).date()]
