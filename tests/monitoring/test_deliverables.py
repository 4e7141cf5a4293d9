"""Deliverables (issue 11 §4): their state, the verdict of the one-off commitment judged by one,
and the owner party's record — with expected values worked out by hand from the data built here.

Scenario: the 2024 plan's Lõimumiskoda (3.5.2.2 row 3.1, "Luuakse … Lõimumiskoda"), owner Tallinn,
due 31.12.2024, judging the one-off commitment "tallinn-council-founded" (confirmed by hand until now).
"""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from loim.core.versioning import StaleVersion
from loim.monitoring.access import Viewer
from loim.monitoring.deliverables.selectors import deliverable_rows
from loim.monitoring.deliverables.services import DeliverableInput, deliverable_record_save
from loim.monitoring.deliverables.state import LATE, Facts, commitment_cell, state_of
from loim.monitoring.models import DeliverableRecord
from loim.monitoring.obligations import check
from loim.monitoring.obligations.verdicts import IN_PROGRESS, MET, MISSED, NOT_DUE
from loim.monitoring.periods import layout
from loim.plans.models import Deliverable

from .builders import make_activity, make_event, make_obligation, make_plan

DUE = dt.date(2024, 12, 31)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def slot():
    return layout("once", year=2024, start=dt.date(2024, 1, 1), end=DUE, due=DUE)[0]


# --- the state, by hand
@pytest.mark.parametrize(
    ("facts", "today", "code", "done_late"),
    [
        (Facts(DUE), dt.date(2024, 6, 1), "planned", False),
        (Facts(DUE, "in_progress"), dt.date(2024, 12, 31), "in_progress", False),  # the due day itself
        (Facts(DUE, "in_progress"), dt.date(2025, 1, 1), LATE, False),  # the day after: late, derived
        (Facts(DUE), dt.date(2025, 1, 1), LATE, False),
        (Facts(DUE, "done", dt.date(2024, 10, 3), True), dt.date(2025, 3, 1), "done", False),
        (Facts(DUE, "done", dt.date(2025, 1, 20), True), dt.date(2025, 3, 1), "done", True),  # done late
        (Facts(DUE, "done", dt.date(2024, 10, 3), True), dt.date(2024, 9, 1), "in_progress", False),  # not yet then
        (Facts(DUE, "dropped", notes="Ei ole enam vaja"), dt.date(2025, 1, 1), "dropped", False),
    ],
)
def test_state_of(facts, today, code, done_late):
    state = state_of(facts, today)
    assert (state.code, state.done_late) == (code, done_late)


def test_commitment_cell_by_hand():
    with translation.override("en"):
        met = commitment_cell(
            Facts(DUE, "done", dt.date(2024, 10, 3), True), "Lõimumiskoda", slot(), dt.date(2024, 11, 1)
        )
        late = commitment_cell(Facts(DUE, "in_progress"), "Lõimumiskoda", slot(), dt.date(2025, 1, 1))
        running = commitment_cell(Facts(DUE, "in_progress"), "Lõimumiskoda", slot(), dt.date(2024, 12, 21))
        dropped = commitment_cell(Facts(DUE, "dropped", notes="Rahastus lõppes"), "X", slot(), dt.date(2024, 5, 1))
        done_late = commitment_cell(Facts(DUE, "done", dt.date(2025, 1, 20), True), "X", slot(), dt.date(2025, 2, 1))
        no_evidence = commitment_cell(Facts(DUE, "done", dt.date(2024, 10, 3), False), "X", slot(), dt.date(2025, 1, 1))
    assert (met.verdict, met.count) == (MET, 1)
    assert met.rule == (
        "judged by the deliverable “Lõimumiskoda”: met when done with evidence by 31.12.2024: done on 03.10.2024"
    )
    assert late.verdict == MISSED and late.reason == "Not done by the due date 31.12.2024."
    assert (running.verdict, running.days_left) == (IN_PROGRESS, 10)  # 21.12 → 31.12
    assert dropped.verdict == MISSED and "dropped" in dropped.reason and "Rahastus lõppes" in dropped.reason
    assert done_late.verdict == MISSED and done_late.reason == "Done on 20.01.2025, after the due date 31.12.2024."
    assert no_evidence.verdict == MISSED


