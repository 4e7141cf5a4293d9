from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loim.places.services import DEFAULT_FILE, ClassifierError, places_load


class Command(BaseCommand):
    help = "Load or reload counties and municipalities from an EHAK classifier file (TSV/CSV)."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", default=str(DEFAULT_FILE), help="classifier file (default: shipped 2024 list)"
        )
        parser.add_argument("--valid-from", help="date (YYYY-MM-DD) from which new codes are valid")
        parser.add_argument("--retire-missing", action="store_true", help="mark units absent from the file as ceased")

    def handle(self, *args, **options):
        import datetime as dt

        valid_from = None
        if options["valid_from"]:
            try:
                valid_from = dt.date.fromisoformat(options["valid_from"])
            except ValueError as exc:
                raise CommandError(f"--valid-from: '{options['valid_from']}' is not a date YYYY-MM-DD") from exc
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        try:
            result = places_load(path=path, valid_from=valid_from, retire_missing=options["retire_missing"])
        except ClassifierError as exc:
            raise CommandError("Nothing was loaded:\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(
            f"Places: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.recoded)} recoded, {len(result.ceased)} ceased."
        )
