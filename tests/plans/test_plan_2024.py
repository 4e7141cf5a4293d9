"""plans/2024.yaml against the seed document (tegevuskava-2024.txt), number by number.

Every figure below was read from the seed by hand, not computed from the YAML: the targets of
tables 2, 4, 6, 8 and 14, the number of rows of each schedule table (the activity's own row
included), and the dates and responsible parties of a sample of rows.
"""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from loim.parties.models import Party
from loim.plans.models import Activity, Indicator, Obligation, Period
from loim.plans.planfile.parse import iter_indicators, iter_nodes, iter_obligations
from loim.plans.responsible import activity_partner, resolve_responsible
from loim.plans.services import event_kinds_ensure, plan_file_parse

from .conftest import PLAN_2024

SEED = Path("/work/shared/seed/tegevuskava-2024.txt")

# indicator key → (table, name, unit, 2024 target, 2029 target), read from the seed
TARGETS = {
    "kov-coordinators": (2, "KOV koordinaatorite arv", "Arv", 5, 7),
    "journey-model-kovs": (4, "KOV-ide arv, kus on rakendatud lõimumis- ja kohanemisteekondade mudelit", "Arv", 0, 7),
    "info-days": (6, "Korraldatud infopäevade arv", "Arv", 3, 12),
    "nationwide-trainings": (8, "Korraldatud üle-eestiliste koolituste arv", "Arv", 3, 12),
    "kov-participations": (
        8,
        "Koolitustel, kogemuskohtumistel, õppevisiitidel osalenud KOV-ide arv",
        "Osaluskord",
        20,
        45,
    ),
    "local-networks": (14, "Kohaliku tasandi koostöövõrgustike arv", "Arv", 5, 7),
    "participation-councils": (14, "KOV-ide osaluskogude arv", "Arv", 2, 7),
}
# schedule table → rows printed in it, the activity's own row included
ROWS_PER_TABLE = {1: 2, 3: 4, 5: 5, 7: 3, 9: 9, 10: 12, 11: 13, 12: 15, 13: 14}
# code → (frame start, frame end, start, end, responsible as printed, resolved parties)
SAMPLE_ROWS = {
    "3.5.1.1": ("01.01.2023", "31.10.2029", "01.01.2024", "31.12.2024", "ELVL, partner", "*"),
    "3.5.1.2": ("01.01.2024", "31.10.2029", "01.01.2024", "31.12.2024", "ELVL, partnerid", "*"),
    "3.5.1.2/2": ("01.01.2023", "31.10.2029", "01.04.2024", "31.12.2024", "ELVL, partnerid", "*"),
    "3.5.1.2/3": ("01.01.2023", "31.10.2029", "01.08.2024", "31.12.2024", "ELVL, partnerid", "*"),
    "3.5.1.3/1": ("01.03.2023", "31.10.2029", "01.01.2024", "31.12.2024", "ELVL", "elvl"),
    "3.5.1.3/3": ("01.01.2023", "31.10.2029", "01.01.2024", "31.12.2024", "ELVL", "elvl"),
    "3.5.1.4": ("01.02.2023", "31.10.2029", "01.01.2024", "31.12.2024", "ELVL", "elvl"),
    "3.5.1.4/2": ("01.03.2023", "31.10.2029", "01.01.2024", "31.12.2024", "ELVL", "elvl"),
    "3.5.2.1": ("01.01.2023", "01.04.2026", "01.01.2024", "31.12.2024", "Partner", "tartu"),
    "3.5.2.1/2.1": ("01.01.2023", "01.04.2026", "01.01.2024", "31.12.2024", "Tartu LV", "tartu"),
    "3.5.2.2": ("01.03.2023", "01.04.2026", "01.01.2024", "31.12.2024", "Partner", "tallinn"),
    "3.5.2.2/1": (
        "01.03.2023",
        "01.04.2026",
        "01.01.2024",
        "31.12.2024",
        "Tallinna linnavalitsus (edaspidi LV)",
        "tallinn",
    ),
    "3.5.2.2/3.2": ("01.03.2023", "01.04.2026", "01.01.2024", "31.12.2024", "Tallinna LV", "tallinn"),
    "3.5.2.3": ("01.02.2023", "01.04.2026", "01.01.2024", "31.12.2024", "Partner", "rakvere"),
    "3.5.2.3/3.3": ("01.02.2023", "01.04.2026", "01.01.2024", "31.12.2024", "Rakvere LV", "rakvere"),
    "3.5.2.4/1": (
        "01.11.2023",
        "01.04.2026",
        "01.01.2024",
        "31.12.2024",
        "Saaremaa vallavalitsus (edaspidi VV)",
        "saaremaa",
    ),
    "3.5.2.4/2.5": ("01.11.2023", "01.04.2026", "01.01.2024", "31.12.2024", "Saaremaa VV", "saaremaa"),
    "3.5.2.5": ("01.01.2024", "01.04.2026", "01.01.2024", "31.12.2024", "Partner", "parnu"),
    "3.5.2.5/1": ("01.01.2024", "01.04.2026", "01.01.2024", "31.12.2024", "Pärnu Linnavalitsus (edaspidi LV)", "parnu"),
    "3.5.2.5/3.2": ("01.01.2024", "01.04.2026", "01.01.2024", "31.12.2024", "Pärnu LV", "parnu"),
}
ALL = ["elvl", "parnu", "rakvere", "saaremaa", "tallinn", "tartu"]
# row numbers exactly as printed, including the two printed without a dot
PRINTED_NUMBERS = {"3.5.2.2/2": "2", "3.5.2.4/2": "2", "3.5.2.1/1.1": "1.1.", "3.5.1.1/1": "1."}


