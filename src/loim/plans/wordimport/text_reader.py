"""Reading the text export of an action plan (the format of seed/tegevuskava-2024.txt).

Word's "Save as plain text" writes each paragraph on one line and each table cell on a line of its
own starting with a tab; a cell of several lines continues on the next lines without a tab
("01.01.2024-" / "01.04.2026"). Rows are not marked (blank lines are unreliable: one falls inside a
row of table 3), so a table's cells are grouped into rows by the number of its header cells.
"""

from __future__ import annotations

import re

from .blocks import Document, Paragraph, Table, clean
from .plan_rows import header_width

CAPTION = re.compile(r"^\s*Tabel\s+\d+\.")


def read_text(text: str, *, filename: str = "") -> Document:
    document = Document(filename=filename)
    lines = [clean(line).rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    paragraphs = tables = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t") and line.strip():
            cells: list[str] = []
            previous_was_cell = False
            while i < len(lines):
                line = lines[i]
                if line.startswith("\t"):
                    if line.strip() or cells:
                        cells.append(line.strip())
                        previous_was_cell = True
                elif not line.strip():
                    previous_was_cell = False
                elif previous_was_cell:
                    cells[-1] = f"{cells[-1]}\n{line.strip()}"  # a cell of several lines
                else:
                    break
                i += 1
            tables += 1
            caption = _caption(document)
            document.blocks.append(Table(rows=_rows(cells), number=tables, caption=caption))
            continue
        if line.strip():
            paragraphs += 1
            stripped = line.strip()
            bullet = stripped.startswith(("·", "•"))
            document.blocks.append(Paragraph(text=stripped, number=paragraphs, bullet=bullet))
        i += 1
    return document


def _caption(document: Document) -> str:
    if document.blocks and isinstance(document.blocks[-1], Paragraph) and CAPTION.match(document.blocks[-1].text):
        return document.blocks[-1].text
    return ""


def _rows(cells: list[str]) -> list[list[str]]:
    width = header_width(cells)
    if width == 0:
        return [cells]
    return [cells[i : i + width] for i in range(0, len(cells), width)]
