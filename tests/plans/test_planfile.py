"""Plan files: import → export → import is lossless, re-importing changes nothing, and bad files are
refused whole with every error named by file, line and field."""

import json
import textwrap

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from loim.plans.models import Activity, Indicator, Obligation, Plan, Target
from loim.plans.planfile.export import dump_json, dump_yaml, plan_document
from loim.plans.planfile.reader import PlanFileInvalid
from loim.plans.selectors import targets_across_years
from loim.plans.services import plan_file_import, plan_file_parse

from .conftest import DATA, PLAN_2024


def counts() -> dict:
    return {m.__name__: m.objects.count() for m in (Plan, Activity, Indicator, Target, Obligation)}


def parse(text: str, name: str = "plan.yaml") -> dict:
    return plan_file_parse(text, filename=name)


# --- round trip
def test_import_export_import_is_lossless(plan_2024, write_plan):
    original = parse(PLAN_2024.read_text(encoding="utf-8"), "2024.yaml")
    exported = dump_yaml(plan_document(plan_2024))
    assert parse(exported) == original
    # the exported file imports into an empty database as the same plan
    Plan.objects.all().delete()
    plan = plan_file_import(write_plan(exported, "exported.yaml")).plan
    assert dump_yaml(plan_document(plan)) == exported
    assert counts() == {"Plan": 1, "Activity": 77, "Indicator": 7, "Target": 14, "Obligation": 26}


def test_json_export_round_trips_too(plan_2024, write_plan):
    text = dump_json(plan_document(plan_2024))
    data = json.loads(text)
    assert data["period"] == {"start": "2024-01-01", "end": "2024-12-31"}
    assert parse(text, "2024.json") == parse(PLAN_2024.read_text(encoding="utf-8"))
    Plan.objects.all().delete()
    plan = plan_file_import(write_plan(text, "2024.json")).plan
    assert dump_json(plan_document(plan)) == text


