"""Files kept with events: size and type checks, storage, and who may open them.

A file is accepted only when its extension is allowed AND its content looks like that type (magic
bytes; for office formats the ZIP container's parts), so a renamed executable or an HTML page called
"minutes.pdf" is refused. Files go through Django's storage API under random names and are served
only by a view that checks tenancy.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from loim.core.permissions import permits

from .models import AttachmentKind, Event, EventAttachment

MAX_BYTES = getattr(settings, "LOIM_EVENT_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

ZIP_MAGIC = b"PK\x03\x04"
OPEN_DOCUMENT = "application/vnd.oasis.opendocument."
OOXML = "application/vnd.openxmlformats-officedocument."

# Allowed extensions and the content type each is served with.
ALLOWED: dict[str, str] = {
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
}
OOXML_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}


def _zip_matches(upload, extension: str) -> bool:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension in OOXML_MAIN_PART:
                return "[Content_Types].xml" in names and OOXML_MAIN_PART[extension] in names
            if "mimetype" not in names:
                return False
            return archive.read("mimetype").decode("ascii", "replace").strip() == ALLOWED[extension]
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False
    finally:
        upload.seek(0)


def sniff(upload, extension: str) -> bool:
    """Whether the content matches the extension."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    return head.startswith(ZIP_MAGIC) and _zip_matches(upload, extension)


def allowed_extensions_text() -> str:
    return ", ".join(sorted({e.lstrip(".").upper() for e in ALLOWED if e != ".jpeg"}))


def validate_upload(upload) -> tuple[str, str]:
    """(clean file name, content type) or ValidationError with a message naming the problem."""
    name = PurePath(upload.name or "").name.strip()[:200] or "file"
    extension = PurePath(name).suffix.lower()
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)},
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(_("The file “%s” is empty.") % name, code="empty")
    if extension not in ALLOWED:
        raise ValidationError(
            _("Files of type “%(ext)s” are not accepted. Allowed: %(allowed)s.")
            % {"ext": extension or name, "allowed": allowed_extensions_text()},
            code="type",
        )
    if not sniff(upload, extension):
        raise ValidationError(
            _("The content of “%(name)s” is not a %(ext)s file. Save it again in that format.")
            % {"name": name, "ext": extension.lstrip(".").upper()},
            code="content",
        )
    return name, ALLOWED[extension]


@transaction.atomic
def attachment_add(*, event: Event, upload, kind: str, personal_data: bool = False, user=None) -> EventAttachment:
    name, content_type = validate_upload(upload)
    attachment = EventAttachment(
        event=event,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        personal_data=personal_data or kind == AttachmentKind.ATTENDANCE_SHEET,
        uploaded_by=user,
    )
    attachment.file.save(name, upload, save=False)
    stored = attachment.file.name
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: EventAttachment) -> None:
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))


def may_open(user, attachment: EventAttachment) -> bool:
    """Files with personal data open only for the owning party's members with personal-data access
    (the same rule as the register); everything else for whoever may see the event."""
    return not attachment.personal_data or permits(user, "read_personal_data", attachment.event)


def attachments_for(user, event: Event):
    """The event's attachments the user may see listed (personal-data files only for those who may open them)."""
    attachments = EventAttachment.objects.visible_to(user).filter(event=event).select_related("uploaded_by")
    if not permits(user, "read_personal_data", event):
        attachments = attachments.filter(personal_data=False)
    return attachments
