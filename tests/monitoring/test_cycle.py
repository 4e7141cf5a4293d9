"""The reporting cycle (monitoring/cycle.py): submit → return → resubmit → approve, refused steps,
the explanations a submission needs, the audit trail and the report page.

Expected values worked out by hand from the scenario (tests/monitoring/conftest.py):
- Tartu's clubs: every Wednesday of January 2024 (3, 10, 17, 24, 31.01: weeks W01–W05), at least one
  a week except Q3. The first half-year (1.1–30.6.2024, 30.6 a Sunday) holds W01–W26: 26 weeks, none
  in Q3, 5 met → 21 missed. The year: 53 weeks − 13 paused − 5 met = 35 missed.
- ELVL on 30.06.2024: info days 2 against half of 3 = 1,5 (met); participations 3 + 2 = 5 against half
  of 20 = 10 (below, activity 3.5.1.4); coordinators (a stock, held whole) 3 against 5 (below,
  activity 3.5.1.3); the info-day commitment's first half-year has 2 (met).
"""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loim.monitoring import cycle
from loim.monitoring.access import Viewer
from loim.monitoring.models import ActivityReportNote, ReportPart, ReportPartStep
from loim.monitoring.report import build_report

from .test_views import text


@pytest.fixture
def tartu_user(member):
    return member("tartu", "coordinator")


@pytest.fixture
def elvl_user(member):
    return member("elvl", "coordinator")


def explain(scenario, party="tartu", activity="tartu", period="h1"):
    return ActivityReportNote.objects.create(
        party=scenario["parties"][party],
        activity=scenario["activities"][activity],
        period=period,
        text="Veebruarist juunini klubi ei toimunud: juhendaja lahkus.",
    )


def test_a_submission_names_the_activity_whose_deviation_is_not_explained(scenario, tartu_user):
    plan, tartu = scenario["plan"], scenario["parties"]["tartu"]
    with pytest.raises(ValidationError) as refused:
        cycle.part_submit(plan=plan, period="h1", party=tartu, user=tartu_user)
    (message,) = refused.value.messages
    assert message.startswith("3.5.2.1 „Sisutegevused Tartu linnas“")
    assert "kohustus „Tartu clubs weekly“ jäi täitmata 21 perioodil" in message
    assert not ReportPart.objects.exists() and not ReportPartStep.objects.exists()
    # the yearly report's explanation does not explain the half-year
    explain(scenario, period="year")
    with pytest.raises(ValidationError):
        cycle.part_submit(plan=plan, period="h1", party=tartu, user=tartu_user)
    assert [d.what for d in cycle.deviations(plan, "year", tartu)] == [
        "kohustus „Tartu clubs weekly“ jäi täitmata 35 perioodil"
    ]


def test_the_implementer_explains_its_programme_figures_below_the_half_year_target(scenario, elvl_user):
    deviations = cycle.deviations(scenario["plan"], "h1", scenario["parties"]["elvl"])
    assert sorted((d.activity.measure_code, d.what) for d in deviations) == [
        ("3.5.1.3", "indikaator „KOV koordinaatorite arv“ on 3, sihttase 5"),
        ("3.5.1.4", "indikaator „Koolitustel osalenud KOV-ide arv“ on 5, sihttase 10"),
    ]


def test_submit_return_resubmit_approve(scenario, tartu_user, elvl_user):
    plan, tartu = scenario["plan"], scenario["parties"]["tartu"]
    explain(scenario)
    part = cycle.part_submit(plan=plan, period="h1", party=tartu, user=tartu_user)
    assert (part.state, part.submitted_by) == ("submitted", tartu_user)
    # submitted twice: refused, naming the state
    with pytest.raises(ValidationError, match="olek on „esitatud“"):
        cycle.part_submit(plan=plan, period="h1", party=tartu, user=tartu_user)
    # a return needs a comment
    with pytest.raises(ValidationError) as no_comment:
        cycle.part_return(part=part, user=elvl_user, comment="  ")
    assert no_comment.value.message_dict == {
        "comment": ["Kirjutage, mida parandada: aruandeosa saadetakse tagasi kommentaariga."]
    }
    assert ReportPart.objects.get().state == "submitted"
    part = cycle.part_return(part=part, user=elvl_user, comment="Lisage, kuidas klubid taastatakse.")
    assert (part.state, part.comment, part.decided_by) == ("returned", "Lisage, kuidas klubid taastatakse.", elvl_user)
    # a returned part is not approved
    with pytest.raises(ValidationError, match="olek on „tagasi saadetud“"):
        cycle.part_approve(part=part, user=elvl_user)
    part = cycle.part_submit(plan=plan, period="h1", party=tartu, user=tartu_user)
    part = cycle.part_approve(part=part, user=elvl_user, comment="Korras.")
    assert part.state == "approved" and part.locked
    steps = list(part.steps.values_list("action", "actor", "text"))
    assert steps == [
        ("submitted", tartu_user.pk, ""),
        ("returned", elvl_user.pk, "Lisage, kuidas klubid taastatakse."),
        ("submitted", tartu_user.pk, ""),
        ("approved", elvl_user.pk, "Korras."),
    ]
    # audited: the part's creation and each change of its state, and each step's creation
    part_entries = LogEntry.objects.get_for_object(part)
    states = [entry.changes_dict.get("state") for entry in part_entries.order_by("timestamp")]
    assert [s[1] for s in states if s] == ["submitted", "returned", "submitted", "approved"]
    assert LogEntry.objects.get_for_model(ReportPartStep).count() == 4


