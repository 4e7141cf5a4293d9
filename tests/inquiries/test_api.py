"""The inquiries API: create with the form's validation, list with filters, statistics from the
same selector with the same suppression, and nothing of another party."""

import datetime as dt

import pytest

from loim.inquiries.models import Inquiry
from tests.inquiries.helpers import make_inquiry
from tests.inquiries.test_statistics import build


@pytest.fixture
def api(client, member):
    def login(slug="tartu", role="coordinator"):
        client.force_login(member(slug, role))
        return client

    return login


def payload(**overrides):
    data = {
        "date": "2024-03-05",
        "channel": "phone",
        "language": "uk",
        "category": "newcomer",
        "topics": ["personal-id-code", "bus-card"],
        "referrals": ["ppa"],
        "minutes": 12,
        "municipality": "0793",
        "note": "kiire küsimus",
    }
    data.update(overrides)
    return data


def test_create_for_the_callers_party(api, programme):
    response = api().post("/api/v1/inquiries/", payload(), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    inquiry = Inquiry.objects.get(pk=body["id"])
    assert inquiry.party == programme["tartu"] and body["party"] == "tartu"
    assert sorted(body["topics"]) == ["bus-card", "personal-id-code"]
    assert body["municipality"] == "0793" and body["date"] == "2024-03-05"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"topics": []}, "topics"),
        ({"topics": ["astrology"]}, "topics"),
        ({"channel": "pigeon"}, "channel"),
        ({"date": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "date"),
        ({"note": "x" * 301}, "note"),
        ({"note": "e-post ivan@example.com"}, "note"),
    ],
)
def test_bad_input_answers_400_naming_the_field(api, programme, overrides, field):
    response = api().post("/api/v1/inquiries/", payload(**overrides), content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Inquiry.objects.exists()


def test_creating_for_another_party_is_not_found(api, programme):
    response = api().post("/api/v1/inquiries/", payload(party="parnu"), content_type="application/json")
    assert response.status_code == 404
    assert not Inquiry.objects.exists()


def test_a_viewer_cannot_create(api, programme):
    response = api("tartu", "viewer").post("/api/v1/inquiries/", payload(), content_type="application/json")
    assert response.status_code in (400, 404)
    assert not Inquiry.objects.exists()


def test_list_filters(api, programme):
    make_inquiry(programme["tartu"], topics=["housing"], date=dt.date(2024, 2, 1))
    make_inquiry(programme["tartu"], topics=["legal"], date=dt.date(2024, 5, 1), channel="email")
    make_inquiry(programme["parnu"], topics=["housing"])
    client = api()
    assert client.get("/api/v1/inquiries/").json()["count"] == 2
    assert client.get("/api/v1/inquiries/?topic=housing").json()["count"] == 1
    assert client.get("/api/v1/inquiries/?date_from=2024-03-01").json()["results"][0]["topics"] == ["legal"]
    assert client.get("/api/v1/inquiries/?channel=email").json()["count"] == 1


def test_statistics_are_the_pages_numbers_suppressed_across_parties(api, programme):
    build(programme["tartu"], 80, seed=31)
    build(programme["parnu"], 10, seed=32)
    client = api("elvl", "coordinator")
    body = client.get("/api/v1/inquiries/statistics/?start=2024-01-01&end=2024-12-31").json()
    assert body["suppression_applied"] and body["suppressed_below"] == 5
    cells = [cell for cells in body["breakdowns"].values() for cell in cells]
    assert any(c["suppressed"] and c["count"] is None for c in cells)
    assert all(c["count"] is None or c["count"] == 0 or c["count"] >= 5 for c in cells)
    assert {"topic", "month", "channel", "language", "category", "referral", "municipality"} == set(body["breakdowns"])
    page = client.get("/inquiries/statistics/?start=01.01.2024&end=31.12.2024&party=").content.decode()
    shown = f"≥ {body['total']['count']}" if body["total"]["withheld_cells"] else str(body["total"]["count"])
    assert f"<strong>{shown}</strong>" in page.replace("\n", "").replace("  ", "")


def test_statistics_of_an_unreadable_party_are_not_found(api, programme):
    client = api()
    assert client.get("/api/v1/inquiries/statistics/?party=parnu").status_code == 404
    own = client.get("/api/v1/inquiries/statistics/?party=tartu")
    assert own.status_code == 200 and not own.json()["suppression_applied"]
    assert client.get("/api/v1/inquiries/statistics/?party=tartu&start=eile").status_code == 400


def test_topics_and_referral_targets_are_listed_with_codes(api, programme):
    client = api()
    topics = client.get("/api/v1/inquiry-topics/").json()
    assert "personal-id-code" in [t["code"] for t in topics["results"]]
    targets = client.get("/api/v1/referral-targets/").json()
    assert "tootukassa" in [t["code"] for t in targets["results"]]


def test_the_schema_documents_the_endpoints(client, member):
    client.force_login(member("tartu"))
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/v1/inquiries/statistics/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/inquiries/"]
