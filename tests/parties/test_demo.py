"""The parties' demo: one candidate from Ida-Virumaa and one from South Estonia, seeded once."""

import io

from loim.parties.demo import seed
from loim.parties.models import Candidate


def test_the_demo_has_a_candidate_in_each_focus_region_and_seeds_once(programme):
    seed(out=io.StringIO())
    seed(out=io.StringIO())
    rows = {
        (c.municipality.name, c.municipality.county.region, c.decision, c.party.slug) for c in Candidate.objects.all()
    }
    assert rows == {
        ("Narva-Jõesuu linn", "ida_virumaa", "pending", "elvl"),
        ("Võru linn", "south", "accepted", "elvl"),
    }