def day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d.%m.%Y").date()


def seed_text() -> str:
    """The seed as the transcription reads it: without Word's bookmarks, with ordinary spaces."""
    text = re.sub(r"\[bookmark: [^\]]*\]", "", SEED.read_text(encoding="utf-8")).replace("\xa0", " ")
    return re.sub(r"\n[ \t]*\n+", "\n\n", re.sub(r"[ \t]+\n", "\n", text))


@pytest.fixture
def document(programme):
    event_kinds_ensure()
    return plan_file_parse(PLAN_2024.read_text(encoding="utf-8"), filename="2024.yaml")


def test_plan_header(document):
    assert document["year"] == 2024
    assert document["period"] == {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31)}
    assert document["frame_end"] == dt.date(2029, 10, 31)
    assert document["owner"] == "elvl"
    assert document["title"].endswith("tegevuskava perioodil 01.01.2024 – 31.12.2024")


def test_all_nine_activities_in_two_sections(document):
    sections = {s["section"]: [a["code"] for a in s["activities"]] for s in document["sections"]}
    assert sections == {
        "implementer": ["3.5.1.1", "3.5.1.2", "3.5.1.3", "3.5.1.4"],
        "partner": ["3.5.2.1", "3.5.2.2", "3.5.2.3", "3.5.2.4", "3.5.2.5"],
    }
    tops = {a["code"]: a for s in document["sections"] for a in s["activities"]}
    # heading and table titles where the document words them differently
    assert tops["3.5.1.1"]["heading_title"] == (
        "Kohalike omavalitsuste tegevusplaanide koostamine ja sisutegevuste toetamine"
    )
    assert tops["3.5.1.1"]["title"] == "KOV-ide tegevusplaanide koostamine ja sisutegevuste toetamine"
    assert tops["3.5.1.2"]["title"] == "KOV-ide lõimumis-, sh kohanemisteekondade väljatöötamine ja rakendamine:"
    assert tops["3.5.1.4"]["heading_title"] == ""  # the same words in heading and table
    assert tops["3.5.2.3"]["title"] == "Kohaliku tasandi sisutegevuste korraldamine Rakvere linnas"
    for activity in tops.values():
        assert activity["target_group"] == (
            "vähemalt 18-aastased uussisserändajad, erineva keele- ja kultuuritaustaga inimesed, tagasipöördujad."
        )


