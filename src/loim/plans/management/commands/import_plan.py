import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from loim.plans.planfile.reader import PlanFileInvalid
from loim.plans.services import plan_file_import

WORD_SUFFIXES = {".docx", ".txt"}


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Import a plan file (YAML or JSON, docs/plan-format.md) or the action plan's Word document (.docx, or "
        "its text export .txt). Every error is listed with its place and nothing is written; importing the same "
        "file again changes nothing. A Word document is previewed first (activities, rows, indicators, the "
        "commitments recognised in its text) and written only when it has no errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the plan file (plans/2024.yaml) or document (tegevuskava-2025.docx)")
        parser.add_argument(
            "--check", "--dry-run", dest="dry_run", action="store_true", help="check and report, but write nothing"
        )
        parser.add_argument("--year", type=int, help="the plan year, when the document's title does not say it")
        parser.add_argument("--yaml-out", help="write the plan read from a document as a YAML plan file")

    def handle(self, *args, file, dry_run, year=None, yaml_out=None, **options):
        path = Path(file)
        if path.suffix.lower() in WORD_SUFFIXES:
            return self.handle_document(path, dry_run=dry_run, year=year, yaml_out=yaml_out)
        if yaml_out:
            raise CommandError("--yaml-out is for a Word document; a YAML plan file is already YAML.")
        try:
            with transaction.atomic():
                result = plan_file_import(file)
                if dry_run:
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

    def handle_document(self, path: Path, *, dry_run: bool, year, yaml_out):
        from loim.plans.wordimport.preview import build_preview, confirm
        from loim.plans.wordimport.summary import preview_lines

        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: no such file.") from exc
        preview = build_preview(data, filename=path.name, year=year)
        for line in preview_lines(preview):
            self.stdout.write(line)
        if yaml_out and preview.document:
            text = preview.yaml()
            if yaml_out == "-":
                sys.stdout.write(text)
            else:
                Path(yaml_out).write_text(text, encoding="utf-8")
                self.stdout.write(f"YAML written to {yaml_out}.")
        if preview.errors:
            raise CommandError(f"{len(preview.errors)} error(s); nothing was imported.")
        if dry_run:
            self.stdout.write("Checked only (--dry-run), nothing written.")
            return
        try:
            result = confirm(preview)
        except PlanFileInvalid as exc:
            raise CommandError(f"{len(exc.errors)} error(s); nothing was imported.\n{exc}") from exc
        verb = "imported" if result.changed else "unchanged"
        self.stdout.write(f"Plan {result.plan.year} {verb}: {result.summary()}.")
