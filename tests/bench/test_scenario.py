"""Issue 18's load scenario (bench/scenario.py, bench/scenario_locustfile.py, bench/figures/l_load.py)
for a few seconds: 5 coordinators, 5 portal visitors and a probe (the n-th of each starting with its
n-th page kind, so that every kind is asked for at once) against gunicorn on the (committed)
PostgreSQL test database with a tiny programme — every page kind asked for, no error, and every saved
form one row in the database.

PostgreSQL only: the SQLite test database lives in the test process's memory, where gunicorn's
processes cannot read it. `make bench` runs the same scenario at bench scale on both engines."""

import json
import os
from pathlib import Path

import pytest
from django.db import connection

from bench.figures.l_load import read_merged, scenario_env, scenario_figures
from bench.load import SCENARIO_LOCUSTFILE, Server, swarm
from bench.scenario import KINDS, addresses, prepare
from loim.events.models import Event
from loim.inquiries.models import Inquiry
from loim.plans.apps import shipped_plans_dir
from loim.plans.services import plan_file_import
from tests.portal.helpers import content

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="gunicorn reads the committed PostgreSQL test database"
    ),
    pytest.mark.django_db(transaction=True),
]
ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    d = connection.settings_dict
    password = f":{d['PASSWORD']}" if d["PASSWORD"] else ""
    return f"postgres://{d['USER']}{password}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


def test_coordinators_and_visitors_ask_for_every_page_kind_without_an_error(tmp_path, programme):
    plan_file_import(shipped_plans_dir() / "2024.yaml")  # the dashboard's plan year
    content(programme)  # Tartu's published journey, a public event, services and guidance
    scenario = prepare(coordinator_count=5, year=2024)
    assert [account["party"] for account in scenario["coordinators"]] != []
    inquiries, events = Inquiry.objects.count(), Event.objects.count()
    (tmp_path / "scenario.json").write_text(json.dumps(scenario))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECRET_KEY": "bench-test-" + "k" * 50,
        "DATABASE_URL": database_url(),
        "CACHE_URL": f"filecache://{tmp_path / 'cache'}",
        "LOIM_HOME": str(tmp_path),
        "BENCH_STATIC": "plain",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    load = {
        **scenario_env(tmp_path / "scenario.json", coordinators=5, visitors=5, probes=1),
        "LOAD_COORDINATOR_WAIT": "0,0.1",
        "LOAD_VISITOR_WAIT": "0,0.1",
    }
    with Server(env=env, log=tmp_path / "gunicorn.log", workers=2) as server:
        # every worker has loaded its templates and catalogues before the few seconds measured
        for path in ["/accounts/login/", *addresses(scenario, "ru", 0).values()]:
            server.warm(path, requests=4, concurrency=2)
        run = swarm(
            host=server.url,
            paths=[],
            csv_prefix=tmp_path / "scenario",
            users=11,
            seconds=10,
            max_requests=2_000,
            locustfile=SCENARIO_LOCUSTFILE,
            env=load,
        )
        log = server.log_tail()
    assert run.failures == [], log
    assert run.errors == 0
    asked = {kind: run.stats[kind].requests for kind in KINDS if kind in run.stats}
    assert set(asked) == set(KINDS) and all(asked.values()), asked
    assert asked["login"] == 5  # each coordinator signs in once
    # every save answered 302 and wrote its row (the other coordinators' writes: none)
    assert Inquiry.objects.count() - inquiries == asked["inquiry_save"]
    assert Event.objects.count() - events == asked["event_save"]
    merged = read_merged(tmp_path / "scenario")
    # the merged distribution holds every request but the probes', with the same failures (none)
    assert merged["requests"] == run.total.requests - asked["empty"] and merged["failures"] == 0
    assert 0 < merged["p50_ms"] <= merged["p95_ms"] <= merged["p99_ms"]
    figures = scenario_figures(run, merged, workers=2, engine="postgresql")
    assert [f.name for f in figures] == ["load_scenario", *[f"load_{kind}" for kind in KINDS if kind != "empty"]]
    assert not any(f.over_goal() for f in figures)
    assert figures[0].load["requests"] == run.total.requests - asked["empty"]
    assert "0 errors" in figures[1].line()