def test_narratives_are_the_seed_text(document):
    seed = seed_text()
    tops = {a["code"]: a for s in document["sections"] for a in s["activities"]}
    for code, activity in tops.items():
        assert activity["narrative"], code
        assert activity["narrative"] in seed, code
    assert tops["3.5.2.2"]["narrative"].startswith("Tallinna linnas 2024. aastal:")
    assert "„Lõimumisaken 2024“" in tops["3.5.2.2"]["narrative"]
    assert tops["3.5.1.4"]["narrative"].endswith("(sihtkoht on täpsustamisel).")


def test_row_counts_per_schedule_table(document):
    counts = {}
    for _entry, _section, code, _parent in iter_nodes(document):
        table = next(a for s in document["sections"] for a in s["activities"] if a["code"] == code)["schedule_table"]
        counts[table] = counts.get(table, 0) + 1
    assert counts == ROWS_PER_TABLE
    assert sum(counts.values()) == 77


def test_sample_rows_dates_and_responsible(plan_2024):
    activities = {a.code: a for a in Activity.objects.filter(plan=plan_2024).prefetch_related("responsible_parties")}
    for code, (f_start, f_end, start, end, printed, parties) in SAMPLE_ROWS.items():
        activity = activities[code]
        assert (activity.frame_start, activity.frame_end) == (day(f_start), day(f_end)), code
        assert (activity.start, activity.end) == (day(start), day(end)), code
        assert activity.responsible_text == printed, code
        expected = ALL if parties == "*" else [parties]
        assert sorted(p.slug for p in activity.responsible_parties.all()) == expected, code
    for code, printed in PRINTED_NUMBERS.items():
        assert activities[code].row_number == printed
    assert activities["3.5.2.1/2.1"].parent == activities["3.5.2.1/2"]
    assert activities["3.5.2.1/2.1"].level == 2
    assert activities["3.5.2.1/2.1"].title.endswith(
        "Tegevus toimub kord nädalas I, II ja IV kvartalis, olles III kvartalis pausil"
    )


def test_every_2024_and_2029_target(plan_2024):
    indicators = {i.key: i for i in Indicator.objects.filter(plan=plan_2024).prefetch_related("targets")}
    assert set(indicators) == set(TARGETS)
    for key, (table, name, unit, target_2024, target_2029) in TARGETS.items():
        indicator = indicators[key]
        targets = {t.year: t.value for t in indicator.targets.all()}
        assert (indicator.table, indicator.name, indicator.unit) == (table, name, unit), key
        assert targets == {2024: Decimal(target_2024), 2029: Decimal(target_2029)}, key
        assert indicator.targets.get(year=2029).is_frame_target
        assert not indicator.targets.get(year=2024).is_frame_target
    assert indicators["local-networks"].activity is None  # table 14 is the partners' section's table
    assert indicators["info-days"].activity.code == "3.5.1.3"


def test_indicator_kinds_and_rules(document):
    indicators = {i["key"]: i for i, _section, _code in iter_indicators(document)}
    assert indicators["kov-coordinators"]["kind"] == "stock"
    # "Partnerluslepingu alusel on KOV-ides tööle võetud koordinaator": one per partner, by municipality
    assert indicators["kov-coordinators"]["rule"] == {
        "source": "coordinator_positions",
        "reading": "municipalities",
        "per_partner": 1,
    }
    assert indicators["info-days"]["kind"] == "cumulative"
    assert indicators["info-days"]["rule"] == {
        "source": "events",
        "kinds": ["info_day"],
        "parties": ["elvl"],
        "delivered_by": "elvl",
    }
    assert indicators["nationwide-trainings"]["rule"] == {
        "source": "events",
        "kinds": ["training"],
        "parties": ["elvl"],
        "reach": "national",
        "delivered_by": "elvl",
    }
    assert indicators["kov-participations"]["rule"]["delivered_by"] == "elvl"
    assert indicators["kov-participations"]["rule"]["source"] == "participations"
    assert set(indicators["kov-participations"]["rule"]["kinds"]) == {
        "training",
        "experience_meeting",
        "study_trip",
        "network_meeting",
    }
    # counted from the journey-model rollout's records (issue 13)
    assert indicators["journey-model-kovs"]["measurement"] == "rule"
    assert indicators["journey-model-kovs"]["rule"] == {"source": "journey_implementations"}
    # table 14: "Igas partnerluslepingu sõlminud KOV-is"; "Esmalt luuakse osaluskogu Tallinnas": sources
    # Lõim holds no records of, entered by hand, with each party's own target
    assert indicators["local-networks"]["rule"] == {"source": "networks", "per_partner": 1}
    assert indicators["participation-councils"]["rule"] == {"source": "councils", "party_targets": {"tallinn": 1}}
    # journeys (issue 13), networks and councils (issue 12) are counted from their records
    for key in ("journey-model-kovs", "local-networks", "participation-councils"):
        note = indicators[key]["measurement_note"]
        assert note.startswith("Loetakse") and "ajaloona nähtavaks, kuid neid ei loeta" in note
    seed = seed_text()
    for indicator in indicators.values():
        assert indicator["explanation"] in seed, indicator["key"]


