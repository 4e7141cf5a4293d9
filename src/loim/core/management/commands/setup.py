from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate and load the reference data (places, parties, shipped plans). Safe to run again."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_places", stdout=self.stdout)
        call_command("load_parties", stdout=self.stdout)
        from django.apps import apps

        for config in apps.get_app_configs():
            hook = getattr(config, "setup_hook", None)
            if hook:
                hook(self.stdout)
