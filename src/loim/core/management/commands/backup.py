"""`loim backup -o FILE`: the database, the uploaded files and a manifest in one tar archive, taken
while the application runs (docs/operations.md "Backups")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loim.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a backup archive (database, uploaded files, manifest with checksums) to FILE."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, type=Path, help="The archive to write (a .tar file).")

    def handle(self, *args, output: Path, **options):
        if not output.parent.is_dir():
            raise CommandError(f"--output: the directory {output.parent} does not exist.")
        try:
            manifest = backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        media = sum(1 for entry in manifest["files"] if entry["path"].startswith("media/"))
        self.stdout.write(f"Wrote {output}: the {manifest['engine']} database and {media} uploaded file(s).")
