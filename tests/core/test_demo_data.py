"""The one reader of demo data files, and its two helpers for what YAML makes awkward."""

import datetime as dt

import pytest
import yaml
from django.apps import apps

from loim.core.demo import clock, demo_data, expand


def test_every_app_with_a_demo_data_file_parses_it_to_plain_values():
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("loim."):
            continue
        try:
            data = demo_data(config.label)
        except FileNotFoundError:
            continue
        assert isinstance(data, dict), config.label
        found.append(config.label)
    assert {"events", "inquiries", "monitoring", "parties", "register"} <= set(found)


def test_a_fresh_copy_every_time_so_a_caller_may_change_it():
    first = demo_data("events")
    first["events"].clear()
    assert demo_data("events")["events"]


def test_dates_are_dates_and_codes_stay_text():
    inquiries = demo_data("inquiries")
    assert inquiries["profiles"]["tartu"]["neighbours"][0] == "0796"
    register = demo_data("register")
    assert register["parties"]["saaremaa"]["people"][0]["consent_given"] == dt.date(2024, 2, 12)


@pytest.mark.parametrize(("written", "expected"), [("'09:30'", dt.time(9, 30)), ("'17:00'", dt.time(17))])
def test_clock_reads_quoted_times(written, expected):
    assert clock(yaml.safe_load(f"t: {written}")["t"]) == expected


def test_clock_undoes_yaml_reading_an_unquoted_time_as_minutes():
    unquoted = yaml.safe_load("t: 10:30")["t"]
    assert unquoted == 630  # YAML 1.1 sexagesimal: 10 * 60 + 30
    assert clock(unquoted) == dt.time(10, 30)


def test_expand_puts_a_group_in_place_keeping_the_order():
    groups = {"south": ["Võru linn", "Põlva vald"]}
    assert expand(["Tartu linn", {"group": "south"}, "Valga vald"], groups) == [
        "Tartu linn",
        "Võru linn",
        "Põlva vald",
        "Valga vald",
    ]
    with pytest.raises(KeyError):
        expand([{"group": "north"}], groups)
