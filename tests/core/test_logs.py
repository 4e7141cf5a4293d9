"""Structured logs: every record of a request carries its id, written as one JSON object per line,
without the request's query string or form body."""

import copy
import io
import json
import logging
import logging.config

import pytest
from django.test import Client
from django.utils import timezone

import loim.config.settings as production
from loim.core.models import WorkerHeartbeat


@pytest.fixture
def json_logs():
    """The production logging (LOG_FORMAT's default outside DEBUG is json), its console handler
    writing to a buffer; the test suite's own (quiet) logging is put back afterwards."""
    assert production.LOG_FORMAT == "json"
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logging.config.dictConfig(copy.deepcopy(production.LOGGING))
    buffer = io.StringIO()
    (console,) = [handler for handler in root.handlers if handler not in saved[0]]
    console.setStream(buffer)

    def lines() -> list[dict]:
        return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]

    yield lines
    root.handlers[:], level = saved
    root.setLevel(level)


@pytest.mark.django_db
def test_a_request_logs_json_lines_with_its_id_and_without_the_query_or_form(json_logs):
    response = Client().post("/no-such-page/?q=Mari+Maasikas", {"name": "Mari Maasikas"}, HTTP_X_REQUEST_ID="lb-7f3a.2")
    assert response.status_code in (403, 404)  # CSRF or not found: either way logged by Django
    assert response["X-Request-ID"] == "lb-7f3a.2"
    records = json_logs()
    assert records, "nothing was logged"
    assert {record["request_id"] for record in records} == {"lb-7f3a.2"}
    access = [record for record in records if record["logger"] == "loim.request"]
    assert len(access) == 1
    assert access[0]["level"] == "INFO"
    assert access[0]["message"].startswith(f"POST /no-such-page/ {response.status_code} ")
    assert set(access[0]) == {"time", "level", "logger", "message", "request_id", "process"}
    assert all("Maasikas" not in json.dumps(record) for record in records)


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", [None, "", "has spaces", "x" * 65, "<script>", "ä-umlaut"])
def test_an_absent_or_insane_incoming_id_is_replaced_by_a_new_one(json_logs, incoming):
    headers = {} if incoming is None else {"HTTP_X_REQUEST_ID": incoming}
    first = Client().get("/accessibility/", **headers)["X-Request-ID"]
    second = Client().get("/accessibility/", **headers)["X-Request-ID"]
    assert len(first) == 32 and int(first, 16) >= 0 and first != second
    assert [record["request_id"] for record in json_logs() if record["logger"] == "loim.request"] == [first, second]


@pytest.mark.django_db
def test_outside_a_request_the_id_is_a_dash_and_health_probes_stay_out_of_the_access_log(json_logs):
    logging.getLogger("loim.test").warning("from a command")
    WorkerHeartbeat.objects.create(worker_id="w", seen_at=timezone.now())
    assert Client().get("/health/").status_code == 200
    records = json_logs()
    assert [(r["logger"], r["message"], r["request_id"]) for r in records] == [("loim.test", "from a command", "-")]
    WorkerHeartbeat.objects.all().delete()
    assert Client().get("/health/", HTTP_X_REQUEST_ID="probe-1").status_code == 503
    assert [(r["logger"], r["level"], r["message"], r["request_id"]) for r in json_logs()[1:]] == [
        ("loim.core.health", "WARNING", "health: failed: worker", "probe-1")
    ]


@pytest.mark.django_db
def test_the_id_is_forgotten_when_the_response_is_done(json_logs):
    Client().get("/accessibility/", HTTP_X_REQUEST_ID="one")
    logging.getLogger("loim.test").warning("after the request")
    assert [(r["logger"], r["request_id"]) for r in json_logs()] == [("loim.request", "one"), ("loim.test", "-")]
