import datetime as dt
import itertools

from django.core.files.base import ContentFile
from django.urls import reverse

from loim.monitoring.models import (
    ActivityReportNote,
    DeliverableRecord,
    DeviationExplanation,
    ManualValue,
    ObligationConfirmation,
    ReportBuild,
    ReportPart,
    ReportPartStep,
)
from loim.parties.models import Party
from loim.plans.models import Activity, Deliverable, Indicator, Obligation, Plan
from tests.tenancy import API_ACTIONS, Form, TenancyCase

_n = itertools.count(1)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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
    value = ManualValue(
        party=party, indicator_key=f"networks-{next(_n)}", year=2024, value=1, evidence=f"Evidence-{next(_n)}"
    )
    value.evidence_file.save("toend.pdf", ContentFile(PDF), save=False)
    value.evidence_file_name = "toend.pdf"
    value.save()
    return value


def manual_create_data(party):
    """A value for a hand-entered indicator of the 2024 plan (the form offers only those)."""
    plan = plan_2024()
    Indicator.objects.get_or_create(
        plan=plan, key="kasitsi", defaults={"party": plan.party, "section": "partner", "name": "Käsitsi näitaja",
                                            "unit": "Arv", "kind": "stock", "measurement": "manual", "position": 99},
    )  # fmt: skip
    return {"indicator_key": "kasitsi", "party": party.pk, "value": "9", "evidence": f"Uus {next(_n)}"}


def make_confirmation(party):
    activity = activity_of(party)
    obligation = Obligation.objects.create(
        plan=activity.plan, party=activity.plan.party, activity=activity, key=f"manual-{next(_n)}", title="Käsitsi",
        responsible=party, subject="manual", period="once", due_date=dt.date(2024, 12, 31), quote="…",
    )  # fmt: skip
    return ObligationConfirmation.objects.create(
        party=party, obligation=obligation, period_key="2024-by-2024-12-31", evidence=f"Confirmed-{next(_n)}"
    )


def make_explanation(party):
    activity = activity_of(party)
    obligation = Obligation.objects.create(
        plan=activity.plan, party=activity.plan.party, activity=activity, key=f"events-{next(_n)}", title="Üritused",
        responsible=party, subject="events", period="once", due_date=dt.date(2024, 12, 31), min_count=1, quote="…",
    )  # fmt: skip
    return DeviationExplanation.objects.create(
        party=party, obligation=obligation, period_key="2024-by-2024-12-31", text=f"Explained-{next(_n)}"
    )


def explanation_cell(explanation):
    return reverse(
        "monitoring:cell",
        kwargs={"year": 2024, "key": explanation.obligation.key, "period": explanation.period_key},
    )


def make_note(party):
    return ActivityReportNote.objects.create(party=party, activity=activity_of(party), text=f"Explanation-{next(_n)}")


def make_part(party):
    """A submitted yearly part whose comment (from an earlier return) is its marker."""
    return ReportPart.objects.create(
        party=party, plan=plan_2024(), period="year", state="submitted", comment=f"Returned-{next(_n)}"
    )


def make_step(party):
    part = ReportPart.objects.create(party=party, plan=plan_2024(), period="h1", state="changed")
    return ReportPartStep.objects.create(
        party=party, part=part, action="changed", text=f"Reason-{next(_n)}", what=f"Event-{next(_n)}"
    )


def part_kwargs(part):
    return {"year": 2024, "period": part.period, "party": part.party_id}


def make_build(party):
    build = ReportBuild(
        party=party, plan=plan_2024(), format="json", status="ready", file_name=f"report-{next(_n)}.json"
    )
    build.file.save("report.json", ContentFile(b"{}"), save=False)
    build.save()
    return build


def make_deliverable_record(party):
    activity = activity_of(party)
    n = next(_n)
    deliverable = Deliverable.objects.create(
        plan=activity.plan, party=activity.plan.party, activity=activity, key=f"tulemus-{n}", title=f"Tulemus {n}",
        owner=party, due_date=dt.date(2024, 12, 31), quote="…",
    )  # fmt: skip
    record = DeliverableRecord(
        party=party, deliverable=deliverable, status="done", done_on=dt.date(2024, 5, 2), notes=f"Tehtud-{n}",
        evidence_file_name=f"toend-{n}.pdf",
    )  # fmt: skip
    record.evidence_file.save("toend.pdf", ContentFile(PDF), save=False)
    record.save()
    return record


def deliverable_kwargs(record):
    return {"year": 2024, "key": record.deliverable.key}


NO_API = dict.fromkeys(API_ACTIONS, "the API offers no such records")
NO_FILES = {
    "export_csv": "no export lists these records (report files are ReportBuild's case)",
    "export_xlsx": "no export lists these records (report files are ReportBuild's case)",
}
READ_ONLY_API = {"api_update": lambda record: {"evidence": "x", "text": "x", "comment": "x"}}


def in_year(record):
    return {"year": 2024, "pk": record.pk}


def confirmation_cell(confirmation):
    return reverse(
        "monitoring:cell",
        kwargs={"year": 2024, "key": confirmation.obligation.key, "period": confirmation.period_key},
    )


