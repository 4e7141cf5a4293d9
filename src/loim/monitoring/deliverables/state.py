"""A deliverable's state and the verdict of the one-off commitment it answers: pure functions over
plain facts (status, due date, day done, evidence, the day judged), tested with hand-worked cases.

- The owner records *planned*, *in progress*, *done* or *dropped*. **Late** is derived, never
  stored: the due date has passed (the day judged is after it) and the deliverable is neither done
  nor dropped. Done after the due date stays done and is flagged "done late".
- A one-off commitment linked to a deliverable (`plans.Deliverable.obligation`) is judged by it:
  **met** when it was done, with evidence, on or before the due date (and on or before the day
  judged); **missed** when the due date passed without that, when it was done late, or when it was
  dropped; **in progress** until then. The cell's rule says so in words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..models import DeliverableStatus
from ..obligations.verdicts import IN_PROGRESS, MET, MISSED, NOT_DUE, Cell
from ..periods import Slot

LATE = "late"
STATES = (*DeliverableStatus.values, LATE)


def state_label(code: str) -> str:
    if code == LATE:
        return pgettext("deliverable", "late")
    return str(DeliverableStatus(code).label)


@dataclass(frozen=True)
class Facts:
    """What a deliverable's state is decided from: its due date and what its owner recorded."""

    due: dt.date
    status: str = DeliverableStatus.PLANNED
    done_on: dt.date | None = None
    has_evidence: bool = False
    notes: str = ""


@dataclass(frozen=True)
class State:
    code: str  # planned | in_progress | done | late | dropped
    done_late: bool = False  # done, but after the due date

    @property
    def label(self) -> str:
        if self.done_late:
            return _("done late")
        return state_label(self.code)


def state_of(facts: Facts, today: dt.date) -> State:
    """The deliverable's state on `today`. Done counts from the day it was done: a deliverable recorded
    as done on a later day than the one judged is not done yet on that day."""
    if facts.status == DeliverableStatus.DROPPED:
        return State(DeliverableStatus.DROPPED)
    if facts.status == DeliverableStatus.DONE and facts.done_on is not None and facts.done_on <= today:
        return State(DeliverableStatus.DONE, done_late=facts.done_on > facts.due)
    if today > facts.due:
        return State(LATE)
    if facts.status == DeliverableStatus.DONE:  # done on a day after the one judged
        return State(DeliverableStatus.IN_PROGRESS)
    return State(facts.status)


def _day(day: dt.date | None) -> str:
    return date_format(day, "d.m.Y") if day is not None else "—"


def commitment_cell(facts: Facts, title: str, slot: Slot, as_of: dt.date) -> Cell:
    """The verdict of a one-off commitment judged by its deliverable (the slot runs to the due date)."""
    rule = _("judged by the deliverable “%(title)s”: met when done with evidence by %(due)s") % {
        "title": title,
        "due": _day(facts.due),
    }
    state = state_of(facts, as_of)
    if slot.start > as_of:
        return Cell(slot, NOT_DUE, rule=rule)
    if state.code == DeliverableStatus.DONE and facts.has_evidence and not state.done_late:
        return Cell(slot, MET, 1, rule=rule + ": " + _("done on %(day)s") % {"day": _day(facts.done_on)})
    if state.code == DeliverableStatus.DONE and state.done_late:
        reason = _("Done on %(day)s, after the due date %(due)s.") % {
            "day": _day(facts.done_on),
            "due": _day(facts.due),
        }
        return Cell(slot, MISSED, 1, reason, rule=rule + ": " + _("done late"))
    if state.code == DeliverableStatus.DROPPED:
        reason = _("The deliverable was dropped.") + (f" {facts.notes.strip()}" if facts.notes.strip() else "")
        return Cell(slot, MISSED, 0, reason, rule=rule + ": " + state.label)
    if state.code == LATE:
        reason = _("Not done by the due date %(due)s.") % {"due": _day(facts.due)}
        return Cell(slot, MISSED, 0, reason, rule=rule + ": " + state.label)
    if state.code == DeliverableStatus.DONE:  # done without evidence: the services refuse it; old data
        reason = _("Marked done without evidence.")
        if as_of > facts.due:
            return Cell(slot, MISSED, 0, reason, rule=rule)
        return Cell(slot, IN_PROGRESS, 0, reason, days_left=max((facts.due - as_of).days, 0), rule=rule)
    return Cell(slot, IN_PROGRESS, 0, days_left=max((facts.due - as_of).days, 0), rule=rule + ": " + state.label)
