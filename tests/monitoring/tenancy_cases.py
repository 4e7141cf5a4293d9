import datetime as dt
import itertools

from loim.monitoring.models import (
    ActivityReportNote,
    ManualValue,
    ObligationConfirmation,
    ReportBuild,
    ReportReview,
)
from loim.parties.models import Party
from loim.plans.models import Activity, Obligation, Plan
from tests.tenancy import TenancyCase

_n = itertools.count(1)


def plan_2024() -> Plan:
    plan = Plan.objects.filter(year=2024).first()
    if plan is None:
        plan = Plan.objects.create(
            party=Party.objects.get(slug="elvl"),
            year=2024,
            title="Tegevuskava 2024",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 12, 31),
            frame_end=dt.date(2029, 10, 31),
        )
    return plan


def activity_of(party) -> Activity:
    plan = plan_2024()
    n = next(_n)
    activity = Activity.objects.create(
        plan=plan, party=plan.party, code=f"9.{n}", section="partner", measure_code=f"9.{n}", title=f"Tegevus {n}",
        position=n,
    )  # fmt: skip
    activity.responsible_parties.set([party])
    return activity


def make_manual_value(party):
    plan_2024()
    return ManualValue.objects.create(
        party=party, indicator_key=f"networks-{next(_n)}", year=2024, value=1, evidence=f"Evidence-{next(_n)}"
    )


def make_confirmation(party):
    activity = activity_of(party)
    obligation = Obligation.objects.create(
        plan=activity.plan, party=activity.plan.party, activity=activity, key=f"manual-{next(_n)}", title="Käsitsi",
        responsible=party, subject="manual", period="once", due_date=dt.date(2024, 12, 31), quote="…",
    )  # fmt: skip
    return ObligationConfirmation.objects.create(
        party=party, obligation=obligation, period_key="2024-by-2024-12-31", evidence=f"Confirmed-{next(_n)}"
    )


def make_note(party):
    return ActivityReportNote.objects.create(party=party, activity=activity_of(party), text=f"Explanation-{next(_n)}")


def make_review(party):
    return ReportReview.objects.create(
        party=party, plan=plan_2024(), reviewed_party=party, comment=f"Reviewed-{next(_n)}"
    )


def make_build(party):
    return ReportBuild.objects.create(
        party=party, plan=plan_2024(), format="json", status="ready", file_name=f"report-{next(_n)}.json"
    )


CASES = [
    TenancyCase(
        model=ManualValue,
        make=make_manual_value,
        marker=lambda v: v.evidence,
        list_urls=["/monitoring/2024/manual-values/"],
        edit_url="monitoring:manual_value_edit",
        delete_url="monitoring:manual_value_delete",
        edit_data=lambda v: {"indicator_key": v.indicator_key, "party": v.party_id, "value": "9", "evidence": "x"},
        record_urls=["monitoring:manual_value_file"],
        api_list="v1:monitoring-manual-value-list",
        api_detail="v1:monitoring-manual-value-detail",
    ),
    TenancyCase(
        model=ObligationConfirmation,
        make=make_confirmation,
        marker=lambda c: c.evidence,
        delete_url="monitoring:confirmation_delete",
        url_kwargs=lambda c: {"year": 2024, "pk": c.pk},
    ),
    TenancyCase(
        model=ActivityReportNote,
        make=make_note,
        marker=lambda n: n.text,
        list_urls=["/monitoring/2024/report/"],
        delete_url="monitoring:note_delete",
        url_kwargs=lambda n: {"year": 2024, "pk": n.pk},
        api_list="v1:monitoring-report-note-list",
        api_detail="v1:monitoring-report-note-detail",
    ),
    TenancyCase(
        model=ReportReview,
        make=make_review,
        marker=lambda r: r.comment,
        api_list="v1:monitoring-report-review-list",
        api_detail="v1:monitoring-report-review-detail",
    ),
    TenancyCase(
        model=ReportBuild,
        make=make_build,
        marker=lambda b: b.file_name,
        detail_url="monitoring:report_build",
        record_urls=["monitoring:report_download"],
    ),
]
