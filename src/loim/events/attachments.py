"""Files kept with events: size and type checks, storage, and who may open them.

The checks are core.uploads' (extension AND content, so a renamed executable or an HTML page called
"minutes.pdf" is refused), with the types and the size limit of attachments. Files go through
Django's storage API under random names and are served only by a view that checks tenancy.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from loim.core import uploads
from loim.core.permissions import permits

from .models import AttachmentKind, Event, EventAttachment

MAX_BYTES = getattr(settings, "LOIM_EVENT_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

# Allowed extensions and the content type each is served with.
ALLOWED: dict[str, str] = {
    extension: uploads.TYPES[extension]
    for extension in (".pdf", ".jpg", ".jpeg", ".png", ".odt", ".ods", ".odp", ".docx", ".xlsx", ".pptx")
}
sniff = uploads.sniff


def allowed_extensions_text() -> str:
    return uploads.extensions_text(ALLOWED)


def validate_upload(upload) -> tuple[str, str]:
    """(clean file name, content type) or ValidationError with a message naming the problem."""
    return uploads.validate_upload(upload, types=ALLOWED, max_bytes=MAX_BYTES)


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
