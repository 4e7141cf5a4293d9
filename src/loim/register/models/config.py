"""The party's own configuration of its register: processing purposes, the consent texts people agree
to, and retention settings. None of it is personal data; it is what the record of processing
activities (GDPR art. 30) is generated from."""

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from loim.core.audit import audit
from loim.core.models import OwnedModel
from loim.core.vocabulary import Language


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter (31.01 + 1 → 28/29.02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("consent of the person (GDPR art. 6(1)(a))")
    PUBLIC_TASK = "public_task", _("performance of a public task (GDPR art. 6(1)(e))")
    LEGAL_OBLIGATION = "legal_obligation", _("legal obligation (GDPR art. 6(1)(c))")


class Purpose(OwnedModel):
    """Why the party keeps people's contact data, e.g. "information about events and services".

    A consent is always for one purpose; the invitation export, the access log and the record of
    processing activities all name purposes.
    """

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What is done with the data for this purpose, in plain words.")
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    recipients = models.TextField(
        _("recipients"),
        blank=True,
        help_text=_(
            "Who receives the data besides the party's own staff, e.g. the mailing or SMS service used "
            "for invitations (a processor). Write 'none' if nobody does."
        ),
    )
    third_country_transfers = models.CharField(
        _("transfers outside the EU/EEA"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty if the data does not leave the European Economic Area."),
    )
    consent_months = models.PositiveSmallIntegerField(
        _("consent lasts (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("A consent for this purpose ends this many months after it was given, unless a date is set."),
    )
    active = models.BooleanField(_("in use"), default=True, help_text=_("New consents can be given only while in use."))

    class Meta:
        verbose_name = _("processing purpose")
        verbose_name_plural = _("processing purposes")
        ordering = ["party", "name"]
        constraints = [models.UniqueConstraint(fields=["party", "name"], name="register_purpose_unique_name")]

    def __str__(self) -> str:
        return self.name

    def default_consent_end(self, given_on: dt.date) -> dt.date:
        return add_months(given_on, self.consent_months) - dt.timedelta(days=1)


class ConsentText(OwnedModel):
    """One version of the text a person agrees to for a purpose, in one language.

    Consents point at the exact version agreed to, so a changed text never changes what earlier
    consents meant (GDPR art. 7(1): the controller must be able to show what was consented to).
    """

    purpose = models.ForeignKey(Purpose, verbose_name=_("purpose"), on_delete=models.PROTECT, related_name="texts")
    version = models.CharField(_("version"), max_length=30, help_text=_("e.g. 2024-1"))
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.ESTONIAN)
    body = models.TextField(_("text"))
    published_on = models.DateField(_("in use from"))

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["purpose", "-published_on", "version", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "version", "language"], name="register_consent_text_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.get_language_display()})"

    def clean(self):
        if self.purpose_id and self.party_id and self.purpose.party_id != self.party_id:
            raise ValidationError({"purpose": _("The purpose belongs to another party.")})


class RegisterSettings(OwnedModel):
    """A party's retention settings. A party without a row uses the defaults below."""

    retention_fallback_months = models.PositiveSmallIntegerField(
        _("retention without a partnership agreement (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "A person's data is kept at most until the end of the party's partnership term. If the party has "
            "no current agreement, it is kept at most this many months from the day the person was added."
        ),
    )
    attendance_keep_months = models.PositiveSmallIntegerField(
        _("keep named attendance (months after the event's year)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_(
            "Who attended an event is kept until the year's report has been made: by default until "
            "30 June of the following year."
        ),
    )
    access_log_keep_months = models.PositiveSmallIntegerField(
        _("keep the access log (months)"),
        default=36,
        validators=[MinValueValidator(12), MaxValueValidator(120)],
        help_text=_("Entries of the access log are deleted after this many months."),
    )

    DEFAULTS = {"retention_fallback_months": 24, "attendance_keep_months": 6, "access_log_keep_months": 36}

    class Meta:
        verbose_name = _("register settings")
        verbose_name_plural = _("register settings")
        constraints = [models.UniqueConstraint(fields=["party"], name="register_settings_one_per_party")]

    def __str__(self) -> str:
        return str(_("Register settings of %(party)s") % {"party": self.party})

    @classmethod
    def for_party(cls, party) -> "RegisterSettings":
        """The party's settings, or an unsaved row with the defaults."""
        return cls.objects.filter(party=party).first() or cls(party=party, **cls.DEFAULTS)

    def attendance_erase_after(self, event_day: dt.date) -> dt.date:
        """The last day named attendance of an event held on `event_day` is kept."""
        return add_months(dt.date(event_day.year, 12, 31), self.attendance_keep_months)


audit(Purpose)
audit(ConsentText)
audit(RegisterSettings)
