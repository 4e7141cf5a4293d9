"""Cross-tenant cases of the plan models. Plans are SHARED: every member reads every party's plan
records, only the owning party edits them — so a Tartu coordinator sees Pärnu's records on the pages
and in the API, and gets 404 when trying to edit or delete them."""

import datetime as dt
import itertools
from decimal import Decimal

from loim.plans.models import Activity, Deliverable, Indicator, Obligation, Plan, Target
from tests.tenancy import API_ACTIONS, Form, Readers, TenancyCase

_n = itertools.count(1)
SHARED_YEAR = 2099  # the records of both parties hang in one plan, so one page lists them both


def make_plan(party) -> Plan:
    year = 2200 + next(_n)
    return Plan.objects.create(
        party=party,
        year=year,
        title=f"Tegevuskava {year}",
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        frame_end=dt.date(year + 5, 10, 31),
    )


def shared_plan(party) -> Plan:
    plan = Plan.objects.filter(year=SHARED_YEAR).first()
    if plan is None:
        plan = Plan.objects.create(
            party=party,
            year=SHARED_YEAR,
            title="Ühine tegevuskava",
            period_start=dt.date(SHARED_YEAR, 1, 1),
            period_end=dt.date(SHARED_YEAR, 12, 31),
            frame_end=dt.date(SHARED_YEAR, 12, 31),
        )
    return plan


def make_activity(party) -> Activity:
    n = next(_n)
    activity = Activity.objects.create(
        plan=shared_plan(party),
        party=party,
        code=f"9.9.{n}",
        section="partner",
        measure_code=f"9.9.{n}",
        position=n,
        title=f"Tegevus number {n}",
        start=dt.date(SHARED_YEAR, 1, 1),
        end=dt.date(SHARED_YEAR, 12, 31),
    )
    activity.responsible_parties.set([party])
    return activity


def make_indicator(party) -> Indicator:
    n = next(_n)
    return Indicator.objects.create(
        plan=shared_plan(party),
        party=party,
        section="partner",
        key=f"naitaja-{n}",
        name=f"Näitaja number {n}",
        unit="Arv",
        kind="stock",
        measurement="manual",
        position=n,
    )


def make_target(party) -> Target:
    indicator = make_indicator(party)
    return Target.objects.create(indicator=indicator, party=party, year=SHARED_YEAR, value=Decimal(next(_n)))


def make_obligation(party) -> Obligation:
    n = next(_n)
    return Obligation.objects.create(
        plan=shared_plan(party),
        party=party,
        activity=make_activity(party),
        key=f"kohustus-{n}",
        title=f"Kohustus number {n}",
        responsible=party,
        subject="manual",
        period="year",
        quote=f"Tsitaat number {n}",
    )


def make_deliverable(party) -> Deliverable:
    n = next(_n)
    return Deliverable.objects.create(
        plan=shared_plan(party),
        party=party,
        activity=make_activity(party),
        key=f"tulemus-{n}",
        title=f"Tulemus number {n}",
        owner=party,
        due_date=dt.date(SHARED_YEAR, 12, 31),
        quote=f"Tulemuse tsitaat {n}",
    )


DELIVERABLE_FROM_FILE = "a deliverable is defined by the plan file: it changes by importing the file (plans:import)"


def activity_edit_data(activity):
    return {"title": "Üle kirjutatud", "start": "2099-01-01", "end": "2099-12-31", "responsible_text": "ELVL"}


def obligation_edit_data(obligation):
    return {
        "key": obligation.key,
        "title": "Üle kirjutatud",
        "activity": obligation.activity_id,
        "responsible": obligation.responsible_id,
        "subject": "manual",
        "period": "year",
        "quote": "x",
    }


PLAN_FILES = {
    "export_csv": "the plan leaves as a YAML/JSON plan file (read: plans:export), not as a table",
    "export_xlsx": "the plan leaves as a YAML/JSON plan file (read: plans:export), not as a table",
}


def plan_file(record):
    return f"/plans/{SHARED_YEAR}/export.yaml"


def shared(**kwargs) -> TenancyCase:
    return TenancyCase(readers=Readers.EVERY_MEMBER, **kwargs)


