"""Monitoring's own records: values entered by hand with evidence, manual confirmations of
commitments, the responsible parties' explanations in the reports, the parties' report parts with
their submit–return–approve history (the reporting cycle), and report files built in the background.

Everything else monitoring shows is computed from other apps' records (events, participations,
coordinator positions, inquiries) by the engine; nothing here caches a computed figure.
"""

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.audit import audit
from loim.core.models import OwnedModel
from loim.core.versioning import Versioned


def evidence_path(instance, filename: str) -> str:
    """A random stored name under the owning party: the name reveals nothing, the original is kept."""
    return f"monitoring/evidence/{instance.party_id}/{secrets.token_hex(16)}"


class ManualValue(OwnedModel):
    """A value of an indicator entered by hand, for a plan year, with the evidence behind it.

    Indicators whose records Lõim does not hold (local networks, participation councils, the
    integration-journey model) are measured this way. Each party reports its own part (Tallinn its
    Lõimumiskoda, ELVL a programme-wide figure); the indicator's value is the sum of the parts the
    viewer may see. Evidence is required: a figure nobody can check is not a figure.
    """

    indicator_key = models.SlugField(_("indicator"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("What the value rests on: the networks or councils by name, minutes, decisions, links."),
    )
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_path, max_length=200, blank=True)
    evidence_file_name = models.CharField(_("file name"), max_length=200, blank=True)
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("manual indicator value")
        verbose_name_plural = _("manual indicator values")
        ordering = ["indicator_key", "year", "party"]
        constraints = [
            models.UniqueConstraint(fields=["party", "indicator_key", "year"], name="one_manual_value_per_party_year")
        ]

    def __str__(self) -> str:
        value = Decimal(self.value).normalize()
        return f"{self.indicator_key} {self.year}: {value:f}"

    def clean(self):
        if not (self.evidence or "").strip() and not self.evidence_file:
            raise ValidationError({"evidence": _("Describe the evidence or attach a file: a value needs evidence.")})


