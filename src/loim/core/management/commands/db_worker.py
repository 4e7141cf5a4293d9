"""`loim db_worker`: django-tasks-db's worker, with the heartbeat the health endpoint reads.

The same command, options and behaviour as django_tasks_db's `db_worker` (loim.core comes first in
INSTALLED_APPS, so this one is found under the same name); besides, while it runs, the process keeps
its row in core_workerheartbeat fresh (core.health.Heartbeat) and removes it when it stops. With the
autoreloader (`--reload`, DEBUG's default) only the child process that runs the tasks beats.
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from loim.core.health import Heartbeat


class Command(DatabaseWorkerCommand):
    help = "Run the database background worker (django-tasks-db), with a heartbeat for /health/"

    def handle(self, *args, **options):
        runs_tasks = not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        if not runs_tasks:
            return super().handle(*args, **options)
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.start()
        try:
            return super().handle(*args, **options)
        finally:
            heartbeat.stop()