CASES = [
    shared(
        model=Plan,
        make=make_plan,
        marker=lambda p: p.title,
        list=["plans:list"],
        read=["plans:detail", "plans:timeline", lambda p: f"/plans/{p.year}/export.yaml"],
        edit=[
            Form(
                "plans:edit",
                lambda p: {
                    "title": "Üle kirjutatud",
                    "status": "draft",
                    "period_start": f"{p.year}-01-01",
                    "period_end": f"{p.year}-12-31",
                    "frame_end": f"{p.year}-12-31",
                },
            ),
            Form("plans:copy", lambda p: {"year": p.year + 1000, "title": "Kopeeritud"}),
        ],
        api="plan",
        api_update=lambda p: {"title": "Üle kirjutatud"},
        api_create=lambda party: {"year": 2300, "title": "Uus", "owner": party.slug},
        url_kwargs=lambda p: {"year": p.year},
        absent={"delete": "a plan is never deleted (it is copied to the next year)", **PLAN_FILES},
    ),
    shared(
        model=Activity,
        make=make_activity,
        marker=lambda a: a.title,
        list=[f"/plans/{SHARED_YEAR}/", f"/plans/{SHARED_YEAR}/timeline/", plan_file],
        edit=[Form("plans:activity_edit", activity_edit_data), "plans:activity_add_row"],
        delete=["plans:activity_delete"],
        api="plan-activity",
        api_update=lambda a: {"title": "Üle kirjutatud"},
        api_create=lambda party: {"plan": SHARED_YEAR, "code": "9.9.x", "title": "Uus", "party": party.slug},
        absent={"read": "an activity has no page of its own: the plan's pages list it", **PLAN_FILES},
    ),
    shared(
        model=Indicator,
        make=make_indicator,
        marker=lambda i: i.name,
        list=[f"/plans/{SHARED_YEAR}/", plan_file],
        edit=[
            Form(
                "plans:indicator_edit",
                lambda i: {
                    "key": i.key,
                    "name": "Üle kirjutatud",
                    "unit": "Arv",
                    "kind": "stock",
                    "section": "partner",
                    "measurement": "manual",
                },
            )
        ],
        delete=["plans:indicator_delete"],
        api="plan-indicator",
        api_update=lambda i: {"name": "Üle kirjutatud"},
        api_create=lambda party: {"plan": SHARED_YEAR, "key": "uus", "name": "Uus", "unit": "Arv"},
        absent={"read": "an indicator has no page of its own: the plan's page lists it", **PLAN_FILES},
    ),
    shared(
        model=Target,
        make=make_target,
        marker=lambda t: (t.indicator.name, f'"indicator_key":"{t.indicator.key}"'),
        list=[f"/plans/{SHARED_YEAR}/", plan_file],
        edit=[
            Form(
                "plans:indicator_edit",
                lambda t: {
                    "key": t.indicator.key,
                    "name": t.indicator.name,
                    "unit": "Arv",
                    "kind": "stock",
                    "section": "partner",
                    "measurement": "manual",
                    f"target_{SHARED_YEAR}": "999",
                },
                kwargs=lambda t: {"pk": t.indicator_id},
            )
        ],
        delete=[Form("plans:indicator_delete", kwargs=lambda t: {"pk": t.indicator_id})],
        api="plan-target",
        api_update=lambda t: {"value": "999"},
        api_create=lambda party: {"indicator": 1, "year": SHARED_YEAR, "value": "1"},
        absent={"read": "a target has no page of its own: its indicator's row shows it", **PLAN_FILES},
    ),
    shared(
        model=Obligation,
        make=make_obligation,
        marker=lambda o: o.quote,
        list=[f"/plans/{SHARED_YEAR}/", plan_file],
        edit=[Form("plans:obligation_edit", obligation_edit_data)],
        delete=["plans:obligation_delete"],
        api="plan-obligation",
        api_update=lambda o: {"quote": "Üle kirjutatud"},
        api_create=lambda party: {"plan": SHARED_YEAR, "key": "uus", "title": "Uus", "responsible": party.slug},
        absent={"read": "a commitment has no page of its own: the plan's page lists it", **PLAN_FILES},
    ),
    shared(
        model=Deliverable,
        make=make_deliverable,
        marker=lambda d: d.quote,
        list=[plan_file],
        absent={
            "read": "its page is the monitoring's deliverable page (tests/monitoring/tenancy_cases.py)",
            "edit": DELIVERABLE_FROM_FILE,
            "delete": DELIVERABLE_FROM_FILE,
            **dict.fromkeys(API_ACTIONS, "the API reads deliverables with their state (monitoring)"),
            **PLAN_FILES,
        },
    ),
]
