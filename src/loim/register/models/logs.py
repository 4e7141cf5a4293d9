"""The access log (who read which record, when and why) and erasure tombstones.

Neither holds a personal value of the people in the register. An access-log entry names its record by
number; when the person is erased the link is cut and only the number stays, which then identifies
nobody: the log keeps proving that reads happened and why (accountability, GDPR art. 5(2)) without
keeping anything about the person. A tombstone keeps only that an erasure happened, when, in which
party and on what ground.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from loim.core.audit import audit
from loim.core.models import OwnedModel
from loim.core.tenancy import OwnedQuerySet, Scope

from .config import Purpose


class AccessAction(models.TextChoices):
    VIEW = "view", _("opened the record")
    SEARCH = "search", _("shown in search results")
    CORRECT = "correct", _("corrected the data")
    CONTACT_LIST = "contact_list", _("included in a contact list")
    ATTENDANCE = "attendance", _("shown in an attendance list")
    EXPORT_JSON = "export_json", _("exported the person's data (JSON)")
    EXPORT_PDF = "export_pdf", _("exported the person's data (PDF)")
    RESTRICT = "restrict", _("restricted processing")
    LIFT_RESTRICTION = "lift_restriction", _("lifted the restriction")
    ERASE = "erase", _("erased the record")


class AccessReason(models.TextChoices):
    PURPOSE = "purpose", _("a processing purpose")
    SUBJECT_REQUEST = "subject_request", _("the person's own request")
    ACCURACY = "accuracy", _("keeping the record accurate")
    RETENTION = "retention", _("retention: the data's time was up")
    ACCESS_REQUEST = "access_request", _("the person's request for their data")
    ERASURE_REQUEST = "erasure_request", _("the person's request for erasure")


# The only reasons for which people who may no longer be processed (consent withdrawn or ended,
# processing restricted) are searched for by name: to honour their own access or erasure request.
REQUEST_REASONS = frozenset({AccessReason.ACCESS_REQUEST, AccessReason.ERASURE_REQUEST})


class AccessLog(OwnedModel):
    """One read (or subject-rights action) of one person's personal fields."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for the retention purge run by the system."),
    )
    person = models.ForeignKey(
        "register.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record_number = models.PositiveBigIntegerField(_("record number"))
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    reason = models.CharField(_("why"), max_length=20, choices=AccessReason.choices)
    purpose = models.ForeignKey(
        Purpose, verbose_name=_("purpose"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    tenancy_scope = Scope.PERSONAL
    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["party", "-created_at"], name="register_access_party_time"),
            models.Index(fields=["record_number"], name="register_access_record"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.action}"

    @property
    def reference(self) -> str:
        return f"R-{self.record_number:06d}"

    @property
    def why(self) -> str:
        return str(self.purpose) if self.purpose_id else self.get_reason_display()


class ErasureTrigger(models.TextChoices):
    SUBJECT_REQUEST = "subject_request", _("the person's request")
    CONSENT_ENDED = "consent_ended", _("consent withdrawn or ended")
    RETENTION = "retention", _("retention date passed")
    IMPORT_UNDONE = "import_undone", _("the import was undone")


class ErasureTombstone(OwnedModel):
    """That an erasure happened, when and in which party — deliberately nothing else."""

    trigger = models.CharField(_("ground"), max_length=20, choices=ErasureTrigger.choices)
    # The erased record's number (Person's id), as the access log keeps it: it identifies nobody once
    # the record is gone, and lets `loim restore` erase the person again from an older backup
    # (docs/decisions.md "Issue 18 — backups"). Empty on tombstones written before it was kept.
    record = models.PositiveBigIntegerField(_("record number"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"E-{self.pk or 0:06d}"


# The access log is itself an append-only accountability record. It is registered with the audit
# log (the tenancy check requires it), but written only with bulk_create, which the audit log does
# not see, so every read is not logged twice.
audit(AccessLog)
audit(ErasureTombstone)
