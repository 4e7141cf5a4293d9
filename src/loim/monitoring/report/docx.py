"""The report as an editable Word document (python-docx): the same outline as the PDF, so ELVL can
finish the text before sending it. Headings are Word's own heading styles (the navigation pane and a
table of contents find them), tables are Word tables with a repeated header row; a chart is left out
and its data table, which follows it in the outline, stays."""

from __future__ import annotations

import io

from .document import Outline, Para, Section, Table


def _table(document, block: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document.add_paragraph(block.caption, style="Caption")
    grid = document.add_table(rows=1, cols=len(block.columns))
    grid.style = "Table Grid"
    header = grid.rows[0]
    flag = OxmlElement("w:tblHeader")  # repeat the header row on each page
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    for cell, (label, numeric) in zip(header.cells, block.header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(label)
        run.bold = True
        if numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in block.body:
        cells = grid.add_row().cells
        for cell, (value, numeric) in zip(cells, row, strict=True):
            cell.text = value
            if numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _blocks(document, blocks) -> None:
    for block in blocks:
        if isinstance(block, Para):
            paragraph = document.add_paragraph(block.text)
            if block.style == "lead":
                for run in paragraph.runs:
                    run.bold = True
            elif block.style == "help":
                for run in paragraph.runs:
                    run.italic = True
        elif isinstance(block, Table):
            _table(document, block)


def _section(document, section: Section) -> None:
    document.add_heading(section.title, level=section.level)
    _blocks(document, section.blocks)
    for child in section.children:
        _section(document, child)


def render_docx(outline: Outline, *, subject: str = "") -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT  # noqa: F401  (portrait A4, as the PDF)
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = Document()
    page = document.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.left_margin = page.right_margin = Mm(16)
    properties = document.core_properties
    properties.title = outline.title
    properties.subject = subject
    properties.language = outline.language
    properties.author = "Lõim"
    # the document's language for spelling and screen readers: the default run language
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None:
            rpr = run_defaults.find(qn("w:rPr"))
            if rpr is not None:
                language = OxmlElement("w:lang")
                language.set(qn("w:val"), {"et": "et-EE", "en": "en-GB"}.get(outline.language, outline.language))
                rpr.append(language)
    document.add_heading(outline.title, level=0)
    if subject:
        document.add_paragraph(subject)
    _blocks(document, outline.cover)
    document.add_page_break()
    for section in outline.sections:
        _section(document, section)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
