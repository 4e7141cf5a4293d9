"""Every write of the journey-model rollout: a municipality's move into a phase (`rollout_move`), and
ELVL's correction of a mistaken last move (`rollout_undo`).

A move is appended, never changed or deleted; a mistaken last move is undone by marking it (who, when,
why), never by deleting it. It is checked in full before anything is written and
refused by field (docs/decisions.md "Issue 13 — journey-model rollout"):
- `municipality`: the user records for ELVL (any municipality) or for their own party's municipality;
- `began_on`: not after today, and later than the municipality's latest move (the history runs forward;
  one move a day);
- `phase`: not the phase the municipality is already in;
- `reason`: required when the move goes back to an earlier phase (validate → develop after a failed
  validation); a move forward may skip phases (a municipality joining later implements the model the
  partners developed);
- `evidence_document` / `evidence_url`: implementing needs evidence; a document the user cannot read
  is refused like a missing one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from loim.core.permissions import parties_for, permits
from loim.network.models import Document, Visibility
from loim.parties.models import Party, PartyKind
from loim.places.models import Municipality

from .rollout_models import PHASE_ORDER, Phase, RolloutPhase


@dataclass(frozen=True)
class MoveInput:
    municipality: Municipality
    phase: str
    began_on: dt.date
    evidence_document: Document | None = None
    evidence_url: str = ""
    reason: str = ""
    notes: str = ""


def owner_of(municipality: Municipality) -> Party | None:
    """The party a municipality's rows belong to: its partner government, else the implementer (ELVL)."""
    partner = Party.objects.filter(municipality=municipality, kind=PartyKind.PARTNER).order_by("pk").first()
    return partner or Party.objects.filter(kind=PartyKind.IMPLEMENTER).order_by("pk").first()


def recordable_municipalities(user):
    """The municipalities whose moves the user records: all for ELVL's editors (`record_rollout` at
    all), else the municipalities of the parties where they are an admin or coordinator."""
    if permits(user, "record_rollout_any"):
        return Municipality.objects.all()
    edit = parties_for(user, "record_work")
    return Municipality.objects.filter(parties__in=Party.objects.filter(pk__in=edit, kind=PartyKind.PARTNER))


def latest_move(municipality: Municipality) -> RolloutPhase | None:
    """The municipality's latest move, whoever recorded it (the history is checked as a whole); a move
    undone by a correction is not part of the history any more."""
    return (
        RolloutPhase.objects.filter(municipality=municipality, corrected_at__isnull=True)
        .order_by("-began_on", "-pk")
        .first()
    )


def _day(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _lock_history(municipality: Municipality) -> None:
    """Lock the municipality's history so two writes at once cannot both pass the checks."""
    list(RolloutPhase.objects.select_for_update().filter(municipality=municipality).values_list("pk", flat=True))


@transaction.atomic
def rollout_move(*, user, data: MoveInput, today: dt.date | None = None) -> RolloutPhase:
    """Record the municipality's move into `data.phase` from `data.began_on`; ValidationError by field."""
    today = today or timezone.localdate()
    municipality = data.municipality
    if user is not None and not recordable_municipalities(user).filter(pk=municipality.pk).exists():
        raise ValidationError(
            {"municipality": _("You record the journey model's phases only for your own municipality.")}
        )
    owner = owner_of(municipality)
    if owner is None:
        raise ValidationError({"municipality": _("No party keeps this municipality's records yet.")})
    errors: dict[str, str] = {}
    if data.phase not in PHASE_ORDER:
        errors["phase"] = _("Choose one of the phases.")
    if data.began_on > today:
        errors["began_on"] = _("The phase cannot begin in the future (after %(today)s).") % {"today": _day(today)}
    # lock the municipality's history so two moves recorded at once cannot both pass the checks
    _lock_history(municipality)
    previous = latest_move(municipality)
    if previous is not None and "phase" not in errors:
        if data.began_on <= previous.began_on and "began_on" not in errors:
            errors["began_on"] = _(
                "The history runs forward: the previous phase (%(phase)s) began on %(day)s, so this one begins later."
            ) % {"phase": previous.get_phase_display(), "day": _day(previous.began_on)}
        if data.phase == previous.phase:
            errors["phase"] = _("%(municipality)s is already in the phase %(phase)s (since %(day)s).") % {
                "municipality": municipality,
                "phase": previous.get_phase_display(),
                "day": _day(previous.began_on),
            }
        elif PHASE_ORDER[data.phase] < PHASE_ORDER[previous.phase] and not data.reason.strip():
            errors["reason"] = _(
                "Going back from %(previous)s to %(phase)s needs a reason (e.g. what the validation showed)."
            ) % {"previous": previous.get_phase_display(), "phase": Phase(data.phase).label}
    document = data.evidence_document
    if document is not None:
        if user is not None and not Document.objects.visible_to(user).filter(pk=document.pk).exists():
            errors["evidence_document"] = _("No such document.")
        elif document.party_id != owner.pk and document.visibility not in (Visibility.ALL_NETWORKS, Visibility.PUBLIC):
            # whoever reads the move reads its evidence: the owner's own document, or a shared one
            errors["evidence_document"] = _(
                "Choose a document %(party)s can read: its own, or one for all networks or the public."
            ) % {"party": owner}
    if data.phase == Phase.IMPLEMENT and data.evidence_document is None and not data.evidence_url.strip():
        errors["evidence_document"] = _(
            "Implementing the model is counted by the indicator: give a document or a link as evidence."
        )
    if errors:
        raise ValidationError(errors)
    move = RolloutPhase(
        party=owner,
        municipality=municipality,
        phase=data.phase,
        began_on=data.began_on,
        evidence_document=data.evidence_document,
        evidence_url=data.evidence_url.strip(),
        reason=data.reason.strip(),
        notes=data.notes.strip(),
        recorded_by=user if getattr(user, "pk", None) else None,
    )
    move.full_clean()
    move.save()
    return move


@transaction.atomic
def rollout_undo(*, user, move: RolloutPhase, reason: str) -> RolloutPhase:
    """Undo a mistaken move: only the municipality's LAST move (undoing an earlier one would rewrite
    what followed it), only by ELVL's editors (`record_rollout_any`: they lead the design and keep the
    indicator), with a reason. The row is kept, marked undone by whom, when and why (audited); from then
    on the municipality is in the phase of the move before it, for the pages and the indicator alike."""
    if not permits(user, "record_rollout_any"):
        raise ValidationError({"move": _("Only ELVL's coordinators and administrators correct the rollout.")})
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the move is undone (e.g. it was recorded for the wrong municipality).")}
        )
    _lock_history(move.municipality)
    current = RolloutPhase.objects.get(pk=move.pk)
    latest = latest_move(move.municipality)
    if current.corrected_at is not None:
        raise ValidationError({"move": _("This move has already been undone.")})
    if latest is not None and latest.pk != current.pk:
        raise ValidationError(
            {
                "move": _(
                    "Only the last move can be undone: %(municipality)s moved to %(phase)s on %(day)s after it. "
                    "Undo that move first."
                )
                % {"municipality": move.municipality, "phase": latest.get_phase_display(), "day": _day(latest.began_on)}
            }
        )
    current.corrected_at = timezone.now()
    current.corrected_by = user
    current.correction_reason = reason.strip()
    current.save(update_fields=["corrected_at", "corrected_by", "correction_reason", "updated_at"])
    return current
