"""vCard 4.0 (RFC 6350) of the directory's work contacts, written here: a few properties, escaped
and folded as the RFC says, with no library to keep up to date.

- Text values escape backslash, comma, semicolon and line breaks (§3.4); a structured value (N, ORG)
  escapes them in each component and joins the components with ";".
- Lines end with CRLF and are folded at 75 octets, never inside a UTF-8 character (§3.2).
- A phone written in international form (+372 …) is a `tel:` URI (RFC 3966, spaces as "-"); any
  other is given as text (`VALUE=text`), since a local number needs a context a URI cannot give.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from .models import Contact, Organisation

CONTENT_TYPE = "text/vcard; charset=utf-8"
FOLD_AT = 75  # octets per line, CRLF excluded
NAMESPACE = uuid.UUID("6f0e5a8c-1d4b-4f7e-9a51-3c2b8e7d9f10")  # Lõim's directory: stable UIDs


def escape(value: str) -> str:
    text = str(value).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """The content line folded into lines of at most 75 octets (continuations start with a space)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= FOLD_AT:
        return line + "\r\n"
    parts, current, limit = [], b"", FOLD_AT
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current)
            current, limit = b"", FOLD_AT - 1  # the leading space counts
        current += piece
    parts.append(current)
    return "\r\n ".join(p.decode("utf-8") for p in parts) + "\r\n"


def _tel(phone: str) -> str:
    if phone.startswith("+"):
        return "TEL;VALUE=uri;TYPE=work,voice:tel:" + phone.replace(" ", "-")
    return "TEL;VALUE=text;TYPE=work,voice:" + escape(phone)


def _rev(moment) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _card(lines: list[str]) -> str:
    return "".join(fold(line) for line in ["BEGIN:VCARD", "VERSION:4.0", *lines, "END:VCARD"])


def contact_card(contact: Contact) -> str:
    lines = [
        "KIND:individual",
        "FN:" + escape(contact.name),
        "ORG:" + escape(contact.organisation.name),
    ]
    if contact.role:
        lines.append("TITLE:" + escape(contact.role))
    if contact.email:
        lines.append("EMAIL;TYPE=work:" + escape(contact.email))
    if contact.phone:
        lines.append(_tel(contact.phone))
    lines += [f"LANG;PREF={n}:{code}" for n, code in enumerate(contact.languages, start=1) if code != "other"]
    lines.append(f"UID:urn:uuid:{uuid.uuid5(NAMESPACE, f'contact:{contact.pk}')}")
    if contact.updated_at:
        lines.append("REV:" + _rev(contact.updated_at))
    return _card(lines)


def organisation_card(organisation: Organisation) -> str:
    lines = ["KIND:org", "FN:" + escape(organisation.name), "ORG:" + escape(organisation.name)]
    if organisation.email:
        lines.append("EMAIL;TYPE=work:" + escape(organisation.email))
    if organisation.phone:
        lines.append(_tel(organisation.phone))
    if organisation.website:
        lines.append("URL:" + organisation.website)
    lines.append(f"UID:urn:uuid:{uuid.uuid5(NAMESPACE, f'organisation:{organisation.pk}')}")
    if organisation.updated_at:
        lines.append("REV:" + _rev(organisation.updated_at))
    return _card(lines)


def cards(organisations: Iterable[Organisation], contacts_of) -> Iterable[str]:
    """Each organisation's own card, then its contact persons' (`contacts_of(organisation)`)."""
    for organisation in organisations:
        yield organisation_card(organisation)
        for contact in contacts_of(organisation):
            yield contact_card(contact)
