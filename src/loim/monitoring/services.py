"""Every write monitoring makes: keyword-only, validated, atomic.

Callers (views, the API, the demo, tasks) check access through core.tenancy first; these functions
check what the data itself demands (a manual value only for an indicator measured by hand, a note
only by a party that answers for the activity). The reporting cycle's steps are in `cycle.py`.
"""

from __future__ import annotations

import functools
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from loim.core import uploads
from loim.parties.models import Party
from loim.plans.models import Activity, Indicator, Obligation, ObligationSubject, Plan

from .models import (
    BUILD_STALE_AFTER,
    MAX_BUILD_ATTEMPTS,
    ActivityReportNote,
    BuildStatus,
    DeviationExplanation,
    ManualValue,
    ObligationConfirmation,
    ReportBuild,
    ReportFormat,
    ReportPeriod,
)

logger = logging.getLogger(__name__)

# Evidence of a value entered by hand: documents, pictures and plain text, checked by content too.
EVIDENCE_TYPES = {
    extension: uploads.TYPES[extension]
    for extension in (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".odt", ".ods", ".txt")
}
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def manual_indicator(*, year: int, key: str) -> Indicator:
    """The indicator of that plan year that is measured by hand; ValidationError otherwise."""
    from .engine.rules import MANUAL, Context, resolve

    indicator = Indicator.objects.filter(plan__year=year, key=key).select_related("plan").first()
    if indicator is None:
        raise ValidationError(
            {"indicator_key": _("The %(year)s plan has no indicator %(key)s.") % {"year": year, "key": key}}
        )
    if resolve(indicator, Context.load([indicator.plan_id])).method != MANUAL:
        raise ValidationError({"indicator_key": _("This indicator is counted from records, not entered by hand.")})
    return indicator


def check_evidence_file(upload) -> None:
    """The attachments' check (core.uploads: extension and content), with the evidence's types."""
    if upload is None:
        return
    try:
        uploads.validate_upload(upload, types=EVIDENCE_TYPES, max_bytes=MAX_EVIDENCE_BYTES)
    except ValidationError as exc:
        raise ValidationError({"evidence_file": exc.messages}) from exc


@transaction.atomic
def manual_value_save(
    *,
    party: Party,
    year: int,
    indicator_key: str,
    value: Decimal,
    evidence: str,
    author,
    evidence_file=None,
    instance: ManualValue | None = None,
) -> ManualValue:
    """Create or update the party's value of a manually measured indicator for a plan year."""
    manual_indicator(year=year, key=indicator_key)
    check_evidence_file(evidence_file)
    record = instance or ManualValue.objects.filter(party=party, indicator_key=indicator_key, year=year).first()
    record = record or ManualValue(party=party, indicator_key=indicator_key, year=year)
    if instance is not None and (
        record.party_id != party.pk or record.indicator_key != indicator_key or record.year != year
    ):
        clash = ManualValue.objects.filter(party=party, indicator_key=indicator_key, year=year).exclude(pk=record.pk)
        if clash.exists():
            raise ValidationError(_("This party already has a value for this indicator and year; edit that one."))
        record.party, record.indicator_key, record.year = party, indicator_key, year
    record.value = value
    record.evidence = evidence.strip()
    record.author = author if getattr(author, "pk", None) else None
    record.recorded_on = timezone.localdate()
    if evidence_file is not None:
        record.evidence_file = evidence_file
        record.evidence_file_name = evidence_file.name[:200]
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def manual_value_delete(*, record: ManualValue) -> None:
    if record.evidence_file:
        record.evidence_file.delete(save=False)
    record.delete()


def _period_keys(obligation: Obligation) -> list[str]:
    from .obligations import slots_of

    return [slot.key for slot in slots_of(obligation, obligation.plan)]


def _period_record(model, obligation: Obligation, period_key: str, party: Party):
    """The party's record of one period of a commitment (a confirmation, an explanation): the one
    there is, or a new one; a period the commitment does not have is refused."""
    if period_key not in _period_keys(obligation):
        raise ValidationError({"period_key": _("No such period for this commitment.")})
    record = model.objects.filter(obligation=obligation, period_key=period_key).first()
    return record or model(obligation=obligation, period_key=period_key, party=party)


@transaction.atomic
def obligation_confirm(
    *, obligation: Obligation, party: Party, period_key: str, evidence: str, author, count: int = 1
) -> ObligationConfirmation:
    """The responsible party confirms a commitment kept by hand (work that is not an event)."""
    if obligation.subject != ObligationSubject.MANUAL:
        raise ValidationError(_("This commitment is counted from records; there is nothing to confirm by hand."))
    if obligation.responsible_id != party.pk:
        raise ValidationError(_("Only the responsible party confirms its commitment."))
    record = _period_record(ObligationConfirmation, obligation, period_key, party)
    record.count, record.evidence = count, evidence.strip()
    record.author = author if getattr(author, "pk", None) else None
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def confirmation_delete(*, record: ObligationConfirmation) -> None:
    record.delete()


