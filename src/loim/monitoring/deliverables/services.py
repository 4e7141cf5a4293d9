"""Writing a deliverable's record: one typed input, every problem named by its field, nothing
written on error, a stale edit refused (`core.versioning`), every change in the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loim.core.versioning import save_versioned
from loim.plans.models import Deliverable

from ..models import DeliverableRecord, DeliverableStatus
from ..services import check_evidence_file


@dataclass(frozen=True)
class DeliverableInput:
    status: str
    done_on: dt.date | None = None
    events: list = field(default_factory=list)  # events.Event of the owner party
    links: str = ""  # document addresses, one per line
    notes: str = ""
    evidence_file: object | None = None  # an uploaded file, checked by core.uploads
    remove_file: bool = False


def link_problems(links: str) -> list[str]:
    """Each line must be a web address (http or https)."""
    check = URLValidator(schemes=["http", "https"])
    problems = []
    for number, line in enumerate((links or "").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            check(line.strip())
        except ValidationError:
            problems.append(
                _("Line %(number)d is not a web address (http:// or https://): %(line)s")
                % {"number": number, "line": line.strip()[:80]}
            )
    return problems


def evidence_needed_message() -> str:
    return _(
        "A deliverable marked done needs evidence: attach an evidence file, choose the events it produced"
        " or give document links. Nothing was saved."
    )


@transaction.atomic
def deliverable_record_save(
    *,
    deliverable: Deliverable,
    data: DeliverableInput,
    author,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> DeliverableRecord:
    """Create or update the owner party's record of a deliverable. Raises ValidationError naming the
    field (status: done without evidence; done_on; links; events; evidence_file) and writes nothing."""
    today = today or timezone.localdate()
    record = DeliverableRecord.objects.filter(deliverable=deliverable).first() or DeliverableRecord(
        deliverable=deliverable, party_id=deliverable.owner_id
    )
    errors: dict[str, list[str]] = {}
    if data.status not in DeliverableStatus.values:
        errors.setdefault("status", []).append(_("Unknown status %s.") % data.status)
    done = data.status == DeliverableStatus.DONE
    if done and data.done_on is None:
        errors.setdefault("done_on", []).append(_("Give the day the deliverable was done."))
    if data.done_on is not None and data.done_on > today:
        errors.setdefault("done_on", []).append(_("The day it was done cannot be later than today."))
    for problem in link_problems(data.links):
        errors.setdefault("links", []).append(problem)
    foreign = [event for event in data.events if event.party_id != deliverable.owner_id]
    if foreign:
        errors.setdefault("events", []).append(_("Only the owner party's own events can be its evidence."))
    try:
        check_evidence_file(data.evidence_file)
    except ValidationError as exc:
        errors.setdefault("evidence_file", []).extend(exc.message_dict["evidence_file"])
    keeps_file = bool(record.evidence_file) and not data.remove_file
    has_evidence = bool(data.evidence_file or keeps_file or data.links.strip() or data.events)
    if done and not has_evidence:
        errors.setdefault("status", []).append(evidence_needed_message())
    if errors:
        raise ValidationError(errors)

    old_file = record.evidence_file if (data.remove_file or data.evidence_file) and record.evidence_file else None
    record.status = data.status
    record.done_on = data.done_on if done else None
    record.links = "\n".join(line.strip() for line in data.links.splitlines() if line.strip())
    record.notes = data.notes.strip()
    record.author = author if getattr(author, "pk", None) else None
    if data.remove_file and not data.evidence_file:
        record.evidence_file, record.evidence_file_name = "", ""
    if data.evidence_file is not None:
        record.evidence_file = data.evidence_file
        record.evidence_file_name = str(getattr(data.evidence_file, "name", "") or "")[:200]
    record.full_clean(exclude=["events"])
    save_versioned(record, expected=expected_version)
    if set(record.events.all()) != set(data.events):
        record.events.set(data.events)
    if old_file and old_file.name:
        storage, name = old_file.storage, old_file.name
        transaction.on_commit(lambda: storage.delete(name))
    return record
