"""The one check of uploaded files kept by Lõim (event attachments, evidence of values entered by hand).

A file is accepted only when its extension is one the caller allows AND its content looks like that
type (magic bytes; for office formats the ZIP container's parts; plain text must be text), so a
renamed executable or an HTML page called "minutes.pdf" is refused. Each caller passes its own list
of types and size limit; the checks and their messages are the same everywhere.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OPEN_DOCUMENT = "application/vnd.oasis.opendocument."
OOXML = "application/vnd.openxmlformats-officedocument."

# Every type Lõim knows how to recognise, with the content type it is served with.
TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".odt": OPEN_DOCUMENT + "text",
    ".ods": OPEN_DOCUMENT + "spreadsheet",
    ".odp": OPEN_DOCUMENT + "presentation",
    ".docx": OOXML + "wordprocessingml.document",
    ".xlsx": OOXML + "spreadsheetml.sheet",
    ".pptx": OOXML + "presentationml.presentation",
    ".txt": "text/plain",
}
OOXML_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}
TEXT_SAMPLE = 64 * 1024
MARKUP_STARTS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml")


def _zip_matches(upload, extension: str) -> bool:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension in OOXML_MAIN_PART:
                return "[Content_Types].xml" in names and OOXML_MAIN_PART[extension] in names
            if "mimetype" not in names:
                return False
            return archive.read("mimetype").decode("ascii", "replace").strip() == TYPES[extension]
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False
    finally:
        upload.seek(0)


def _is_text(sample: bytes) -> bool:
    """UTF-8 (or Windows-1257) without NUL or other control bytes, and not a web page in disguise."""
    if any(byte < 32 and byte not in (9, 10, 12, 13) for byte in sample):
        return False
    if sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(MARKUP_STARTS):
        return False
    for encoding in ("utf-8", "cp1257"):
        try:
            sample.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and len(sample) == TEXT_SAMPLE and exc.start >= len(sample) - 3:
                # a character cut in two by the end of the sample
                return True
            continue
        return True
    return False


def sniff(upload, extension: str) -> bool:
    """Whether the content matches the extension."""
    upload.seek(0)
    head = upload.read(TEXT_SAMPLE if extension == ".txt" else 16)
    upload.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension == ".txt":
        return _is_text(head)
    return head.startswith(ZIP_MAGIC) and _zip_matches(upload, extension)


def extensions_text(types: Mapping[str, str]) -> str:
    return ", ".join(sorted({e.lstrip(".").upper() for e in types if e != ".jpeg"}))


def validate_upload(upload, *, types: Mapping[str, str], max_bytes: int) -> tuple[str, str]:
    """(clean file name, content type) or ValidationError with a message naming the problem."""
    name = PurePath(upload.name or "").name.strip()[:200] or "file"
    extension = PurePath(name).suffix.lower()
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(_("The file “%s” is empty.") % name, code="empty")
    if extension not in types:
        raise ValidationError(
            _("Files of type “%(ext)s” are not accepted. Allowed: %(allowed)s.")
            % {"ext": extension or name, "allowed": extensions_text(types)},
            code="type",
        )
    if not sniff(upload, extension):
        raise ValidationError(
            _("The content of “%(name)s” is not a %(ext)s file. Save it again in that format.")
            % {"name": name, "ext": extension.lstrip(".").upper()},
            code="content",
        )
    return name, types[extension]
