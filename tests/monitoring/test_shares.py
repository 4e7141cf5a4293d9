"""Each party's truth (issue 11 §1): its own share and target, another party's indicator as context,
both readings of the coordinator indicator with vacancies named, and one rule for positions shared
by the indicator and the commitments. Every expected value is worked out from the records built here."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from loim.monitoring import obligations as checker
from loim.monitoring.access import Viewer
from loim.monitoring.engine import CONTEXT, OWN, PROGRAMME, SHARE, drilldown, evaluate
from loim.monitoring.models import ManualValue
from loim.network.models import Network
from loim.parties.coordinators import Post, counts_on

from .builders import (
    make_activity,
    make_agreement,
    make_event,
    make_indicator,
    make_obligation,
    make_plan,
    make_position,
    municipality,
)

END_2024 = dt.date(2024, 12, 31)
PARTNERS = ("tartu", "tallinn", "rakvere", "saaremaa", "parnu")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def by_key(results):
    return {r.key: r for r in results}


@pytest.fixture
def five_partners(programme):
    """5 partners with agreements for 2023–2026; Tartu, Saaremaa, Pärnu one post each, Tallinn two,
    Rakvere's only post ended on 14.06.2024 (vacant on 31.12.2024). ELVL's own coordinator has no
    agreement. Programme target 5 posts/municipalities, 1 per partner."""
    plan = make_plan(2024)
    coordinators(plan, programme)
    make_position(programme["elvl"], dt.date(2024, 4, 1))  # ELVL's own: no partnership agreement
    return plan


def coordinators(plan, programme):
    make_indicator(
        plan,
        "kov-coordinators",
        rule={"source": "coordinator_positions", "reading": "municipalities", "per_partner": 1},
        kind="stock",
        target=5,
        frame_target=7,
    )
    agreements = {slug: make_agreement(programme[slug]) for slug in PARTNERS}
    make_position(programme["tartu"], dt.date(2023, 3, 1), agreement=agreements["tartu"])
    make_position(programme["tallinn"], dt.date(2023, 4, 1), agreement=agreements["tallinn"])
    make_position(programme["tallinn"], dt.date(2024, 1, 22), agreement=agreements["tallinn"])
    make_position(programme["rakvere"], dt.date(2023, 3, 1), dt.date(2024, 6, 14), agreement=agreements["rakvere"])
    make_position(programme["saaremaa"], dt.date(2023, 11, 15), agreement=agreements["saaremaa"])
    make_position(programme["parnu"], dt.date(2024, 2, 1), agreement=agreements["parnu"])


def test_programme_reads_posts_and_municipalities_and_names_the_vacancy(five_partners, programme):
    result = evaluate(five_partners, Viewer.system(), as_of=END_2024)[0]
    assert result.role == PROGRAMME
    reading = result.coordinators
    assert reading.day == END_2024
    assert reading.posts == 5  # Tartu 1 + Tallinn 2 + Saaremaa 1 + Pärnu 1; Rakvere left in June
    assert reading.municipalities == 4 and reading.partnerships == 5  # 4 of 5 have a coordinator
    assert reading.vacancies == [str(programme["rakvere"])]
    # the rule's reading is municipalities: 4 against the target 5, not 5 posts "met"
    assert result.value == 4 and result.target == 5 and result.deviation == -1
    parts = {p.party.slug: p for p in result.parts}
    assert set(parts) == set(PARTNERS)  # ELVL's post is under no agreement: not a KOV coordinator
    assert parts["tallinn"].value == 1 and parts["tallinn"].verdict == "met"  # two posts, one municipality
    assert parts["rakvere"].value == 0 and parts["rakvere"].vacant and parts["rakvere"].verdict == "missed"
    assert parts["tartu"].target == 1 and parts["tartu"].verdict == "met"


def test_tartu_sees_its_own_share_of_one_against_its_target_of_one(five_partners, programme, member):
    tartu_user = member("tartu", "coordinator")
    result = evaluate(five_partners, Viewer(user=tartu_user), as_of=END_2024)[0]
    assert result.role == OWN
    assert (result.value, result.target, result.deviation, result.verdict) == (1, 1, 0, "met")
    assert result.programme_target == 5
    assert result.coordinators.vacancies == []  # Rakvere's vacancy is not Tartu's record
    assert [p.party.slug for p in result.parts] == ["tartu"]


def test_rakvere_sees_its_own_vacancy(five_partners, programme):
    result = evaluate(five_partners, Viewer.system(programme["rakvere"]), as_of=END_2024)[0]
    assert (result.role, result.value, result.target, result.verdict) == (OWN, 0, 1, "missed")
    assert result.coordinators.vacancies == [str(programme["rakvere"])]
    _result, drill = drilldown(result.indicator, Viewer.system(programme["rakvere"]), as_of=END_2024)
    assert list(drill.queryset) == [] and [v.party_name for v in drill.vacancies] == [str(programme["rakvere"])]


def test_posts_reading_counts_tallinns_two(five_partners, programme):
    indicator = five_partners.indicators.get()
    indicator.rule = {"source": "coordinator_positions", "per_partner": 1}
    indicator.save()
    result = evaluate(five_partners, Viewer.system(), as_of=END_2024)[0]
    assert result.value == 5 and result.coordinators.municipalities == 4  # both readings, vacancy named
    assert result.coordinators.vacancies == [str(programme["rakvere"])]
    tallinn = evaluate(five_partners, Viewer.system(programme["tallinn"]), as_of=END_2024)[0]
    assert (tallinn.value, tallinn.target, tallinn.verdict) == (2, 1, "met")


def test_drill_down_names_the_vacancy_and_lists_the_posts(five_partners, programme, client, member):
    client.force_login(member("elvl", "coordinator"))
    url = reverse("monitoring:indicator", kwargs={"year": 2024, "key": "kov-coordinators"})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Vacant: Rakvere" in page
    assert "5 records behind the figure" in page


def test_one_rule_for_the_indicator_and_the_commitment(programme):
    """Tallinn's second coordinator (at least 2 posts by 31.01.2024): a post after the agreement has
    ended counts for neither."""
    tallinn = programme["tallinn"]
    plan = make_plan(2024)
    activity = make_activity(plan, "3.5.2.3", section="partner", responsible=[tallinn])
    make_indicator(plan, "kov-coordinators", rule={"source": "coordinator_positions"}, kind="stock", target=2)
    make_obligation(
        plan,
        activity,
        "tallinn-second",
        tallinn,
        subject="coordinator_positions",
        period="once",
        due=dt.date(2024, 1, 31),
        min_count=2,
    )
    ended = make_agreement(tallinn, start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31))
    make_position(tallinn, dt.date(2023, 4, 1), agreement=ended)  # held, but its agreement ended
    make_position(tallinn, dt.date(2024, 1, 22), agreement=make_agreement(tallinn, start=dt.date(2024, 1, 1)))
    day = dt.date(2024, 1, 31)
    assert evaluate(plan, Viewer.system(), as_of=day)[0].value == 1
    check = checker.check(plan, Viewer.system(), as_of=day)[0]
    assert [cell.count for cell in check.cells] == [1]  # the same one post: not 2 as before
    assert check.cells[0].verdict != checker.MET


def test_counts_on_is_the_rule():
    day = dt.date(2024, 6, 1)
    partner = Post(1, 1, True, dt.date(2024, 1, 1), None, 9, 1, dt.date(2023, 1, 1), dt.date(2026, 4, 1))
    assert counts_on(partner, day)
    assert not counts_on(Post(2, 1, True, dt.date(2024, 1, 1), None), day)  # a partner without an agreement
    assert counts_on(Post(3, 2, False, dt.date(2024, 1, 1), None), day)  # the implementer's own post
    assert not counts_on(Post(4, 2, False, dt.date(2024, 7, 1), None), day)  # not held yet


@pytest.fixture
def elvl_info_days(programme):
    """ELVL's info days: 3 in 2024; Tartu's municipality took part in 2 of them and in one training
    (another kind: not counted); Tallinn in 1."""
    plan = make_plan(2024)
    make_indicator(
        plan,
        "info-days",
        rule={"source": "events", "kinds": ["info_day"], "parties": ["elvl"], "delivered_by": "elvl"},
        target=3,
        frame_target=12,
    )
    tartu_m, tallinn_m = municipality("Tartu linn"), municipality("Tallinn")
    elvl = programme["elvl"]
    make_event(elvl, "info_day", dt.date(2024, 2, 15), participations=[tartu_m, tallinn_m])
    make_event(elvl, "info_day", dt.date(2024, 5, 20), participations=[tartu_m])
    make_event(elvl, "info_day", dt.date(2024, 10, 3))
    make_event(elvl, "training", dt.date(2024, 3, 5), participations=[tartu_m])
    make_event(elvl, "info_day", dt.date(2023, 11, 1), participations=[tartu_m])  # 2023: not 2024
    return plan


def test_another_partys_indicator_is_context_with_the_times_taken_part(elvl_info_days, programme, member):
    result = evaluate(elvl_info_days, Viewer(user=member("tartu", "viewer")), as_of=END_2024)[0]
    assert result.role == CONTEXT
    assert result.took_part == 2
    assert result.target is None and result.verdict == "" and result.deviation is None
    assert result.outlook.verdict == "context"
    assert [p.slug for p in result.deliverers] == ["elvl"]


def test_elvl_sees_its_info_days_as_its_own(elvl_info_days, programme, member):
    elvl = evaluate(elvl_info_days, Viewer(user=member("elvl", "coordinator")), as_of=END_2024)[0]
    assert (elvl.role, elvl.value, elvl.target) == (PROGRAMME, 3, 3)
    narrowed = evaluate(elvl_info_days, Viewer.system(programme["elvl"]), as_of=END_2024)[0]
    assert (narrowed.role, narrowed.value, narrowed.target, narrowed.verdict) == (OWN, 3, 3, "met")
    tallinn = evaluate(elvl_info_days, Viewer.system(programme["tallinn"]), as_of=END_2024)[0]
    assert (tallinn.role, tallinn.took_part) == (CONTEXT, 1)


def test_tartu_dashboard_shows_context_not_failure(elvl_info_days, programme, member, client):
    client.force_login(member("tartu", "coordinator"))
    page = client.get(reverse("monitoring:dashboard", kwargs={"year": 2024}), HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert "ELVL&#x27;s indicator." in body or "ELVL's indicator." in body
    assert "Your municipality took part 2 times in 2024." in body
    assert 'id="meter-info-days"' not in body and "at risk" not in body and "-100" not in body
    drill = client.get(
        reverse("monitoring:indicator", kwargs={"year": 2024, "key": "info-days"}), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Your municipality took part 2 times in 2024." in drill and "Verdict" not in drill


def test_councils_where_agreed_and_a_share_without_a_target(programme):
    plan = make_plan(2024)
    make_indicator(
        plan,
        "participation-councils",
        rule={"source": "councils", "party_targets": {"tallinn": 1}},
        kind="stock",
        target=2,
        frame_target=7,
    )
    # counted from the council's record since issue 12 (the network app); a value entered by hand is history
    Network.objects.create(
        party=programme["tallinn"], name="Lõimumiskoda", kind="council", founded_on=dt.date(2024, 4, 25)
    )
    ManualValue.objects.create(
        party=programme["parnu"], indicator_key="participation-councils", year=2024, value=1, evidence="Ajalugu"
    )
    tallinn = evaluate(plan, Viewer.system(programme["tallinn"]), as_of=END_2024)[0]
    assert (tallinn.role, tallinn.value, tallinn.target, tallinn.verdict) == (OWN, 1, 1, "met")
    parnu = evaluate(plan, Viewer.system(programme["parnu"]), as_of=END_2024)[0]
    assert (parnu.role, parnu.value, parnu.target, parnu.programme_target) == (SHARE, 0, None, 2)
    everyone = evaluate(plan, Viewer.system(), as_of=END_2024)[0]
    assert (everyone.value, everyone.target) == (1, 2)
    assert [(p.party.slug, p.value, p.target) for p in everyone.parts] == [("tallinn", Decimal(1), Decimal(1))]


def test_the_api_says_whose_figure_it_is(elvl_info_days, five_partners_extra, client, member):
    client.force_login(member("tartu", "coordinator"))
    rows = {r["key"]: r for r in client.get(reverse("v1:monitoring-indicator-list"), {"year": 2024}).json()}
    info = rows["info-days"]
    assert (info["role"], info["took_part"], info["target"], info["verdict"]) == ("context", 2, None, None)
    assert info["programme_target"] == 3
    coordinators = rows["kov-coordinators"]
    assert (coordinators["role"], coordinators["value"], coordinators["target"], coordinators["verdict"]) == (
        "own",
        1,
        1,
        "met",
    )
    client.force_login(member("elvl", "coordinator"))
    rows = {r["key"]: r for r in client.get(reverse("v1:monitoring-indicator-list"), {"year": 2024}).json()}
    reading = rows["kov-coordinators"]["coordinators"]
    assert (reading["posts"], reading["municipalities"], reading["partnerships"]) == (5, 4, 5)
    assert reading["vacancies"] == ["Rakvere LV"]
    assert {p["party"]: p["vacant"] for p in rows["kov-coordinators"]["parts"]}["rakvere"] is True


@pytest.fixture
def five_partners_extra(elvl_info_days, programme):
    """The coordinators of `five_partners`, in the info days' plan (one plan a year)."""
    coordinators(elvl_info_days, programme)
    return elvl_info_days
