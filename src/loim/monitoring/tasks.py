"""Background work of monitoring (django-tasks with the database backend; no broker needed).

- `build_report_file`: builds a report file a person asked for on the web.
- `send_obligation_digests`: the weekly e-mail of early warnings to each responsible party.
  django-tasks has no clock, so the week is kept by the scheduler of the host (cron or a systemd
  timer running `loim obligation-digest --enqueue` every Monday); `loim obligation-digest`
  without `--enqueue` sends at once without a worker.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def build_report_file(build_id: int) -> str:
    from .models import ReportBuild
    from .services import report_build_run, report_builds_recover

    report_builds_recover()  # builds whose worker died are not taken over by anyone else
    build = ReportBuild.objects.select_related("plan", "requested_by", "subject_party").get(pk=build_id)
    return report_build_run(build=build).status


@task()
def send_obligation_digests(as_of: str | None = None) -> int:
    from .digest import send_digests

    return send_digests(as_of=dt.date.fromisoformat(as_of) if as_of else None)
