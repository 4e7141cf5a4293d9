"""The plan's read API: what a member gets, filters, no writes, and the OpenAPI schema lists it."""

import pytest
import yaml
from django.test import Client


@pytest.fixture
def api(member):
    client = Client()
    client.force_login(member("tartu", "viewer"))
    return client


def test_plans_and_activities(plan_2024, api):
    plans = api.get("/api/v1/plans/").json()["results"]
    assert [(p["year"], p["owner"], p["status"]) for p in plans] == [(2024, "elvl", "approved")]
    rows = api.get("/api/v1/plan-activities/", {"year": 2024, "limit": 200}).json()
    assert rows["count"] == 77
    club = api.get("/api/v1/plan-activities/", {"code": "3.5.2.1/2.1"}).json()["results"][0]
    assert club["responsible_parties"] == ["tartu"]
    assert (club["frame_start"], club["end"], club["row_number"]) == ("2023-01-01", "2024-12-31", "2.1.")
    mine = api.get("/api/v1/plan-activities/", {"responsible_parties__slug": "saaremaa", "limit": 200}).json()
    assert mine["count"] == 15 + 2 + 4  # table 12, and tables 1 and 3 (3.5.1.1, 3.5.1.2 name every partner)


def test_indicators_targets_commitments_and_kinds(plan_2024, api):
    indicators = {i["key"]: i for i in api.get("/api/v1/plan-indicators/").json()["results"]}
    assert indicators["info-days"]["rule"] == {
        "source": "events",
        "kinds": ["info_day"],
        "parties": ["elvl"],
        "delivered_by": "elvl",
    }
    assert {t["year"]: t["value"] for t in indicators["info-days"]["targets"]} == {2024: "3.00", 2029: "12.00"}
    assert indicators["local-networks"]["activity_code"] is None
    targets = api.get("/api/v1/plan-targets/", {"indicator__key": "kov-participations"}).json()["results"]
    assert [(t["year"], t["value"], t["is_frame_target"]) for t in targets] == [
        (2024, "20.00", False),
        (2029, "45.00", True),
    ]
    clubs = api.get("/api/v1/plan-commitments/", {"key": "tartu-clubs-weekly"}).json()["results"][0]
    assert clubs["event_kinds"] == ["conversation_club"] and clubs["excluded_periods"] == ["Q3"]
    assert clubs["activity_code"] == "3.5.2.1/2.1" and clubs["rule"] == {}
    # the checking rule travels with the commitment: Rakvere's assumed July–August summer pause
    rakvere = api.get("/api/v1/plan-commitments/", {"key": "rakvere-joint-events"}).json()["results"][0]
    assert rakvere["rule"] == {"pauses": [{"start": "2024-07-01", "end": "2024-08-31"}]}
    kinds = [k["code"] for k in api.get("/api/v1/event-kinds/").json()["results"]]
    assert "situation_mapping" in kinds


def test_api_is_read_only(plan_2024, member):
    client = Client()
    client.force_login(member("elvl", "admin"))
    plan_id = plan_2024.pk
    assert client.delete(f"/api/v1/plans/{plan_id}/").status_code == 405
    assert client.post("/api/v1/plans/", {}, content_type="application/json").status_code == 405


def test_anonymous_and_non_members_get_nothing(plan_2024):
    assert Client().get("/api/v1/plans/").status_code == 401  # sign in (issue 18 §5), not "forbidden"
    from tests.factories import UserFactory

    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get("/api/v1/plans/").json()["results"] == []
    assert outsider.get("/api/v1/plan-activities/").json()["count"] == 0


def test_schema_lists_the_plan_endpoints(api):
    schema = yaml.safe_load(api.get("/api/schema/").content)
    paths = set(schema["paths"])
    for path in [
        "/api/v1/plans/",
        "/api/v1/plans/{id}/",
        "/api/v1/plan-activities/",
        "/api/v1/plan-indicators/",
        "/api/v1/plan-targets/",
        "/api/v1/plan-commitments/",
        "/api/v1/event-kinds/",
    ]:
        assert path in paths, path
