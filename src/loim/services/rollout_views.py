"""Pages of the journey-model rollout (issue 13): the overview of every municipality's current phase,
a municipality's history, and the form recording a move. Who reads what: a row is an OWNED record of
its municipality's party (ELVL's for a municipality that is no partner), so the municipality's own
members, ELVL and the ministry read it; another partner does not (docs/decisions.md "Issue 13 —
journey-model rollout")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from loim.core.permissions import permits, policy
from loim.places.models import Municipality

from .rollout_forms import MoveForm, UndoForm, put_errors
from .rollout_models import PHASE_ORDER, Phase, RolloutPhase
from .rollout_selectors import corrections, overview
from .rollout_services import MoveInput, recordable_municipalities, rollout_move, rollout_undo


def steps(phase: str) -> list[dict]:
    """The five phases as the progress display draws them: done, current or still ahead."""
    reached = PHASE_ORDER[phase]
    return [
        {"label": label, "state": "done" if n < reached else "current" if n == reached else "ahead"}
        for n, (_code, label) in enumerate(Phase.choices)
    ]


@policy("member")
def rollout_overview(request):
    today = timezone.localdate()
    rows = overview(request.user, today)
    for row in rows:
        row.steps = steps(row.phase)
    counts = dict.fromkeys(Phase.values, 0)
    for row in rows:
        counts[row.phase] += 1
    return render(
        request,
        "services/rollout_overview.html",
        {
            "rows": rows,
            "today": today,
            "phase_counts": [(label, counts[code]) for code, label in Phase.choices],
            "implementing": counts[Phase.IMPLEMENT],
            "may_record": permits(request.user, "record_rollout"),
        },
    )


@policy("member")
def rollout_history(request, municipality):
    place = Municipality.objects.filter(pk=municipality).first()
    if place is None:
        raise Http404(_("No such record."))
    history = list(
        RolloutPhase.objects.visible_to(request.user)
        .filter(municipality=place)
        .select_related("party", "evidence_document", "recorded_by")
        .order_by("began_on", "pk")
    )
    may_record = recordable_municipalities(request.user).filter(pk=place.pk).exists()
    if not history and not may_record:
        raise Http404(_("No such record."))  # another party's municipality answers like a missing one
    for row in history:
        row.steps = steps(row.phase)
    return render(
        request,
        "services/rollout_history.html",
        {
            "place": place,
            "history": history,
            "current": history[-1] if history else None,
            "may_record": may_record,
            "may_undo": bool(history) and permits(request.user, "record_rollout_any"),
            "corrections": corrections(request.user, place),
        },
    )


@policy("record_rollout_any")
def rollout_undo_view(request, pk):
    """ELVL corrects a mistaken last move: a confirmation with the reason; refused on another move."""
    move = (
        RolloutPhase.objects.visible_to(request.user)
        .select_related("municipality", "party", "recorded_by")
        .filter(pk=pk)
        .first()
    )
    if move is None:
        raise Http404(_("No such record."))
    form = UndoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rollout_undo(user=request.user, move=move, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(
                request,
                _("The move of %(municipality)s to %(phase)s on %(day)s was undone.")
                % {
                    "municipality": move.municipality,
                    "phase": move.get_phase_display(),
                    "day": move.began_on.strftime("%d.%m.%Y"),
                },
            )
            return redirect("services:rollout_history", municipality=move.municipality_id)
    return render(
        request,
        "services/rollout_undo.html",
        {"move": move, "form": form},
        status=400 if form.errors else 200,
    )


@policy("record_rollout")
def rollout_record(request):
    initial = {}
    wanted = request.GET.get("municipality", "")
    if wanted.isdigit():
        initial["municipality"] = int(wanted)
    form = MoveForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = MoveInput(
            municipality=form.cleaned_data["municipality"],
            phase=form.cleaned_data["phase"],
            began_on=form.cleaned_data["began_on"],
            evidence_document=form.cleaned_data["evidence_document"],
            evidence_url=form.cleaned_data["evidence_url"],
            reason=form.cleaned_data["reason"],
            notes=form.cleaned_data["notes"],
        )
        try:
            move = rollout_move(user=request.user, data=data)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(
                request,
                _("%(municipality)s is in the phase %(phase)s from %(day)s.")
                % {
                    "municipality": move.municipality,
                    "phase": move.get_phase_display(),
                    "day": move.began_on.strftime("%d.%m.%Y"),
                },
            )
            return redirect("services:rollout_history", municipality=move.municipality_id)
    return render(request, "services/rollout_form.html", {"form": form})


urlpatterns = [
    path("rollout/", rollout_overview, name="rollout_overview"),
    path("rollout/record/", rollout_record, name="rollout_record"),
    path("rollout/<int:municipality>/", rollout_history, name="rollout_history"),
    path("rollout/move/<int:pk>/undo/", rollout_undo_view, name="rollout_undo"),
]
