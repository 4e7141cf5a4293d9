"""The .docx reader: documents built with python-docx in the seed's layout (and variants) give the
same plan as the text export, through the one row parser."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from docx import Document as new_docx

from loim.plans.services import event_kinds_ensure
from loim.plans.wordimport.blocks import Paragraph, Table
from loim.plans.wordimport.docx_reader import read_docx
from loim.plans.wordimport.preview import build_preview

from .conftest import build_docx, seed_blocks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kinds(programme):
    event_kinds_ensure()


def activities(document):
    return {a["code"]: a for s in document["sections"] for a in s["activities"]}


def text_plan(seed_bytes):
    preview = build_preview(seed_bytes, filename="tegevuskava-2024.txt")
    assert preview.errors == []
    return preview.document


def test_seed_layout_docx_equals_the_text_export(seed_bytes):
    data = build_docx(seed_blocks())
    preview = build_preview(data, filename="tegevuskava-2024.docx")
    assert [str(p) for p in preview.errors] == []
    from_docx = copy.deepcopy(preview.document)
    from_text = text_plan(seed_bytes)
    from_docx["source"] = from_text["source"]
    assert from_docx == from_text


def test_merged_cells_split_dates_bookmarks_and_footnotes(seed_bytes):
    document = read_docx(build_docx(seed_blocks()), filename="x.docx")
    headings = [b.text for b in document.blocks if isinstance(b, Paragraph) and "3.5.1.1" in b.text]
    # the footnote reference and the bookmark are not text
    assert headings[0] == "1.1 3.5.1.1 Kohalike omavalitsuste tegevusplaanide koostamine ja sisutegevuste toetamine"
    tables = [b for b in document.blocks if isinstance(b, Table)]
    parnu = tables[-2]  # Tabel 13: Pärnu's schedule, frames split over two lines, responsible merged down
    assert parnu.caption == "Tabel 13. Tegevuste ajakava"
    assert parnu.rows[2][1] == "01.01.2024-\n01.04.2026"
    assert [row[3] for row in parnu.rows[3:6]] == ["Pärnu LV", "Pärnu LV", "Pärnu LV"]  # one merged cell
    plan = build_preview(build_docx(seed_blocks()), filename="x.docx").document
    row = activities(plan)["3.5.2.5"]["rows"][0]
    assert row["frame"] == {"start": dt.date(2024, 1, 1), "end": dt.date(2026, 4, 1)}
    assert row["responsible_parties"] == ["parnu"]


def test_other_numbering(seed_bytes):
    """Headings "3.5.1.1. <title>" (Word numbers the outline), row numbers without a final dot."""
    preview = build_preview(build_docx(seed_blocks(), numbering="other"), filename="x.docx")
    assert [str(p) for p in preview.errors] == []
    plan = activities(preview.document)
    assert list(plan) == [
        "3.5.1.1",
        "3.5.1.2",
        "3.5.1.3",
        "3.5.1.4",
        "3.5.2.1",
        "3.5.2.2",
        "3.5.2.3",
        "3.5.2.4",
        "3.5.2.5",
    ]
    tartu = plan["3.5.2.1"]
    assert [r["number"] for r in tartu["rows"]] == ["1", "2", "3"]
    assert [r["number"] for r in tartu["rows"][0]["rows"]] == ["1.1", "1.2", "1.3"]
    assert tartu["heading_title"] == ""  # same as the schedule's title
    # the commitments are the same whatever the numbering
    text = {(o["row"], o["period"]) for o in tartu["obligations"]}
    assert text == {("2.1", "week"), ("3.1", "month")}


def extra_partner_docx(responsible: str) -> bytes:
    document = seed_blocks()
    blocks = document.blocks
    n = len(blocks)
    blocks += [
        Paragraph("2.6 3.5.2.6 Kohaliku tasandi sisutegevuste korraldamine Tartu linnas: noorte klubid", n + 1),
        Paragraph("Tartu linnas 2024. aastal:", n + 2),
        Paragraph("· Noorteklubi toimub kaks korda kuus, v.a juuli ja august.", n + 3, bullet=True),
        Paragraph("Sihtgrupp: noored uussisserändajad.", n + 4),
        Paragraph("Tabel 15. Tegevuste ajakava", n + 5),
        Table(
            rows=[
                [
                    "Tegevus",
                    "Tegevuse üldajaraam",
                    "Tegevuse algus- ja lõppkuupäev tegevuskava perioodil",
                    "Tegevuse eest vastutaja",
                ],
                ["3.5.2.6 Noorte klubide korraldamine", "01.01.2024-01.04.2026", "01.02.2024-30.11.2024", "Partner"],
                ["1. Noorteklubi", "01.01.2024-01.04.2026", "01.02.2024-30.11.2024", responsible],
            ],
            number=99,
            caption="Tabel 15. Tegevuste ajakava",
        ),
    ]
    return build_docx(document)


def test_extra_partner_activity():
    preview = build_preview(extra_partner_docx("Tartu LV"), filename="x.docx")
    assert [str(p) for p in preview.errors] == []
    extra = activities(preview.document)["3.5.2.6"]
    assert extra["responsible_parties"] == ["tartu"]  # "Partner" is the one partner its rows name
    assert extra["dates"] == {"start": dt.date(2024, 2, 1), "end": dt.date(2024, 11, 30)}
    assert extra["schedule_table"] == 15
    [obligation] = extra["obligations"]
    assert (obligation["period"], obligation["min"], obligation["excluded"], obligation["event_kinds"]) == (
        "month",
        2,
        ["07", "08"],
        ["conversation_club"],
    )
    assert obligation["responsible"] == "tartu"
    assert obligation["quote"] == "Noorteklubi toimub kaks korda kuus, v.a juuli ja august."


def test_extra_partner_activity_with_an_unknown_party():
    preview = build_preview(extra_partner_docx("Narva LV"), filename="x.docx")
    [problem] = preview.errors
    assert problem.place == "3.5.2.6, tabel 15, rida 3"
    assert problem.text == "Narva LV"
    assert "Narva LV" in problem.message


def test_missing_table():
    """An activity whose schedule table is gone: the problem names the activity; nothing else breaks."""
    document = seed_blocks()
    [index] = [i for i, b in enumerate(document.blocks) if isinstance(b, Table) and b.caption.startswith("Tabel 5.")]
    del document.blocks[index]  # Tabel 5, the schedule of 3.5.1.3
    preview = build_preview(build_docx(document), filename="x.docx")
    assert [(p.place, p.text) for p in preview.errors] == [
        ("3.5.1.3", "Tõhusa rände-, lõimumis-, sealhulgas kohanemisvaldkonna kommunikatsiooni tagamine KOV-ide seas")
    ]
    assert "Tegevuste ajakava" in preview.errors[0].message
    assert activities(preview.document)["3.5.1.3"]["rows"] == []


def test_a_word_document_that_is_not_a_plan():
    docx = new_docx()
    docx.add_paragraph("Koosoleku protokoll")
    docx.add_paragraph("Osalesid: Mari, Jüri.")
    import io

    out = io.BytesIO()
    docx.save(out)
    preview = build_preview(out.getvalue(), filename="protokoll.docx")
    assert {p.place for p in preview.errors} == {"pealkiri", "dokument"}
    assert any("ei paista olevat tegevuskava" in p.message for p in preview.errors)


@pytest.mark.parametrize("data", [b"", b"hello", b"PK\x03\x04 not a zip"])
def test_bytes_that_are_no_word_document(data):
    preview = build_preview(data, filename="plan.docx")
    [problem] = preview.errors
    assert problem.place == "dokument" and problem.text == "plan.docx"
    assert "ei ole Wordi dokument" in problem.message
