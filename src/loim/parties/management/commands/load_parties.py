from django.core.management.base import BaseCommand, CommandError

from loim.parties.services import parties_load
from loim.places.models import Municipality


class Command(BaseCommand):
    help = "Create or update the programme's parties (ELVL, the partner municipalities, the agency)."

    def handle(self, *args, **options):
        if not Municipality.objects.exists():
            raise CommandError("Load the municipalities first: loim load_places")
        parties = parties_load()
        self.stdout.write(f"Parties: {len(parties)} loaded.")
