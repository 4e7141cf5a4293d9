"""The demo rollout (data/rollout.yaml) passes the moves' own checks, twice is once, and reads as the
plan's timeline: on 31.12.2024 nobody implements, Pärnu does from 01.09.2025."""

import datetime as dt
import io

from django.test import override_settings

from loim.services import demo
from loim.services.models import RolloutPhase
from loim.services.rollout_selectors import implementing_on, moves, phases_on


@override_settings(DEMO_MODE=True)
def test_demo_rollout_seeds_once_and_follows_the_plan(programme):
    from loim.network import demo_documents

    demo_documents.seed(out=io.StringIO())  # the platform's documents come first, as in `seed-demo`
    demo.seed(out=io.StringIO())
    count = RolloutPhase.objects.count()
    demo.seed(out=io.StringIO())
    assert RolloutPhase.objects.count() == count == 21
    rows = moves(RolloutPhase.objects.all())
    at_2024 = {m.municipality_id: m.phase for m in phases_on(rows, dt.date(2024, 12, 31)).values()}
    assert sorted(at_2024.values()) == ["define", "develop", "develop", "develop", "develop"]
    assert implementing_on(rows, dt.date(2024, 12, 31)) == []
    assert [m.began_on for m in implementing_on(rows, dt.date(2025, 12, 31))] == [dt.date(2025, 9, 1)]
    back = RolloutPhase.objects.get(municipality__name="Rakvere linn", began_on=dt.date(2025, 8, 18))
    assert back.phase == "develop" and back.reason
    pärnu = RolloutPhase.objects.get(municipality__name="Pärnu linn", phase="implement")
    assert pärnu.evidence_document.title == "Pärnu linna kohanemisteekonna mudel – juurutamise tööprotsessi kirjeldus"
    assert pärnu.evidence_document.party.slug == "parnu" and not pärnu.evidence_url
