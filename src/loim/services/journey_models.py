"""Adaptation journeys (kohanemisteekonnad, issue 13): a journey is an ordered list of stages, each
linking services of the catalogue and guidance documents of the platform, for one municipality (or
the whole country: ELVL's national journeys). Kept in its own module, imported by `models.py`.

A journey is SHARED like the catalogue it links (every member reads it, the owning party's admins and
coordinators change it). Its Estonian texts and its stages' are the source of ONE translation per
language (`JourneyTranslation`: the journey's title and introduction, and `stage_texts`, stage id →
title and text), so the journey's `source_version` counts changes of its own texts and of its
stages' texts alike (docs/decisions.md "Issue 13 — adaptation journeys")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.audit import audit
from loim.core.models import OwnedModel
from loim.core.tenancy import OwnedQuerySet, Scope
from loim.core.translations import TranslatableSource, Translation
from loim.core.versioning import Versioned


class JourneyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("journey status", "draft")
    PUBLISHED = "published", pgettext_lazy("journey status", "published")


class StageKind(models.TextChoices):
    """The usual stages of settling in; `other` for anything a municipality adds."""

    ARRIVAL = "arrival", pgettext_lazy("journey stage", "arrival")
    RESIDENCE = "residence", pgettext_lazy("journey stage", "registering residence")
    ID_CODE = "id_code", pgettext_lazy("journey stage", "personal ID code")
    HEALTH = "health", pgettext_lazy("journey stage", "health insurance")
    TRANSPORT = "transport", pgettext_lazy("journey stage", "bus card")
    LANGUAGE = "language", pgettext_lazy("journey stage", "language learning")
    WORK = "work", pgettext_lazy("journey stage", "work")
    SCHOOLS = "schools", pgettext_lazy("journey stage", "schools and childcare")
    SOCIAL = "social", pgettext_lazy("journey stage", "social contacts")
    OTHER = "other", pgettext_lazy("journey stage", "other")


JOURNEY_FIELDS = ("title", "intro")
STAGE_FIELDS = ("title", "text")


class Journey(TranslatableSource, Versioned, OwnedModel):
    """An adaptation journey in Estonian, e.g. "Esimesed sammud Tartus"."""

    title = models.CharField(pgettext_lazy("journey", "title"), max_length=200)
    intro = models.TextField(pgettext_lazy("journey", "introduction"), blank=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: a national journey (ELVL only)."),
    )
    status = models.CharField(
        pgettext_lazy("journey", "status"), max_length=10, choices=JourneyStatus.choices, default=JourneyStatus.DRAFT
    )

    tenancy_scope = Scope.SHARED
    translatable_fields = JOURNEY_FIELDS

    class Meta:
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def published(self) -> bool:
        return self.status == JourneyStatus.PUBLISHED


class JourneyStage(models.Model):
    """One stage of a journey, at `position` (1, 2, …), scoped through its journey: read and changed
    exactly when the journey is. Its texts travel with the journey's translations."""

    journey = models.ForeignKey(Journey, verbose_name=_("journey"), on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveIntegerField(pgettext_lazy("journey stage", "position"))
    kind = models.CharField(
        pgettext_lazy("journey stage", "kind"), max_length=12, choices=StageKind.choices, default=StageKind.OTHER
    )
    title = models.CharField(pgettext_lazy("journey stage", "title"), max_length=200)
    text = models.TextField(pgettext_lazy("journey stage", "text"), blank=True)
    services = models.ManyToManyField(
        "services.Service",
        verbose_name=_("services"),
        through="JourneyStageService",
        blank=True,
        related_name="journey_stages",
    )
    documents = models.ManyToManyField(
        "network.Document", verbose_name=_("guidance documents"), blank=True, related_name="+"
    )

    tenancy_scope = Scope.SHARED
    tenancy_party_path = "journey__party"

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("journey stage")
        verbose_name_plural = _("journey stages")
        ordering = ["journey", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def get_additional_data(self) -> dict:
        return {"party_id": self.journey.party_id, "journey_id": self.journey_id}


class JourneyStageService(models.Model):
    """A service linked to a stage, in the order the stage lists them."""

    stage = models.ForeignKey(JourneyStage, on_delete=models.CASCADE, related_name="service_links")
    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["stage", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["stage", "service"], name="one_link_per_stage_service")]

    def __str__(self) -> str:
        return f"{self.stage_id} → {self.service_id}"


class JourneyTranslation(Translation, Versioned, OwnedModel):
    """One language of a journey (en, ru, uk): its title and introduction, and its stages' texts as
    `stage_texts` = {"<stage id>": {"title": …, "text": …}}. Owned by the journey's party."""

    journey = models.ForeignKey(
        Journey, verbose_name=_("journey"), on_delete=models.CASCADE, related_name="translations"
    )
    title = models.CharField(pgettext_lazy("journey", "title"), max_length=200)
    intro = models.TextField(pgettext_lazy("journey", "introduction"), blank=True)
    stage_texts = models.JSONField(_("stage texts"), default=dict, blank=True)

    tenancy_scope = Scope.SHARED
    source_field = "journey"

    class Meta:
        verbose_name = _("journey translation")
        verbose_name_plural = _("journey translations")
        ordering = ["journey", "language"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "language"], name="one_journey_translation_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def save(self, *args, **kwargs):
        self.party_id = self.journey.party_id
        super().save(*args, **kwargs)

    def stage_value(self, stage_id: int, field: str) -> str:
        return str((self.stage_texts or {}).get(str(stage_id), {}).get(field) or "")


audit(Journey)
audit(JourneyStage, m2m=["documents"])
audit(JourneyTranslation)

__all__ = [
    "JOURNEY_FIELDS",
    "STAGE_FIELDS",
    "Journey",
    "JourneyStage",
    "JourneyStageService",
    "JourneyStatus",
    "JourneyTranslation",
    "StageKind",
]
