"""Builders of the journey-model rollout's tests: moves written straight to the table (the checks of
`rollout_move` have their own tests)."""

import datetime as dt

from loim.services.models import RolloutPhase
from loim.services.rollout_services import owner_of
from tests.events.helpers import municipality


def move(place_name, phase, day, *, party=None, url="", notes=""):
    place = municipality(place_name)
    return RolloutPhase.objects.create(
        party=party or owner_of(place),
        municipality=place,
        phase=phase,
        began_on=day,
        evidence_url=url,
        notes=notes,
    )


def partners_in_2024():
    """The plan's timeline (row 3.5.1.2): explore and define in 2024, reaching develop in the autumn."""
    for name in ("Tartu linn", "Tallinn", "Pärnu linn"):
        move(name, "explore", dt.date(2024, 3, 1))
        move(name, "define", dt.date(2024, 6, 1))
        move(name, "develop", dt.date(2024, 10, 1))