def test_responsible_parties_follow_the_printed_names(document, programme):
    parties = list(Party.objects.all())
    by_slug = {p.slug: p for p in parties}
    tops = {}
    for entry, _section, code, parent in iter_nodes(document):
        if parent is None:
            tops[code] = entry
        top_parties = [by_slug[s] for s in tops[code]["responsible_parties"]]
        partner = activity_partner(top_parties) if code.startswith("3.5.2") else None
        resolved, unknown = resolve_responsible(entry["responsible"], parties, partner=partner)
        assert not unknown, (code, entry["responsible"])
        assert [p.slug for p in resolved] == entry["responsible_parties"], (code, entry["responsible"])


# commitment key → (period, minimum, maximum, excluded, open, due), read from the seed's wording
COMMITMENTS = {
    "tartu-clubs-weekly": (Period.WEEK, 1, None, ["Q3"], False, None),
    "tartu-network-monthly": (Period.MONTH, 1, None, ["Q3"], False, None),
    "tallinn-joint-network-quarterly": (Period.QUARTER, 1, None, [], False, None),
    "tallinn-council-meetings": (Period.YEAR, None, None, [], True, None),
    "tallinn-second-coordinator": (Period.ONCE, 2, None, [], False, dt.date(2024, 1, 31)),
    "tallinn-conference": (Period.ONCE, 1, None, [], False, dt.date(2024, 12, 31)),
    "rakvere-joint-events": (Period.YEAR, 10, None, [], False, None),
    "rakvere-county-meetings": (Period.YEAR, 4, None, [], False, None),
    "saaremaa-situation-mapping": (Period.MONTH, 1, None, [], False, None),
    "saaremaa-excursions": (Period.YEAR, 2, 3, [], False, None),
    "parnu-county-meetings": (Period.YEAR, 2, None, [], False, None),
    "info-days-half-year": (Period.HALF_YEAR, 1, None, [], False, None),
    "info-days-year": (Period.YEAR, 2, None, [], False, None),
    "nationwide-trainings": (Period.YEAR, 2, None, [], False, None),
    "study-trip": (Period.YEAR, 1, None, [], False, None),
}


def test_commitments_with_their_quotes(plan_2024, document):
    obligations = {
        o.key: o
        for o in Obligation.objects.filter(plan=plan_2024)
        .select_related("activity", "responsible")
        .prefetch_related("event_kinds")
    }
    for key, (period, minimum, maximum, excluded, is_open, due) in COMMITMENTS.items():
        obligation = obligations[key]
        assert (obligation.period, obligation.min_count, obligation.max_count) == (period, minimum, maximum), key
        assert (obligation.excluded_periods, obligation.is_open, obligation.due_date) == (excluded, is_open, due), key
    assert obligations["tartu-clubs-weekly"].activity.code == "3.5.2.1/2.1"
    assert [k.code for k in obligations["tartu-clubs-weekly"].event_kinds.all()] == ["conversation_club"]
    assert obligations["tallinn-second-coordinator"].subject == "coordinator_positions"
    assert obligations["nationwide-trainings"].reach == "national"
    assert obligations["info-days-year"].reach == "county"
    assert obligations["tallinn-council-meetings"].note
    seed = seed_text()
    for obligation, _code in iter_obligations(document):
        assert obligation["quote"] in seed, obligation["key"]
    assert len(obligations) == 26
