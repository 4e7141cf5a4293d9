"""The upload preview pages: who may use them, the preview, the confirmation, bad input, the
changes page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.plans.models import Plan
from loim.plans.services import event_kinds_ensure

from .conftest import build_docx, seed_blocks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kinds(programme):
    event_kinds_ensure()


@pytest.fixture
def advisor(member, client):
    user = member("elvl", "coordinator")
    client.force_login(user)
    return user


def upload(client, data: bytes, name: str):
    return client.post(reverse("plans:document_upload"), {"file": SimpleUploadedFile(name, data)})


def test_upload_preview_confirm(client, advisor, seed_bytes):
    response = upload(client, build_docx(seed_blocks()), "tegevuskava-2024.docx")
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "3.5.2.1 Kohaliku tasandi sisutegevuste korraldamine Tartu linnas" in html
    assert "Tegevus toimub kord nädalas I, II ja IV kvartalis, olles III kvartalis pausil" in html
    assert "01.01.2024–01.04.2026" in html  # Pärnu's frame, split over two lines in the cell
    assert Plan.objects.count() == 0  # the preview writes nothing
    yaml = client.get(preview_url + "plan.yaml")
    assert yaml.status_code == 200 and yaml.content.startswith(b"format: 1\nyear: 2024\n")
    done = client.post(preview_url, {"action": "import"})
    assert done.status_code == 302 and done["Location"] == reverse("plans:detail", args=[2024])
    assert Plan.objects.get(year=2024).obligations.count() == 15
    # the token was used: a second confirmation is a 404, and nothing more is written
    assert client.post(preview_url, {"action": "import"}).status_code == 404


def test_unknown_token_is_404(client, advisor):
    url = reverse("plans:document_preview", args=["not-a-token"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "import"}).status_code == 404
    assert client.get(url + "plan.yaml").status_code == 404


def test_another_users_token_is_404(client, advisor, member, seed_bytes):
    url = upload(client, seed_bytes, "tegevuskava-2024.txt")["Location"]
    other = member("elvl", "admin")
    client.force_login(other)  # another session: the token is not there
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", [("tartu", "coordinator"), ("ministry", "reader")])
def test_only_elvl_editors_may_import(client, member, programme, role, seed_bytes):
    slug, name = role
    if slug not in programme:
        pytest.skip("no such party in the programme")
    client.force_login(member(slug, name))
    assert client.get(reverse("plans:document_upload")).status_code in (403, 404)
    assert upload(client, seed_bytes, "x.txt").status_code in (403, 404)
    assert Plan.objects.count() == 0


def test_cancel_writes_nothing_and_drops_the_token(client, advisor, seed_bytes):
    url = upload(client, seed_bytes, "tegevuskava-2024.txt")["Location"]
    assert client.post(url, {"action": "cancel"}).status_code == 302
    assert client.get(url).status_code == 404
    assert Plan.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "place", "text"),
    [
        # a table with a missing column: table 1 without "Tegevuse eest vastutaja"
        ("missing_column", "3.5.1.1, tabel 1, rida 1", "Tegevus | Tegevuse üldajaraam"),
        # an unreadable date
        ("bad_date", "3.5.1.2, tabel 3, rida 5", "01.08.2024-31.13.2024"),
        # an unknown party
        ("unknown_party", "3.5.2.1, tabel 9, rida 3", "Narva LV"),
    ],
)
def test_bad_input_names_the_place_and_writes_nothing(client, advisor, change, place, text):
    document = seed_blocks()
    tables = [b for b in document.blocks if hasattr(b, "rows")]
    if change == "missing_column":
        tables[0].rows = [row[:3] for row in tables[0].rows]
    elif change == "bad_date":
        tables[2].rows[4][2] = "01.08.2024-31.13.2024"
    else:
        tables[8].rows[2][3] = "Narva LV"
    url = upload(client, build_docx(document, merge=False), "tegevuskava-2024.docx")["Location"]
    html = client.get(url).content.decode()
    assert place in html and text in html
    assert "Impordi tegevuskava" not in html  # no confirm button with errors
    response = client.post(url, {"action": "import"})
    assert response.status_code == 400
    assert Plan.objects.count() == 0


def test_not_an_action_plan(client, advisor):
    url = upload(client, "Koosoleku protokoll\n\nOsalesid: Mari, Jüri.\n".encode(), "protokoll.txt")["Location"]
    html = client.get(url).content.decode()
    assert "ei paista olevat tegevuskava" in html
    assert client.post(url, {"action": "import"}).status_code == 400
    assert Plan.objects.count() == 0


def test_a_file_that_is_not_docx(client, advisor):
    response = upload(client, b"PK\x03\x04 broken", "plan.docx")
    html = client.get(response["Location"]).content.decode()
    assert "ei ole Wordi dokument" in html


def test_wrong_file_type_is_refused_at_upload(client, advisor):
    response = upload(client, b"a,b\n", "plan.csv")
    assert response.status_code == 400
    assert Plan.objects.count() == 0


def test_changes_page_readable_by_the_agency(client, member, programme, plan_2024, seed_bytes):
    from loim.plans.services import plan_copy

    plan_copy(plan=plan_2024)
    slug = "ministry" if "ministry" in programme else next(s for s, p in programme.items() if p.kind == "agency")
    client.force_login(member(slug, "reader"))
    page = client.get(reverse("plans:changes", args=[2025]))
    assert page.status_code == 200
    assert "2024" in page.content.decode()


def test_correct_in_the_preview_and_import(client, advisor, seed_bytes):
    """The advisor corrects what was read (here: a commitment's minimum) in the preview and imports it."""
    url = upload(client, seed_bytes, "tegevuskava-2024.txt")["Location"]
    yaml = client.get(url).context["yaml_text"]
    assert "key: saaremaa-excursion-year" in yaml
    wrong = yaml.replace("start: 2024-08-01", "start: 2024-13-01", 1)
    page = client.post(url, {"action": "import_corrected", "yaml": wrong})
    assert page.status_code == 400
    assert "2024-13-01" in page.content.decode()  # the error names the value, with its line
    assert Plan.objects.count() == 0
    corrected = yaml.replace("title: Suhtlusklubi vähemalt 1 kord nädalas (v.a Q3)", "title: Suhtlusklubi kord nädalas")
    done = client.post(url, {"action": "import_corrected", "yaml": corrected})
    assert done.status_code == 302
    plan = Plan.objects.get(year=2024)
    assert plan.obligations.get(key="tartu-conversation-club-week").title == "Suhtlusklubi kord nädalas"
    assert client.get(url).status_code == 404  # the token is used


def test_correct_one_field_at_a_time_then_import(client, advisor, seed_bytes):
    """The field-by-field editor: a row's dates and party, an indicator's target, a commitment's minimum and
    a deliverable's due date, each in its own form; a bad value is refused naming the place and the field;
    nothing is written until the plan without errors is imported."""
    url = upload(client, seed_bytes, "tegevuskava-2024.txt")["Location"]
    form = client.get(url, {"edit": "row 3.5.1.2/3"})
    assert form.status_code == 200 and form.context["edit_form"].initial["start"] == dt.date(2024, 8, 1)
    bad = client.post(
        url,
        {
            "action": "correct",
            "element": "row 3.5.1.2/3",
            "fix-start": "2024-09-01",
            "fix-end": "2024-08-31",
            "fix-responsible": "ELVL, Narva LV",
        },
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "3.5.1.2, tabel 3, rida 4" in html  # the place
    assert "Lõpp 31.08.2024 on enne algust 01.09.2024." in html
    assert "Tundmatu vastutaja „Narva LV“." in html
    ok = client.post(
        url,
        {
            "action": "correct",
            "element": "row 3.5.1.2/3",
            "fix-start": "2024-09-01",
            "fix-end": "2024-12-31",
            "fix-responsible": "ELVL",
        },
    )
    assert ok.status_code == 302
    assert client.post(url, {"action": "correct", "element": "indicator info-days"}).status_code == 404
    # before carrying over keys there is no 2023 plan: the indicator's key is the slug of its name
    client.post(
        url,
        {
            "action": "correct",
            "element": "indicator korraldatud-infopaevade-arv",
            "fix-target_2024": "4",
            "fix-target_2029": "12",
        },
    )
    client.post(
        url,
        {
            "action": "correct",
            "element": "commitment saaremaa-excursion-year",
            "fix-period": "year",
            "fix-min": "3",
            "fix-max": "4",
        },
    )
    refused = client.post(
        url,
        {"action": "correct", "element": "deliverable tallinn-council", "fix-title": "Koda", "fix-due": "2025-01-15"},
    )
    assert refused.status_code == 400 and "jääb väljapoole tegevuskava perioodi" in refused.content.decode()
    page = client.get(url)
    assert [e for e, _p in page.context["corrected"]] == [
        "row 3.5.1.2/3",
        "indicator korraldatud-infopaevade-arv",
        "commitment saaremaa-excursion-year",
    ]
    assert Plan.objects.count() == 0
    assert client.post(url, {"action": "import"}).status_code == 302
    plan = Plan.objects.get(year=2024)
    row = plan.activities.get(code="3.5.1.2/3")
    assert (row.start, row.end, [p.slug for p in row.responsible_parties.all()]) == (
        dt.date(2024, 9, 1),
        dt.date(2024, 12, 31),
        ["elvl"],
    )
    assert plan.indicators.get(key="korraldatud-infopaevade-arv").targets.get(year=2024).value == 4
    excursions = plan.obligations.get(key="saaremaa-excursion-year")
    assert (excursions.min_count, excursions.max_count) == (3, 4)
    assert plan.deliverables.filter(key="tallinn-council").exists()
