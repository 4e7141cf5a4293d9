"""Background work of the network app (django-tasks with the database backend).

- `extract_version_text`: reads the text of an uploaded document version for search; enqueued when
  the upload's transaction commits (`documents._add_version`), so the upload itself stays fast and a
  slow or hostile file never holds up the page.
"""

from __future__ import annotations

from django_tasks import task


@task()
def extract_version_text(version_id: int) -> str:
    from .extraction import version_text_store

    return version_text_store(version_id)