CASES = [
    TenancyCase(
        model=ManualValue,
        make=make_manual_value,
        marker=lambda v: v.evidence,
        list=["/monitoring/2024/manual-values/"],
        read=["monitoring:manual_value_file"],
        edit=[
            Form(
                "monitoring:manual_value_edit",
                lambda v: {"indicator_key": v.indicator_key, "party": v.party_id, "value": "9", "evidence": "x"},
            )
        ],
        delete=["monitoring:manual_value_delete"],
        create=[
            Form(
                "/monitoring/2024/manual-values/",
                manual_create_data,
            )
        ],
        api="monitoring-manual-value",
        api_update=lambda v: {"value": "9", "evidence": "x"},
        api_create=lambda party: {"party": party.slug, "indicator_key": "networks", "year": 2024, "value": "9"},
        absent=NO_FILES,
    ),
    TenancyCase(
        model=ObligationConfirmation,
        make=make_confirmation,
        marker=lambda c: c.evidence,
        list=[confirmation_cell],
        edit=[
            Form(
                "monitoring:confirm",
                lambda c: {"evidence": "Ülevõetud"},
                kwargs=lambda c: {"year": 2024, "key": c.obligation.key, "period": c.period_key},
            )
        ],
        delete=["monitoring:confirmation_delete"],
        url_kwargs=in_year,
        absent={
            "read": "a confirmation has no page of its own: its commitment's period page lists it",
            **NO_FILES,
            **NO_API,
        },
    ),
    TenancyCase(
        model=DeviationExplanation,
        make=make_explanation,
        marker=lambda e: e.text,
        list=[explanation_cell],
        edit=[
            Form(
                "monitoring:explain",
                lambda e: {"text": "Ülevõetud"},
                kwargs=lambda e: {"year": 2024, "key": e.obligation.key, "period": e.period_key},
            )
        ],
        delete=["monitoring:explanation_delete"],
        url_kwargs=in_year,
        absent={
            "read": "an explanation has no page of its own: its commitment's period page shows it",
            **NO_FILES,
            **NO_API,
        },
    ),
    TenancyCase(
        model=ActivityReportNote,
        make=make_note,
        marker=lambda n: n.text,
        list=["/monitoring/2024/report/", "/api/v1/monitoring/report/?year=2024"],
        edit=[
            Form(
                "monitoring:note_edit",
                lambda n: {"text": "Ülevõetud"},
                kwargs=lambda n: {"year": 2024, "activity": n.activity_id},
            )
        ],
        delete=["monitoring:note_delete"],
        url_kwargs=in_year,
        api="monitoring-report-note",
        api_update=lambda n: {"text": "Ülevõetud"},
        api_create=lambda party: {"party": party.slug, "activity": 1, "text": "Loodud"},
        absent={"read": "a note has no page of its own: the report page shows it", **NO_FILES},
    ),
    TenancyCase(
        model=ReportPart,
        make=make_part,
        marker=lambda p: p.comment,
        list=["/monitoring/2024/report/"],
        edit=[
            # ELVL's editors approve and return every party's part: their own write by design
            Form(
                "monitoring:part_step",
                lambda p: {"action": "return", "comment": "Ülevõetud"},
                kwargs=part_kwargs,
                implementer_writes=True,
            ),
            Form("monitoring:part_step", lambda p: {"action": "approve"}, kwargs=part_kwargs, implementer_writes=True),
            Form("monitoring:part_step", lambda p: {"action": "submit"}, kwargs=part_kwargs),
        ],
        api="monitoring-report-part",
        **READ_ONLY_API,
        api_create=lambda party: {"party": party.slug, "year": 2024, "period": "year", "comment": "Loodud"},
        absent={
            "read": "a part has no page of its own: the report page shows it",
            "delete": "a part is never deleted: it is returned or approved",
            **NO_FILES,
        },
    ),
    TenancyCase(
        model=ReportPartStep,
        make=make_step,
        marker=lambda s: s.text,
        list=["/monitoring/2024/report/?period=h1", "/api/v1/monitoring/report-parts/"],
        absent={
            "read": "a step has no page of its own: the report page lists a part's steps",
            "edit": "steps are written only by the cycle's transitions (ReportPart's edit pages)",
            "delete": "a part's history is never deleted",
            **NO_FILES,
            **NO_API,
        },
    ),
    TenancyCase(
        model=ReportBuild,
        make=make_build,
        marker=lambda b: b.file_name,
        read=["monitoring:report_build", "monitoring:report_download"],
        create=[
            Form(
                "/monitoring/2024/report/files/",
                lambda party: {"format": "xlsx", "party": party.slug},
                readers_may=True,  # a read-all user files a report of any party under their own party
            )
        ],
        absent={
            "list": "the report page lists only the builds the viewer requested (read: each build's pages)",
            "edit": "a build is requested and then only read",
            "delete": "builds are not deleted by users",
            "export_csv": "a build is itself the exported file (read: its download)",
            "export_xlsx": "a build is itself the exported file (read: its download)",
            **NO_API,
        },
    ),
    TenancyCase(
        model=DeliverableRecord,
        make=make_deliverable_record,
        marker=lambda r: r.evidence_file_name,
        list=["/monitoring/2024/deliverables/"],
        read=[Form("monitoring:deliverable", kwargs=deliverable_kwargs), "monitoring:deliverable_file"],
        edit=[
            Form(
                "monitoring:deliverable_edit",
                lambda r: {"status": "planned", "notes": "Üle kirjutatud", "version": r.version},
                kwargs=deliverable_kwargs,
            )
        ],
        api="monitoring-deliverable",
        api_update=lambda r: {"status": "planned", "notes": "Üle kirjutatud"},
        api_create=lambda party: {"status": "done", "notes": "Loodud"},
        absent={"delete": "a deliverable's record is never deleted: its status says dropped", **NO_FILES},
    ),
]