def test_shipped_file_is_what_export_writes(plan_2024):
    """The shipped file is in the exporter's own layout, so a diff of the two shows only comments."""
    shipped = [line for line in PLAN_2024.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert dump_yaml(plan_document(plan_2024)).splitlines() == shipped


def test_export_command_writes_yaml_and_json(plan_2024, tmp_path, capsys):
    call_command("export_plan", year=2024, format="json", output=str(tmp_path / "p.json"))
    assert json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["year"] == 2024
    call_command("export_plan", year=2024)
    assert "code: 3.5.2.5" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no 2031 plan"):
        call_command("export_plan", year=2031)


# --- re-import
def test_reimport_changes_nothing(plan_2024):
    before = counts()
    stamps = dict(Activity.objects.values_list("pk", "updated_at"))
    log_entries = LogEntry.objects.count()
    result = plan_file_import(PLAN_2024)
    assert not result.changed
    assert counts() == before
    assert dict(Activity.objects.values_list("pk", "updated_at")) == stamps
    assert LogEntry.objects.count() == log_entries


def test_reimport_updates_in_place(plan_2024, write_plan):
    text = PLAN_2024.read_text(encoding="utf-8")
    club = Activity.objects.get(plan=plan_2024, code="3.5.2.1/2.1")
    changed = (
        text.replace("        2024: 20\n", "        2024: 22\n")
        .replace("title: Teenuslepingu sõlmimine, sisuline töö", "title: Teenuslepingu sõlmimine ja sisuline töö")
        .replace("    - key: study-trip\n", "    - key: study-trip-renamed\n")
    )
    assert changed.count("2024: 22") == 1
    result = plan_file_import(write_plan(changed, "2024.yaml"))
    assert result.updated == {"targets": 1, "activities": 1}
    assert result.created == {"commitments": 1}
    assert result.deleted == {"commitments": 1}
    assert Activity.objects.get(pk=club.pk).code == "3.5.2.1/2.1"  # the same record, not a new one
    assert Target.objects.get(indicator__key="kov-participations", year=2024).value == 22
    assert Activity.objects.get(plan=plan_2024, code="3.5.1.2/3").title == "Teenuslepingu sõlmimine ja sisuline töö"
    assert counts() == {"Plan": 1, "Activity": 77, "Indicator": 7, "Target": 14, "Obligation": 26}


def test_import_command_reports_and_is_idempotent(programme, capsys):
    call_command("import_plan", str(PLAN_2024))
    assert "Plan 2024 imported" in capsys.readouterr().out
    call_command("import_plan", str(PLAN_2024))
    assert "Plan 2024 unchanged" in capsys.readouterr().out


def test_import_command_check_writes_nothing(programme, capsys):
    call_command("import_plan", str(PLAN_2024), check=True)
    assert "checked only" in capsys.readouterr().out
    assert not Plan.objects.exists()


# --- a later year beside 2024
def test_2025_plan_beside_2024_links_indicators_by_key(plan_2024, member):
    plan_2025 = plan_file_import(DATA / "2025.yaml").plan
    assert list(Plan.objects.values_list("year", flat=True)) == [2025, 2024]
    assert plan_2025.copied_from == plan_2024
    assert plan_2025.status == "draft"
    linked = targets_across_years(plan_2025, member("tartu", "viewer"))
    assert linked["info-days"] == [(2024, 2024, 3), (2024, 2029, 12)]
    assert linked["local-networks"] == [(2024, 2024, 5), (2024, 2029, 7)]
    assert Activity.objects.filter(plan=plan_2024).count() == 77  # 2024 untouched


# --- bad input
MINIMAL = """\
format: 1
year: 2024
title: Test plan
owner: elvl
period: {start: 2024-01-01, end: 2024-12-31}
frame_end: 2029-10-31
sections:
- section: implementer
  activities:
  - code: 3.5.1.3
    title: Kommunikatsioon
    frame: {start: 2023-01-01, end: 2029-10-31}
    dates: {start: 2024-01-01, end: 2024-12-31}
    responsible: ELVL
    responsible_parties: [elvl]
    rows:
    - number: '1.'
      title: Infopäevad
      dates: {start: 2024-01-01, end: 2024-12-31}
    indicators:
    - key: info-days
      name: Korraldatud infopäevade arv
      unit: Arv
      kind: cumulative
      targets: {2024: 3, 2029: 12}
      measurement: rule
      rule: {source: events, kinds: [info_day], parties: [elvl]}
"""


def test_minimal_plan_imports(programme, write_plan):
    plan = plan_file_import(write_plan(MINIMAL)).plan
    assert plan.activities.count() == 2


def line_number(text: str, marker: str) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if marker in line]
    assert len(lines) == 1, marker
    return lines[0]


def test_every_error_is_listed_with_file_line_and_field_and_nothing_is_written(programme, write_plan):
    bad = (
        MINIMAL.replace("    title: Kommunikatsioon\n", "")  # missing field
        .replace(
            "      dates: {start: 2024-01-01, end: 2024-12-31}\n",
            "      dates: {start: 2024-05-01, end: 2024-03-01}  # END BEFORE START\n"
            "    - number: '1'  # DUPLICATE ROW\n"
            "      title: Veel kord\n"
            "      dates: {start: 2024-06-01, end: 2025-01-31}  # OUTSIDE\n",
        )
        .replace("responsible_parties: [elvl]", "responsible_parties: [elvl, narva]  # UNKNOWN PARTY")
        .replace("targets: {2024: 3, 2029: 12}", "targets: {2024: kolm, 2029: 12}  # NOT A NUMBER")
        + textwrap.indent(
            "- code: 3.5.1.3  # DUPLICATE CODE\n  title: Teine kord\n",
            "  ",
        )
    )
    path = write_plan(bad, "vigane.yaml")
    with pytest.raises(PlanFileInvalid) as caught:
        plan_file_import(path)
    errors = caught.value.errors
    found = {(e.line, e.field) for e in errors}
    expected = {
        (bad.splitlines().index("  - code: 3.5.1.3") + 1, "title"),  # the activity's mapping lacks its title
        (line_number(bad, "END BEFORE START"), "dates.end"),
        (line_number(bad, "DUPLICATE ROW"), "number"),
        (line_number(bad, "OUTSIDE"), "dates.end"),
        (line_number(bad, "UNKNOWN PARTY"), "responsible_parties"),
        (line_number(bad, "NOT A NUMBER"), "targets.2024"),
        (line_number(bad, "DUPLICATE CODE"), "code"),
    }
    assert expected <= found, "\n".join(map(str, errors))
    assert all(e.file == "vigane.yaml" for e in errors)
    messages = "\n".join(map(str, errors))
    assert "vigane.yaml:" in messages and "narva" in messages and "kolm" in messages
    assert counts() == {"Plan": 0, "Activity": 0, "Indicator": 0, "Target": 0, "Obligation": 0}


