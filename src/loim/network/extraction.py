"""The text of an uploaded document version, read for search (issue 12) by the background worker.

`extract(stream, extension)` is a pure reading step: PDF through pypdf, DOCX through python-docx,
ODT through odfpy (which parses with defusedxml), TXT decoded as the upload check accepted it
(UTF-8, else Windows-1257). Other accepted types (spreadsheets, presentations, images) have no text
to search: "not applicable". A file that cannot be read — damaged, encrypted, or a ZIP whose part
unpacks past `MAX_UNPACKED_BYTES` (a zip bomb) — is "failed" with a reason its editors are shown;
reading never raises. At most `MAX_CHARS` characters are kept (docs/decisions.md "Issue 12 — search").

The readers are imported here, at the top, so a missing dependency fails loudly instead of looking like
a damaged file; only the worker imports this module (`network.tasks`), not the web pages.

`version_text_store(version_id)` is the one write: it stores the result on the version with a plain
UPDATE, not through the audit log — the text is derived from the file the audit log already records.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import docx
from odf import teletype
from odf.namespaces import TEXTNS
from odf.opendocument import load as odf_load
from pypdf import PdfReader

from .models import DocumentVersion, TextProblem, TextState

logger = logging.getLogger(__name__)

MAX_CHARS = 1_000_000  # about 400 pages of text: every real guidance material, not a data dump
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # the XML part of a DOCX/ODT a 20 MB upload may honestly hold
ZIP_PARTS = {".docx": "word/document.xml", ".odt": "content.xml"}


@dataclass(frozen=True)
class Extracted:
    state: str
    text: str = ""
    problem: str = ""
    truncated: bool = False


class _Full(Exception):
    """Raised inside a reader once MAX_CHARS are collected: the rest of the file is not read."""


class _Collector:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.truncated = False

    def add(self, text: str) -> None:
        text = text.replace("\x00", "").strip()
        if not text:
            return
        room = MAX_CHARS - self.length
        if len(text) + 1 > room:
            self.parts.append(text[: max(room, 0)])
            self.truncated = True
            raise _Full
        self.parts.append(text)
        self.length += len(text) + 1

    def result(self) -> Extracted:
        return Extracted(TextState.DONE, "\n".join(self.parts)[:MAX_CHARS], truncated=self.truncated)


def _pdf(stream, out: _Collector) -> str:
    reader = PdfReader(stream)
    if reader.is_encrypted and not reader.decrypt(""):  # an empty user password only restricts printing
        return TextProblem.ENCRYPTED
    for page in reader.pages:
        out.add(page.extract_text() or "")
    return ""


def _docx(stream, out: _Collector) -> str:
    document = docx.Document(stream)
    for paragraph in document.paragraphs:
        out.add(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            out.add(" ".join(cell.text for cell in row.cells))
    return ""


def _odt(stream, out: _Collector) -> str:
    wanted = {(TEXTNS, "p"), (TEXTNS, "h")}  # paragraphs and headings, wherever they are (lists, tables)

    def walk(node) -> None:
        if getattr(node, "qname", None) in wanted:
            out.add(teletype.extractText(node))
            return
        for child in node.childNodes:
            walk(child)

    walk(odf_load(stream).text)
    return ""


def _txt(stream, out: _Collector) -> str:
    data = stream.read(MAX_CHARS * 4)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1257", "replace")
    out.add(text[:MAX_CHARS])
    return ""


READERS = {".pdf": _pdf, ".docx": _docx, ".odt": _odt, ".txt": _txt}


def _zip_too_large(stream, extension: str) -> bool:
    try:
        with zipfile.ZipFile(stream) as archive:
            return archive.getinfo(ZIP_PARTS[extension]).file_size > MAX_UNPACKED_BYTES
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False  # the reader finds the damage and says so
    finally:
        stream.seek(0)


def extract(stream, extension: str) -> Extracted:
    """The text of a file of the given extension (".pdf", …); never raises."""
    reader = READERS.get(extension.lower())
    if reader is None:
        return Extracted(TextState.NOT_APPLICABLE)
    if extension in ZIP_PARTS and _zip_too_large(stream, extension):
        return Extracted(TextState.FAILED, problem=TextProblem.TOO_LARGE)
    out = _Collector()
    try:
        problem = reader(stream, out)
    except _Full:
        problem = ""
    except Exception:  # any reader error of a hostile or broken file means "cannot be read"
        logger.info("Text extraction failed (%s)", extension, exc_info=True)
        return Extracted(TextState.FAILED, problem=TextProblem.MALFORMED)
    if problem:
        return Extracted(TextState.FAILED, problem=problem)
    return out.result()


def version_text_store(version_id: int) -> str:
    """Read a version's file and store its text and state; the state is returned (the task's result)."""
    version = DocumentVersion.objects.defer("text", "text_vector").get(pk=version_id)
    extension = PurePath(version.original_name).suffix.lower()
    try:
        with version.file.open("rb") as handle:
            result = extract(io.BytesIO(handle.read()), extension)
    except OSError:
        logger.warning("The file of document version %s is missing", version_id)
        result = Extracted(TextState.FAILED, problem=TextProblem.MALFORMED)
    DocumentVersion.objects.filter(pk=version_id).update(
        text=result.text, text_state=result.state, text_problem=result.problem, text_truncated=result.truncated
    )
    return result.state
