"""The plan's own reads are kept per process under the plan's generation (monitoring.plan_data):
after a write to the records the dashboard reads the plan from memory and counts the records again;
after a write to the plan it reads the plan again. Never a stale figure or target.

Expected values by hand from the scenario (tests/monitoring/conftest.py; the 2024 year is over):
ELVL's info days on 15.02 and 20.05.2024 → 2, target 3; Tartu's clubs every Wednesday of January
2024 → 5 weeks met of the weekly commitment.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loim.core import generations
from loim.core.generations import tables_read
from loim.monitoring import plan_data
from loim.monitoring.access import Viewer
from loim.plans.models import Obligation, Plan, Target

from .builders import make_event

URL = reverse("monitoring:dashboard", kwargs={"year": 2024})
#: what the plan itself holds: its indicators, targets, commitments and their kinds, deliverables, kinds
PLAN_ONLY = {"plans_indicator", "plans_target", "plans_obligation", "plans_eventkind"}


def read(client) -> tuple[str, set[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode(), tables_read(q["sql"] for q in queries.captured_queries)


def info_days(html: str) -> tuple[int, int]:
    """(value, target) of the info days' meter."""
    tag = re.search(r'<meter id="meter-info-days"[^>]*>', html).group(0)
    value = re.search(r'value="(\d+)"', tag).group(1)
    target = re.search(r'optimum="(\d+)"', tag).group(1)
    return int(value), int(target)


@pytest.fixture
def elvl_client(client, scenario, member):
    client.force_login(member("elvl", "coordinator"))
    return client


def test_after_a_new_event_the_plan_is_not_read_again_and_the_event_counts(elvl_client, scenario):
    html, first = read(elvl_client)
    assert info_days(html) == (2, 3)
    assert first >= PLAN_ONLY  # the first page read the plan

    make_event(scenario["parties"]["elvl"], "info_day", dt.date(2024, 9, 10), reach="county", title="Infopäev Valgas")
    html, second = read(elvl_client)
    assert info_days(html) == (3, 3)  # computed again: the new info day counts
    assert "events_event" in second
    assert not second & PLAN_ONLY, sorted(second & PLAN_ONLY)  # the plan came from memory


def test_a_changed_target_shows_at_once(elvl_client, scenario):
    html, _tables = read(elvl_client)
    assert info_days(html) == (2, 3)
    Target.objects.filter(indicator=scenario["indicators"]["info-days"], year=2024).update(value=5)  # no signal
    html, tables = read(elvl_client)
    assert info_days(html) == (2, 5)
    assert "plans_target" in tables


def periods_judged(html: str) -> int:
    """The sum of the verdict summary's counts: every period of every commitment shown."""
    summary = re.search(r'<ul class="verdict-summary">(.*?)</ul>', html, re.S).group(1)
    return sum(int(n) for n in re.findall(r"<strong>(\d+)</strong>", summary))


def test_a_deleted_commitment_leaves_the_dashboard_at_once(elvl_client, scenario):
    html, _tables = read(elvl_client)
    before = periods_judged(html)
    Obligation.objects.filter(key="info-days-half-year").delete()
    html, tables = read(elvl_client)
    assert periods_judged(html) == before - 2  # its two half-years are gone
    assert "plans_obligation" in tables


def test_every_read_of_the_plan_is_of_the_plan_tables(scenario, member):
    """Run every read with the memo empty and collect the tables its SQL names: a read of a table
    outside `plan_tables()` would be kept after a write that changes it."""
    plan = Plan.objects.get(year=2024)
    user = member("tartu", "coordinator")
    viewer = Viewer(user=user)
    generations.forget_memos()
    with CaptureQueriesContext(connection) as queries:
        indicators = plan_data.indicators(plan)
        plan_data.series_rows(plan, [i.key for i in indicators])
        plan_data.rule_context({2024}, activities=True)
        obligations = plan_data.obligations(plan, viewer)
        plan_data.deliverables_of([o.pk for o in obligations] or [0])
        plan_data.plan_years(user)
        plan_data.plan_of_year(user, 2024)
    read_tables = tables_read(q["sql"] for q in queries.captured_queries) - {"core_datageneration"}
    assert {"plans_indicator", "plans_target", "plans_obligation", "parties_party"} <= read_tables
    assert read_tables <= plan_data.plan_tables(), sorted(read_tables - plan_data.plan_tables())


def test_a_partner_and_elvl_keep_their_own_commitments(client, scenario, member):
    """The memo is keyed by the viewer: Tartu sees only its own commitment, ELVL both, whoever
    asked first."""
    plan = Plan.objects.get(year=2024)
    tartu, elvl = member("tartu", "coordinator"), member("elvl", "coordinator")
    assert [o.key for o in plan_data.obligations(plan, Viewer(user=tartu))] == ["tartu-clubs-weekly"]
    assert sorted(o.key for o in plan_data.obligations(plan, Viewer(user=elvl))) == [
        "info-days-half-year",
        "tartu-clubs-weekly",
    ]
    assert [o.key for o in plan_data.obligations(plan, Viewer(user=tartu))] == ["tartu-clubs-weekly"]


def test_a_new_epoch_changes_every_generation_and_nothing_cached_before_is_served(db):
    """A restore sets a new epoch (core.backup): the counters may come back to values seen before,
    so the same counters must not give the same key."""
    tables = ["events_event", "plans_indicator"]
    before = generations.generation(tables)
    calls = []

    def compute():
        calls.append(1)
        return len(calls), None

    assert generations.cached("epoch-test", ["x"], tables, compute) == 1
    assert generations.cached("epoch-test", ["x"], tables, compute) == 1  # kept
    generations.new_epoch()
    assert generations.generation(tables) != before
    assert generations.cached("epoch-test", ["x"], tables, compute) == 2  # computed again


def test_each_caller_gets_its_own_copy_of_the_kept_plan(scenario, member):
    """A view may change the plan it was given (and save it): the next request still reads the plan
    as the database holds it, not the first view's unsaved change."""
    user = member("elvl", "coordinator")
    first = plan_data.plan_of_year(user, 2024)
    title = first.title
    first.title = "Muudetud, salvestamata"
    second = plan_data.plan_of_year(user, 2024)
    assert second.title == title and second.pk == first.pk
    assert plan_data.plan_of_year(user, 2031) is None
