"""`loim restore FILE [--force]`: restore a `loim backup` archive into an empty database and file
storage, after checking every checksum; erasures the target recorded are replayed
(docs/operations.md "Backups")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loim.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup archive written by `loim backup` (refuses a non-empty target without --force)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The archive written by `loim backup`.")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite a database and file storage that are not empty."
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file.")
        try:
            result = restore(archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if result.overwritten:
            self.stdout.write("Overwrote " + "; ".join(result.overwritten) + ".")
        self.stdout.write(
            f"Restored {result.tables} tables and {result.files} uploaded file(s) from {archive}; "
            f"erasures replayed: {result.erased_again} person(s) erased again, "
            f"{result.tombstones_added} tombstone(s) kept."
        )
