"""The consistency check finds what the 2024 plan contradicts in itself, quoting both places."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from loim.plans.consistency import plan_findings, yearly_minimum
from loim.plans.models import Obligation
from loim.plans.selectors import plan_tree


@pytest.fixture
def findings(plan_2024):
    with translation.override("et"):
        return plan_findings(plan_tree(plan_2024))


def of_kind(findings, kind):
    return [f for f in findings if f.kind == kind]


def test_child_frames_starting_before_their_activity(findings):
    found = of_kind(findings, "frame_starts_before_parent")
    assert len(found) == 3  # rows 1–3 of 3.5.1.2 start on 01.01.2023, the activity on 01.01.2024
    for finding in found:
        assert finding.first.quote == "01.01.2023–31.10.2029"
        assert finding.second.quote == "01.01.2024–31.10.2029"
        assert "3.5.1.2" in finding.second.label and "Tabel 3" in finding.second.label
    assert {f.first.label for f in found} == {f"Tabel 3, 3.5.1.2 rida {n}." for n in (1, 2, 3)}


def test_info_days_two_against_target_three(findings):
    commitments = [f for f in of_kind(findings, "commitment_differs_from_target") if "infopäev" in f.first.quote]
    quotes = {f.first.quote for f in commitments}
    assert "2024. aastal korraldatakse vähemalt kaks maakondlikku infopäeva erinevates regioonides" in quotes
    assert all(f.second.quote == "3" and "Korraldatud infopäevade arv" in f.second.label for f in commitments)
    [explanation] = [f for f in of_kind(findings, "explanation_differs_from_target") if "infopäev" in f.first.quote]
    assert explanation.first.quote == "2 infopäeva"
    assert explanation.second.quote == "3"


def test_trainings_two_against_target_three(findings):
    [commitment] = [f for f in of_kind(findings, "commitment_differs_from_target") if "koolitus" in f.first.quote]
    assert commitment.first.quote == "2024. aastal toimub vähemalt kaks üleriigilist koolitust."
    assert commitment.second.quote == "3"
    assert "Korraldatud üle-eestiliste koolituste arv" in commitment.second.label
    [explanation] = [f for f in of_kind(findings, "explanation_differs_from_target") if "koolitus" in f.first.quote]
    assert explanation.first.quote == "2 üle-eestilist koolitust"
    assert "osalenud KOV-ide arv" in explanation.first.label  # the participations indicator's explanation


def test_2029_targets_beyond_the_partner_activities_frames(findings):
    found = of_kind(findings, "target_beyond_frame")
    assert {f.first.label for f in found} == {
        "Tabel 14, „Kohaliku tasandi koostöövõrgustike arv“, sihttase 2029",
        "Tabel 14, „KOV-ide osaluskogude arv“, sihttase 2029",
    }
    for finding in found:
        assert finding.first.quote == "7"
        assert "01.04.2026" in finding.second.quote and "3.5.2.5" in finding.second.quote


def test_unit_that_does_not_fit_what_is_counted(findings):
    [finding] = of_kind(findings, "unit_differs_from_name")
    assert finding.first.quote == "Koolitustel, kogemuskohtumistel, õppevisiitidel osalenud KOV-ide arv"
    assert finding.second.quote == "Osaluskord"


def test_rakvere_two_plus_two_against_at_least_two(findings):
    [finding] = of_kind(findings, "commitments_differ")
    assert "2 korda aastas" in finding.first.quote
    assert finding.second.quote == "vähemalt 2  maakondlikku kohtumist"


def test_a_rule_that_counts_something_else_than_the_unit(plan_2024):
    indicator = plan_2024.indicators.get(key="info-days")
    indicator.unit = "Osaluskord"
    indicator.save()
    with translation.override("en"):
        found = of_kind(plan_findings(plan_tree(plan_2024)), "unit_differs_from_rule")
    assert [f.first.quote for f in found] == ["Osaluskord"]
    assert found[0].second.quote == "events"


def test_yearly_minimum_of_commitments(plan_2024):
    minimum = {o.key: yearly_minimum(o) for o in Obligation.objects.filter(plan=plan_2024)}
    assert minimum["info-days-half-year"] == 2
    assert minimum["tartu-network-monthly"] == 9  # every month but July, August and September
    assert minimum["tallinn-joint-network-quarterly"] == 4
    assert minimum["rakvere-county-meetings"] == 4
    assert minimum["tallinn-council-meetings"] is None  # open cadence
    assert minimum["tartu-clubs-weekly"] is None  # weeks are not laid out here


def test_check_plan_command(plan_2024, capsys):
    call_command("check_plan", year=2024, format="json")
    data = json.loads(capsys.readouterr().out)
    assert {f["kind"] for f in data} >= {
        "frame_starts_before_parent",
        "commitment_differs_from_target",
        "explanation_differs_from_target",
        "target_beyond_frame",
        "unit_differs_from_name",
    }
    call_command("check_plan", year=2024)
    assert "vähemalt kaks maakondlikku infopäeva" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("check_plan", year=2024, strict=True)
    with pytest.raises(CommandError, match="2030"):
        call_command("check_plan", year=2030)