@transaction.atomic
def deviation_explain(
    *, obligation: Obligation, party: Party, period_key: str, text: str, author
) -> DeviationExplanation:
    """The responsible party explains a missed period of its commitment (one explanation a period;
    writing again replaces the text). Whether the period is missed is the caller's check: the
    verdict depends on the day judged, the explanation stays."""
    if obligation.responsible_id != party.pk:
        raise ValidationError(_("Only the responsible party explains a deviation of its commitment."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the explanation: what happened, and what is done about it.")})
    record = _period_record(DeviationExplanation, obligation, period_key, party)
    record.text = text.strip()
    record.author = author if getattr(author, "pk", None) else None
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def deviation_explanation_delete(*, record: DeviationExplanation) -> None:
    record.delete()


@transaction.atomic
def report_note_save(
    *, activity: Activity, party: Party, text: str, author, period: str = ReportPeriod.YEAR
) -> ActivityReportNote:
    """The party's explanation for an activity it answers for (one per party, activity and period)."""
    if not activity.responsible_parties.filter(pk=party.pk).exists():
        raise ValidationError(_("%(party)s does not answer for this activity.") % {"party": party})
    note = ActivityReportNote.objects.filter(activity=activity, party=party, period=period).first()
    note = note or ActivityReportNote(activity=activity, party=party, period=period)
    note.text = text.strip()
    note.author = author if getattr(author, "pk", None) else None
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def report_note_delete(*, note: ActivityReportNote) -> None:
    note.delete()


# --- Report files --------------------------------------------------------------------------------


def report_file_name(plan: Plan, fmt: str, subject_party: Party | None = None, period: str = "year") -> str:
    suffix = f"-{subject_party.slug}" if subject_party else ""
    kind = "poolaasta-aruanne" if period == ReportPeriod.H1 else "aruanne"
    return f"tegevuskava-{plan.year}-{kind}{suffix}.{fmt}"


@transaction.atomic
def report_build_request(
    *,
    plan: Plan,
    fmt: str,
    user,
    party: Party,
    subject_party: Party | None = None,
    period: str = ReportPeriod.YEAR,
) -> ReportBuild:
    """Record a request for a report file (the year's or H1's) and hand it to the worker (on commit)."""
    if fmt not in ReportFormat.values:
        raise ValidationError({"format": _("Unknown format %s.") % fmt})
    build = ReportBuild(
        plan=plan, format=fmt, period=period, party=party, subject_party=subject_party, requested_by=user
    )
    build.full_clean()
    build.save()
    from .tasks import build_report_file

    transaction.on_commit(lambda: build_report_file.enqueue(build.pk))
    return build


def report_build_run(*, build: ReportBuild) -> ReportBuild:
    """Build the file as the person who asked for it would see the report, and store it."""
    from .buildlock import building

    if build.is_finished:
        return build
    # The build's lock first (PostgreSQL: held by this session until the build is stored, released
    # by PostgreSQL if the worker dies), then the claim, so a build "being built" without its lock
    # has lost its worker.
    with building(build.pk) as held:
        if not held:
            return build
        return _build_claimed(build)


def _build_claimed(build: ReportBuild) -> ReportBuild:
    from .access import Viewer
    from .rendering import render

    # Claim it: only a waiting build is taken, so a retried build is never built twice at once.
    now = timezone.now()
    claimed = ReportBuild.objects.filter(pk=build.pk, status=BuildStatus.PENDING).update(
        status=BuildStatus.RUNNING, started_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return build
    build.refresh_from_db(fields=["status", "started_at", "attempts"])
    try:
        if build.requested_by is None or not build.requested_by.is_active:
            raise PermissionError(_("The person who asked for the report can no longer sign in."))
        viewer = Viewer(user=build.requested_by, party=build.subject_party)
        content = render(build.plan, viewer, build.format, period=build.period)
        name = report_file_name(build.plan, build.format, build.subject_party, build.period)
        build.file.save(name, ContentFile(content), save=False)
        build.file_name = name
        build.status = BuildStatus.READY
    except Exception as exc:  # a failed build is shown to the person, never a silent hang
        logger.exception("report build %s failed", build.pk)
        build.status = BuildStatus.FAILED
        build.error = str(exc)[:1000] or exc.__class__.__name__
    build.finished_at = timezone.now()
    build.save(update_fields=["file", "file_name", "status", "error", "finished_at", "updated_at"])
    return build


def report_builds_recover(*, build: ReportBuild | None = None, now=None) -> tuple[int, int]:
    """Builds whose worker vanished (still "being built" past BUILD_STALE_AFTER, or on PostgreSQL
    without a session holding the build's lock, see `buildlock`): hand each back to
    the worker if it has attempts left, else mark it failed with a message. Called when a build's
    page loads and by the worker before each build, since a new worker does not take over the
    task a dead one held. Returns (retried, failed); safe to run concurrently (conditional updates).
    """
    from .buildlock import worker_gone
    from .tasks import build_report_file

    now = now or timezone.now()
    running = ReportBuild.objects.filter(status=BuildStatus.RUNNING)
    if build is not None:
        running = running.filter(pk=build.pk)
    old = Q(started_at__lt=now - BUILD_STALE_AFTER) | Q(started_at__isnull=True, updated_at__lt=now - BUILD_STALE_AFTER)
    old_ones = set(running.filter(old).values_list("pk", flat=True))
    retried = failed = 0
    for pk, attempts, started_at in running.values_list("pk", "attempts", "started_at"):
        if pk not in old_ones and not worker_gone(pk):
            continue
        same = ReportBuild.objects.filter(pk=pk, status=BuildStatus.RUNNING, started_at=started_at)
        if attempts < MAX_BUILD_ATTEMPTS:
            if same.update(status=BuildStatus.PENDING, updated_at=now):
                retried += 1
                logger.warning("report build %s lost its worker; retrying (attempt %s)", pk, attempts + 1)
                transaction.on_commit(functools.partial(build_report_file.enqueue, pk))
        else:
            message = _(
                "The background worker stopped while building the file, %(attempts)d times. "
                "Start the build again; if it stops again, tell an administrator."
            ) % {"attempts": attempts}
            if same.update(status=BuildStatus.FAILED, error=message, finished_at=now, updated_at=now):
                failed += 1
                logger.error("report build %s lost its worker %s times; marked failed", pk, attempts)
    if build is not None and (retried or failed):
        build.refresh_from_db()
    return retried, failed
