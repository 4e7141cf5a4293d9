from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from loim.plans.planfile.reader import PlanFileInvalid
from loim.plans.services import plan_file_import


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Import a plan file (YAML or JSON, docs/plan-format.md). Every error is listed with file, line and "
        "field, and nothing is written; importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the plan file, e.g. plans/2024.yaml")
        parser.add_argument("--check", action="store_true", help="check the file and report, but write nothing")

    def handle(self, *args, file, check, **options):
        try:
            with transaction.atomic():
                result = plan_file_import(file)
                if check:
                    raise _DryRun
        except _DryRun:
            self.stdout.write(f"{file}: OK ({result.summary()}) — checked only, nothing written.")
            return
        except FileNotFoundError as exc:
            raise CommandError(f"{file}: no such file.") from exc
        except PlanFileInvalid as exc:
            count = len(exc.errors)
            raise CommandError(f"{count} error(s); nothing was imported.\n{exc}") from exc
        verb = "imported" if result.changed else "unchanged"
        self.stdout.write(f"Plan {result.plan.year} {verb}: {result.summary()}.")
