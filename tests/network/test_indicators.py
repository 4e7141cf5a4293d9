"""The two indicators of table 14 counted from the network app's records (issue 12).

Hand-worked records (plan year 2024, read on 31.12.2024 unless said):
- local cooperation networks: Tartu's founded 01.03.2024 (active), Tallinn's founded 01.03.2023
  (active), Pärnu's ended 30.11.2024 (not active on 31.12, active on 30.11), Rakvere's founded
  10.01.2025 (not yet); Saaremaa's county network and ELVL's national network are other kinds.
  → local-networks on 31.12.2024: 2 (Tartu, Tallinn); as of 30.11.2024: 3 (with Pärnu).
- councils: Tallinn's Lõimumiskoda founded 25.04.2024 (active); Pärnu's council 01.02–30.06.2024
  (ended). → participation-councils on 31.12.2024: 1; as of 31.03.2024: 1 (Pärnu's; the
  Lõimumiskoda not yet founded).
- a value 5 entered by hand for local networks in 2024 by Tartu: history, not counted.
Per partner: Tartu's own share is 1 of its target 1 (met); Pärnu's 0 of 1 (not met, year over).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from loim.monitoring.access import Viewer
from loim.monitoring.engine import OWN, drilldown, evaluate
from loim.monitoring.models import ManualValue
from loim.network.models import Network
from tests.monitoring.builders import make_indicator, make_plan

END = dt.date(2024, 12, 31)


def network(party, name, kind, founded, ended=None):
    return Network.objects.create(party=party, name=name, kind=kind, founded_on=founded, ended_on=ended)


@pytest.fixture
def records(programme):
    p = programme
    plan = make_plan(2024)
    make_indicator(
        plan,
        "local-networks",
        rule={"source": "networks", "per_partner": 1},
        kind="stock",
        target=5,
        frame_target=7,
    )
    make_indicator(
        plan,
        "participation-councils",
        rule={"source": "councils", "party_targets": {"tallinn": 1}},
        kind="stock",
        target=2,
        frame_target=7,
    )
    network(p["tartu"], "Tartu koostöövõrgustik", "local", dt.date(2024, 3, 1))
    network(p["tallinn"], "Tallinna ühisvõrgustik", "local", dt.date(2023, 3, 1))
    network(p["parnu"], "Pärnu võrgustik", "local", dt.date(2023, 9, 1), dt.date(2024, 11, 30))
    network(p["rakvere"], "Rakvere võrgustik", "local", dt.date(2025, 1, 10))
    network(p["saaremaa"], "Saare maakonna võrgustik", "county", dt.date(2024, 1, 1))
    network(p["elvl"], "Koordinaatorite võrgustik", "national", dt.date(2023, 1, 1))
    network(p["tallinn"], "Lõimumiskoda", "council", dt.date(2024, 4, 25))
    network(p["parnu"], "Pärnu osaluskogu", "council", dt.date(2024, 2, 1), dt.date(2024, 6, 30))
    ManualValue.objects.create(
        party=p["tartu"], indicator_key="local-networks", year=2024, value=5, evidence="Käsitsi sisestatud"
    )
    return plan


def values(plan, viewer, as_of=END):
    return {r.key: r for r in evaluate(plan, viewer, as_of=as_of)}


def test_active_networks_and_councils_of_the_right_kind_at_period_end(records):
    results = values(records, Viewer.system())
    assert results["local-networks"].method == "rule"
    assert results["local-networks"].value == 2  # Tartu, Tallinn; the hand-entered 5 is not counted
    assert results["participation-councils"].value == 1  # the Lõimumiskoda
    assert results["local-networks"].verdict == "missed"  # 2 of 5 at the year's end


def test_read_on_an_earlier_day_the_stock_is_that_days(records):
    assert values(records, Viewer.system(), dt.date(2024, 11, 30))["local-networks"].value == 3
    assert values(records, Viewer.system(), dt.date(2024, 3, 31))["participation-councils"].value == 1


def test_a_partners_own_network_counts_for_its_own_share(records, programme):
    tartu = values(records, Viewer.system(programme["tartu"]))["local-networks"]
    assert (tartu.role, tartu.value, tartu.target, tartu.verdict) == (OWN, 1, 1, "met")
    parnu = values(records, Viewer.system(programme["parnu"]))["local-networks"]
    assert (parnu.role, parnu.value, parnu.target, parnu.verdict) == (OWN, 0, 1, "missed")
    everyone = values(records, Viewer.system())["local-networks"]
    assert {(part.party.slug, part.value) for part in everyone.parts if part.value} == {
        ("tartu", Decimal(1)),
        ("tallinn", Decimal(1)),
    }


def test_drill_down_lists_the_networks_counted_and_keeps_the_manual_values_as_history(records):
    indicator = records.indicators.get(key="local-networks")
    result, drill = drilldown(indicator, Viewer.system(), as_of=END)
    assert result.value == 2
    assert drill.kind == "networks" and drill.day == END
    assert sorted(drill.queryset.values_list("name", flat=True)) == ["Tallinna ühisvõrgustik", "Tartu koostöövõrgustik"]
    assert [(v.party.slug, v.value) for v in drill.history] == [("tartu", Decimal(5))]


def test_counting_costs_the_same_queries_however_many_networks(records, programme, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        evaluate(records, Viewer.system(), as_of=END)
    for n in range(20):
        network(programme["tartu"], f"Lisavõrgustik {n}", "local" if n % 2 else "council", dt.date(2024, 1, 1))
    with django_assert_num_queries(len(few.captured_queries)):
        result = {r.key: r for r in evaluate(records, Viewer.system(), as_of=END)}
    assert (result["local-networks"].value, result["participation-councils"].value) == (12, 11)


def test_the_indicator_page_says_the_manual_values_are_history(client, records, member):
    client.force_login(member("elvl", "coordinator"))
    url = reverse("monitoring:indicator", kwargs={"year": 2024, "key": "local-networks"})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tartu koostöövõrgustik" in page and "Tallinna ühisvõrgustik" in page and "Pärnu võrgustik" not in page
    assert "history, not counted" in page and "Käsitsi sisestatud" in page
