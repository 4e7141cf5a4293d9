"""Every write of the communication app: keyword-only, atomic, `full_clean()` before save. The pages,
the API and the import all call these, so they refuse the same input with the same words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from loim.core import uploads
from loim.core.versioning import save_versioned

from .models import Channel, JobStatus, Output, SubjectKind, TranslationJob

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
#: evidence of an output: a screenshot, a scan of the newspaper page, the leaflet as a PDF or office file
EVIDENCE_TYPES: dict[str, str] = {
    extension: uploads.TYPES[extension]
    for extension in (".pdf", ".jpg", ".jpeg", ".png", ".odt", ".odp", ".docx", ".pptx")
}


def evidence_types_text() -> str:
    return uploads.extensions_text(EVIDENCE_TYPES)


@dataclass
class OutputInput:
    kind: str
    channel: Channel | None
    languages: list[str]
    date: dt.date | None
    title: str
    link: str = ""
    reach: int | None = None
    reach_unit: str = ""
    activity: object | None = None
    evidence: object | None = None  # an uploaded file (replaces the kept one)
    remove_evidence: bool = False

    @classmethod
    def from_output(cls, output: Output) -> OutputInput:
        return cls(
            kind=output.kind,
            channel=output.channel,
            languages=list(output.languages),
            date=output.date,
            title=output.title,
            link=output.link,
            reach=output.reach,
            reach_unit=output.reach_unit,
            activity=output.activity,
        )


def _apply(output: Output, data: OutputInput) -> None:
    if data.channel is None:
        raise ValidationError({"channel": _("Choose one of your party's channels.")})
    output.kind = data.kind
    output.channel = data.channel
    output.languages = list(data.languages or [])
    output.date = data.date  # type: ignore[assignment]
    output.title = (data.title or "").strip()
    output.link = (data.link or "").strip()
    output.reach = data.reach
    output.reach_unit = data.reach_unit or ""
    output.activity = data.activity  # type: ignore[assignment]


def _check_evidence(upload) -> tuple[str, str]:
    try:
        return uploads.validate_upload(upload, types=EVIDENCE_TYPES, max_bytes=MAX_EVIDENCE_BYTES)
    except ValidationError as exc:
        raise ValidationError({"evidence": exc.messages}) from exc


def _save_with_evidence(output: Output, data: OutputInput, *, expected: int | None) -> Output:
    """Check everything (the file too) before anything is written; a stored file is removed again
    when the row cannot be saved, and a replaced one once the new row is saved."""
    checked = _check_evidence(data.evidence) if data.evidence is not None else None
    output.full_clean(exclude=["evidence", "version"])
    old = output.evidence.name if output.evidence and (checked or data.remove_evidence) else ""
    stored = ""
    if checked:
        output.evidence_name, output.evidence_type = checked
        output.evidence.save(checked[0], cast(File, data.evidence), save=False)
        stored = output.evidence.name or ""
    elif data.remove_evidence:
        output.evidence, output.evidence_name, output.evidence_type = "", "", ""
    try:
        save_versioned(output, expected=expected)
    except Exception:
        if stored:
            output.evidence.storage.delete(stored)
        raise
    if old:
        storage = output.evidence.storage
        transaction.on_commit(lambda: storage.delete(old))
    return output


@transaction.atomic
def output_create(*, party, data: OutputInput, created_by=None) -> Output:
    output = Output(party=party, created_by=created_by)
    _apply(output, data)
    return _save_with_evidence(output, data, expected=None)


@transaction.atomic
def output_update(*, output: Output, data: OutputInput, version: int | None = None) -> Output:
    """Change an output; the party stays. A change made from a stale `version` is refused
    (core.versioning's StaleVersion), nothing written."""
    _apply(output, data)
    return _save_with_evidence(output, data, expected=version)


@transaction.atomic
def output_delete(*, output: Output) -> None:
    stored = output.evidence.name if output.evidence else ""
    storage = output.evidence.storage
    output.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def channel_save(*, channel: Channel, **fields) -> Channel:
    """Create or change one of a party's channels (its vocabulary)."""
    for name, value in fields.items():
        setattr(channel, name, value.strip() if isinstance(value, str) else value)
    channel.full_clean()
    channel.save()
    return channel


@transaction.atomic
def channel_delete(*, channel: Channel) -> None:
    if channel.outputs.exists():
        raise ValidationError(
            _("The channel “%(name)s” has outputs recorded; mark it as not in use instead.") % {"name": channel.name}
        )
    channel.delete()


# --- translation jobs


@dataclass
class JobInput:
    subject_kind: str
    title: str
    source_language: str
    target_language: str
    translated_by: str
    date: dt.date | None
    status: str = JobStatus.DONE
    service: object | None = None
    document: object | None = None
    agency: object | None = None
    result_link: str = ""
    activity: object | None = None

    @classmethod
    def from_job(cls, job: TranslationJob) -> JobInput:
        return cls(
            subject_kind=job.subject_kind,
            title=job.title,
            source_language=job.source_language,
            target_language=job.target_language,
            translated_by=job.translated_by,
            date=job.date,
            status=job.status,
            service=job.service,
            document=job.document,
            agency=job.agency,
            result_link=job.result_link,
            activity=job.activity,
        )


def _apply_job(job: TranslationJob, data: JobInput) -> None:
    for name in (
        "subject_kind",
        "source_language",
        "target_language",
        "translated_by",
        "date",
        "status",
        "service",
        "document",
        "agency",
        "activity",
    ):
        setattr(job, name, getattr(data, name))
    job.title = (data.title or "").strip()
    job.result_link = (data.result_link or "").strip()
    if not job.title and data.service is not None:
        job.title = str(data.service)[:300]
    if job.subject_kind != SubjectKind.SERVICE and job.service_id is None:
        job.service = None


def _sync_service_translation(job: TranslationJob, *, user) -> None:
    """The Lõim service's translation follows the job: in progress → in translation, done → closed."""
    if job.service is None:
        return
    from loim.services.services import translation_mark_done, translation_mark_in_translation

    if job.status == JobStatus.IN_PROGRESS:
        translation_mark_in_translation(service=job.service, language=job.target_language)
    else:
        translation_mark_done(service=job.service, language=job.target_language, user=user)


@transaction.atomic
def translation_job_create(*, party, data: JobInput, created_by=None) -> TranslationJob:
    job = TranslationJob(party=party, created_by=created_by)
    _apply_job(job, data)
    job.full_clean(exclude=["version"])
    save_versioned(job)
    _sync_service_translation(job, user=created_by)
    return job


@transaction.atomic
def translation_job_update(*, job: TranslationJob, data: JobInput, version: int | None = None, user=None):
    was = (job.service_id, job.target_language, job.status)
    _apply_job(job, data)
    job.full_clean(exclude=["version"])
    save_versioned(job, expected=version)
    if (job.service_id, job.target_language, job.status) != was:
        _sync_service_translation(job, user=user)
    return job


@transaction.atomic
def translation_job_delete(*, job: TranslationJob) -> None:
    job.delete()