def test_a_commitment_not_begun_is_not_due():
    later = layout("once", year=2025, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), due=dt.date(2025, 6, 30))[0]
    assert commitment_cell(Facts(dt.date(2025, 6, 30)), "X", later, dt.date(2024, 12, 1)).verdict == NOT_DUE


# --- the record and the commitment, through the services and the checker
@pytest.fixture
def council(programme):
    tallinn = programme["tallinn"]
    plan = make_plan(2024)
    activity = make_activity(plan, "3.5.2.2", section="partner", responsible=[tallinn])
    row = make_activity(plan, "3.5.2.2", parent=activity, row_key="3.1", responsible=[tallinn], title="Lõimumiskoda")
    obligation = make_obligation(
        plan, row, "tallinn-council-founded", tallinn, subject="manual", period="once", due=DUE
    )
    deliverable = Deliverable.objects.create(
        plan=plan,
        party=plan.party,
        activity=row,
        key="tallinn-council",
        title="Lõimumiskoda on loodud",
        owner=tallinn,
        due_date=DUE,
        obligation=obligation,
        quote="Luuakse Tallinna tasandil rahvusgruppide osaluskogu ehk Lõimumiskoda",
    )
    return {"plan": plan, "row": row, "obligation": obligation, "deliverable": deliverable, "tallinn": tallinn}


def verdict(council, as_of):
    (result,) = [
        c for c in check(council["plan"], Viewer.system(), as_of=as_of) if c.obligation.key == "tallinn-council-founded"
    ]
    return result.cells[0]


def test_done_with_evidence_before_the_due_date_is_met(council, member):
    user = member("tallinn", "coordinator")
    founding = make_event(council["tallinn"], "network_meeting", dt.date(2024, 10, 3), activity=council["row"])
    deliverable_record_save(
        deliverable=council["deliverable"],
        data=DeliverableInput(status="done", done_on=dt.date(2024, 10, 3), events=[founding]),
        author=user,
        today=dt.date(2024, 10, 4),
    )
    assert verdict(council, dt.date(2024, 10, 2)).verdict == IN_PROGRESS  # before the day it was done
    assert verdict(council, dt.date(2024, 10, 3)).verdict == MET
    assert verdict(council, dt.date(2025, 1, 15)).verdict == MET


def test_not_done_after_the_due_date_is_late_and_missed(council):
    assert verdict(council, dt.date(2024, 12, 31)).verdict == IN_PROGRESS
    cell = verdict(council, dt.date(2025, 1, 1))
    assert cell.verdict == MISSED
    (row,) = deliverable_rows(council["plan"], Viewer.system(), today=dt.date(2025, 1, 1))
    assert row.state.code == LATE and row.record is None  # nothing stored: late is derived


def test_dropped_is_missed(council, member):
    deliverable_record_save(
        deliverable=council["deliverable"],
        data=DeliverableInput(status="dropped", notes="Osaluskogu asemel jätkatakse võrgustikuna."),
        author=member("tallinn", "coordinator"),
    )
    assert verdict(council, dt.date(2024, 12, 1)).verdict == MISSED


def test_done_without_evidence_is_refused_and_nothing_changes(council, member):
    user = member("tallinn", "coordinator")
    before = LogEntry.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        deliverable_record_save(
            deliverable=council["deliverable"],
            data=DeliverableInput(status="done", done_on=dt.date(2024, 10, 3)),
            author=user,
        )
    assert list(caught.value.message_dict) == ["status"]
    assert "needs evidence" in caught.value.message_dict["status"][0]
    assert not DeliverableRecord.objects.exists() and LogEntry.objects.count() == before


