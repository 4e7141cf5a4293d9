"""Demo journey-model rollout (`data/rollout.yaml`): what cannot be data is here: idempotency (a
municipality's move on a day already recorded is left alone) and the recorder, ELVL's demo
coordinator (none when the accounts are not seeded). Moves go through `rollout_move`, so the demo
passes the same checks as a page."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from loim.core.demo import demo_data
from loim.network.models import Document
from loim.places.models import Municipality

from .rollout_models import RolloutPhase
from .rollout_services import MoveInput, rollout_move


def _document(title: str | None) -> Document | None:
    return Document.objects.filter(title=title).first() if title else None


@transaction.atomic
def seed(*, out) -> None:
    data = demo_data("services", "rollout")
    recorder = get_user_model().objects.filter(email=data["recorded_by"]).first()
    places = {m.name: m for m in Municipality.objects.filter(name__in=[e["municipality"] for e in data["moves"]])}
    created = 0
    for entry in data["moves"]:
        place = places.get(entry["municipality"])
        if place is None:
            continue
        for step in entry["phases"]:
            if RolloutPhase.objects.filter(municipality=place, began_on=step["began_on"]).exists():
                continue
            rollout_move(
                user=recorder,
                data=MoveInput(
                    municipality=place,
                    phase=step["phase"],
                    began_on=step["began_on"],
                    evidence_document=_document(step.get("evidence_document")),
                    evidence_url=step.get("evidence_url", ""),
                    reason=step.get("reason", ""),
                    notes=step.get("notes", ""),
                ),
            )
            created += 1
    out.write(f"  services: {created} journey-model moves\n")
