"""Fixtures of the Word plan import tests: the seed's text export (the repository's copy beside the
tests, so the tests do not depend on /work/shared), and .docx documents built with python-docx in
the seed's layout."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as new_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from loim.plans.wordimport.blocks import Document, Paragraph, Table
from loim.plans.wordimport.plan_rows import HEADING, SECTION_HEADING
from loim.plans.wordimport.text_reader import read_text

SEED_TEXT = Path(__file__).parent / "data" / "tegevuskava-2024.txt"


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_TEXT.read_bytes()


def seed_blocks() -> Document:
    return read_text(SEED_TEXT.read_text(encoding="utf-8"), filename="tegevuskava-2024.txt")


def _bookmark(paragraph, name: str) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), "0")
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), "0")
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _footnote_reference(paragraph, after_run) -> None:
    run = OxmlElement("w:r")
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "2")
    run.append(reference)
    after_run._r.addnext(run)


def build_docx(document: Document, *, numbering: str = "seed", merge: bool = True) -> bytes:
    """A Word document with the blocks' content in the seed's layout.

    - headings "1.1 3.5.1.1 <title>" in the style Heading 2, with a bookmark around the text and a
      footnote reference after the code (as the seed's 3.5.1.1 has); numbering="other" writes them as
      "3.5.1.1. <title>" (the outline number left to Word's numbering, a final dot) and the rows'
      numbers without their final dots;
    - bulleted paragraphs in the style List Bullet, without the "· " the text export prints;
    - tables with the header row, every cell as a paragraph per line (dates split over lines stay
      split), and, with `merge`, the responsible column merged down over equal neighbours.
    """
    docx = new_docx()
    for block in document.blocks:
        if isinstance(block, Paragraph):
            text = block.text
            m = HEADING.match(text)
            if m and not block.bullet:
                if numbering == "other":
                    paragraph = docx.add_paragraph(style="Heading 2")
                    code_run = paragraph.add_run(f"{m.group('code')}.")
                    paragraph.add_run(f" {m.group('title')}")
                else:
                    paragraph = docx.add_paragraph(style="Heading 2")
                    code_run = paragraph.add_run(f"{m.group('outline')} {m.group('code')}")
                    paragraph.add_run(f" {m.group('title')}")
                _footnote_reference(paragraph, code_run)
                _bookmark(paragraph, "_Hlk126788492")
            elif SECTION_HEADING.match(text):
                docx.add_paragraph(text, style="Heading 1")
            elif block.bullet:
                docx.add_paragraph(text.lstrip("·• ").strip(), style="List Bullet")
            else:
                paragraph = docx.add_paragraph(text)
                if "Sihtgrupp" not in text and not text.startswith("Tabel"):
                    _bookmark(paragraph, "_Hlk148716667")
        else:
            _add_table(docx, block, numbering=numbering, merge=merge)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _add_table(docx, block: Table, *, numbering: str, merge: bool) -> None:
    rows = [list(r) for r in block.rows]
    width = max(len(r) for r in rows)
    table = docx.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    responsible = next((i for i, cell in enumerate(rows[0]) if "vastutaja" in cell.lower()), None)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            if numbering == "other" and c == 0 and r > 0:
                head, _sep, rest = text.partition(" ")
                if head[:1].isdigit() and head.count(".") <= 3 and not head.startswith("3.5."):
                    text = f"{head.rstrip('.')} {rest}"
            cell = table.cell(r, c)
            lines = text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    if merge and responsible is not None:
        r = 1
        while r < len(rows):
            end = r
            while end + 1 < len(rows) and rows[end + 1][responsible] == rows[r][responsible]:
                end += 1
            if end > r:
                for k in range(r + 1, end + 1):
                    table.cell(k, responsible).paragraphs[0].text = ""
                table.cell(r, responsible).merge(table.cell(end, responsible))
            r = end + 1


@pytest.fixture
def docx_of():
    return build_docx
