"""`loim purge-register --party SLUG [--dry-run]`: erase the register's people whose consent has
ended or whose retention date has passed (modelled on Django's `clearsessions`)."""

from django.core.management.base import BaseCommand, CommandError

from loim.parties.models import Party
from loim.register.services.erasure import purge_party


class Command(BaseCommand):
    help = "Erase people whose consent has ended or whose retention date has passed."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--party", action="append", metavar="SLUG", help="a party's code (repeatable)")
        target.add_argument("--all", dest="every_party", action="store_true", help="every party")
        parser.add_argument("--dry-run", action="store_true", help="count only; erase nothing")

    def handle(self, *args, party=None, every_party=False, dry_run=False, **options):
        if every_party:
            parties = list(Party.objects.order_by("slug"))
        else:
            parties = list(Party.objects.filter(slug__in=party).order_by("slug"))
            unknown = sorted(set(party) - {p.slug for p in parties})
            if unknown:
                raise CommandError(f"No party with the code: {', '.join(unknown)}")
        verb = "would erase" if dry_run else "erased"
        for target in parties:
            result = purge_party(party=target, dry_run=dry_run)
            self.stdout.write(
                f"{target.slug}: {verb} {result.people} people "
                f"({result.consent_ended} consent ended or withdrawn, {result.retention_passed} retention passed), "
                f"{result.attendance} attendance rows, {result.access_log} access-log entries"
                + (f"; {result.failed} could not be erased" if result.failed else "")
                + (f"; {result.kept_restricted} restricted kept for review" if result.kept_restricted else "")
            )
