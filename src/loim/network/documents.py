"""The platform's documents (issue 12): create a document with its first file, add a version, add a
translation, and who may open a file.

Files are checked by `loim.core.uploads` (extension AND content, a size limit), stored through
Django's storage API under random names and served only by a view that checks tenancy; the background
worker reads each version's text for search (`network.extraction`). A new version
of a source makes its translations outdated (`Document.outdated`, derived from the version numbers).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loim.core import uploads
from loim.core.permissions import parties_for, permits
from loim.core.versioning import save_versioned

from .models import Document, DocumentVersion, Network, Visibility
from .tasks import extract_version_text

MAX_BYTES = getattr(settings, "LOIM_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)

ALLOWED: dict[str, str] = {
    extension: uploads.TYPES[extension]
    for extension in (".pdf", ".odt", ".ods", ".odp", ".docx", ".xlsx", ".pptx", ".txt", ".png", ".jpg", ".jpeg")
}


def allowed_extensions_text() -> str:
    return uploads.extensions_text(ALLOWED)


def validate_file(upload) -> tuple[str, str]:
    """(clean file name, content type) or a ValidationError on the field `file`."""
    try:
        return uploads.validate_upload(upload, types=ALLOWED, max_bytes=MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None


@dataclass(frozen=True)
class DocumentInput:
    kind: str
    title: str
    language: str
    visibility: str
    network: Network | None = None
    activity: object | None = None
    tags: list[str] = field(default_factory=list)


def networks_for(user):
    """The networks a user may put a document in: those run by one of the user's own parties."""
    return Network.objects.filter(party__in=parties_for(user, "member")).order_by("name")


def _check_network(network: Network | None, user) -> None:
    """A user puts a document only in a network one of their parties runs (user None: the demo data)."""
    if user is None:
        return
    if network is not None and not permits(user, "member", network):
        raise ValidationError(
            {"network": _("You are not a member of the party running the network “%s”.") % network.name}
        )


def _add_version(document: Document, upload, *, note: str, user) -> DocumentVersion:
    name, content_type = validate_file(upload)
    version = DocumentVersion(
        document=document,
        party_id=document.party_id,
        number=document.current_number + 1,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        note=note,
        uploaded_by=user,
    )
    version.file.save(name, upload, save=False)
    stored = version.file.name
    try:
        version.full_clean()
        version.save()
    except Exception:
        if stored:
            version.file.storage.delete(stored)
        raise
    transaction.on_commit(functools.partial(extract_version_text.enqueue, version.pk))  # its text, for search
    return version


def _new_document(party, data: DocumentInput, *, source: Document | None = None) -> Document:
    document = Document(
        party=party,
        kind=data.kind,
        title=data.title,
        language=data.language,
        visibility=data.visibility,
        network=data.network if data.visibility == Visibility.NETWORK else None,
        activity=data.activity,  # type: ignore[misc]  # an Activity or None
        tags=list(data.tags),
        source=source,
        translated_from_number=source.current_number if source is not None else None,
    )
    document.full_clean(exclude=["current_number", "version"])
    return document


@transaction.atomic
def document_create(*, party, data: DocumentInput, upload, note: str = "", user=None) -> Document:
    """A new document with its first version. Nothing is written when the file or a field is refused."""
    _check_network(data.network, user)
    validate_file(upload)
    document = _new_document(party, data)
    save_versioned(document)
    return _first_version(document, upload, note=note, user=user)


def _first_version(document: Document, upload, *, note: str, user) -> Document:
    _add_version(document, upload, note=note, user=user)
    document.current_number = 1
    document.save(update_fields=["current_number"])
    return document


@transaction.atomic
def version_add(*, document: Document, upload, note: str = "", user=None, expected_version=None) -> DocumentVersion:
    """The document's next file version; its translations become outdated (derived)."""
    validate_file(upload)
    save_versioned(document, expected=expected_version)  # refuses a second upload made from the same page
    version = _add_version(document, upload, note=note, user=user)
    document.current_number = version.number
    document.save(update_fields=["current_number"])
    return version


@transaction.atomic
def translation_add(*, source: Document, data: DocumentInput, upload, note: str = "", user=None) -> Document:
    """A translation of `source` into another language, translated from its latest version; it has the
    source's kind, visibility, network, plan row and tags unless given otherwise."""
    if data.language == source.language:
        raise ValidationError({"language": _("A translation is in another language than its source.")})
    if source.source_id is not None:
        raise ValidationError(_("Translate the source document, not a translation of it."))
    _check_network(data.network, user)
    validate_file(upload)
    document = _new_document(source.party, data, source=source)
    save_versioned(document)
    return _first_version(document, upload, note=note, user=user)


@dataclass(frozen=True)
class DocumentEdit:
    """The metadata a document's editors change: not its party, language or files (a new version)."""

    kind: str
    title: str
    description: str
    visibility: str
    network: Network | None = None
    activity: object | None = None
    tags: list[str] = field(default_factory=list)


EDIT_FIELDS = ("kind", "title", "description", "visibility", "network", "activity", "tags")


@transaction.atomic
def document_update(*, document: Document, data: DocumentEdit, user=None, expected_version=None) -> Document:
    """Change a document's metadata. Refused, writing nothing: a change made from an older version of
    the page (`StaleVersion`), a network the user's parties do not run (`network`), a bad field."""
    _check_network(data.network if data.visibility == Visibility.NETWORK else None, user)
    document.kind = data.kind
    document.title = data.title.strip()
    document.description = data.description.strip()
    document.visibility = data.visibility
    document.network = data.network if data.visibility == Visibility.NETWORK else None
    document.activity = data.activity  # type: ignore[assignment]  # an Activity or None
    document.tags = list(data.tags)
    document.full_clean(exclude=["current_number", "version"])
    save_versioned(document, expected=expected_version)
    return document


@transaction.atomic
def document_withdraw(*, document: Document, user, reason: str = "", expected_version=None) -> Document:
    """Withdraw a document: it disappears for everybody but its party's editors (lists, pages, files,
    search); its versions and translations are kept, nothing is deleted. Audited as a change."""
    if document.withdrawn_at is not None:
        raise ValidationError(_("The document has already been withdrawn."))
    document.withdrawn_at = timezone.now()
    document.withdrawn_by = user
    document.withdrawal_reason = reason.strip()
    document.full_clean(exclude=["current_number", "version"])
    save_versioned(document, expected=expected_version)
    return document


@transaction.atomic
def document_restore(*, document: Document, user, expected_version=None) -> Document:
    """Publish a withdrawn document again, as it was."""
    if document.withdrawn_at is None:
        raise ValidationError(_("The document has not been withdrawn."))
    document.withdrawn_at = None
    document.withdrawn_by = None
    document.withdrawal_reason = ""
    save_versioned(document, expected=expected_version)
    return document
