"""The API, the commands and the weekly digest, on the scenario of conftest.py."""

import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from loim.monitoring.digest import send_digests
from loim.monitoring.tasks import send_obligation_digests


@pytest.fixture
def api(client, member):
    client.force_login(member("elvl", "coordinator"))
    return client


def test_indicator_values_with_drill_down(api, scenario):
    response = api.get(reverse("v1:monitoring-indicator-list"), {"year": 2024})
    assert response.status_code == 200
    values = {row["key"]: row for row in response.json()}
    assert (values["info-days"]["value"], values["info-days"]["target"], values["info-days"]["deviation"]) == (2, 3, -1)
    assert values["info-days"]["outlook"]["verdict"] == "unknown"  # one year: cannot tell yet (issue 11 §2)
    assert values["kov-coordinators"]["value"] == 3 and values["local-networks"]["method"] == "manual"

    detail = api.get(
        reverse("v1:monitoring-indicator-detail", kwargs={"key": "kov-participations"}), {"year": 2024}
    ).json()
    assert detail["value"] == 5 and detail["records_count"] == 5 and detail["records_kind"] == "participations"
    assert {m["municipality"]: m["times"] for m in detail["municipalities"]}["Narva linn"] == 2
    positions = api.get(
        reverse("v1:monitoring-indicator-detail", kwargs={"key": "kov-coordinators"}), {"year": 2024}
    ).json()
    assert positions["stock_read_on"] == "2024-12-31" and len(positions["records"]) == 3


def test_obligation_verdicts_per_period(api, scenario):
    data = api.get(reverse("v1:monitoring-obligation-list"), {"year": 2024, "as_of": "2024-06-18"}).json()
    info = next(row for row in data if row["key"] == "info-days-half-year")
    assert [(p["key"], p["verdict"], p["count"]) for p in info["periods"]] == [
        ("2024-H1", "met", 2),
        ("2024-H2", "not_due", None),
    ]
    assert len(info["periods"][0]["events"]) == 2


def test_report_as_json(api, scenario):
    data = api.get(reverse("v1:monitoring-report-list"), {"year": 2024}).json()
    assert data["plan"]["year"] == 2024 and data["activities"][0]["number"] == "1.1 3.5.1.3"


def test_bad_requests(api, scenario, client, member):
    # without a year: the year the dashboard opens (the API root links there without one)
    assert {row["year"] for row in api.get(reverse("v1:monitoring-indicator-list")).json()} == {2024}
    for year in ("99999999999999999999", "2024.0", "-2024"):
        response = api.get(reverse("v1:monitoring-indicator-list"), {"year": year})
        assert response.status_code == 400 and "year" in response.json()
    assert api.get(reverse("v1:monitoring-indicator-list"), {"year": 2024, "as_of": "31.12.2024"}).status_code == 400
    assert api.get(reverse("v1:monitoring-indicator-list"), {"year": 2030}).status_code == 404
    assert api.get(reverse("v1:monitoring-indicator-detail", kwargs={"key": "nope"}), {"year": 2024}).status_code == 404
    client.force_login(member("tartu", "coordinator"))
    assert client.get(reverse("v1:monitoring-indicator-list"), {"year": 2024, "party": "parnu"}).status_code == 404
    own = {r["key"]: r["value"] for r in client.get(reverse("v1:monitoring-indicator-list"), {"year": 2024}).json()}
    assert own["info-days"] == 0 and own["kov-coordinators"] == 1  # Tartu counts its own records only


def test_api_needs_sign_in(client, scenario):
    assert client.get(reverse("v1:monitoring-indicator-list"), {"year": 2024}).status_code in (401, 403)


def test_check_obligations_command(scenario):
    out = io.StringIO()
    call_command("check_obligations", year=2024, format="json", as_of=dt.date(2024, 12, 19), stdout=out)
    data = {row["key"]: row for row in json.loads(out.getvalue())}
    assert [p["verdict"] for p in data["info-days-half-year"]["periods"]] == ["met", "in_progress"]
    assert data["info-days-half-year"]["periods"][1]["days_left"] == 12
    table = io.StringIO()
    call_command("check_obligations", year=2024, stdout=table)
    assert "tartu-clubs-weekly" in table.getvalue() and "27:excluded" in table.getvalue()
    with pytest.raises(CommandError, match="no action plan for 2019"):
        call_command("check_obligations", year=2019, stdout=io.StringIO())


def test_weekly_digest_warns_the_responsible_party(scenario, member):
    elvl_member = member("elvl", "coordinator")
    tartu_coordinator, tartu_viewer = member("tartu", "coordinator"), member("tartu", "viewer")
    sent = send_digests(as_of=dt.date(2024, 12, 19))
    assert sent == len(mail.outbox) == 2  # ELVL (info day running short) and Tartu (clubs missed last week)
    elvl_mail = next(m for m in mail.outbox if elvl_member.email in m.to)
    assert "elvl@elvl.ee" in elvl_mail.to
    assert "jäänud 12 päeva" in elvl_mail.body and "veel pole ühtegi" in elvl_mail.body
    assert elvl_mail.subject == "Lõim: ELVL kohustused, 51. nädal"
    tartu_mail = next(m for m in mail.outbox if tartu_coordinator.email in m.to)
    assert tartu_viewer.email not in tartu_mail.to  # viewers get no digest
    assert "50. nädal (09.12–15.12): 0, vaja vähemalt 1." in tartu_mail.body


def test_digest_task_runs_on_the_immediate_backend(scenario, member):
    member("elvl", "coordinator")
    result = send_obligation_digests.enqueue("2024-12-19")
    assert result.return_value == 1 and len(mail.outbox) == 1  # Tartu has nobody to write to


def test_digest_command(scenario, member):
    member("elvl", "coordinator")
    out = io.StringIO()
    call_command("obligation_digest", as_of=dt.date(2024, 12, 19), stdout=out)
    assert "Sent 1" in out.getvalue() and len(mail.outbox) == 1


def test_a_missing_year_or_bad_date_is_named_in_the_users_language(api, scenario):
    url = reverse("v1:monitoring-indicator-list")
    assert api.get(url, {"year": "24"}).json() == {"year": ["Andke tegevuskava aasta, nt ?year=2024."]}
    assert api.get(url, {"year": 2024, "as_of": "31.12.2024"}).json() == {"as_of": ["Kuupäev kujul AAAA-KK-PP."]}
