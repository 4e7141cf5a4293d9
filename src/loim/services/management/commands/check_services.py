"""`loim check-services [--party tartu] [--no-links]`: the catalogue's broken links and the services
not checked for a year (issue 13). Reads only; exits 1 when it found anything, so a scheduler notices."""

from django.core.management.base import BaseCommand, CommandError

from loim.parties.models import Party
from loim.services.checks import broken_links, not_checked_for_a_year
from loim.services.models import Service


class Command(BaseCommand):
    help = "List the service catalogue's links that do not answer and the services not checked for a year."

    def add_arguments(self, parser):
        parser.add_argument("--party", help="Only this party's services (its code, e.g. tartu).")
        parser.add_argument("--no-links", action="store_true", help="Do not request the links.")

    def handle(self, *args, **options):
        services = Service.objects.select_related("party", "confirmed_by").order_by("party__slug", "name", "pk")
        if options["party"]:
            party = Party.objects.filter(slug=options["party"]).first()
            if party is None:
                raise CommandError(f"No party with the code {options['party']!r}.")
            services = services.filter(party=party)
        found = 0
        if not options["no_links"]:
            broken = broken_links(services)
            self.stdout.write(f"Broken links: {len(broken)}")
            for link in broken:
                service = link.service
                self.stdout.write(
                    f"  [{service.party.slug}] {service.name} (#{service.pk}): {link.url} — {link.problem}"
                )
            found += len(broken)
        stale = list(not_checked_for_a_year(services))
        self.stdout.write(f"Not checked for a year: {len(stale)}")
        for service in stale:
            who = f" by {service.confirmed_by}" if service.confirmed_by else ""
            when = f"{service.confirmed_on:%d.%m.%Y}"
            self.stdout.write(f"  [{service.party.slug}] {service.name} (#{service.pk}): last checked {when}{who}")
        found += len(stale)
        if found:
            raise SystemExit(1)