def test_only_elvl_approves_and_only_the_party_submits(scenario, tartu_user, elvl_user, member):
    plan, tartu = scenario["plan"], scenario["parties"]["tartu"]
    explain(scenario)
    with pytest.raises(ValidationError, match="Tartu LV aruandeosa esitavad ainult selle administraatorid"):
        cycle.part_submit(plan=plan, period="h1", party=tartu, user=elvl_user)
    with pytest.raises(ValidationError, match="Tartu LV aruandeosa esitavad ainult selle administraatorid"):
        cycle.part_submit(plan=plan, period="h1", party=tartu, user=member("tartu", "viewer"))
    assert not ReportPart.objects.exists()
    part = cycle.part_submit(plan=plan, period="h1", party=tartu, user=tartu_user)
    for user in (tartu_user, member("ministry", "ministry_reader"), member("elvl", "viewer")):
        with pytest.raises(ValidationError, match=r"ainult elluviija \(ELVL\) administraatorid"):
            cycle.part_approve(part=part, user=user)
        with pytest.raises(ValidationError, match=r"ainult elluviija \(ELVL\) administraatorid"):
            cycle.part_return(part=part, user=user, comment="x")
    assert ReportPart.objects.get().state == "submitted" and ReportPartStep.objects.count() == 1


def test_a_period_is_submitted_from_its_last_day(scenario, tartu_user, monkeypatch):
    explain(scenario)
    monkeypatch.setattr(cycle.timezone, "localdate", lambda: dt.date(2024, 6, 29))
    with pytest.raises(ValidationError, match=r"Periood lõpeb 30\.06\.2024"):
        cycle.part_submit(plan=scenario["plan"], period="h1", party=scenario["parties"]["tartu"], user=tartu_user)
    monkeypatch.setattr(cycle.timezone, "localdate", lambda: dt.date(2024, 6, 30))
    assert (
        cycle.part_submit(plan=scenario["plan"], period="h1", party=scenario["parties"]["tartu"], user=tartu_user).state
        == "submitted"
    )


def test_the_h1_report_counts_to_30_june(scenario):
    # Tartu's clubs: 5 in January; the H1 report's weekly commitment has W01–W26, 5 met, 21 missed
    report = build_report(scenario["plan"], Viewer.system(), period="h1", as_of=dt.date(2025, 2, 1))
    assert report.as_of == dt.date(2024, 6, 30) and report.period == "h1"
    clubs = next(row for row in report.obligations if row.key == "tartu-clubs-weekly")
    assert (clubs.met, clubs.missed) == (5, 21)
    assert report.title == "Tegevuskava 2024 täitmise poolaasta aruanne (1.1–30.6)"


def test_the_page_takes_each_step_and_says_why_one_is_refused(client, scenario, tartu_user, elvl_user):
    tartu = scenario["parties"]["tartu"]
    step = reverse("monitoring:part_step", kwargs={"year": 2024, "period": "h1", "party": tartu.pk})
    page_url = reverse("monitoring:report", kwargs={"year": 2024}) + "?period=h1"
    client.force_login(tartu_user)
    page = text(client.post(step, {"action": "submit"}, follow=True))
    assert "3.5.2.1 „Sisutegevused Tartu linnas“" in page and "jäi täitmata 21 perioodil" in page
    assert not ReportPart.objects.exists()
    explain(scenario)
    client.post(step, {"action": "submit"})
    client.force_login(elvl_user)
    page = text(client.post(step, {"action": "return", "comment": ""}, follow=True))
    assert "Kirjutage, mida parandada" in page and ReportPart.objects.get().state == "submitted"
    client.post(step, {"action": "return", "comment": "Täpsustage veebruari."})
    page = text(client.get(page_url))
    assert "Täpsustage veebruari." in page
    # ELVL never submits a partner's part; the ministry takes no step at all
    assert client.post(step, {"action": "submit"}).status_code == 404


