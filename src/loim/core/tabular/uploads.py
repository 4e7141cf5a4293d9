"""Uploaded files waiting between the preview and the confirmation, and their clean-up.

A file being imported in steps (upload → check → confirm) waits in the default storage under a
random name. It is deleted as soon as it is imported, refused or cancelled; one left behind (the
browser closed, the session expired) is removed by `purge_uploads`, run daily by the host's
scheduler (`loim purge-uploads`, or `--enqueue` for the background worker). Nothing else is kept:
the file may hold personal data the import was never meant to store.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

PREFIX = "imports/pending"
# Where uploads waited before this module; purged the same way so none stays for ever.
LEGACY_PREFIXES = ("inquiry-imports",)
DEFAULT_AGE = dt.timedelta(days=1)


def stash(data: bytes, file_name: str, *, storage=None) -> str:
    """Keep an upload until it is confirmed; returns its path in the storage."""
    storage = storage or default_storage
    suffix = PurePath(file_name).suffix.lower()[:8]
    return storage.save(f"{PREFIX}/{secrets.token_urlsafe(16)}{suffix}", ContentFile(data))


def read_stashed(path: str, *, storage=None) -> bytes:
    """The waiting file's bytes (FileNotFoundError when it is gone: purged or already used)."""
    storage = storage or default_storage
    if not _is_ours(path):
        raise FileNotFoundError(path)
    with storage.open(path) as handle:
        return handle.read()


def discard(path: str | None, *, storage=None) -> None:
    """Delete a waiting file (imported, refused or cancelled); a missing one is fine."""
    storage = storage or default_storage
    if path and _is_ours(path):
        storage.delete(path)


def _is_ours(path: str) -> bool:
    parts = PurePath(path).parts
    return ".." not in parts and any(path.startswith(f"{prefix}/") for prefix in (PREFIX, *LEGACY_PREFIXES))


def purge(*, older_than: dt.timedelta = DEFAULT_AGE, now: dt.datetime | None = None, storage=None) -> int:
    """Delete waiting files older than `older_than` (abandoned imports); returns how many."""
    storage = storage or default_storage
    cutoff = (now or timezone.now()) - older_than
    removed = 0
    for prefix in (PREFIX, *LEGACY_PREFIXES):
        try:
            _dirs, files = storage.listdir(prefix)
        except FileNotFoundError:
            continue
        for name in files:
            path = f"{prefix}/{name}"
            try:
                modified = storage.get_modified_time(path)
            except FileNotFoundError:
                continue
            if modified < cutoff:
                storage.delete(path)
                removed += 1
    return removed


# --- files waiting in a user's session --------------------------------------------------------

MAX_PENDING = 5


def wait(request, key: str, data: bytes, file_name: str, **details) -> str:
    """Keep a checked file for this session until it is confirmed; returns the token that names it.
    At most MAX_PENDING wait per kind (`key`): the oldest are deleted."""
    pending = request.session.get(key, {})
    for stale in list(pending)[: max(0, len(pending) - MAX_PENDING + 1)]:
        discard(pending.pop(stale)["path"])
    token = secrets.token_urlsafe(16)
    pending[token] = {"path": stash(data, file_name), "name": file_name[:200], **details}
    request.session[key] = pending
    return token


def take(request, key: str, token: str) -> tuple[dict, bytes | None] | None:
    """The waiting file named by the token, taken out of the session and deleted from the storage
    (whatever happens next, it is used once): (entry, its bytes or None if it was purged), or None
    when this session has no such file."""
    pending = request.session.get(key, {})
    entry = pending.pop(token, None)
    request.session[key] = pending
    if entry is None:
        return None
    try:
        data = read_stashed(entry["path"])
    except FileNotFoundError:
        data = None
    discard(entry["path"])
    return entry, data