def test_malformed_yaml_names_its_line(programme, write_plan):
    path = write_plan(MINIMAL.replace("    title: Infopäevad\n", "    title: [Infopäevad\n"), "katki.yaml")
    with pytest.raises(PlanFileInvalid) as caught:
        plan_file_import(path)
    [error] = caught.value.errors
    assert error.file == "katki.yaml"
    assert error.line in (18, 19, 20)
    assert "YAML" in error.message
    assert not Plan.objects.exists()


def test_import_command_lists_all_errors(programme, write_plan):
    bad = MINIMAL.replace("kind: cumulative", "kind: sometimes").replace("      unit: Arv\n", "")
    with pytest.raises(CommandError) as caught:
        call_command("import_plan", str(write_plan(bad, "x.yaml")))
    text = str(caught.value)
    assert "2 error(s); nothing was imported" in text
    assert f"x.yaml:{line_number(bad, 'kind: sometimes')}: indicator info-days: kind:" in text
    assert "indicator info-days: unit:" in text


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (("format: 1", "format: 2"), "format", "format 1"),
        (("owner: elvl", "owner: nobody"), "owner", "Unknown party"),
        (("kinds: [info_day]", "kinds: [karaoke]"), "rule.kinds", "karaoke"),
        (("rule: {source: events,", "rule: {source: gossip,"), "rule.source", "gossip"),
        (("kind: cumulative", "kind: stock"), "rule.source", "stock"),
        (("measurement: rule", "measurement: manual"), "rule", "manual"),
        (("{2024: 3, 2029: 12}", "{2024: 3, 2035: 12}"), "targets.2035", "2029"),
        (("number: '1.'", "number: 'x'"), "number", "digits"),
        (("responsible: ELVL", "responsible: [ELVL]"), "responsible", "single value"),
        (("frame_end: 2029-10-31", "frame_end: 31.10.2029"), "frame_end", "YYYY-MM-DD"),
        (("    title: Kommunikatsioon\n", "    title: Kommunikatsioon\n    colour: blue\n"), "colour", "Unknown field"),
    ],
)
def test_single_errors_are_named(programme, change, field, words):
    with translation.override("en"), pytest.raises(PlanFileInvalid) as caught:
        parse(MINIMAL.replace(*change))
    assert any(e.field == field and words in e.message for e in caught.value.errors), caught.value


OBLIGATION = """\
    obligations:
    - key: info-days
      title: Infopäevad
      row: '1'
      responsible: elvl
      event_kinds: [info_day]
      period: half_year
      min: 1
      quote: vähemalt üks kord poolaastas
"""


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("period: half_year", "period: once"), "due"),
        (("min: 1\n", "min: 1\n      max: 0\n"), "max"),
        (("min: 1\n", "excluded: [Q3]\n"), "min"),
        (("min: 1\n", "min: 1\n      excluded: [Q3]\n"), "excluded"),
        (("row: '1'", "row: '7'"), "row"),
        (("event_kinds: [info_day]", "event_kinds: []"), "event_kinds"),
        (("period: half_year", "period: once\n      due: 2025-01-31"), "due"),
    ],
)
def test_obligation_errors_are_named(programme, change, field):
    text = MINIMAL + OBLIGATION.replace(*change)
    with pytest.raises(PlanFileInvalid) as caught:
        parse(text)
    assert any(e.field == field for e in caught.value.errors), caught.value


YEARLY = OBLIGATION.replace("period: half_year", "period: year").replace("min: 1\n", "min: 10\n")


