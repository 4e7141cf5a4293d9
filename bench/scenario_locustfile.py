"""Issue 18's load: coordinators and portal visitors at once, and a few probes of the empty view.

Run by `bench.load.swarm(locustfile=SCENARIO_LOCUSTFILE, …)`; the scenario itself (accounts, form
data, portal addresses) is the JSON file `bench.scenario.prepare()` wrote, named by LOAD_SCENARIO.
The users per class come from LOAD_COORDINATORS, LOAD_VISITORS and LOAD_PROBES (`fixed_count`, so
locust's `--users` is their sum), the think time between a user's steps from LOAD_COORDINATOR_WAIT
and LOAD_VISITOR_WAIT ("min,max" seconds). The bounds, the loopback refusal and the CSV summary are
`bench/locustfile.py`'s (imported for its listeners, not for its user class): LOAD_MAX_REQUESTS counts
every request of every class.

Every request is named by its page kind (`bench.scenario.KINDS`), which is how the figures read the
statistics back. A request fails when it does not answer as a user expects: 200 for a page, 302 for
the login and for a saved form (a 200 there is the form shown again with an error).
"""

import csv
import itertools
import json
import os
import random
import re
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, between, constant, events, task
from locust.exception import StopUser
from locust.stats import StatsEntry

import bench.locustfile as base
from bench.scenario import EMPTY, LANGUAGES, addresses, coordinator_pages, event_data, inquiry_data, login_data

SCENARIO = (
    json.loads(Path(os.environ["LOAD_SCENARIO"]).read_text(encoding="utf-8")) if "LOAD_SCENARIO" in os.environ else {}
)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
_accounts = itertools.count()
_visitors = itertools.count()


@events.quit.add_listener
def write_pages(**kwargs):
    """`PREFIX_pages.csv`: every coordinator and visitor request merged into one entry (the probes'
    empty view left out), so the whole scenario's p50/p95 are exact, not an average of the kinds'."""
    if not base.SUMMARY or not base._environment:
        return
    stats = base._environment[0].stats
    merged = StatsEntry(stats, "pages", "")
    for (name, _method), entry in stats.entries.items():
        if name != "empty":
            merged.extend(entry)
    row = {
        "requests": merged.num_requests,
        "failures": merged.num_failures,
        "rps": round(merged.total_rps, 3),
        **{
            f"p{int(q * 100)}_ms": merged.get_response_time_percentile(q) if merged.num_requests else 0
            for q in (0.5, 0.95, 0.99)
        },
    }
    with open(f"{base.SUMMARY}_pages.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)


def _wait(name: str, default: str):
    low, high = (float(part) for part in os.environ.get(name, default).split(","))
    return between(low, high)


class Budget:
    """LOAD_MAX_REQUESTS over every user of every class: past it, the run quits itself."""

    @staticmethod
    def spend(user) -> None:
        if next(base._sent) >= base.MAX_REQUESTS:
            if user.environment.runner is not None:
                user.environment.runner.quit()
            raise StopUser()


ERROR = re.compile(r'<ul class="errorlist[^"]*"(?: id="([^"]*)")?[^>]*>\s*<li>(.*?)</li>', re.S)


def _expect(response, status: int) -> None:
    if response.status_code != status:
        # a form shown again names its first error: which field, what it said
        found = ERROR.search(response.text or "") if response.status_code == 200 else None
        said = f" ({found.group(1) or 'form'}: {found.group(2).strip()[:160]})" if found else ""
        response.failure(f"HTTP {response.status_code}, expected {status}{said}")


class Coordinator(FastHttpUser):
    """Signs in through the session form, then enters inquiries and events and reads the dashboard,
    the statistics and the event list, with a think time between steps."""

    fixed_count = int(os.environ.get("LOAD_COORDINATORS", "50"))
    wait_time = _wait("LOAD_COORDINATOR_WAIT", "2,8")

    def get(self, kind: str, path: str) -> str:
        Budget.spend(self)
        with self.client.get(path, name=kind, catch_response=True) as response:
            _expect(response, 200)
            return response.text or ""

    def post(self, kind: str, path: str, data: dict, form_kind: str) -> None:
        page = self.get(form_kind, path)
        Budget.spend(self)
        # a list (topics, languages) as repeated fields, as a browser sends it: locust's client would
        # send its repr
        body = urlencode(data(page), doseq=True)
        with self.client.post(
            path, data=body, headers=FORM, name=kind, allow_redirects=False, catch_response=True
        ) as response:
            _expect(response, 302)

    def on_start(self):
        n = next(_accounts)
        self.account = SCENARIO["coordinators"][n % len(SCENARIO["coordinators"])]
        self.random = random.Random(n)  # which step next, not a secret
        # a coordinator's first steps are one of each, the n-th starting with the n-th step, so even a
        # short run with as many coordinators as steps asks for every page kind
        names = list(self.steps)
        self.first = names[n % len(names) :] + names[: n % len(names)]
        self.pages = coordinator_pages(SCENARIO)
        self.post(
            "login",
            "/accounts/login/",
            lambda page: login_data(page, self.account["email"], SCENARIO["password"]),
            "login_form",
        )

    def inquiry(self):
        self.post(
            "inquiry_save", "/inquiries/", lambda page: inquiry_data(SCENARIO, self.account, page), "inquiry_form"
        )

    def event(self):
        self.post("event_save", "/events/new/", lambda page: event_data(SCENARIO, self.account, page), "event_form")

    #: each step's share of a coordinator's steps
    steps = {"inquiry": 3, "event": 1, "dashboard": 2, "statistics": 2, "event_list": 2}

    @task
    def step(self):
        if self.first:
            name = self.first.pop(0)
        else:
            name = self.random.choices(list(self.steps), weights=list(self.steps.values()))[0]
        if name == "inquiry":
            self.inquiry()
        elif name == "event":
            self.event()
        else:
            self.get(name, self.pages[name])


class PortalVisitor(FastHttpUser):
    """Anonymous, in one of the four portal languages: municipality pages, the events, an event, a
    journey, a search."""

    fixed_count = int(os.environ.get("LOAD_VISITORS", "200"))
    wait_time = _wait("LOAD_VISITOR_WAIT", "1,5")
    weights = {"portal_municipality": 3, "portal_events": 1, "portal_event": 2, "portal_journey": 1, "portal_search": 1}

    def on_start(self):
        n = next(_visitors)
        self.language = LANGUAGES[n % len(LANGUAGES)]
        self.random = random.Random(n)  # which page next, not a secret
        self.turn = itertools.count(n)
        # a visitor's first pages are one of each kind, the n-th visitor's starting with the n-th kind
        kinds = list(self.weights)
        self.first = kinds[n % len(kinds) :] + kinds[: n % len(kinds)]

    @task
    def visit(self):
        if self.first:
            kind = self.first.pop(0)
        else:
            kind = self.random.choices(list(self.weights), weights=list(self.weights.values()))[0]
        path = addresses(SCENARIO, self.language, next(self.turn))[kind]
        Budget.spend(self)
        with self.client.get(path, name=kind, catch_response=True) as response:
            _expect(response, 200)


class Probe(FastHttpUser):
    """The baseline in the same run: the empty view, asked for beside the load, twice a second."""

    fixed_count = int(os.environ.get("LOAD_PROBES", "4"))
    wait_time = constant(0.5)

    @task
    def empty(self):
        Budget.spend(self)
        with self.client.get(EMPTY, name="empty", catch_response=True) as response:
            _expect(response, 200)
