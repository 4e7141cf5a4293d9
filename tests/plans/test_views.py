"""The plan pages: reading the plan as the document has it, my activities, the timeline, exports,
editing with audit, copying to the next year and importing — all through tenancy."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loim.plans.models import Activity, Indicator, Obligation, Plan, Target
from loim.plans.selectors import plan_tree
from loim.plans.timeline import build_timeline

from .conftest import DATA, PLAN_2024


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def tartu_client(member):
    return signed_in(member("tartu", "coordinator"))


@pytest.fixture
def elvl_client(member):
    return signed_in(member("elvl", "coordinator"))


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_plan_list_shows_plans(plan_2024, tartu_client):
    page = text_of(tartu_client.get(reverse("plans:list")))
    assert "Toetatava tegevuse „Kohalike omavalitsuste toetamine" in page
    assert 'href="/plans/2024/"' in page
    assert "Import a plan file" not in page and "Impordi" not in page  # partners read, the implementer edits


def test_plan_page_has_the_document_structure(plan_2024, tartu_client):
    response = tartu_client.get(reverse("plans:detail", args=[2024]))
    assert response.status_code == 200
    page = text_of(response)
    for heading in ["1.1 3.5.1.1 Kohalike omavalitsuste tegevusplaanide koostamine", "2.5 3.5.2.5 Kohaliku tasandi"]:
        assert heading in page
    assert "Tabel 9. Tegevuste ajakava" in page
    assert "01.01.2023–01.04.2026" in page  # frame as printed (dd.mm.yyyy)
    assert "Tartu linnavalitsus (edaspidi LV)" in page
    assert "Tabel 14." in page and "KOV-ide osaluskogude arv" in page
    assert "Lõimumisaken 2024" in page
    assert "vähemalt 18-aastased uussisserändajad" in page
    assert "Tegevuskava vastuolud" in page or "vastuolu" in page.lower()
    # read-only for a partner
    assert "/plans/activities/" not in page


def test_my_activities_are_marked_and_filtered(plan_2024, tartu_client):
    page = tartu_client.get(reverse("plans:detail", args=[2024])).content.decode()
    tartu_row = Activity.objects.get(plan=plan_2024, code="3.5.2.1/2.1")
    tallinn_row = Activity.objects.get(plan=plan_2024, code="3.5.2.2/2.1")
    assert re.search(rf'<tr id="a-{tartu_row.pk}" class="level-2 mine">', page)
    assert re.search(rf'<tr id="a-{tallinn_row.pk}" class="level-2">', page)
    mine = tartu_client.get(reverse("plans:detail", args=[2024]), {"mine": "1"}).content.decode()
    assert f'id="a-{tartu_row.pk}"' in mine
    assert f'id="a-{tallinn_row.pk}"' not in mine
    # 3.5.1.1 names "partner" (read as every partner), so it stays; 3.5.1.3 is ELVL's alone
    assert "3.5.1.1 Kohalike" in mine and "3.5.1.3 Tõhusa" not in mine


def test_mine_filter_swaps_only_the_plan_body_with_htmx(plan_2024, tartu_client):
    response = tartu_client.get(
        reverse("plans:detail", args=[2024]), {"mine": "1"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="plan-body"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="plan-body" aria-live="polite"')
    assert "<html" not in body


def test_plan_page_query_count_does_not_grow_with_rows(plan_2024, elvl_client):
    url = reverse("plans:detail", args=[2024])
    elvl_client.get(url)
    with CaptureQueriesContext(connection) as small:
        elvl_client.get(url)
    parent = Activity.objects.get(plan=plan_2024, code="3.5.2.1/1")
    for n in range(4, 34):
        row = Activity.objects.create(
            plan=plan_2024,
            party=plan_2024.party,
            parent=parent,
            code=f"3.5.2.1/1.{n}",
            section="partner",
            measure_code="3.5.2.1",
            row_number=f"1.{n}.",
            row_key=f"1.{n}",
            level=2,
            position=500 + n,
            title=f"Lisarida {n}",
            start=dt.date(2024, 1, 1),
            end=dt.date(2024, 12, 31),
            responsible_text="Tartu LV",
        )
        row.responsible_parties.set([plan_2024.party])
        Obligation.objects.create(
            plan=plan_2024,
            party=plan_2024.party,
            activity=row,
            key=f"extra-{n}",
            title=f"Lisakohustus {n}",
            responsible=plan_2024.party,
            subject="manual",
            period="year",
            quote="…",
        )
        indicator = Indicator.objects.create(
            plan=plan_2024,
            party=plan_2024.party,
            activity=row.parent.parent,
            section="partner",
            key=f"extra-{n}",
            name=f"Lisanäitaja {n}",
            unit="Arv",
            kind="stock",
            measurement="manual",
            position=100 + n,
        )
        Target.objects.create(indicator=indicator, party=plan_2024.party, year=2024, value=Decimal(n))
    with CaptureQueriesContext(connection) as large:
        response = elvl_client.get(url)
    assert "Lisarida 33" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries), [q["sql"] for q in large.captured_queries]


def test_timeline_year_and_frame(plan_2024, tartu_client):
    response = tartu_client.get(reverse("plans:timeline", args=[2024]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<g class="gantt-row') == 77
    assert 'role="img"' in page and "<desc" in page
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    assert "3.5.1.2 2." in page and "01.04.2024–31.12.2024" in page  # the table alternative
    frame = tartu_client.get(reverse("plans:timeline", args=[2024]), {"scope": "frame"}).content.decode()
    assert "2023" in frame and "2029" in frame
    mine = tartu_client.get(reverse("plans:timeline", args=[2024]), {"mine": "1"}).content.decode()
    assert mine.count('<g class="gantt-row mine">') == mine.count('<g class="gantt-row')


def test_timeline_geometry(plan_2024):
    tree = plan_tree(plan_2024)
    year = build_timeline(tree, scope="year", today=dt.date(2024, 7, 1))
    assert (year.start, year.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert len(year.ticks) == 12
    rows = {r.activity.code: r for r in year.rows}
    full, late = rows["3.5.1.2/1"].dates, rows["3.5.1.2/3"].dates  # all year; from 01.08.2024
    assert full.x == year.label_width and round(full.x + full.width) == year.chart_right
    assert late.x > full.x + full.width * 0.55
    assert year.label_width < year.today_x < year.chart_right
    frame = build_timeline(tree, scope="frame", today=dt.date(2031, 1, 1))
    assert (frame.start, frame.end) == (dt.date(2023, 1, 1), dt.date(2029, 12, 31))
    assert [t.label for t in frame.ticks] == [str(y) for y in range(2023, 2030)]
    assert frame.today_x is None
    partner = {r.activity.code: r for r in frame.rows}["3.5.2.1"]
    assert partner.frame.x == frame.label_width  # starts 01.01.2023, the first day of the span
    span = (dt.date(2029, 12, 31) - dt.date(2023, 1, 1)).days + 1
    share = ((dt.date(2026, 4, 2) - dt.date(2023, 1, 1)).days) / span  # ends 01.04.2026, inclusive
    chart = frame.chart_right - frame.label_width
    assert abs(partner.frame.width - chart * share) < 1


def test_export_downloads(plan_2024, tartu_client):
    response = tartu_client.get(reverse("plans:export", args=[2024, "yaml"]))
    assert response["Content-Disposition"] == 'attachment; filename="2024.yaml"'
    assert "code: 3.5.2.4" in response.content.decode()
    response = tartu_client.get(reverse("plans:export", args=[2024, "json"]))
    assert response.json()["year"] == 2024
    assert tartu_client.get(reverse("plans:export", args=[2024, "xml"])).status_code == 404


def test_partner_cannot_edit(plan_2024, tartu_client):
    row = Activity.objects.get(plan=plan_2024, code="3.5.2.1/2.1")
    for url in [
        reverse("plans:activity_edit", args=[row.pk]),
        reverse("plans:edit", args=[2024]),
        reverse("plans:indicator_create", args=[2024]),
    ]:
        assert tartu_client.get(url).status_code == 404
    assert tartu_client.post(reverse("plans:copy", args=[2024])).status_code == 404
    assert not Plan.objects.filter(year=2025).exists()


def test_editing_a_row_is_audited(plan_2024, elvl_client):
    row = Activity.objects.get(plan=plan_2024, code="3.5.2.1/2.1")
    url = reverse("plans:activity_edit", args=[row.pk])
    assert elvl_client.get(url).status_code == 200
    data = {
        "row_number": "2.1.",
        "title": "Suhtlusklubid",
        "frame_start": "2023-01-01",
        "frame_end": "2026-04-01",
        "start": "2024-01-01",
        "end": "2024-12-31",
        "responsible_text": "Tartu LV",
        "narrative": "",
        "target_group": "",
    }
    response = elvl_client.post(url, data)
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.title == "Suhtlusklubid"
    assert [p.slug for p in row.responsible_parties.all()] == ["tartu"]  # read from "Tartu LV"
    entry = LogEntry.objects.get_for_object(row).latest("timestamp")
    assert entry.actor is not None and "title" in entry.changes_dict


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"end": "2024-01-01", "start": "2024-06-01"}, "end"),
        ({"end": "2025-01-31"}, "start"),
        ({"row_number": "2.x"}, "row_number"),
        ({"row_number": "3.1."}, "row_number"),
        ({"row_number": "2.2."}, None),
        ({"responsible_text": "Narva LV"}, "responsible_text"),
    ],
)
def test_row_form_refuses_like_the_import(plan_2024, elvl_client, change, field):
    row = Activity.objects.get(plan=plan_2024, code="3.5.2.1/2.1")
    data = {
        "row_number": "2.1.",
        "title": row.title,
        "frame_start": "2023-01-01",
        "frame_end": "2026-04-01",
        "start": "2024-01-01",
        "end": "2024-12-31",
        "responsible_text": "Tartu LV",
    } | change
    response = elvl_client.post(reverse("plans:activity_edit", args=[row.pk]), data)
    if field is None:
        assert response.status_code == 302
        assert Activity.objects.get(pk=row.pk).code == "3.5.2.1/2.2"
        return
    assert response.status_code == 200
    assert field in response.context["form"].errors
    row.refresh_from_db()
    assert row.code == "3.5.2.1/2.1" and row.end == dt.date(2024, 12, 31)


def test_add_and_delete_a_row(plan_2024, elvl_client):
    parent = Activity.objects.get(plan=plan_2024, code="3.5.2.3/2")
    response = elvl_client.post(
        reverse("plans:activity_add_row", args=[parent.pk]),
        {
            "row_number": "2.4.",
            "title": "Uus rida",
            "start": "2024-03-01",
            "end": "2024-06-30",
            "responsible_text": "Rakvere LV",
        },
    )
    assert response.status_code == 302
    row = Activity.objects.get(plan=plan_2024, code="3.5.2.3/2.4")
    after_23 = Activity.objects.get(plan=plan_2024, code="3.5.2.3/2.3").position
    assert row.position == after_23 + 1
    assert Activity.objects.get(plan=plan_2024, code="3.5.2.3/3").position == row.position + 1
    assert [p.slug for p in row.responsible_parties.all()] == ["rakvere"]
    assert elvl_client.post(reverse("plans:activity_delete", args=[row.pk])).status_code == 302
    assert not Activity.objects.filter(pk=row.pk).exists()


def test_edit_indicator_and_targets(plan_2024, elvl_client):
    indicator = Indicator.objects.get(plan=plan_2024, key="info-days")
    url = reverse("plans:indicator_edit", args=[indicator.pk])
    assert elvl_client.get(url).status_code == 200
    data = {
        "key": "info-days",
        "table": "6",
        "name": indicator.name,
        "unit": "Arv",
        "kind": "cumulative",
        "explanation": indicator.explanation,
        "activity": str(indicator.activity_id),
        "section": "implementer",
        "measurement": "rule",
        "rule_source": "events",
        "rule_kinds": ["info_day"],
        "rule_parties": ["elvl"],
        "measurement_note": "",
        "targets-TOTAL_FORMS": "3",
        "targets-INITIAL_FORMS": "2",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-year": "2024",
        "targets-0-value": "2",
        "targets-1-year": "2029",
        "targets-1-value": "12",
        "targets-2-year": "",
        "targets-2-value": "",
    }
    assert elvl_client.post(url, data).status_code == 302
    assert Target.objects.get(indicator=indicator, year=2024).value == 2
    # a rule that does not fit is refused, nothing changes
    bad = data | {"rule_kinds": ["karaoke"], "kind": "stock", "targets-0-value": "kaks"}
    response = elvl_client.post(url, bad)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "rule_kinds" in errors and "rule_source" in errors
    assert response.context["targets"].errors[0]["value"]
    assert Target.objects.get(indicator=indicator, year=2024).value == 2


def test_edit_obligation(plan_2024, elvl_client):
    obligation = Obligation.objects.get(plan=plan_2024, key="tartu-clubs-weekly")
    url = reverse("plans:obligation_edit", args=[obligation.pk])
    page = elvl_client.get(url).content.decode()
    assert 'value="Q3"' in page
    data = {
        "key": obligation.key,
        "title": obligation.title,
        "activity": str(obligation.activity_id),
        "responsible": str(obligation.responsible_id),
        "subject": "events",
        "event_kinds": [str(obligation.event_kinds.get().pk)],
        "reach": "",
        "period": "week",
        "min_count": "1",
        "excluded_periods": "q3, 07",
        "quote": obligation.quote,
        "note": "",
    }
    assert elvl_client.post(url, data).status_code == 302
    obligation.refresh_from_db()
    assert obligation.excluded_periods == ["Q3", "07"]
    response = elvl_client.post(url, data | {"period": "year", "min_count": "", "max_count": "2"})
    errors = response.context["form"].errors
    assert set(errors) >= {"excluded_periods", "min_count"}
    response = elvl_client.post(url, data | {"period": "once"})
    assert response.context["form"].errors["due_date"] == ["Ühekordsel kohustusel peab olema tähtaeg."] or (
        "due_date" in response.context["form"].errors
    )


def test_copy_to_next_year_as_a_draft(plan_2024, elvl_client):
    response = elvl_client.post(reverse("plans:copy", args=[2024]))
    assert response.status_code == 302 and response["Location"] == "/plans/2025/"
    copy = Plan.objects.get(year=2025)
    assert copy.status == "draft" and copy.copied_from == plan_2024
    assert copy.activities.count() == 77 and copy.obligations.count() == 26 and copy.indicators.count() == 7
    club = copy.activities.get(code="3.5.2.1/2.1")
    assert (club.start, club.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert club.frame_start == dt.date(2023, 1, 1)
    assert club.parent.code == "3.5.2.1/2" and club.parent.plan == copy
    assert [p.slug for p in club.responsible_parties.all()] == ["tartu"]
    assert copy.obligations.get(key="tallinn-second-coordinator").due_date == dt.date(2025, 1, 31)
    # Rakvere's declared summer pause moves on with the year
    assert copy.obligations.get(key="rakvere-joint-events").rule == {
        "pauses": [{"start": "2025-07-01", "end": "2025-08-31"}]
    }
    assert dict(
        Target.objects.filter(indicator__plan=copy, indicator__key="info-days").values_list("year", "value")
    ) == {2029: 12}
    assert "2025" in copy.title and "2024" not in copy.title
    # the draft's missing 2025 targets show in its consistency panel; a second copy is refused
    assert "2025" in text_of(elvl_client.get("/plans/2025/"))
    elvl_client.post(reverse("plans:copy", args=[2024]))
    assert Plan.objects.filter(year=2025).count() == 1


def test_import_through_the_page(plan_2024, elvl_client, tartu_client):
    with open(DATA / "2025.yaml", "rb") as handle:
        response = elvl_client.post(reverse("plans:import"), {"file": handle})
    assert response.status_code == 302 and response["Location"] == "/plans/2025/"
    bad = PLAN_2024.read_text(encoding="utf-8").replace("        2029: 45\n", "        2029: palju\n")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = elvl_client.post(reverse("plans:import"), {"file": SimpleUploadedFile("2024.yaml", bad.encode())})
    assert response.status_code == 400
    page = text_of(response)
    assert "2024.yaml" in page and "targets.2029" in page and "palju" in page
    assert Target.objects.get(indicator__plan=plan_2024, indicator__key="kov-participations", year=2029).value == 45
    assert tartu_client.get(reverse("plans:import")).status_code == 404


def _rakvere_form_data(obligation) -> dict:
    return {
        "key": obligation.key,
        "title": obligation.title,
        "activity": str(obligation.activity_id),
        "responsible": str(obligation.responsible_id),
        "subject": "events",
        "event_kinds": [str(k.pk) for k in obligation.event_kinds.all()],
        "reach": "",
        "period": "year",
        "min_count": "10",
        "quote": obligation.quote,
        "note": obligation.note,
    }


def test_a_commitments_pauses_and_region_rule_are_edited_in_its_form(plan_2024, elvl_client):
    """The plan says "suvel on 2 kuud paus" without naming the months; ELVL moves the assumed pause
    from July–August to June–July in the form, and the checker reads what was saved."""
    obligation = Obligation.objects.get(plan=plan_2024, key="rakvere-joint-events")
    url = reverse("plans:obligation_edit", args=[obligation.pk])
    page = elvl_client.get(url).content.decode()
    assert "01.07.2024–31.08.2024" in page  # the file's assumption, shown as the form writes dates
    data = _rakvere_form_data(obligation)
    assert elvl_client.post(url, data | {"pauses": "01.06.2024 – 31.07.2024", "distinct": ""}).status_code == 302
    obligation.refresh_from_db()
    assert obligation.rule == {"pauses": [{"start": "2024-06-01", "end": "2024-07-31"}]}
    assert elvl_client.post(url, data | {"pauses": "", "distinct": "region"}).status_code == 302
    obligation.refresh_from_db()
    assert obligation.rule == {"distinct": "region"}


@pytest.mark.parametrize(
    "pauses, period, message",
    [
        ("juuli ja august", "year", "Rida 1"),
        ("01.07.2024–31.08.2024\n15.08.2024–15.09.2024", "year", "Pausid kattuvad"),
        ("01.01.2024–31.12.2024", "year", "on perioodist"),
        ("01.07.2024–31.08.2024", "month", "aastasele kohustusele"),
        ("01.12.2024–31.01.2025", "year", "jääb väljapoole tegevuskava perioodi"),
    ],
)
def test_a_wrong_pause_names_the_field_and_changes_nothing(plan_2024, elvl_client, pauses, period, message):
    obligation = Obligation.objects.get(plan=plan_2024, key="rakvere-joint-events")
    before = obligation.rule
    url = reverse("plans:obligation_edit", args=[obligation.pk])
    data = _rakvere_form_data(obligation) | {"pauses": pauses, "period": period}
    if period == "month":
        data["min_count"] = "1"
    response = elvl_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors["pauses"]), errors
    assert "__all__" not in errors  # the message is beside its field, once
    obligation.refresh_from_db()
    assert obligation.rule == before and obligation.period == "year"
