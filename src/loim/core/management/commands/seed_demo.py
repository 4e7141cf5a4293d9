from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from loim.core.demo import seed_all


class Command(BaseCommand):
    help = "Create demo accounts and realistic 2024 demo records (demo mode only; idempotent)."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                seed_all(self.stdout)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
