"""Background work of the core: the daily purge of abandoned uploads.

django-tasks has no clock, so the day is kept by the host's scheduler (cron or a systemd timer
running `loim purge-uploads --enqueue`, or `loim purge-uploads` without a worker)."""

from django_tasks import task


@task()
def purge_uploads(hours: int = 24) -> int:
    import datetime as dt

    from .tabular.uploads import purge

    return purge(older_than=dt.timedelta(hours=hours))
