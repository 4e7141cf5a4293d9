"""Plan-file additions of issue 11: planned quantities on rows and deliverables with due dates —
parsed, validated with every error named by line and field, imported idempotently, exported back."""

import datetime as dt

import pytest
from django.utils import translation

from loim.plans.models import Activity, Deliverable
from loim.plans.planfile.export import dump_yaml, plan_document
from loim.plans.planfile.reader import PlanFileInvalid
from loim.plans.services import plan_file_import, plan_file_parse

from .test_planfile import MINIMAL, OBLIGATION, line_number

ROW_PLANNED = """\
      planned:
      - count: 2
        kinds: [info_day]
        reach: county
        quote: vähemalt kaks maakondlikku infopäeva
"""
ONCE = (
    OBLIGATION.replace("period: half_year", "period: once\n      due: 2024-12-31")
    .replace("      event_kinds: [info_day]\n", "      subject: manual\n")
    .replace("      min: 1\n", "")
)
DELIVERABLES = """\
    deliverables:
    - key: platform
      title: Platvorm on loodud
      row: '1'
      owner: elvl
      due: 2024-06-30
      commitment: info-days
      quote: on plaanis luua ühine kommunikatsiooniplatvorm
"""


def with_outputs(planned: str = ROW_PLANNED, deliverables: str = DELIVERABLES, obligations: str = ONCE) -> str:
    text = MINIMAL.replace(
        "      dates: {start: 2024-01-01, end: 2024-12-31}\n    indicators:",
        "      dates: {start: 2024-01-01, end: 2024-12-31}\n" + planned + "    indicators:",
    )
    return text + obligations + deliverables


def errors_of(text: str):
    with translation.override("en"), pytest.raises(PlanFileInvalid) as caught:
        plan_file_parse(text, filename="plan.yaml")
    return caught.value.errors


def test_planned_and_deliverables_import_and_export(programme, write_plan):
    text = with_outputs()
    plan = plan_file_import(write_plan(text)).plan
    row = Activity.objects.get(plan=plan, code="3.5.1.3/1")
    assert row.planned == [
        {
            "count": 2,
            "max": None,
            "kinds": ["info_day"],
            "reach": "county",
            "unit": "",
            "quote": "vähemalt kaks maakondlikku infopäeva",
            "note": "",
        }
    ]
    deliverable = Deliverable.objects.get(plan=plan, key="platform")
    assert (deliverable.activity, deliverable.owner.slug, deliverable.due_date) == (row, "elvl", dt.date(2024, 6, 30))
    assert deliverable.obligation.key == "info-days"
    exported = dump_yaml(plan_document(plan))
    assert "      - count: 2\n        kinds: [info_day]\n        reach: county\n" in exported
    assert "      commitment: info-days\n" in exported
    # a second import of the same file writes nothing
    assert not plan_file_import(write_plan(text)).changed


def test_a_free_worded_unit_is_kept(programme, write_plan):
    planned = "      planned:\n      - count: 1\n        unit: tegevuskava\n        quote: tegevuskava koostamine\n"
    plan = plan_file_import(write_plan(with_outputs(planned=planned, deliverables="", obligations=""))).plan
    item = Activity.objects.get(plan=plan, code="3.5.1.3/1").planned[0]
    assert (item["count"], item["kinds"], item["unit"]) == (1, [], "tegevuskava")


@pytest.mark.parametrize("count", ["0", "-1", "2.5", "kaks", "''"])
def test_a_planned_quantity_must_be_a_positive_whole_number(programme, count):
    text = with_outputs(planned=ROW_PLANNED.replace("count: 2", f"count: {count}"))
    errors = errors_of(text)
    assert [(e.field, e.line) for e in errors] == [("planned[1].count", line_number(text, f"count: {count}"))], errors
    assert "positive whole number" in errors[0].message or "required" in errors[0].message


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("kinds: [info_day]", "kinds: [karaoke]"), "planned[1].kinds"),
        (("        kinds: [info_day]\n        reach: county\n", ""), "planned[1].kinds"),  # neither kinds nor a unit
        (("kinds: [info_day]", "kinds: [info_day]\n        unit: päev"), "planned[1].unit"),
        (("count: 2", "count: 2\n        max: 1"), "planned[1].max"),
        (("        quote: vähemalt kaks maakondlikku infopäeva\n", ""), "planned[1].quote"),
    ],
)
def test_planned_errors_are_named(programme, change, field):
    errors = errors_of(with_outputs(planned=ROW_PLANNED.replace(*change)))
    assert field in [e.field for e in errors], errors


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (("due: 2024-06-30", "due: 2025-01-15"), "due", "outside the plan period"),
        (("due: 2024-06-30", "due: 2023-12-31"), "due", "outside the plan period"),
        (("      due: 2024-06-30\n", ""), "due", "required"),
        (("owner: elvl", "owner: nobody"), "owner", "Unknown party"),
        (("row: '1'", "row: '9'"), "row", "no row 9"),
        (("commitment: info-days", "commitment: nothing"), "commitment", "no commitment"),
    ],
)
def test_deliverable_errors_are_named_with_their_line(programme, write_plan, change, field, words):
    text = with_outputs(deliverables=DELIVERABLES.replace(*change))
    errors = errors_of(text)
    found = [e for e in errors if e.field == field and words in e.message]
    assert found and found[0].where == "deliverable platform", errors
    # nothing is written
    with pytest.raises(PlanFileInvalid):
        plan_file_import(write_plan(text))
    assert not Deliverable.objects.exists()


