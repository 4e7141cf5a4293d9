"""`loim report --year 2024 --format html|xlsx|pdf|json -o FILE [--party tartu] [--as-of DAY]`

Builds the yearly report without a worker, as the system (it reads like ELVL: every party's
non-personal records; small inquiry counts are withheld as on ELVL's pages)."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loim.monitoring.access import Viewer
from loim.monitoring.management.arguments import iso_day, party_of, plan_of
from loim.monitoring.rendering import FORMATS, render


class Command(BaseCommand):
    help = "Write the yearly report (tegevuskava täitmise aruanne) as HTML, XLSX, PDF or JSON."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("-o", "--output", help="File to write; '-' or none writes to standard output.")
        parser.add_argument("--party", help="Only this party's part (its code, e.g. tartu).")
        parser.add_argument("--as-of", type=iso_day, help="Count as of this day (YYYY-MM-DD); default: today.")
        parser.add_argument("--language", default=None, help="Language of the file (default: Estonian).")
        parser.add_argument(
            "--period", choices=["year", "h1"], default="year", help="The year (default) or H1 (1.1–30.6)."
        )

    def handle(self, *args, **options):
        plan, party = plan_of(options["year"]), party_of(options["party"])
        if options["format"] in ("xlsx", "pdf") and (not options["output"] or options["output"] == "-"):
            raise CommandError("XLSX and PDF are binary: give a file with -o FILE.")
        content = render(
            plan,
            Viewer.system(party),
            options["format"],
            as_of=options["as_of"],
            language=options["language"],
            period=options["period"],
        )
        output = options["output"]
        if not output or output == "-":
            self.stdout.write(content.decode())
            return
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist.")
        # A new file beside it, renamed over the name when complete: a process killed while writing
        # leaves the old file or none under the name, never half a report.
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        try:
            partial.write_bytes(content)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Wrote {path} ({len(content):,} bytes).")