def test_report_page_queries_do_not_grow_with_parts(client, scenario, elvl_user, member):
    client.force_login(elvl_user)
    url = reverse("monitoring:report", kwargs={"year": 2024})
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    plan = scenario["plan"]
    part = ReportPart.objects.create(plan=plan, period="year", party=scenario["parties"]["tartu"], state="submitted")
    ReportPartStep.objects.create(part=part, party=part.party, action="submitted", actor=member("tartu"))
    small = queries()
    for slug in ("elvl", "tallinn"):
        other = ReportPart.objects.create(plan=plan, period="year", party=scenario["parties"][slug], state="approved")
        for action in ("submitted", "returned", "submitted", "approved"):
            ReportPartStep.objects.create(part=other, party=other.party, action=action, actor=member(slug), text="x")
    assert queries() == small


def test_the_to_do_list_asks_the_party_to_submit_and_elvl_to_review(scenario, tartu_user, elvl_user):
    from loim.monitoring.todo import todo_for

    plan, tartu = scenario["plan"], scenario["parties"]["tartu"]
    today = dt.date(2025, 2, 1)  # both periods of 2024 are over

    def parts_section(user):
        sections = {s.kind: s for s in todo_for(user, today).sections}
        return [(i.title, i.state) for i in sections["report_parts"].items] if "report_parts" in sections else []

    assert parts_section(tartu_user) == [
        ("Tartu LV aruandeosa esitamine: I poolaasta (1.1–30.6) 2024", "draft"),
        ("Tartu LV aruandeosa esitamine: aasta 2024", "draft"),
    ]
    explain(scenario)
    cycle.part_submit(plan=plan, period="h1", party=tartu, user=tartu_user)
    assert parts_section(tartu_user) == [("Tartu LV aruandeosa esitamine: aasta 2024", "draft")]
    # ELVL: its own two parts to submit, and Tartu's H1 part to review
    assert ("Tartu LV aruandeosa ülevaatamine: I poolaasta (1.1–30.6) 2024", "submitted") in parts_section(elvl_user)
    assert ("ELVL aruandeosa esitamine: aasta 2024", "draft") in parts_section(elvl_user)
    # on 1.7.2024 the H1 part (submitted) is all that is due: the year is not over
    assert [t for t, _s in parts_section_on(tartu_user, dt.date(2024, 7, 1))] == []


def parts_section_on(user, day):
    from loim.monitoring.todo import todo_for

    sections = {s.kind: s for s in todo_for(user, day).sections}
    return [(i.title, i.state) for i in sections["report_parts"].items] if "report_parts" in sections else []


def test_the_api_takes_the_steps_and_refuses_others(client, scenario, tartu_user, elvl_user, member):
    url = reverse("v1:monitoring-report-part-step")
    submit = {"year": 2024, "period": "h1", "party": "tartu", "action": "submit"}
    explain(scenario)
    # another partner and the ministry: no such part (404), nothing created
    for outsider in (member("tallinn", "coordinator"), member("ministry", "ministry_reader")):
        client.force_login(outsider)
        assert client.post(url, submit, content_type="application/json").status_code == 404
    client.force_login(elvl_user)
    assert client.post(url, submit, content_type="application/json").status_code == 404  # ELVL never submits it
    assert not ReportPart.objects.exists()
    client.force_login(tartu_user)
    response = client.post(url, submit, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    # Tartu's own coordinator may not approve: 400 with the reason
    response = client.post(url, {**submit, "action": "approve"}, content_type="application/json")
    assert response.status_code == 400
    assert "ainult elluviija (ELVL)" in response.json()["action"][0]
    client.force_login(elvl_user)
    response = client.post(url, {**submit, "action": "return"}, content_type="application/json")
    assert response.status_code == 400 and "comment" in response.json()
    response = client.post(
        url, {**submit, "action": "return", "comment": "Täpsustage."}, content_type="application/json"
    )
    assert response.json()["state"] == "returned"
    assert [s["action"] for s in response.json()["steps"]] == ["submitted", "returned"]
    listed = client.get(reverse("v1:monitoring-report-part-list")).json()
    assert [p["state"] for p in listed["results"]] == ["returned"]


def test_the_h1_report_file_is_built_for_the_half_year(scenario, tartu_user, django_capture_on_commit_callbacks):
    import json

    from loim.monitoring.services import report_build_request, report_build_run

    build = report_build_request(
        plan=scenario["plan"], fmt="json", user=tartu_user, party=scenario["parties"]["tartu"], period="h1"
    )
    build = report_build_run(build=build)
    assert build.status == "ready" and build.file_name == "tegevuskava-2024-poolaasta-aruanne.json"
    data = json.loads(build.file.read())
    assert (data["period"], data["as_of"]) == ("h1", "2024-06-30")
    clubs = next(row for row in data["obligations"] if row["key"] == "tartu-clubs-weekly")
    assert (clubs["met"], clubs["missed"]) == (5, 21)
