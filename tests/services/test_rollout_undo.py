"""ELVL corrects a mistaken last move of the journey-model rollout (issue 13): the move is marked
undone with a reason (audited, kept), the municipality is back in the phase before it for the pages
and the indicator; an earlier move, a move without a reason or a partner's attempt are refused.

The records are tests/services/test_rollout.py's: Pärnu validates from 01.04.2025 and implements from
01.09.2025, so journey-model-kovs 2025 reads 1 (Pärnu). Undoing Pärnu's implement move → 0 (Pärnu is
in "validate" again); recording the move again on the same day → 1.
"""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from loim.services.models import RolloutPhase
from loim.services.rollout_services import MoveInput, latest_move, rollout_move, rollout_undo
from tests.events.helpers import municipality
from tests.services.test_rollout import history, plans, value  # noqa: F401  (fixtures)


def parnu_moves():
    return RolloutPhase.objects.filter(municipality=municipality("Pärnu linn")).order_by("began_on")


def test_undoing_the_last_move_changes_the_indicator_back(plans, member):  # noqa: F811
    elvl = member("elvl", "coordinator")
    assert value(plans[2025]).value == 1
    implement = parnu_moves().last()
    rollout_undo(user=elvl, move=implement, reason="Kanti ekslikult: Pärnu valideerib veel.")
    assert value(plans[2025]).value == 0  # Pärnu validates again from 01.04.2025
    assert latest_move(municipality("Pärnu linn")).phase == "validate"
    implement.refresh_from_db()
    assert implement.corrected_by == elvl and implement.correction_reason.startswith("Kanti ekslikult")
    entry = LogEntry.objects.get_for_object(implement).order_by("-timestamp").first()
    assert entry.actor is None or entry.actor == elvl
    assert "correction_reason" in entry.changes_dict
    # the day is free again: the move is recorded anew (on the same day) and counted
    rollout_move(
        user=elvl,
        data=MoveInput(
            municipality=municipality("Pärnu linn"),
            phase="implement",
            began_on=dt.date(2025, 9, 1),
            evidence_url="https://elvl.ee/teekonnad/parnu-2",
        ),
        today=dt.date(2025, 12, 1),
    )
    assert value(plans[2025]).value == 1
    assert parnu_moves().count() == 6  # explore, define, develop, validate, the undone and the new implement


def test_only_the_last_move_with_a_reason_by_elvl(history, member):  # noqa: F811
    elvl = member("elvl", "coordinator")
    validate, implement = list(parnu_moves())[-2:]
    with pytest.raises(ValidationError) as error:
        rollout_undo(user=elvl, move=validate, reason="Vale kuupäev")
    assert "move" in error.value.message_dict and "01.09.2025" in error.value.message_dict["move"][0]
    with pytest.raises(ValidationError) as error:
        rollout_undo(user=elvl, move=implement, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        rollout_undo(user=member("parnu", "coordinator"), move=implement, reason="Vale")
    assert "move" in error.value.message_dict
    assert not RolloutPhase.objects.filter(corrected_at__isnull=False).exists()
    rollout_undo(user=elvl, move=implement, reason="Vale")
    with pytest.raises(ValidationError) as error:
        rollout_undo(user=elvl, move=implement, reason="Uuesti")
    assert "move" in error.value.message_dict


def test_the_pages(history, client, member):  # noqa: F811
    validate, implement = list(parnu_moves())[-2:]
    client.force_login(member("parnu", "coordinator"))
    assert client.get(reverse("services:rollout_undo", kwargs={"pk": implement.pk})).status_code == 404
    client.force_login(member("elvl", "coordinator"))
    history_url = reverse("services:rollout_history", kwargs={"municipality": implement.municipality_id})
    assert reverse("services:rollout_undo", kwargs={"pk": implement.pk}) in client.get(history_url).content.decode()
    refused = client.post(reverse("services:rollout_undo", kwargs={"pk": validate.pk}), {"reason": "Vale"})
    assert refused.status_code == 400 and "Tagasi saab võtta ainult viimase ülemineku" in refused.content.decode()
    missing = client.post(reverse("services:rollout_undo", kwargs={"pk": implement.pk}), {"reason": ""})
    assert missing.status_code == 400
    response = client.post(reverse("services:rollout_undo", kwargs={"pk": implement.pk}), {"reason": "Vale KOV"})
    assert response.status_code == 302 and response["Location"] == history_url
    html = client.get(history_url).content.decode()
    assert "Tagasi võetud üleminekud" in html and "Vale KOV" in html
    # the undone move is no page's current phase: the overview shows Pärnu validating
    assert client.get(reverse("services:rollout_undo", kwargs={"pk": implement.pk})).status_code == 404
