"""The plan diff on a 2025 variant of the 2024 plan built by hand: every change below was made on
purpose, and the expected list is written out, not computed."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest

from loim.plans.services import event_kinds_ensure, plan_file_parse
from loim.plans.wordimport.plan_diff import plan_diff

from ..conftest import PLAN_2024

pytestmark = pytest.mark.django_db


def next_year(value):
    """Plan-period dates, pauses and due dates a year on; the overall time frames stay (they are the programme's)."""
    if isinstance(value, dt.date):
        return value.replace(year=value.year + 1) if value.year == 2024 else value
    if isinstance(value, dict):
        return {k: (v if k in ("frame", "frame_end") else next_year(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [next_year(v) for v in value]
    return value


@pytest.fixture
def plans(programme):
    event_kinds_ensure()
    old = plan_file_parse(PLAN_2024.read_text(encoding="utf-8"), filename="2024.yaml")
    new = next_year(copy.deepcopy(old))  # every 2024 date moved to 2025: nothing changed yet
    new["year"] = 2025
    for indicator in [i for s in new["sections"] for a in s["activities"] for i in a["indicators"]] + [
        i for s in new["sections"] for i in s["indicators"]
    ]:
        indicator["targets"] = {2025: indicator["targets"][2024], 2029: indicator["targets"][2029]}
    return old, new


def activity(document, code):
    return next(a for s in document["sections"] for a in s["activities"] if a["code"] == code)


def test_a_plan_moved_by_a_year_has_no_changes(plans):
    old, new = plans
    assert plan_diff(old, new).changes == []


def test_hand_made_changes(plans):
    old, new = plans
    tartu = activity(new, "3.5.2.1")
    # 1. a row added under Tartu's 2. Sihtrühmade kaasamine
    tartu["rows"][1]["rows"].append(
        {
            **copy.deepcopy(tartu["rows"][1]["rows"][0]),
            "number": "2.2.",
            "title": "Keelekohviku korraldamine",
            "rows": [],
        }
    )
    # 2. Tallinn's row 2.3 (the conference) removed
    tallinn = activity(new, "3.5.2.2")
    del tallinn["rows"][1]["rows"][2]
    # 3. ELVL's row 3.5.1.2/2 re-dated: from 01.04.2025 to 01.05.2025
    activity(new, "3.5.1.2")["rows"][1]["dates"]["start"] = dt.date(2025, 5, 1)
    # 4. the info days' target for the plan year: 3 (2024) → 4 (2025)
    activity(new, "3.5.1.3")["indicators"][0]["targets"][2025] = Decimal(4)
    # 5. Saaremaa's excursions: 2–3 a year → at least 3
    excursions = next(o for o in activity(new, "3.5.2.4")["obligations"] if o["key"] == "saaremaa-excursions")
    excursions["min"], excursions["max"] = 3, None
    # 6. a commitment removed (Pärnu's county meetings) and one added (Pärnu's club, monthly)
    parnu = activity(new, "3.5.2.5")
    meetings = next(o for o in parnu["obligations"] if o["key"] == "parnu-county-meetings")
    parnu["obligations"].remove(meetings)
    parnu["obligations"].append(
        {
            **meetings,
            "key": "parnu-club-monthly",
            "title": "Klubi kord kuus",
            "row": "2.3",
            "event_kinds": ["conversation_club"],
            "period": "month",
            "min": 1,
            "reach": "",
        }
    )
    diff = plan_diff(old, new)
    assert [(c.kind, c.element, c.before, c.after) for c in diff.changes] == [
        ("row_redated", "3.5.1.2/2", "01.04.2024–31.12.2024", "01.05.2025–31.12.2025"),
        ("row_added", "3.5.2.1/2.2", "", ""),
        ("row_removed", "3.5.2.2/2.3", "", ""),
        ("target_changed", "info-days", "3", "4"),
        (
            "commitment_changed",
            "saaremaa-excursions",
            "year; min 2; max 3; kinds excursion",
            "year; min 3; kinds excursion",
        ),
        ("commitment_added", "parnu-club-monthly", "", "month; min 1; kinds conversation_club"),
        ("commitment_removed", "parnu-county-meetings", "year; min 2; kinds network_meeting; reach county", ""),
    ]
    assert diff.changes[3].title == "Korraldatud infopäevade arv (2024 → 2025)"
    groups = dict(diff.groups)
    assert sum(len(v) for v in groups.values()) == 7


def test_a_commitment_whose_key_changed_is_matched_by_what_it_counts(plans):
    old, new = plans
    clubs = next(o for o in activity(new, "3.5.2.1")["obligations"] if o["key"] == "tartu-clubs-weekly")
    clubs["key"] = "tartu-conversation-club-week"
    clubs["excluded"] = []  # and Q3 is no longer paused
    [change] = plan_diff(old, new).changes
    assert (change.kind, change.element) == ("commitment_changed", "tartu-conversation-club-week")
    assert change.before == "week; min 1; excluded Q3; kinds conversation_club"
    assert change.after == "week; min 1; kinds conversation_club"
