"""Services models: the service catalogue with its translations (issue 13), and the journey-model
rollout (`rollout_models.py`, imported at the end so Django finds it).

A service is a SHARED record like the directory it draws its providers from: every member of any
party reads the catalogue, the owning party's admins and coordinators change it. Its Estonian text is
the source (`core.translations.TranslatableSource`); English, Russian and Ukrainian are rows of
`ServiceTranslation`, each made from one text version of the service.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.audit import audit
from loim.core.models import OwnedModel
from loim.core.tenancy import Scope
from loim.core.translations import TranslatableSource, Translation
from loim.core.versioning import Versioned
from loim.network.models import Confirmed, validate_languages, validate_phone

# --- Service catalogue (issue 13) -------------------------------------------------------------------

MAX_LINKS = 10


def validate_links(value) -> None:
    check = URLValidator(schemes=["http", "https"])
    if not isinstance(value, list) or len(value) > MAX_LINKS:
        raise ValidationError(_("Give at most %d links, one per line.") % MAX_LINKS, code="invalid_links")
    for link in value:
        try:
            check(link)
        except ValidationError:
            raise ValidationError(
                _("%(link)s is not a web address (it starts with https:// or http://).") % {"link": link},
                code="invalid_link",
            ) from None


class Area(models.TextChoices):
    NATIONAL = "national", _("the whole country")
    COUNTY = "county", _("a county")
    MUNICIPALITIES = "municipalities", _("specific municipalities")


class ServiceText(models.Model):
    """The texts a service is described in: the Estonian source and each translation carry them."""

    name = models.CharField(pgettext_lazy("service", "name"), max_length=200)
    summary = models.TextField(_("what it is"))
    eligibility = models.TextField(_("who may use it"), blank=True)
    steps = models.TextField(_("how to get it"), blank=True, help_text=_("One step per line."))
    documents_needed = models.TextField(_("documents needed"), blank=True, help_text=_("One document per line."))
    cost = models.CharField(_("cost"), max_length=300, blank=True, help_text=_("E.g. free of charge, or 25 euros."))
    hours = models.TextField(_("opening hours or appointment"), blank=True)

    class Meta:
        abstract = True


TEXT_FIELDS = ("name", "summary", "eligibility", "steps", "documents_needed", "cost", "hours")


class Service(Confirmed, ServiceText, TranslatableSource, Versioned, OwnedModel):
    """A service of the catalogue (state, municipal or NGO), described in Estonian.

    `Confirmed` keeps when it was last checked and by whom (a year later it is due for a check)."""

    provider = models.ForeignKey(
        "network.Organisation", verbose_name=_("provider"), on_delete=models.PROTECT, related_name="services"
    )
    languages = models.JSONField(_("languages served"), default=list, blank=True, validators=[validate_languages])
    area = models.CharField(_("where"), max_length=20, choices=Area.choices, default=Area.NATIONAL)
    county = models.ForeignKey(
        "places.County", verbose_name=_("county"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    municipalities = models.ManyToManyField(
        "places.Municipality", verbose_name=_("municipalities"), blank=True, related_name="+"
    )
    topics = models.ManyToManyField("inquiries.Topic", verbose_name=_("topics"), blank=True, related_name="services")
    by_appointment = models.BooleanField(_("by appointment"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    address = models.CharField(_("address"), max_length=300, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True, validators=[validate_links])
    published = models.BooleanField(
        pgettext_lazy("service", "published"),
        default=True,
        help_text=_("A service not published is a draft: it is seen in the catalogue, not on the portal."),
    )

    tenancy_scope = Scope.SHARED
    translatable_fields = TEXT_FIELDS

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.area == Area.COUNTY and not self.county_id:
            raise ValidationError({"county": _("Choose the county where the service is offered.")})
        if self.area != Area.COUNTY and self.county_id:
            raise ValidationError({"county": _("A county is chosen only when the service is offered in a county.")})


class ServiceTranslation(ServiceText, Translation, Versioned, OwnedModel):
    """One language of a service (en, ru, uk). Owned by the service's party (kept equal on save)."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="translations"
    )

    tenancy_scope = Scope.SHARED
    source_field = "service"

    class Meta:
        verbose_name = _("service translation")
        verbose_name_plural = _("service translations")
        ordering = ["service", "language"]
        constraints = [
            models.UniqueConstraint(fields=["service", "language"], name="one_service_translation_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

    def save(self, *args, **kwargs):
        self.party_id = self.service.party_id
        super().save(*args, **kwargs)


audit(Service, m2m=["municipalities", "topics"])
audit(ServiceTranslation)


# --- Adaptation journeys and the journey-model rollout (issue 13, plan row 3.5.1.2): each kept in its
# own module, imported here so Django finds the models.
from .journey_models import (  # noqa: E402
    Journey,
    JourneyStage,
    JourneyStageService,
    JourneyStatus,
    JourneyTranslation,
    StageKind,
)
from .rollout_models import PHASE_ORDER, Phase, RolloutPhase  # noqa: E402

__all__ = [
    "PHASE_ORDER",
    "Area",
    "Journey",
    "JourneyStage",
    "JourneyStageService",
    "JourneyStatus",
    "JourneyTranslation",
    "Phase",
    "RolloutPhase",
    "Service",
    "ServiceTranslation",
    "StageKind",
]
