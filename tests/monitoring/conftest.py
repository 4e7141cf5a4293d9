"""A small 2024 plan with records whose figures the tests know by heart.

ELVL: activity 1.1 3.5.1.3 (row 1: info days) and 1.2 3.5.1.4 (row 1: trainings);
Tartu: activity 2.1 3.5.2.1 (rows 1.1 counselling, 2.1 clubs).
Records: ELVL info days on 15.02 and 20.05.2024 (county), a nationwide training on 05.03.2024 with
Narva, Tartu and Võru taking part, an experience meeting on 09.04.2024 with Narva and Valga; Tartu's
clubs every Wednesday of January 2024 (5); coordinator positions of Tartu and Tallinn (2) active on
31.12.2024; Tartu's value 1 of local networks.
Indicators: info days 2 of 3, participations 5 of 20, coordinators 3 of 5, networks 1 of 5.
"""

import datetime as dt

import pytest

from loim.monitoring.models import ManualValue
from loim.plans.services import event_kinds_ensure

from .builders import (
    make_activity,
    make_agreement,
    make_event,
    make_indicator,
    make_obligation,
    make_plan,
    make_position,
    municipality,
    weekdays,
)


@pytest.fixture(autouse=True)
def event_kinds(db):
    """The glossary's kinds come with a migration; a transactional test elsewhere may have flushed them."""
    event_kinds_ensure()


@pytest.fixture
def scenario(programme):
    return build_scenario(programme)


def build_scenario(programme) -> dict:
    elvl, tartu, tallinn = programme["elvl"], programme["tartu"], programme["tallinn"]
    plan = make_plan(2024)
    comms = make_activity(plan, "3.5.1.3", responsible=[elvl], title="Kommunikatsiooni tagamine KOV-ide seas")
    info_row = make_activity(plan, "3.5.1.3", parent=comms, row_key="1", responsible=[elvl], title="Infopäevad")
    capacity = make_activity(plan, "3.5.1.4", responsible=[elvl], title="Ametnike võimekuse tõstmine")
    training_row = make_activity(plan, "3.5.1.4", parent=capacity, row_key="1", responsible=[elvl], title="Koolitused")
    tartu_activity = make_activity(
        plan, "3.5.2.1", section="partner", responsible=[tartu], title="Sisutegevused Tartu linnas"
    )
    counselling = make_activity(
        plan, "3.5.2.1", parent=tartu_activity, row_key="1.1", responsible=[tartu], title="Nõustamisteenuse arendamine"
    )
    clubs_row = make_activity(
        plan, "3.5.2.1", parent=tartu_activity, row_key="2.1", responsible=[tartu], title="Suhtlusklubid"
    )
    indicators = {
        "info-days": make_indicator(
            plan,
            "info-days",
            name="Korraldatud infopäevade arv",
            rule={"source": "events", "kinds": ["info_day"], "parties": ["elvl"]},
            target=3,
            frame_target=12,
            activity=comms,
        ),
        "kov-participations": make_indicator(
            plan,
            "kov-participations",
            name="Koolitustel osalenud KOV-ide arv",
            unit="Osaluskord",
            rule={
                "source": "participations",
                "kinds": ["training", "experience_meeting", "study_trip", "network_meeting"],
                "parties": ["elvl"],
            },
            target=20,
            frame_target=45,
            activity=capacity,
        ),
        "kov-coordinators": make_indicator(
            plan,
            "kov-coordinators",
            name="KOV koordinaatorite arv",
            kind="stock",
            rule={"source": "coordinator_positions"},
            target=5,
            frame_target=7,
            activity=comms,
        ),
        "local-networks": make_indicator(
            plan,
            "local-networks",
            name="Kohaliku tasandi koostöövõrgustike arv",
            kind="stock",
            measurement="manual",
            target=5,
            frame_target=7,
            section="partner",
        ),
    }
    obligations = {
        "info-days-half-year": make_obligation(
            plan,
            info_row,
            "info-days-half-year",
            elvl,
            kinds=["info_day"],
            period="half_year",
            min_count=1,
            reach="county",
        ),
        "tartu-clubs-weekly": make_obligation(
            plan,
            clubs_row,
            "tartu-clubs-weekly",
            tartu,
            kinds=["conversation_club"],
            period="week",
            min_count=1,
            excluded=["Q3"],
        ),
    }
    make_event(elvl, "info_day", dt.date(2024, 2, 15), activity=info_row, reach="county", title="Infopäev Narvas")
    make_event(elvl, "info_day", dt.date(2024, 5, 20), activity=info_row, reach="county", title="Infopäev Võrus")
    narva, tartu_m, voru, valga = (municipality(n) for n in ("Narva linn", "Tartu linn", "Võru linn", "Valga vald"))
    make_event(
        elvl,
        "training",
        dt.date(2024, 3, 5),
        activity=training_row,
        reach="national",
        participations=[narva, tartu_m, voru],
        counts={"official": 25},
        title="Üle-eestiline koolitus rändest",
    )
    make_event(
        elvl,
        "experience_meeting",
        dt.date(2024, 4, 9),
        activity=training_row,
        participations=[narva, valga],
        counts={"official": 9},
    )
    for day in weekdays(dt.date(2024, 1, 1), dt.date(2024, 1, 31), 2):
        make_event(
            tartu,
            "conversation_club",
            day,
            activity=clubs_row,
            counts={"newcomer": 8},
            title=f"Suhtlusklubi {day:%d.%m}",
        )
    make_position(tartu, dt.date(2023, 3, 1), agreement=make_agreement(tartu), title="Kohanemise koordinaator")
    agreement = make_agreement(tallinn, start=dt.date(2023, 3, 1))
    make_position(tallinn, dt.date(2023, 4, 1), agreement=agreement, title="Lõimumise koordinaator")
    make_position(tallinn, dt.date(2024, 1, 22), agreement=agreement, title="Teenuste koordinaator")
    ManualValue.objects.create(
        party=tartu, indicator_key="local-networks", year=2024, value=1, evidence="Tartu spetsialistide võrgustik"
    )
    return {
        "plan": plan,
        "activities": {"comms": comms, "capacity": capacity, "tartu": tartu_activity, "counselling": counselling},
        "indicators": indicators,
        "obligations": obligations,
        "parties": programme,
    }
