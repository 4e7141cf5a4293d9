"""Translation files out and in: XLIFF 2.0 and PO, the same units both ways (DESIGN.md "Translatable
content"). A content type turns its rows into `Unit`s and applies the units read back; this module
only writes and reads the files.

XLIFF 2.0 (OASIS, namespace urn:oasis:names:tc:xliff:document:2.0) is written with the standard
library's ElementTree and read with defusedxml (no entities, no external references: an XML entity
attack is refused as malformed). A PO file is written and read by polib; the unit id is the entry's
context (`msgctxt`), the source text its `msgid`.

Reading refuses the whole file with a message naming the line (XML) or the entry's line (PO); the
caller writes nothing unless every unit is accepted.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import defusedxml.ElementTree as SafeET
import polib
from defusedxml import DefusedXmlException
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Unit:
    id: str
    source: str
    target: str = ""
    note: str = ""
    line: int | None = None  # where it was read (PO entries; XLIFF units have no line numbers)


@dataclass(frozen=True)
class Batch:
    source_language: str
    target_language: str
    units: list[Unit]


def _q(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


def write_xliff(batch: Batch, *, file_id: str = "loim") -> bytes:
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(
        _q("xliff"), {"version": "2.0", "srcLang": batch.source_language, "trgLang": batch.target_language}
    )
    file_element = ET.SubElement(root, _q("file"), {"id": file_id})
    for unit in batch.units:
        unit_element = ET.SubElement(file_element, _q("unit"), {"id": unit.id})
        if unit.note:
            notes = ET.SubElement(unit_element, _q("notes"))
            ET.SubElement(notes, _q("note")).text = unit.note
        segment = ET.SubElement(unit_element, _q("segment"))
        ET.SubElement(segment, _q("source")).text = unit.source
        target = ET.SubElement(segment, _q("target"))
        target.text = unit.target
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _text(element) -> str:
    """The text of a <source> or <target>, inline elements' text included (<ph>, <pc> …)."""
    return "".join(element.itertext()) if element is not None else ""


def read_xliff(content: bytes) -> Batch:
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than %d MB.") % (MAX_BYTES // (1024 * 1024)))
    try:
        root = SafeET.fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        raise ValidationError(
            _("The file declares a DTD or entities, which are not accepted (XLIFF needs neither).")
        ) from None
    except SafeET.ParseError as error:
        line, column = getattr(error, "position", (None, None))
        raise ValidationError(
            _("The file is not well-formed XML (line %(line)s, column %(column)s).") % {"line": line, "column": column}
        ) from None
    if root.tag != _q("xliff") or root.get("version") != "2.0":
        raise ValidationError(
            _('The file is not XLIFF 2.0 (its root must be <xliff version="2.0"> in the XLIFF 2.0 namespace).')
        )
    source_language, target_language = root.get("srcLang", ""), root.get("trgLang", "")
    if not target_language:
        raise ValidationError(_("The file names no target language (the attribute trgLang of <xliff>)."))
    units: list[Unit] = []
    for unit_element in root.iter(_q("unit")):
        unit_id = unit_element.get("id", "")
        segments = unit_element.findall(_q("segment"))
        if not unit_id or not segments:
            raise ValidationError(_("A unit without an id or a segment: %s.") % (unit_id or "—"))
        source = "".join(_text(s.find(_q("source"))) for s in segments)
        target = "".join(_text(s.find(_q("target"))) for s in segments)
        units.append(Unit(id=unit_id, source=source, target=target))
    return Batch(source_language=source_language, target_language=target_language, units=units)


def write_po(batch: Batch) -> bytes:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": batch.target_language,
        "X-Source-Language": batch.source_language,
    }
    for unit in batch.units:
        po.append(polib.POEntry(msgctxt=unit.id, msgid=unit.source, msgstr=unit.target, comment=unit.note or None))
    return str(po).encode("utf-8")


def read_po(content: bytes) -> Batch:
    if len(content) > MAX_BYTES:
        raise ValidationError(_("The file is larger than %d MB.") % (MAX_BYTES // (1024 * 1024)))
    try:
        text = content.decode("utf-8-sig")
        po = polib.pofile(text, wrapwidth=0)
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not a readable PO file: it is not in UTF-8.")) from None
    except (OSError, ValueError) as error:
        # polib's own words (English, with its internals) stay out of the message; its line stays in
        line = re.search(r"line (\d+)", str(error))
        if line:
            raise ValidationError(_("The file is not a readable PO file (line %d).") % int(line[1])) from None
        raise ValidationError(_("The file is not a readable PO file.")) from None
    target_language = po.metadata.get("Language", "")
    if not target_language:
        raise ValidationError(_("The file names no target language (the header Language)."))
    units = []
    for entry in po:
        if entry.obsolete:
            continue
        if not entry.msgctxt:
            raise ValidationError(_("Line %d: the entry has no unit id (msgctxt).") % entry.linenum)
        units.append(Unit(id=entry.msgctxt, source=entry.msgid, target=entry.msgstr, line=entry.linenum))
    return Batch(source_language=po.metadata.get("X-Source-Language", ""), target_language=target_language, units=units)


def read_any(content: bytes, name: str) -> Batch:
    """XLIFF or PO by the file's name (.xlf/.xliff, .po); refused otherwise."""
    lowered = name.lower()
    if lowered.endswith((".xlf", ".xliff", ".xml")):
        return read_xliff(content)
    if lowered.endswith(".po"):
        return read_po(content)
    raise ValidationError(_("Upload an XLIFF 2.0 file (.xlf) or a PO file (.po)."))


__all__ = ["Batch", "Unit", "read_any", "read_po", "read_xliff", "write_po", "write_xliff"]
