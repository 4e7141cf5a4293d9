"""`loim obligation-digest [--as-of DAY] [--enqueue]`: the weekly e-mail of commitments running short.

Run it weekly from the host's scheduler (cron, a systemd timer). Without `--enqueue` it sends at once
and needs no worker; with `--enqueue` it hands the job to the django-tasks worker."""

from django.core.management.base import BaseCommand

from loim.monitoring.digest import send_digests
from loim.monitoring.management.arguments import iso_day
from loim.monitoring.tasks import send_obligation_digests


class Command(BaseCommand):
    help = "Send each responsible party its digest of commitments (early warnings and missed periods)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=iso_day, help="As of this day (YYYY-MM-DD); default: today.")
        parser.add_argument("--enqueue", action="store_true", help="Hand the job to the background worker.")

    def handle(self, *args, **options):
        as_of = options["as_of"]
        if options["enqueue"]:
            result = send_obligation_digests.enqueue(as_of.isoformat() if as_of else None)
            self.stdout.write(f"Enqueued the digest ({result.id}).")
            return
        sent = send_digests(as_of=as_of)
        self.stdout.write(f"Sent {sent} digest(s).")
