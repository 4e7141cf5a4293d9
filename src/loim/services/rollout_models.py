"""The journey-model rollout (plan row 3.5.1.2, issue 13): per municipality, the service-design phase
of the integration and adaptation journey model, each move a row with the day it began, evidence and
notes. Nothing is deleted: the history is the rows, the current phase is the latest row, and the
indicator "KOV-ide arv, kus on rakendatud lõimumis- ja kohanemisteekondade mudelit" reads the rows
on the day the stock is read (docs/decisions.md "Issue 13 — journey-model rollout").

A row belongs to the party of its municipality (the partner government), or to ELVL for a
municipality that is no partner yet; ELVL's editors record moves of any municipality (they lead the
design with the service designer), a partner's editors those of their own municipality."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.audit import audit
from loim.core.models import OwnedModel


def not_corrected(access) -> models.Q:
    """`tenancy_kept_for`: a move ELVL corrected (undid) is read by nobody through `visible_to` — not
    the pages, the indicator nor the drill-down; the history page lists it apart (`corrections`)."""
    return models.Q(corrected_at__isnull=True)


class Phase(models.TextChoices):
    """The service-design phases (teenuse disaini etapid), in their order."""

    EXPLORE = "explore", pgettext_lazy("rollout phase", "explore")
    DEFINE = "define", pgettext_lazy("rollout phase", "define")
    DEVELOP = "develop", pgettext_lazy("rollout phase", "develop")
    VALIDATE = "validate", pgettext_lazy("rollout phase", "validate")
    IMPLEMENT = "implement", pgettext_lazy("rollout phase", "implement")


#: phase code → its place in the design process (0 = explore … 4 = implement)
PHASE_ORDER = {code: number for number, code in enumerate(Phase.values)}


class RolloutPhase(OwnedModel):
    """One move of a municipality into a phase of the journey model, from `began_on` on."""

    municipality = models.ForeignKey(
        "places.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    phase = models.CharField(pgettext_lazy("rollout", "phase"), max_length=10, choices=Phase.choices)
    began_on = models.DateField(pgettext_lazy("rollout", "began on"))
    evidence_document = models.ForeignKey(
        "network.Document",
        verbose_name=pgettext_lazy("rollout", "evidence document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A document of the network's platform: minutes, a process description, a report."),
    )
    evidence_url = models.URLField(
        pgettext_lazy("rollout", "evidence link"), blank=True, max_length=500, help_text=_("A link to the evidence.")
    )
    reason = models.TextField(
        pgettext_lazy("rollout", "reason for going back"),
        blank=True,
        help_text=_("Required when the municipality returns to an earlier phase, e.g. after a failed validation."),
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A mistaken last move undone by ELVL: kept, with who, when and why (`rollout_services.rollout_undo`)
    corrected_at = models.DateTimeField(pgettext_lazy("rollout", "undone at"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("rollout", "undone by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    correction_reason = models.TextField(pgettext_lazy("rollout", "why it was undone"), blank=True)

    tenancy_kept_for = not_corrected

    class Meta:
        verbose_name = _("journey-model phase")
        verbose_name_plural = _("journey-model phases")
        ordering = ["municipality__name", "began_on", "pk"]
        constraints = [
            # an undone move frees its day: the corrected move may begin on it
            models.UniqueConstraint(
                fields=["municipality", "began_on"],
                condition=models.Q(corrected_at__isnull=True),
                name="one_rollout_move_per_day",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "began_on"], name="rollout_municipality_day")]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_phase_display()} ({self.began_on:%d.%m.%Y})"

    #: the progress display's steps, set by the pages (`rollout_views.steps`)
    steps: list[dict] = []

    @property
    def step(self) -> int:
        """1 … 5: the phase's number in the design process."""
        return PHASE_ORDER[self.phase] + 1


audit(RolloutPhase)