def test_bad_fields_are_named(council, member):
    foreign = make_event(member("tartu").memberships.first().party, "training", dt.date(2024, 3, 1))
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        deliverable_record_save(
            deliverable=council["deliverable"],
            data=DeliverableInput(status="done", links="minutes.pdf", events=[foreign]),
            author=None,
            today=dt.date(2024, 6, 1),
        )
    assert set(caught.value.message_dict) == {"done_on", "links", "events"}
    assert "Line 1" in caught.value.message_dict["links"][0]


def test_an_evidence_file_is_checked_and_history_is_the_audit_trail(council, member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = member("tallinn", "coordinator")
    fake = SimpleUploadedFile("otsus.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        deliverable_record_save(
            deliverable=council["deliverable"],
            data=DeliverableInput(status="done", done_on=dt.date(2024, 10, 3), evidence_file=fake),
            author=user,
            today=dt.date(2024, 10, 4),
        )
    assert "evidence_file" in caught.value.message_dict
    record = deliverable_record_save(
        deliverable=council["deliverable"],
        data=DeliverableInput(status="in_progress", notes="Põhimäärus koostamisel"),
        author=user,
    )
    record = deliverable_record_save(
        deliverable=council["deliverable"],
        data=DeliverableInput(
            status="done",
            done_on=dt.date(2024, 10, 3),
            evidence_file=SimpleUploadedFile("otsus.pdf", PDF, content_type="application/pdf"),
            links="https://www.tallinn.ee/et/loimumiskoda",
        ),
        author=user,
        expected_version=record.version,
        today=dt.date(2024, 10, 4),
    )
    assert (record.version, record.evidence_file_name, record.link_list) == (
        2,
        "otsus.pdf",
        ["https://www.tallinn.ee/et/loimumiskoda"],
    )
    history = LogEntry.objects.get_for_object(record).order_by("timestamp", "pk")
    assert [entry.changes_dict.get("status", [None, None])[1] for entry in history] == ["in_progress", "done"]
    # a stale edit (from version 1) is refused
    with pytest.raises(StaleVersion):
        deliverable_record_save(
            deliverable=council["deliverable"], data=DeliverableInput(status="planned"), author=user, expected_version=1
        )


def test_list_filters_by_party_and_state(council, programme, member):
    viewer = Viewer.system()
    assert [r.deliverable.key for r in deliverable_rows(council["plan"], viewer, today=DUE, party_slug="tallinn")] == [
        "tallinn-council"
    ]
    assert deliverable_rows(council["plan"], viewer, today=DUE, party_slug="tartu") == []
    assert [r.state.code for r in deliverable_rows(council["plan"], viewer, today=DUE, state="planned")] == ["planned"]
    assert deliverable_rows(council["plan"], viewer, today=DUE, state="late") == []
    # a partner sees only its own parties' deliverables
    tartu = Viewer(user=member("tartu", "coordinator"))
    assert deliverable_rows(council["plan"], tartu, today=DUE) == []


def test_the_home_to_do_lists_late_and_soon_due_deliverables(council, member):
    from loim.monitoring.todo import todo_for

    user = member("tallinn", "coordinator")

    def listed(today):
        todo = todo_for(user, today)
        return [(i.title, i.state) for s in todo.sections if s.kind == "deliverables" for i in s.items]

    assert listed(dt.date(2024, 6, 1)) == []  # due in seven months
    assert listed(dt.date(2024, 12, 1)) == [("Lõimumiskoda on loodud", "planned")]  # 30 days before 31.12
    assert listed(dt.date(2025, 1, 10)) == [("Lõimumiskoda on loodud", "late")]
    tartu = todo_for(member("tartu", "coordinator"), dt.date(2025, 1, 10))
    assert not [s for s in tartu.sections if s.kind == "deliverables"]  # Tallinn's deliverable is not Tartu's work
    deliverable_record_save(
        deliverable=council["deliverable"],
        data=DeliverableInput(status="done", done_on=dt.date(2024, 12, 5), links="https://www.tallinn.ee/loimumiskoda"),
        author=user,
        today=dt.date(2024, 12, 6),
    )
    assert listed(dt.date(2025, 1, 10)) == []
