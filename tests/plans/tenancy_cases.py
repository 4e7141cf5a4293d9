"""Cross-tenant cases of the plan models. Plans are SHARED: every member reads every party's plan
records, only the owning party edits them — so a Tartu coordinator sees Pärnu's records on the pages
and in the API, and gets 404 when trying to edit or delete them."""

import datetime as dt
import itertools
from decimal import Decimal

from loim.plans.models import Activity, Indicator, Obligation, Plan, Target
from tests.tenancy import TenancyCase

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


CASES = [
    TenancyCase(
        model=Plan,
        make=make_plan,
        marker=lambda p: p.title,
        list_urls=["plans:list", "v1:plan-list"],
        detail_url="plans:detail",
        edit_url="plans:edit",
        edit_data=lambda p: {
            "title": "Üle kirjutatud",
            "status": "draft",
            "period_start": f"{p.year}-01-01",
            "period_end": f"{p.year}-12-31",
            "frame_end": f"{p.year}-12-31",
        },
        record_urls=["plans:timeline"],
        api_list="v1:plan-list",
        api_detail="v1:plan-detail",
        url_kwargs=lambda p: {"year": p.year},
    ),
    TenancyCase(
        model=Activity,
        make=make_activity,
        marker=lambda a: a.title,
        list_urls=[f"/plans/{SHARED_YEAR}/", f"/plans/{SHARED_YEAR}/timeline/"],
        edit_url="plans:activity_edit",
        delete_url="plans:activity_delete",
        edit_data=activity_edit_data,
        api_list="v1:plan-activity-list",
        api_detail="v1:plan-activity-detail",
    ),
    TenancyCase(
        model=Indicator,
        make=make_indicator,
        marker=lambda i: i.name,
        list_urls=[f"/plans/{SHARED_YEAR}/"],
        edit_url="plans:indicator_edit",
        delete_url="plans:indicator_delete",
        edit_data=lambda i: {
            "key": i.key,
            "name": "Üle kirjutatud",
            "unit": "Arv",
            "kind": "stock",
            "section": "partner",
            "measurement": "manual",
        },
        api_list="v1:plan-indicator-list",
        api_detail="v1:plan-indicator-detail",
    ),
    TenancyCase(
        model=Target,
        make=make_target,
        marker=lambda t: t.indicator.name,
        list_urls=[f"/plans/{SHARED_YEAR}/"],
        api_list="v1:plan-indicator-list",
        api_detail="v1:plan-target-detail",
    ),
    TenancyCase(
        model=Obligation,
        make=make_obligation,
        marker=lambda o: o.quote,
        list_urls=[f"/plans/{SHARED_YEAR}/"],
        edit_url="plans:obligation_edit",
        delete_url="plans:obligation_delete",
        edit_data=obligation_edit_data,
        api_list="v1:plan-obligation-list",
        api_detail="v1:plan-obligation-detail",
    ),
]
