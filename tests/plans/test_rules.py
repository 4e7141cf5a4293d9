"""The counting-rule schema that monitoring evaluates: what is a valid rule, and what is refused."""

import pytest

from loim.plans.rules import describe_rule, normalise_rule, validate_rule

KINDS = {"info_day", "training", "study_trip", "network_meeting", "experience_meeting"}
PARTIES = {"elvl", "tartu", "tallinn"}


def problems(rule, **kwargs):
    return validate_rule(rule, known_kinds=KINDS, known_parties=PARTIES, activity_codes={"3.5.1.4"}, **kwargs)


@pytest.mark.parametrize(
    ("rule", "kind"),
    [
        ({"source": "coordinator_positions"}, "stock"),
        ({"source": "coordinator_positions", "at": "12-31"}, "stock"),
        ({"source": "coordinator_positions", "at": "period_end", "parties": ["tartu"]}, "stock"),
        ({"source": "events", "kinds": ["info_day"], "parties": ["elvl"]}, "cumulative"),
        ({"source": "events", "kinds": ["training"], "parties": ["elvl"], "reach": "national"}, "cumulative"),
        ({"source": "participations", "kinds": ["training", "study_trip"], "activity": "3.5.1.4"}, "cumulative"),
        ({"source": "networks"}, "stock"),
        ({"source": "councils"}, "milestone"),
        ({"source": "journey_implementations"}, "stock"),
    ],
)
def test_valid_rules(rule, kind):
    assert problems(rule, indicator_kind=kind) == []


@pytest.mark.parametrize(
    ("rule", "kind", "field"),
    [
        ("events", None, "rule"),
        ({}, None, "source"),
        ({"source": "tweets"}, None, "source"),
        ({"source": "events", "colour": "red"}, None, "colour"),
        ({"source": "events", "kinds": ["karaoke"]}, None, "kinds"),
        ({"source": "events", "kinds": []}, None, "kinds"),
        ({"source": "events", "kinds": ["info_day", "info_day"]}, None, "kinds"),
        ({"source": "events", "parties": ["narva"]}, None, "parties"),
        ({"source": "events", "activity": "9.9.9"}, None, "activity"),
        ({"source": "events", "reach": "galactic"}, None, "reach"),
        ({"source": "events", "at": "12-31"}, None, "at"),
        ({"source": "coordinator_positions", "kinds": ["training"]}, None, "kinds"),
        ({"source": "coordinator_positions", "reach": "county"}, None, "reach"),
        ({"source": "coordinator_positions", "activity": "3.5.1.4"}, None, "activity"),
        ({"source": "coordinator_positions", "at": "13-01"}, None, "at"),
        ({"source": "coordinator_positions", "at": "31.12"}, None, "at"),
        ({"source": "events"}, "stock", "source"),
        ({"source": "coordinator_positions"}, "cumulative", "source"),
    ],
)
def test_invalid_rules_name_the_field(rule, kind, field):
    assert field in [f for f, _message in problems(rule, indicator_kind=kind)]


def test_normalise_and_describe():
    rule = {"parties": ["elvl"], "kinds": ["info_day"], "source": "events", "reach": None}
    assert list(normalise_rule(rule)) == ["source", "kinds", "parties"]
    assert describe_rule(rule) == "events · kinds=info_day · parties=elvl"
    assert describe_rule(None) == ""


@pytest.mark.parametrize(
    ("rule", "kind"),
    [
        ({"source": "coordinator_positions", "reading": "municipalities", "per_partner": 1}, "stock"),
        ({"source": "coordinator_positions", "reading": "posts"}, "stock"),
        ({"source": "networks", "per_partner": 1}, "stock"),
        ({"source": "councils", "party_targets": {"tallinn": 1}}, "stock"),
        ({"source": "events", "kinds": ["info_day"], "parties": ["elvl"], "delivered_by": "elvl"}, "cumulative"),
        ({"source": "participations", "delivered_by": ["elvl", "tartu"]}, "cumulative"),
    ],
)
def test_valid_share_fields(rule, kind):
    assert problems(rule, indicator_kind=kind) == []


@pytest.mark.parametrize(
    ("rule", "field", "words"),
    [
        ({"source": "events", "reading": "posts"}, "reading", "coordinator positions only"),
        ({"source": "coordinator_positions", "reading": "heads"}, "reading", "Unknown reading 'heads'"),
        ({"source": "networks", "per_partner": 0}, "per_partner", "above 0"),
        ({"source": "networks", "per_partner": "one"}, "per_partner", "above 0"),
        ({"source": "networks", "per_partner": True}, "per_partner", "above 0"),
        ({"source": "councils", "party_targets": {"atlantis": 1}}, "party_targets", "Unknown party: atlantis"),
        ({"source": "councils", "party_targets": {"tallinn": -1}}, "party_targets", "above 0"),
        ({"source": "councils", "party_targets": [1]}, "party_targets", "mapping"),
        ({"source": "councils", "per_partner": 1, "party_targets": {"tallinn": 1}}, "party_targets", "not both"),
        ({"source": "networks", "delivered_by": "elvl"}, "delivered_by", "events and participations"),
        ({"source": "events", "delivered_by": "atlantis"}, "delivered_by", "Unknown party: atlantis"),
        ({"source": "events", "delivered_by": "elvl", "per_partner": 1}, "delivered_by", "no per-party targets"),
    ],
)
def test_share_fields_refused_with_a_clear_message(rule, field, words):
    from django.utils import translation

    with translation.override("en"):
        found = problems(rule)
    assert any(where == field and words in message for where, message in found), found


def test_a_rule_in_words_names_things_instead_of_codes():
    """The plan page showed "coordinator_positions · at=period_end"; it now says what is counted."""
    from django.utils import translation

    from loim.plans.rules import rule_in_words

    kinds = {"info_day": "infopäev"}
    parties = {"elvl": "ELVL", "tallinn": "Tallinn LV"}
    with translation.override("et"):
        assert rule_in_words(
            {"source": "events", "kinds": ["info_day"], "parties": ["elvl"]}, kinds=kinds, parties=parties
        ) == ("üritused · liigid: infopäev · osapooled: ELVL")
        positions = {"source": "coordinator_positions", "at": "period_end", "party_targets": {"tallinn": 1}}
        text = rule_in_words(positions, kinds=kinds, parties=parties)
        assert "coordinator_positions" not in text and "period_end" not in text and "tallinn" not in text
        assert text == (
            "kehtivad koordinaatori ametikohad lugemise päeval · loetakse perioodi lõpus"
            " · osapoolte sihttasemed: Tallinn LV 1"
        )
    with translation.override("en"):
        assert rule_in_words({"source": "networks", "at": "12-31"}, kinds=kinds, parties=parties) == (
            "local cooperation networks · read on 31.12."
        )
