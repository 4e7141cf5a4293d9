"""Reading an action plan from its Word document (.docx) with python-docx.

Paragraphs and tables are read in body order. A table is read as a grid: a cell merged across
columns (gridSpan) gives its text to every column it spans, a cell merged down rows (vMerge)
gives its text to every row it spans, so a responsible party merged over five rows is the
responsible party of each. Bookmarks and footnote references are not text to python-docx, so
they never reach the parser; footnotes themselves live in another part of the package and are
not read. A bulleted paragraph (a list style or numbering with a bullet) is marked as a bullet.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from .blocks import Document, Paragraph, Table, clean
from .text_reader import CAPTION


class NotADocx(ValueError):
    """The bytes are not a Word document python-docx can open."""


def read_docx(data: bytes, *, filename: str = "") -> Document:
    try:
        docx = open_docx(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise NotADocx(str(exc)) from exc
    document = Document(filename=filename)
    paragraphs = tables = 0
    body = docx.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = DocxParagraph(child, docx)
            text = clean(paragraph.text).strip()
            if not text:
                continue
            paragraphs += 1
            bullet = _is_bullet(paragraph) or text.startswith(("·", "•"))
            if bullet and not text.startswith(("·", "•")):
                text = f"· {text}"  # as the text export prints a bullet
            document.blocks.append(Paragraph(text=text, number=paragraphs, bullet=bullet))
        elif child.tag == qn("w:tbl"):
            tables += 1
            table = DocxTable(child, docx)
            rows = []
            for row in table.rows:
                cells = [clean(cell.text).strip() for cell in row.cells]
                if any(cells):
                    rows.append(cells)
            caption = ""
            last = document.blocks[-1] if document.blocks else None
            if isinstance(last, Paragraph) and CAPTION.match(last.text):
                caption = last.text
            document.blocks.append(Table(rows=rows, number=tables, caption=caption))
    return document


def _is_bullet(paragraph: DocxParagraph) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if "bullet" in style.lower() or "täpp" in style.lower():
        return True
    ppr = paragraph._p.pPr
    if ppr is None or ppr.numPr is None:
        return False
    # numbering without a resolvable format: a list item; headings carry their own numbers as text
    return "heading" not in style.lower() and "pealkiri" not in style.lower()
