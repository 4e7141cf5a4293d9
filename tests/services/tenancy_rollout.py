"""Tenancy cases: the journey-model rollout (issue 13). A move is an OWNED record of its
municipality's party: its members, ELVL and the ministry read it, another partner does not; ELVL's
editors record moves of any municipality by design (`implementer_writes`: they lead the design with
the service designer), the ministry records none (tests/services/test_rollout.py)."""

import datetime as dt
import itertools

from django.utils import timezone

from loim.services.models import RolloutPhase
from tests.tenancy import API_ACTIONS, Form, TenancyCase

_n = itertools.count(1)


def make_move(party):
    n = next(_n)
    return RolloutPhase.objects.create(
        party=party,
        municipality=party.municipality,
        phase="explore",
        began_on=dt.date(2024, 1, 1) + dt.timedelta(days=n),
        evidence_url=f"https://e.ee/r{n}{party.slug}",
        notes=f"Märkus {n} {party.slug}",
    )


def move_data(party):
    return {
        "municipality": party.municipality_id,
        "phase": "define",
        "began_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "notes": "Ülevõetud",
    }


CASES = [
    TenancyCase(
        model=RolloutPhase,
        make=make_move,
        marker=lambda m: m.evidence_url,
        list=["services:rollout_overview"],
        read=[Form("services:rollout_history", kwargs=lambda m: {"municipality": m.municipality_id})],
        create=[Form("services:rollout_record", move_data, implementer_writes=True)],
        # ELVL undoes a mistaken last move of any municipality by design; nobody else may undo any
        edit=[
            Form(
                "services:rollout_undo",
                lambda m: {"reason": "Ülevõetud"},
                kwargs=lambda m: {"pk": m.pk},
                implementer_writes=True,
            )
        ],
        absent={
            "delete": "a move is never deleted (a mistaken last one is marked undone): the indicator reads them",
            "export_csv": "the rollout is in no export",
            "export_xlsx": "the rollout is in no export",
            **dict.fromkeys(API_ACTIONS, "the API offers the rollout only through the indicator's drill-down"),
        },
        url_kwargs=lambda m: {"municipality": m.municipality_id},
    ),
]
