"""The journey-model rollout (issue 13): moves, their checks, the pages, and the indicator counted
from them.

Hand-worked records: Tartu, Tallinn and Pärnu explore from 01.03.2024, define from 01.06.2024 and
develop from 01.10.2024 (the plan's 2024 timeline); in 2025 Tartu validates from 01.03.2025 and Pärnu
validates from 01.04.2025 and implements from 01.09.2025.
→ journey-model-kovs 2024 (31.12.2024): 0; 2025 at 31.12.2025: 1 (Pärnu, since 01.09.2025);
  at 30.06.2025 (`at: 06-30`): 0 (Pärnu still validates); as of 01.09.2025 while the year runs: 1.
A value 3 entered by hand for 2025 by ELVL stays as history, not counted.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from loim.monitoring.access import Viewer
from loim.monitoring.engine import drilldown, evaluate
from loim.monitoring.models import ManualValue
from loim.network.models import Document
from loim.services.models import RolloutPhase
from loim.services.rollout_services import MoveInput, rollout_move
from tests.events.helpers import municipality
from tests.monitoring.builders import make_indicator, make_plan
from tests.services.rollout_helpers import move, partners_in_2024

TODAY = dt.date(2025, 12, 1)
RULE = {"source": "journey_implementations"}


@pytest.fixture
def history(programme):
    partners_in_2024()
    move("Tartu linn", "validate", dt.date(2025, 3, 1))
    move("Pärnu linn", "validate", dt.date(2025, 4, 1))
    move("Pärnu linn", "implement", dt.date(2025, 9, 1), url="https://elvl.ee/teekonnad/parnu")


@pytest.fixture
def plans(history):
    for year, target in ((2024, 0), (2025, 2)):
        make_indicator(make_plan(year), "journey-model-kovs", rule=RULE, kind="stock", target=target, frame_target=7)
    ManualValue.objects.create(
        party=programme_party("elvl"), indicator_key="journey-model-kovs", year=2025, value=3, evidence="Käsitsi"
    )
    return {p.year: p for p in __import__("loim.plans.models", fromlist=["Plan"]).Plan.objects.all()}


def programme_party(slug):
    from loim.parties.models import Party

    return Party.objects.get(slug=slug)


def value(plan, viewer=None, as_of=None):
    (result,) = evaluate(plan, viewer or Viewer.system(), as_of=as_of)
    return result


def test_the_indicator_counts_municipalities_implementing_at_period_end(plans):
    assert value(plans[2024]).value == 0
    result = value(plans[2025])
    assert result.method == "rule"
    assert result.value == 1  # Pärnu; the hand-entered 3 is not counted
    assert result.by_party == {programme_party("parnu").pk: Decimal(1)}
    assert [p.value for p in result.trend] == [0, 1]


def test_the_stock_is_read_on_the_day(plans):
    assert value(plans[2025], as_of=dt.date(2025, 6, 30)).value == 0  # Pärnu validates until 31.08
    assert value(plans[2025], as_of=dt.date(2025, 9, 1)).value == 1
    indicator = plans[2025].indicators.get()
    indicator.rule = {**RULE, "at": "06-30"}
    indicator.save()
    assert value(plans[2025]).value == 0


def test_drill_down_names_the_municipalities_and_keeps_the_manual_values_as_history(plans):
    indicator = plans[2025].indicators.get()
    result, drill = drilldown(indicator, Viewer.system(), as_of=dt.date(2025, 12, 31))
    assert result.value == 1
    assert drill.kind == "rollout" and drill.day == dt.date(2025, 12, 31)
    assert [(m.municipality.name, m.began_on) for m in drill.queryset] == [("Pärnu linn", dt.date(2025, 9, 1))]
    assert [v.value for v in drill.history] == [3]


def test_each_party_sees_its_own_share(plans, member):
    parnu = Viewer(user=member("parnu", "viewer"))
    tartu = Viewer(user=member("tartu", "coordinator"))
    assert value(plans[2025], parnu).value == 1
    assert value(plans[2025], tartu).value == 0
    assert value(plans[2025], Viewer.system(programme_party("parnu"))).value == 1


def test_one_query_of_moves_however_many_years(plans, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        value(plans[2025])
    assert sum("services_rolloutphase" in q["sql"] for q in queries.captured_queries) == 1


def test_the_manual_values_page_no_longer_offers_the_indicator(plans, client, member):
    client.force_login(member("elvl", "coordinator"))
    response = client.get(reverse("monitoring:manual_values", kwargs={"year": 2025}))
    assert response.status_code == 200
    assert [i.key for i in response.context["indicators"]] == []  # nothing to enter: the old value is history


# --- moves and their checks --------------------------------------------------------------------------


def record(user, place, phase, day, **kwargs):
    return rollout_move(
        user=user, data=MoveInput(municipality=municipality(place), phase=phase, began_on=day, **kwargs), today=TODAY
    )


def refused(field, user, place, phase, day, **kwargs):
    before = RolloutPhase.objects.count()
    with pytest.raises(ValidationError) as error:
        record(user, place, phase, day, **kwargs)
    assert field in error.value.message_dict, error.value.message_dict
    assert RolloutPhase.objects.count() == before
    return " ".join(error.value.message_dict[field])


def test_a_move_is_owned_by_the_municipalitys_party_whoever_records_it(history, member):
    elvl = member("elvl", "coordinator")
    row = record(elvl, "Tallinn", "validate", dt.date(2025, 5, 1), notes="Valideerimise töötoad")
    assert row.party.slug == "tallinn" and row.recorded_by == elvl
    row = record(elvl, "Narva linn", "implement", dt.date(2025, 11, 1), evidence_url="https://narva.ee/teekond")
    assert row.party.slug == "elvl"  # no partner yet: ELVL keeps the row
    own = record(
        member("tartu", "coordinator"),
        "Tartu linn",
        "implement",
        dt.date(2025, 10, 1),
        evidence_url="https://tartu.ee/t",
    )
    assert own.party.slug == "tartu"


def test_bad_moves_are_refused_by_field(history, member):
    tartu = member("tartu", "coordinator")
    refused("municipality", tartu, "Pärnu linn", "implement", dt.date(2025, 10, 1), evidence_url="https://parnu.ee/t")
    refused("municipality", member("tartu", "viewer"), "Tartu linn", "implement", dt.date(2025, 10, 1))
    refused("municipality", member("ministry", "ministry_reader"), "Tartu linn", "implement", dt.date(2025, 10, 1))
    refused("began_on", tartu, "Tartu linn", "implement", dt.date(2025, 12, 2), evidence_url="https://tartu.ee/t")
    text = refused("began_on", tartu, "Tartu linn", "implement", dt.date(2025, 2, 1), evidence_url="https://tartu.ee/t")
    assert "01.03.2025" in text  # the previous phase's day
    refused("began_on", tartu, "Tartu linn", "implement", dt.date(2025, 3, 1), evidence_url="https://tartu.ee/t")
    refused("phase", tartu, "Tartu linn", "validate", dt.date(2025, 5, 1))
    refused("reason", tartu, "Tartu linn", "develop", dt.date(2025, 5, 1))
    refused("evidence_document", tartu, "Tartu linn", "implement", dt.date(2025, 10, 1))
    refused("phase", tartu, "Tartu linn", "launch", dt.date(2025, 10, 1))


def test_going_back_with_a_reason_and_forward_skipping_phases(history, member):
    tartu = member("tartu", "coordinator")
    back = record(tartu, "Tartu linn", "develop", dt.date(2025, 5, 1), reason="Valideerimine näitas lünki")
    assert back.reason == "Valideerimine näitas lünki"
    elvl = member("elvl", "coordinator")
    assert record(elvl, "Rakvere linn", "develop", dt.date(2025, 2, 1)).phase == "develop"


def test_evidence_documents_the_owner_cannot_read_are_refused(history, member, programme):
    elvl = member("elvl", "coordinator")
    private = Document.objects.create(
        party=programme["tallinn"], kind="minutes", title="Tallinna protokoll", language="et", visibility="network"
    )
    shared = Document.objects.create(
        party=programme["elvl"], kind="guidance", title="Teekonna mudel", language="et", visibility="all_networks"
    )
    refused("evidence_document", elvl, "Pärnu linn", "validate", dt.date(2025, 11, 1), evidence_document=private)
    refused(
        "evidence_document",
        member("parnu", "coordinator"),
        "Pärnu linn",
        "validate",
        dt.date(2025, 11, 1),
        evidence_document=private,
    )
    row = record(elvl, "Tallinn", "implement", dt.date(2025, 11, 1), evidence_document=shared)
    assert row.evidence_document == shared


# --- pages ---------------------------------------------------------------------------------------


def test_overview_lists_each_municipalitys_current_phase_in_a_fixed_number_of_queries(
    history, client, member, django_assert_max_num_queries
):
    client.force_login(member("elvl", "coordinator"))
    url = reverse("services:rollout_overview")
    client.get(url)
    with django_assert_max_num_queries(12) as first:
        response = client.get(url)
    content = response.content.decode()
    assert "Pärnu linn" in content and "Tartu linn" in content and "Tallinn" in content
    for n in range(4):
        move(["Rakvere linn", "Saaremaa vald", "Narva linn", "Valga vald"][n], "explore", dt.date(2025, 1, 1))
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert "Valga vald" in response.content.decode()


def test_a_partner_reads_only_its_own_municipality(history, client, member):
    client.force_login(member("tartu", "viewer"))
    content = client.get(reverse("services:rollout_overview")).content.decode()
    assert "Tartu linn" in content and "Pärnu linn" not in content
    parnu = municipality("Pärnu linn")
    assert client.get(reverse("services:rollout_history", kwargs={"municipality": parnu.pk})).status_code == 404
    tartu = municipality("Tartu linn")
    assert client.get(reverse("services:rollout_history", kwargs={"municipality": tartu.pk})).status_code == 200
    assert client.get(reverse("services:rollout_record")).status_code == 404  # a viewer records nothing


def test_the_form_records_a_move_and_refuses_another_partners_municipality(history, client, member):
    client.force_login(member("tartu", "coordinator"))
    url = reverse("services:rollout_record")
    parnu = municipality("Pärnu linn")
    response = client.post(url, {"municipality": parnu.pk, "phase": "develop", "began_on": "2025-11-01", "reason": "x"})
    assert response.status_code == 200 and "municipality" in response.context["form"].errors
    before = RolloutPhase.objects.count()
    tartu = municipality("Tartu linn")
    response = client.post(
        url,
        {
            "municipality": tartu.pk,
            "phase": "implement",
            "began_on": "2025-11-01",
            "evidence_url": "https://tartu.ee/t",
        },
    )
    assert response.status_code == 302
    assert RolloutPhase.objects.count() == before + 1


def test_the_menu_marks_only_the_journey_model_as_current(history, client, member):
    client.force_login(member("elvl", "coordinator"))
    content = client.get(reverse("services:rollout_overview")).content.decode()
    # the menu is written twice, the desk's list and the phone's <details> (only one is displayed):
    # one current link in each
    desk, phone = content.split('class="nav-narrow"', 1)
    assert desk.count('aria-current="page"') == 1
    assert phone.count('aria-current="page"') == 1
