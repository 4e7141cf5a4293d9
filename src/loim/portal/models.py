"""Public portal models: the answers to "Is this page helpful?" and the municipalities' contact points.

An answer keeps no personal data: no address, no account, no cookie — the page, its language, yes or
no and an optional comment (a visitor may still type a name or an e-mail in it; the form says not
to). It belongs to the party whose page it was (a municipality's pages to that municipality, the
others to ELVL) and only that party's members read it (`Scope.PARTY_ONLY`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loim.core.audit import audit
from loim.core.models import OwnedModel
from loim.core.tenancy import OwnedQuerySet, Scope
from loim.core.translations import TranslatableSource, Translation
from loim.core.versioning import Versioned
from loim.network.models import validate_languages, validate_phone

MAX_COMMENT = 1000


class PageFeedback(OwnedModel):
    path = models.CharField(_("page"), max_length=300)
    language = models.CharField(_("language"), max_length=2)
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), max_length=MAX_COMMENT, blank=True)

    tenancy_scope = Scope.PARTY_ONLY

    class Meta:
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.path} ({'+' if self.helpful else '-'})"


audit(PageFeedback)


# --- Contact points (issue 14): where a newcomer turns in a partner municipality -------------------


class ContactPoint(TranslatableSource, Versioned, OwnedModel):
    """A partner municipality's public contact point, kept by its own staff: the address, opening
    hours, the languages spoken, the coordinator's work contacts and optional notes. One per party.

    The Estonian texts are here; `opening_hours` and `notes` are translated into English, Russian and
    Ukrainian as `ContactPointTranslation` rows (`core.translations`, statuses as a service's). The
    address, the name, the phone and the e-mail are the same in every language and are not translated.
    Everything here is public: it is published on the municipality's page as it is saved."""

    address = models.CharField(
        _("address"), max_length=300, help_text=_("Street, house and room, as a visitor looks for it.")
    )
    opening_hours = models.TextField(
        _("opening hours"),
        help_text=_("One line per group of days, days written out or abbreviated, e.g. “E–N 9–17, R 9–14”."),
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True, validators=[validate_languages])
    coordinator_name = models.CharField(_("coordinator's name"), max_length=200, blank=True)
    coordinator_phone = models.CharField(
        _("coordinator's work phone"), max_length=40, blank=True, validators=[validate_phone]
    )
    coordinator_email = models.EmailField(_("coordinator's work e-mail"), blank=True)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Optional: e.g. come without an appointment, or how to book one.")
    )

    tenancy_scope = Scope.SHARED
    translatable_fields = ("opening_hours", "notes")

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["party"]
        constraints = [models.UniqueConstraint(fields=["party"], name="one_contact_point_per_party")]

    def __str__(self) -> str:
        return f"{self.party}: {self.address}"


class ContactPointTranslation(Translation, Versioned):
    """One language (en, ru, uk) of a contact point's opening hours and notes, made from one text
    version of it. Scoped through its contact point: read and written by whoever reads or edits it."""

    contact_point = models.ForeignKey(
        ContactPoint, verbose_name=_("contact point"), on_delete=models.CASCADE, related_name="translations"
    )
    opening_hours = models.TextField(_("opening hours"))
    notes = models.TextField(_("notes"), blank=True)

    source_field = "contact_point"
    tenancy_scope = Scope.SHARED
    tenancy_party_path = "contact_point__party"
    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact point translation")
        verbose_name_plural = _("contact point translations")
        ordering = ["contact_point", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact_point", "language"], name="one_contact_point_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact_point} ({self.language})"

    def get_additional_data(self) -> dict:
        return {"party_id": self.contact_point.party_id}


audit(ContactPoint)
audit(ContactPointTranslation)
