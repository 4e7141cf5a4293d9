"""Background work of the network app (django-tasks with the database backend).

- `extract_version_text`: reads the text of an uploaded document version for search; enqueued when
  the upload's transaction commits (`documents._add_version`), so the upload itself stays fast and a
  slow or hostile file never holds up the page.
- `send_announcement`: mails an announcement to the network's members; enqueued when the
  announcement's transaction commits (`announcements.announcement_create`).
"""

from __future__ import annotations

from django_tasks import task


@task()
def extract_version_text(version_id: int) -> str:
    from .extraction import version_text_store

    return version_text_store(version_id)


@task()
def send_announcement(announcement_id: int, base_url: str = "") -> int:
    """Mail an announcement to its addresses not mailed yet (a retry sends nobody twice)."""
    from .announcements import announcement_deliver

    return announcement_deliver(announcement_id=announcement_id, base_url=base_url)
