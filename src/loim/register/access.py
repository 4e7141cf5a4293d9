"""Reading personal data: the access log and the "open record" window.

Every page, search result or file that shows a person's personal fields writes one access-log entry
per person shown: who, when, which record, and why. The "why" is chosen by the user when they open
a record or run a search, from the party's processing purposes plus two fixed reasons (the person's
own request; keeping the record accurate).

Opening a record stores the chosen reason in the user's session for `WINDOW` (sliding), so moving
between the record's pages does not ask again; each page shown is still logged with that reason.
The session stores only the record's id and the reason's code, never a personal value.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from .models import AccessAction, AccessLog, AccessReason, Person, Purpose

WINDOW = dt.timedelta(minutes=30)
SESSION_KEY = "register_open_records"


@dataclass(frozen=True)
class Why:
    """The reason for a read: a fixed reason, and the purpose when the reason is a purpose."""

    reason: str
    purpose_id: int | None = None

    def __post_init__(self):
        if self.reason not in AccessReason.values:
            raise ValueError("unknown access reason")
        if (self.reason == AccessReason.PURPOSE) != (self.purpose_id is not None):
            raise ValueError("a purpose is given exactly when the reason is a purpose")

    @property
    def code(self) -> str:
        return f"purpose:{self.purpose_id}" if self.purpose_id else self.reason

    @classmethod
    def parse(cls, code: str) -> "Why":
        if code.startswith("purpose:"):
            return cls(AccessReason.PURPOSE, int(code.split(":", 1)[1]))
        return cls(code)


SUBJECT_REQUEST = Why(AccessReason.SUBJECT_REQUEST)
RETENTION = Why(AccessReason.RETENTION)


def log_access(*, actor, people: Iterable[Person], action: str, why: Why) -> int:
    """One access-log entry per person, in one INSERT. Returns how many were written."""
    now = timezone.now()
    entries = [
        AccessLog(
            party_id=person.party_id,
            actor=actor,
            person=person,
            record_number=person.pk,
            action=AccessAction(action),
            reason=why.reason,
            purpose_id=why.purpose_id,
            created_at=now,
            updated_at=now,
        )
        for person in people
    ]
    AccessLog.objects.bulk_create(entries)
    return len(entries)


def _windows(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def _open(request, key: str, why: Why) -> None:
    now = timezone.now()
    windows = {k: v for k, v in _windows(request).items() if dt.datetime.fromisoformat(v["until"]) > now}
    windows[key] = {"why": why.code, "until": (now + WINDOW).isoformat()}
    request.session[SESSION_KEY] = windows


def _window(request, key: str, party_id: int) -> Why | None:
    """The reason a window was opened with, if it is still open; the window slides on each use."""
    window = _windows(request).get(key)
    if not window or dt.datetime.fromisoformat(window["until"]) <= timezone.now():
        return None
    try:
        why = Why.parse(window["why"])
    except (ValueError, KeyError):
        return None
    if why.purpose_id and not Purpose.objects.filter(pk=why.purpose_id, party_id=party_id).exists():
        return None
    _open(request, key, why)
    return why


def _close(request, key: str) -> None:
    windows = _windows(request)
    if windows.pop(key, None) is not None:
        request.session[SESSION_KEY] = windows


def open_record(request, person: Person, why: Why) -> None:
    """Remember, for this session, that the user opened the record and why."""
    _open(request, f"person:{person.pk}", why)


def open_records(request, people: Iterable[Person], why: Why) -> None:
    for person in people:
        open_record(request, person, why)


def record_window(request, person: Person) -> Why | None:
    return _window(request, f"person:{person.pk}", person.party_id)


def close_record(request, person: Person) -> None:
    _close(request, f"person:{person.pk}")


def open_attendance(request, event, why: Why) -> None:
    """The attendance list of an event names people: it is opened with a reason like a record."""
    _open(request, f"event:{event.pk}", why)


def attendance_window(request, event) -> Why | None:
    return _window(request, f"event:{event.pk}", event.party_id)
