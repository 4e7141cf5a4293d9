"""A person's links to records of other apps: inquiries and named event attendance.

They live here, in the register, so that `inquiries` and `events` stay free of personal data: an
inquiry or an event never knows who it was; only the register knows, and only its users see it.
Erasing the person deletes the links; the inquiry and the event stay, anonymous as before.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loim.core.tenancy import OwnedQuerySet

from .config import RegisterSettings
from .people import Person, PersonalRecord, audit_personal


class InquiryLink(PersonalRecord):
    """The person was the one asking in this (anonymous) counselling inquiry."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="inquiry_links")
    inquiry = models.ForeignKey(
        "inquiries.Inquiry", verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="+"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("linked"), auto_now_add=True)

    detail_template = "register/_inquiry_links.html"
    detail_related = ("inquiry",)

    class Meta:
        verbose_name = _("linked inquiry")
        verbose_name_plural = _("linked inquiries")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["person", "inquiry"], name="register_inquiry_link_unique")]

    def __str__(self) -> str:
        return f"L-{self.pk or 0:06d}"

    def clean(self):
        if self.person_id and self.inquiry_id and self.inquiry.party_id != self.person.party_id:
            raise ValidationError({"inquiry": _("The inquiry belongs to another party.")})

    def export_row(self) -> dict:
        inquiry = self.inquiry
        return {
            "inquiry": inquiry.pk,
            "date": inquiry.date,
            "channel": str(inquiry.get_channel_display()),
        }


class AttendanceQuerySet(OwnedQuerySet):
    def past_retention(self, *, party, today: dt.date):
        """Attendance at the party's events whose keeping time (RegisterSettings) has passed."""
        keep = RegisterSettings.for_party(party)
        year = today.year
        while year > 1900 and keep.attendance_erase_after(dt.date(year, 1, 1)) >= today:
            year -= 1
        # Events held in `year` or earlier are past their keeping time.
        boundary = timezone.make_aware(dt.datetime(year + 1, 1, 1))
        return self.filter(event__party=party, event__start__lt=boundary)


class Attendance(PersonalRecord):
    """The person attended the event (named attendance). Kept until `attendance_keep_months` after
    the end of the event's year, then deleted by the retention purge."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="attendance")
    event = models.ForeignKey("events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = AttendanceQuerySet.as_manager()

    detail_template = "register/_attendance.html"
    detail_related = ("event",)

    class Meta:
        verbose_name = _("event attended")
        verbose_name_plural = _("events attended")
        ordering = ["-event__start", "-pk"]
        constraints = [models.UniqueConstraint(fields=["person", "event"], name="register_attendance_unique")]

    def __str__(self) -> str:
        return f"A-{self.pk or 0:06d}"

    def clean(self):
        if self.person_id and self.event_id and self.event.party_id != self.person.party_id:
            raise ValidationError({"event": _("The event belongs to another party.")})

    def export_row(self) -> dict:
        event = self.event
        return {"event": event.title, "date": timezone.localtime(event.start).date()}


def link_models() -> list[Any]:
    """The person's links to other apps' records, found from the relations so that a new kind of link
    shows on the record page and in the person's export as soon as it exists. (Concrete PersonalRecord
    models with `person`, `detail_related` and `export_row`, which the abstract base does not declare.)"""
    return [
        rel.related_model
        for rel in Person._meta.related_objects
        if issubclass(rel.related_model, PersonalRecord) and hasattr(rel.related_model, "export_row")
    ]


audit_personal(InquiryLink, keep=["inquiry"])
audit_personal(Attendance, keep=["event"])