def test_a_deliverable_judges_only_a_one_off_commitment(programme):
    errors = errors_of(with_outputs(obligations=OBLIGATION))  # a half-yearly commitment
    assert [e.field for e in errors] == ["commitment"]
    assert "not a one-off" in errors[0].message


def test_the_2024_plan_carries_the_deliverables_and_quantities_of_its_text(plan_2024):
    """Each addition of plans/2024.yaml against the plan document's words (tegevuskava-2024.txt)."""
    deliverables = {
        d.key: d for d in Deliverable.objects.filter(plan=plan_2024).select_related("activity", "owner", "obligation")
    }
    expected = {
        # key: (row code, owner, commitment)
        "elvl-coordinator": ("3.5.1.1", "elvl", "elvl-coordinator-hire"),
        "steering-group": ("3.5.1.2/1", "elvl", "journey-steering-group"),
        "design-procurement": ("3.5.1.2/2", "elvl", None),
        "service-contract": ("3.5.1.2/3", "elvl", None),
        "design-stages": ("3.5.1.2", "elvl", "journey-design-stages"),
        "communication-platform": ("3.5.1.3/4", "elvl", None),
        "tallinn-action-plan": ("3.5.2.2/1.3", "tallinn", "tallinn-action-plan"),
        "tallinn-conference": ("3.5.2.2/2.3", "tallinn", "tallinn-conference"),
        "tallinn-council": ("3.5.2.2/3.1", "tallinn", "tallinn-council-founded"),
        "saaremaa-contact-database": ("3.5.2.4/1.2", "saaremaa", "saaremaa-contact-database"),
        "parnu-action-plan": ("3.5.2.5/1.2", "parnu", None),
        "parnu-baby-club": ("3.5.2.5/2.3", "parnu", "parnu-baby-club"),
    }
    assert {
        key: (d.activity.code, d.owner.slug, d.obligation.key if d.obligation else None)
        for key, d in deliverables.items()
    } == expected
    # the plan gives no due date for any of them: the row's (or activity's) end in the plan period
    assert {d.due_date for d in deliverables.values()} == {dt.date(2024, 12, 31)}
    assert all(d.due_date == d.activity.end for d in deliverables.values())
    # procurement from April, the service contract from August: the rows' dates
    assert deliverables["design-procurement"].activity.start == dt.date(2024, 4, 1)
    assert deliverables["service-contract"].activity.start == dt.date(2024, 8, 1)
    planned = {
        a.code: [(p["count"], p["max"], p["kinds"], p["reach"]) for p in a.planned]
        for a in Activity.objects.filter(plan=plan_2024).exclude(planned=[])
    }
    assert planned == {
        "3.5.1.3/1": [(2, None, ["info_day"], "county")],  # "vähemalt kaks maakondlikku infopäeva"
        # issue 15: communication work the plan names without a number, counted from communication records
        "3.5.1.3/2": [(None, None, [], "")],  # "vajadusel tõlketeenust" (translation jobs)
        "3.5.2.1/1.2": [(None, None, [], "")],  # Tartu: info in English and Russian, the news feed
        "3.5.2.3/1.1": [(None, None, [], "")],  # Rakvere: translating, updating and printing materials
        "3.5.2.3/3.2": [(None, None, [], "")],  # Rakvere: the county's Facebook group
        "3.5.2.4/1.1": [(None, None, [], "")],  # Saaremaa: web content
        "3.5.2.4/1.3": [(None, None, [], "")],  # Saaremaa: translating documents and guidance
        "3.5.2.4/2.2": [(None, None, [], "")],  # Saaremaa: newcomers' stories in the local newspaper
        "3.5.2.5/1.3": [(None, None, [], "")],  # Pärnu: the city's website, printed and translated materials
        "3.5.1.4/1": [(2, None, ["training"], "national")],  # "vähemalt kaks üleriigilist koolitust"
        "3.5.1.4/2": [(1, None, ["study_trip"], "")],  # "korraldatakse … õppereis"
        "3.5.2.2/2.3": [(1, None, ["conference"], "")],  # konverents „Lõimumisaken 2024“
        "3.5.2.3/2.1": [(10, None, ["cultural_event"], "")],  # "vähemalt 10 üritust aastas"
        "3.5.2.3/3.1": [(2, None, ["network_meeting"], "county")],  # "vähemalt 2  maakondlikku kohtumist"
        "3.5.2.4/2.5": [(2, 3, ["excursion"], "")],  # "2-3 korda aastas"
        "3.5.2.5/3.2": [(2, None, ["network_meeting"], "county")],  # "vähemalt 2 maakondlikku kohtumist aastas"
    }
