"""What both readers of an action plan document produce: its paragraphs and tables in document
order, each with its place. The .docx reader and the text-export reader differ only in how they
find these; everything after (headings, schedule rows, dates, indicators, commitments) is
`plan_rows`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Word's markers as the text export prints them; the .docx reader never sees them as text
BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
FOOTNOTE_REF = re.compile(r"\[footnoteRef:\d+\]")
FOOTNOTE_TEXT = re.compile(r"\s*\[\d+:\s[^\]]*\]")
NBSP = "\u00a0"


def clean(text: str) -> str:
    """A paragraph's or cell's text without Word's markers, non-breaking spaces as spaces."""
    text = BOOKMARK.sub("", text)
    text = FOOTNOTE_REF.sub("", text)
    text = FOOTNOTE_TEXT.sub("", text)
    return text.replace(NBSP, " ")


@dataclass
class Paragraph:
    text: str
    number: int  # the paragraph's position among the document's paragraphs, from 1
    bullet: bool = False  # a bulleted list item ("· …")

    @property
    def place(self) -> str:
        return f"¶{self.number}"


@dataclass
class Table:
    rows: list[list[str]]  # one list of cell texts per row, one entry per layout-grid column
    number: int  # the table's position among the document's tables, from 1
    caption: str = ""  # "Tabel 3. Tegevuste ajakava", when the paragraph before says so


@dataclass
class Document:
    blocks: list[Paragraph | Table] = field(default_factory=list)
    filename: str = ""
