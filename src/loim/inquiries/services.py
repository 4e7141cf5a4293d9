"""Every write of the inquiries app: keyword-only, atomic, validated before anything is saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loim.core import tabular
from loim.core.tabular.bulk import insert_rows
from loim.core.versioning import save_versioned

from . import rollups
from .importing import ParsedRow, TableReader, Validation, validate_table
from .models import Inquiry, InquiryImport, ReferralTarget, ServiceGapNote, Topic


class ImportRejected(tabular.ImportRejected):
    """The file had invalid rows (or none); nothing was written. Keeps the whole check."""

    def __init__(self, validation: Validation):
        super().__init__(validation.errors, validation.error_count)
        self.validation = validation


def _require_topics(topics) -> list[Topic]:
    topics = list(topics or [])
    if not topics:
        raise ValidationError({"topics": _("Choose at least one topic.")})
    return topics


@transaction.atomic
def inquiry_create(
    *,
    party,
    date: dt.date,
    channel: str,
    language: str,
    topics: Iterable[Topic],
    category: str = "unknown",
    referrals: Iterable[ReferralTarget] = (),
    minutes: int | None = None,
    municipality=None,
    activity=None,
    note: str = "",
    created_by=None,
) -> Inquiry:
    topics = _require_topics(topics)
    inquiry = Inquiry(
        party=party,
        date=date,
        channel=channel,
        language=language,
        category=category or "unknown",
        minutes=minutes,
        municipality=municipality,
        activity=activity,
        note=(note or "").strip(),
        created_by=created_by,
    )
    inquiry.full_clean()
    inquiry.save()
    inquiry.topics.set(topics)
    inquiry.referrals.set(list(referrals or []))
    rollups.add(Inquiry.objects.filter(pk=inquiry.pk))
    return inquiry


@transaction.atomic
def inquiry_update(
    *,
    inquiry: Inquiry,
    date: dt.date,
    channel: str,
    language: str,
    topics: Iterable[Topic],
    category: str = "unknown",
    referrals: Iterable[ReferralTarget] = (),
    minutes: int | None = None,
    municipality=None,
    activity=None,
    note: str = "",
    version: int | None = None,
) -> Inquiry:
    """Correct an inquiry; the party stays (moving a record between parties is not a correction).
    A correction made from `version` (default: the version read) after someone else saved the inquiry
    is refused with StaleVersion, nothing written (core.versioning)."""
    topics = _require_topics(topics)
    inquiry.date = date
    inquiry.channel = channel
    inquiry.language = language
    inquiry.category = category or "unknown"
    inquiry.minutes = minutes
    inquiry.municipality = municipality
    inquiry.activity = activity
    inquiry.note = (note or "").strip()
    inquiry.full_clean()
    with rollups.tracked(Inquiry.objects.filter(pk=inquiry.pk)):
        save_versioned(inquiry, expected=version)
        inquiry.topics.set(topics)
        inquiry.referrals.set(list(referrals or []))
    return inquiry


@transaction.atomic
def inquiry_delete(*, inquiry: Inquiry) -> None:
    inquiry.delete()  # uncounted from the rollup by the model


INQUIRY_COLUMNS = ("date", "channel", "language", "category", "minutes", "municipality_id", "note")


def _bulk_write(*, party, rows: list[ParsedRow], batch: InquiryImport | None, created_by) -> int:
    """Insert parsed rows and their topic and referral links with multi-row inserts (no per-row
    saves, no model instances: `core.tabular.bulk`); the rows were validated against the model's
    fields first (importing.validate_table)."""
    constants = {
        "party_id": party.pk,
        "batch_id": batch.pk if batch else None,
        "created_by_id": created_by.pk if created_by else None,
    }
    ids = insert_rows(
        Inquiry,
        INQUIRY_COLUMNS,
        [
            (row.date, row.channel, row.language, row.category, row.minutes, row.municipality_id, row.note)
            for row in rows
        ],
        constants=constants,
    )
    pairs = list(zip(ids, rows, strict=True))
    insert_rows(
        Inquiry.topics.through,
        ("inquiry_id", "topic_id"),
        [(pk, topic_id) for pk, row in pairs for topic_id in row.topic_ids],
    )
    insert_rows(
        Inquiry.referrals.through,
        ("inquiry_id", "referraltarget_id"),
        [(pk, target_id) for pk, row in pairs for target_id in row.referral_ids],
    )
    rollups.apply(rollups.of_rows(party.pk, rows))
    return len(ids)


def inquiries_import(
    *, party, reader: TableReader, mapping: dict[str, int | None], created_by=None, validation: Validation | None = None
) -> InquiryImport:
    """Validate every row, then write all of them in one transaction, or none (ImportRejected).

    Rows are checked in memory against lookups fetched once, and written with bulk inserts, so no
    per-row full_clean(): the checks are the ones the model's fields make, and the free-text note
    runs the note field's own validators (see importing.py).
    """
    validation = validation or validate_table(reader, mapping)
    if not validation.ok:
        raise ImportRejected(validation)
    with transaction.atomic():
        batch = InquiryImport(party=party, file_name=reader.file_name[:200], created_by=created_by)
        batch.full_clean()
        batch.save()
        batch.row_count = _bulk_write(party=party, rows=validation.rows, batch=batch, created_by=created_by)
        batch.save(update_fields=["row_count"])
    return batch


def inquiries_write_parsed(*, party, rows: list[ParsedRow], created_by=None) -> int:
    """Write already validated rows without an import record (demo data)."""
    with transaction.atomic():
        return _bulk_write(party=party, rows=rows, batch=None, created_by=created_by)


@transaction.atomic
def inquiry_import_undo(*, batch: InquiryImport) -> int:
    """Delete an import and every inquiry it wrote. The import's own deletion is audited; the
    inquiries it wrote were not audited one by one when imported, and are not when removed."""
    count = batch.inquiries.count()
    with disable_auditlog():
        # uncounted from the rollup by the queryset, before its links go with it
        Inquiry.objects.filter(batch=batch).delete()
    batch.delete()
    return count


@transaction.atomic
def service_gap_note_create(
    *,
    party,
    topic: Topic,
    period_start: dt.date,
    period_end: dt.date,
    inquiry_count: int,
    text: str,
    created_by=None,
) -> ServiceGapNote:
    note = ServiceGapNote(
        party=party,
        topic=topic,
        period_start=period_start,
        period_end=period_end,
        inquiry_count=inquiry_count,
        text=text.strip(),
        created_by=created_by,
    )
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def service_gap_note_delete(*, note: ServiceGapNote) -> None:
    note.delete()


@transaction.atomic
def vocabulary_entry_save(*, entry: Topic | ReferralTarget, **fields) -> Topic | ReferralTarget:
    """Create or change a topic or a referral target (ELVL administrators)."""
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    return entry