class ObligationConfirmation(OwnedModel):
    """A responsible party's confirmation that a commitment counted by hand was kept in one period
    (e.g. a piece of work that is not an event). Owned by the party that confirms."""

    obligation = models.ForeignKey(
        "plans.Obligation", verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="confirmations"
    )
    period_key = models.CharField(
        _("period"), max_length=24, help_text=_("e.g. 2024-Q1, 2024-03, 2024, 2024-by-2024-12-31")
    )
    count = models.PositiveIntegerField(_("how many"), default=1)
    evidence = models.TextField(_("evidence"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("commitment confirmation")
        verbose_name_plural = _("commitment confirmations")
        ordering = ["obligation", "period_key"]
        constraints = [models.UniqueConstraint(fields=["obligation", "period_key"], name="one_confirmation_per_period")]

    def __str__(self) -> str:
        return f"{self.obligation} {self.period_key}"


class DeliverableStatus(models.TextChoices):
    """What the owner party records. "Late" is not stored: it is derived when the due date has passed
    without the deliverable done or dropped (`deliverables.state`), so no clock can make it false."""

    PLANNED = "planned", pgettext_lazy("deliverable", "planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("deliverable", "in progress")
    DONE = "done", pgettext_lazy("deliverable", "done")
    DROPPED = "dropped", pgettext_lazy("deliverable", "dropped")


def deliverable_evidence_path(instance, filename: str) -> str:
    return f"monitoring/deliverables/{instance.party_id}/{secrets.token_hex(16)}"


class DeliverableRecord(Versioned, OwnedModel):
    """The state of one deliverable of the plan (`plans.Deliverable`), kept by its owner party: status,
    the day it was done, and the evidence (a file, the events it produced, links to documents).
    Its history is the audit trail. A deliverable nobody has recorded yet is simply planned."""

    deliverable = models.OneToOneField(
        "plans.Deliverable", verbose_name=_("deliverable"), on_delete=models.PROTECT, related_name="record"
    )
    status = models.CharField(
        pgettext_lazy("deliverable", "status"),
        max_length=12,
        choices=DeliverableStatus.choices,
        default=DeliverableStatus.PLANNED,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    events = models.ManyToManyField(
        "events.Event", verbose_name=_("events as evidence"), blank=True, related_name="deliverable_records"
    )
    links = models.TextField(
        _("document links"),
        blank=True,
        help_text=_("Addresses of documents (minutes, contracts, pages), one per line."),
    )
    evidence_file = models.FileField(
        _("evidence file"), upload_to=deliverable_evidence_path, max_length=200, blank=True
    )
    evidence_file_name = models.CharField(_("file name"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("What was done, or why it was dropped."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deliverable record")
        verbose_name_plural = _("deliverable records")
        ordering = ["deliverable__position"]

    def __str__(self) -> str:
        return f"{self.deliverable} — {self.get_status_display()}"

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in (self.links or "").splitlines() if line.strip()]


class DeviationExplanation(OwnedModel):
    """The responsible party's explanation of why one period of a commitment was missed ("the club did
    not meet in week 8: the leader was ill, two sessions were held in week 10"). Owned by the
    commitment's responsible party; shown on the period's page and the calendar, and a missed period
    with an explanation leaves that party's to-do list."""

    obligation = models.ForeignKey(
        "plans.Obligation", verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="explanations"
    )
    period_key = models.CharField(_("period"), max_length=24, help_text=_("e.g. 2024-W08, 2024-03, 2024-Q1"))
    text = models.TextField(_("explanation of the deviation"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("deviation explanation")
        verbose_name_plural = _("deviation explanations")
        ordering = ["obligation", "period_key"]
        constraints = [models.UniqueConstraint(fields=["obligation", "period_key"], name="one_explanation_per_period")]

    def __str__(self) -> str:
        return f"{self.obligation} {self.period_key}"


class ReportPeriod(models.TextChoices):
    """The reporting periods of a plan year: the half-year progress report and the yearly report."""

    H1 = "h1", _("first half-year (1.1–30.6)")
    YEAR = "year", _("year")


class ActivityReportNote(OwnedModel):
    """The responsible party's explanation, in the report of one period (H1 or the year), of what was
    done under an activity and why it deviates from the plan. Owned and edited by that party; ELVL and
    the ministry read it."""

    activity = models.ForeignKey(
        "plans.Activity", verbose_name=_("activity"), on_delete=models.CASCADE, related_name="report_notes"
    )
    period = models.CharField(
        _("reporting period"), max_length=4, choices=ReportPeriod.choices, default=ReportPeriod.YEAR
    )
    text = models.TextField(_("explanation of deviations"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("report note")
        verbose_name_plural = _("report notes")
        ordering = ["activity__position", "party"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "party", "period"], name="one_report_note_per_party_period")
        ]

    def __str__(self) -> str:
        return f"{self.activity.measure_code} — {self.party}"


class PartState(models.TextChoices):
    """Where one party's part of a period's report stands (monitoring/cycle.py moves it)."""

    DRAFT = "draft", _("being written")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")
    CHANGED = "changed", _("changed since approval")


LOCKED_STATES = (PartState.APPROVED, PartState.CHANGED)


class ReportPart(OwnedModel):
    """One party's part of the report of a plan year's period (H1 or the year).

    Owned by the reporting party: its editors submit it; ELVL's editors approve or return it
    (`loim.core.permissions` "review_report"), which the cycle module checks, not tenancy. Once
    approved the period is locked for that party (monitoring/locking.py): a later change of the
    records behind it needs a reason and makes the part "changed since approval".
    """

    plan = models.ForeignKey("plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="parts")
    period = models.CharField(_("reporting period"), max_length=4, choices=ReportPeriod.choices)
    state = models.CharField(
        pgettext_lazy("report part", "state"), max_length=10, choices=PartState.choices, default=PartState.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or returned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("approved or returned at"), null=True, blank=True)
    comment = models.TextField(_("implementer's comment"), blank=True)

    class Meta:
        verbose_name = _("report part")
        verbose_name_plural = _("report parts")
        ordering = ["plan", "period", "party"]
        constraints = [models.UniqueConstraint(fields=["plan", "period", "party"], name="one_part_per_party_period")]

    def __str__(self) -> str:
        return f"{self.plan.year} {self.get_period_display()} {self.party}"

    @property
    def locked(self) -> bool:
        return self.state in LOCKED_STATES


class StepAction(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned with a comment")
    APPROVED = "approved", _("approved")
    CHANGED = "changed", _("changed after approval")


class ReportPartStep(OwnedModel):
    """One step in a part's history: who submitted, returned, approved or changed it, when, and the
    comment or the reason (with what changed). Owned like its part; written only by the cycle."""

    part = models.ForeignKey(ReportPart, verbose_name=_("report part"), on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(pgettext_lazy("report part", "step"), max_length=10, choices=StepAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment or reason"), blank=True)
    what = models.TextField(_("what changed"), blank=True)

    class Meta:
        verbose_name = _("report part step")
        verbose_name_plural = _("report part steps")
        ordering = ["part", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.part} {self.action}"


class ReportFormat(models.TextChoices):
    HTML = "html", "HTML"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX (Word)"
    JSON = "json", "JSON"


class BuildStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("being built")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


# A build takes seconds; one still "being built" after this long has lost its worker (killed, the
# machine restarted). It is then retried, up to MAX_BUILD_ATTEMPTS in all, and after that failed.
BUILD_STALE_AFTER = dt.timedelta(minutes=10)
MAX_BUILD_ATTEMPTS = 2


def report_path(instance, filename: str) -> str:
    return f"monitoring/reports/{instance.party_id}/{secrets.token_hex(16)}"


class ReportBuild(OwnedModel):
    """One yearly report file built in the background for a person who asked for it.

    Owned by the requester's party. The file holds only what the requester may read, and those who
    may read this record (the party's members; ELVL and the ministry, who read everything anyway)
    may read all of that too.
    """

    plan = models.ForeignKey("plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="+")
    format = models.CharField(pgettext_lazy("report file", "format"), max_length=4, choices=ReportFormat.choices)
    period = models.CharField(
        _("reporting period"), max_length=4, choices=ReportPeriod.choices, default=ReportPeriod.YEAR
    )
    subject_party = models.ForeignKey(
        "parties.Party",
        verbose_name=_("party reported"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty for every party the requester may see."),
    )
    status = models.CharField(_("status"), max_length=10, choices=BuildStatus.choices, default=BuildStatus.PENDING)
    file = models.FileField(_("file"), upload_to=report_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True, help_text=_("When a worker took it."))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name or f"{self.plan.year} {self.format}"

    @property
    def is_finished(self) -> bool:
        return self.status in (BuildStatus.READY, BuildStatus.FAILED)

    def lost_worker(self, now=None) -> bool:
        """Taken by a worker that is gone: on PostgreSQL no session holds the build's lock any more
        (`buildlock`: known at once), everywhere one taken so long ago that the worker must have died
        (see BUILD_STALE_AFTER)."""
        from .buildlock import worker_gone

        if self.status != BuildStatus.RUNNING:
            return False
        now = now or timezone.now()
        return (self.started_at or self.updated_at) < now - BUILD_STALE_AFTER or worker_gone(self.pk)

    @property
    def waiting_long(self) -> bool:
        """Still waiting after half a minute: the background worker is probably not running."""
        return self.status == BuildStatus.PENDING and timezone.now() - self.created_at > dt.timedelta(seconds=30)


audit(ManualValue, exclude=["evidence_file"])
audit(ObligationConfirmation)
audit(DeliverableRecord, exclude=["evidence_file", "version"], m2m=["events"])
audit(ActivityReportNote)
audit(DeviationExplanation)
audit(ReportPart)
audit(ReportPartStep)
audit(ReportBuild, exclude=["file", "status", "finished_at", "error", "started_at", "attempts"])