@pytest.mark.parametrize(
    ("pauses", "words"),
    [
        # longer than the period: 1.6.2024–31.1.2025 is 245 days but runs past 31.12; 1.1–31.12 is the year
        ("[{start: 2024-01-01, end: 2024-12-31}]", "(366 days) is longer than the period (366 days)"),
        ("[{start: 2023-12-01, end: 2025-01-31}]", "(428 days) is longer than the period (366 days)"),
        ("[{start: 2024-06-01, end: 2025-01-31}]", "lies outside the plan period"),
        ("[{start: 2024-08-31, end: 2024-07-01}]", "ends 2024-07-01 before it starts 2024-08-31"),
        ("[{start: 2024-07-01, end: 2024-08-31}, {start: 2024-08-01, end: 2024-08-15}]", "overlap on 2024-08-01"),
        ("[{start: 2024-07-01}]", "required"),
    ],
)
def test_a_bad_pause_is_named_and_nothing_is_written(programme, write_plan, pauses, words):
    text = MINIMAL + YEARLY.replace("      quote:", f"      pauses: {pauses}\n      quote:")
    with translation.override("en"), pytest.raises(PlanFileInvalid) as caught:
        plan_file_import(write_plan(text))
    assert any(e.field.startswith("pauses") and words in e.message for e in caught.value.errors), caught.value
    assert counts()["Obligation"] == 0 and counts()["Plan"] == 0


def test_a_pause_on_a_half_year_commitment_is_refused(programme):
    text = MINIMAL + OBLIGATION.replace(
        "      quote:", "      pauses: [{start: 2024-07-01, end: 2024-08-31}]\n      quote:"
    )
    with translation.override("en"), pytest.raises(PlanFileInvalid) as caught:
        parse(text)
    assert any(e.field == "pauses" and "excluded" in e.message for e in caught.value.errors), caught.value


def test_pauses_and_distinct_round_trip(programme, write_plan):
    text = MINIMAL + YEARLY.replace(
        "      quote:", "      pauses: [{start: 2024-07-01, end: 2024-08-31}]\n      distinct: region\n      quote:"
    )
    plan = plan_file_import(write_plan(text)).plan
    obligation = Obligation.objects.get(plan=plan)
    assert obligation.rule == {"pauses": [{"start": "2024-07-01", "end": "2024-08-31"}], "distinct": "region"}
    exported = dump_yaml(plan_document(plan))
    assert "distinct: region" in exported
    assert parse(exported) == parse(text)
    with translation.override("en"), pytest.raises(PlanFileInvalid) as caught:
        parse(text.replace("distinct: region", "distinct: town"))
    assert any(e.field == "distinct" and "town" in e.message for e in caught.value.errors)


def test_valid_obligation_parses(programme):
    document = parse(MINIMAL + OBLIGATION)
    [obligation] = document["sections"][0]["activities"][0]["obligations"]
    assert obligation["period"] == "half_year" and obligation["min"] == 1


def test_removed_row_with_linked_events_is_refused(plan_2024, write_plan, programme):
    """A row that events point at cannot silently disappear: the import stops and says which row."""
    import datetime as dt

    from django.utils import timezone

    from loim.events.models import Event
    from loim.plans.models import EventKind

    row = Activity.objects.get(plan=plan_2024, code="3.5.1.3/4")
    start = timezone.make_aware(dt.datetime(2024, 3, 5, 10))
    Event.objects.create(
        party=programme["elvl"],
        kind=EventKind.objects.get(code="network_meeting"),
        title="Platvormi arutelu",
        start=start,
        end=start + dt.timedelta(hours=2),
        activity=row,
        format="online",
    )
    text = PLAN_2024.read_text(encoding="utf-8")
    cut_from = text.index("    - number: '4.'\n      title: Ühise kommunikatsiooniplatvormi")
    cut_to = text.index("    indicators:", cut_from)
    text = text[:cut_from] + text[cut_to:]
    text = text.replace(
        "- key: communication-platform\n      title: Ühine kommunikatsiooniplatvorm on loodud\n      row: '4'\n",
        "- key: communication-platform\n      title: Ühine kommunikatsiooniplatvorm on loodud\n",
    )  # its deliverable names the row
    with pytest.raises(PlanFileInvalid, match=r"3\.5\.1\.3/4"):
        plan_file_import(write_plan(text, "2024.yaml"))
    assert Activity.objects.filter(pk=row.pk).exists()
