"""The demo's 2025 plan (`loim.plans.demo`): imported from its document through the Word import, beside
the 2024 plan, without changing what the 2024 demo shows."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest

from loim.monitoring.access import Viewer
from loim.monitoring.engine import evaluate
from loim.monitoring.selectors import default_year
from loim.monitoring.todo import todo_plan
from loim.plans import demo
from loim.plans.models import Plan
from loim.plans.planfile.export import plan_document
from loim.plans.wordimport.plan_diff import plan_diff

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(plan_2024):
    before = plan_document(plan_2024)
    out = StringIO()
    demo.seed(out=out)
    return before, out.getvalue()


def test_the_2025_plan_is_imported_as_a_draft_linked_to_2024(seeded):
    before, printed = seeded
    assert "Plan 2025 imported from tegevuskava-2025.txt as a draft" in printed
    plan = Plan.objects.get(year=2025)
    assert plan.status == "draft" and plan.source == "tegevuskava-2025.txt"
    # the 2024 plan is as the file gave it
    assert plan_document(Plan.objects.get(year=2024)) == before
    # keys carried over: the indicators are the same indicators in both years
    assert sorted(plan.indicators.values_list("key", flat=True)) == sorted(
        Plan.objects.get(year=2024).indicators.values_list("key", flat=True)
    )
    assert sorted(plan.deliverables.values_list("key", "due_date")) == [
        ("elvl-design-stages", dt.date(2025, 6, 30)),
        ("narva-action-plan", dt.date(2025, 9, 30)),
        ("narva-coordinator", dt.date(2025, 3, 31)),
        ("tallinn-conference", dt.date(2025, 11, 30)),
    ]


def test_the_changes_the_document_makes(seeded):
    diff = plan_diff(plan_document(Plan.objects.get(year=2024)), plan_document(Plan.objects.get(year=2025)))
    kinds = {(c.kind, c.element): (c.before, c.after) for c in diff.changes}
    assert kinds[("row_redated", "3.5.1.4/2")] == ("01.01.2024–31.12.2024", "01.04.2025–30.09.2025")
    assert kinds[("row_redated", "3.5.1.2/3")] == ("01.08.2024–31.12.2024", "01.01.2025–31.12.2025")
    assert kinds[("target_changed", "info-days")] == ("3", "4")
    assert ("activity_added", "3.5.2.6") in kinds and ("row_added", "3.5.2.6/2.1") in kinds
    assert ("row_removed", "3.5.2.3/3.3") in kinds
    assert kinds[("commitment_changed", "tartu-clubs-weekly")] == (
        "week; min 1; excluded Q3; kinds conversation_club",
        "week; min 2; excluded Q3; kinds conversation_club",
    )
    # "korrapärased kohtumised" (cadence to be agreed) became "vähemalt kord kvartalis": the same commitment
    assert kinds[("commitment_changed", "tallinn-council-meetings")] == (
        "year; open; kinds council_meeting",
        "quarter; min 1; kinds council_meeting",
    )
    assert kinds[("commitment_added", "narva-language-cafe-week")] == (
        "",
        "week; min 1; excluded 07, 08; kinds language_cafe",
    )


def test_seeding_again_changes_nothing(seeded):
    plan = Plan.objects.get(year=2025)
    document = plan_document(plan)
    out = StringIO()
    demo.seed(out=out)
    assert out.getvalue() == ""
    assert plan_document(Plan.objects.get(year=2025)) == document


def test_the_2024_demo_stays_the_year_monitoring_opens(seeded, member):
    """A draft awaiting approval is not the year the dashboards and the to-do home open; Narva, a partner
    from 2025, has no share of 2024's per-partner targets (one network per partnership)."""
    elvl = member("elvl", "coordinator")
    assert default_year(elvl) == 2024
    assert todo_plan(elvl, dt.date(2025, 6, 1)).year == 2024
    results = {r.key: r for r in evaluate(Plan.objects.get(year=2024), Viewer(user=elvl), as_of=dt.date(2024, 12, 31))}
    assert "narva" not in {part.party.slug for part in results["local-networks"].parts}
    results_2025 = {
        r.key: r for r in evaluate(Plan.objects.get(year=2025), Viewer(user=elvl), as_of=dt.date(2025, 12, 31))
    }
    assert "narva" in {part.party.slug for part in results_2025["local-networks"].parts}
