"""`loim purge-uploads [--hours 24] [--enqueue]`: delete import files left waiting (an upload that
was never confirmed or cancelled). Run it daily from the host's scheduler; with `--enqueue` the
background worker does it."""

import datetime as dt

from django.core.management.base import BaseCommand

from loim.core.tabular.uploads import purge
from loim.core.tasks import purge_uploads


class Command(BaseCommand):
    help = "Delete uploaded import files that were abandoned (older than --hours, default 24)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="Age after which a waiting file is removed.")
        parser.add_argument("--enqueue", action="store_true", help="Hand the job to the background worker.")

    def handle(self, *args, hours, enqueue, **options):
        if enqueue:
            result = purge_uploads.enqueue(hours)
            self.stdout.write(f"Enqueued the purge of abandoned uploads ({result.id}).")
            return
        removed = purge(older_than=dt.timedelta(hours=hours))
        self.stdout.write(f"Removed {removed} abandoned upload(s).")
