"""`loim check-obligations --year 2024 [--as-of 2024-06-18] [--party tartu] [--format table|json]`"""

import json

from django.core.management.base import BaseCommand

from loim.monitoring import obligations as checker
from loim.monitoring.access import Viewer
from loim.monitoring.management.arguments import iso_day, party_of, plan_of


class Command(BaseCommand):
    help = "Check the plan year's commitments period by period (met, missed, in progress, not due, excluded, open)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", type=iso_day, help="Judge as of this day (YYYY-MM-DD); default: today.")
        parser.add_argument("--party", help="Only this responsible party (its code, e.g. tartu).")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        plan, party = plan_of(options["year"]), party_of(options["party"])
        checks = checker.check(
            plan, Viewer.system(party), as_of=options["as_of"], with_events=options["format"] == "json"
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(checker.as_data(checks), ensure_ascii=False, indent=2))
        else:
            self.write_table(checks)
        if any(check.is_broken for check in checks):
            self.stderr.write(self.style.WARNING("Some commitments cannot be checked; see 'broken'."))

    def write_table(self, checks):
        for check in checks:
            obligation = check.obligation
            self.stdout.write(
                f"{obligation.key}  [{obligation.responsible.slug}, {obligation.get_period_display()}, "
                f"{check.requirement or '-'}]  → {check.overall}"
            )
            if check.is_broken:
                for problem in check.problems:
                    self.stdout.write(f"    broken: {problem}")
                continue
            line = "    " + "  ".join(
                f"{cell.slot.short}:{cell.verdict}" + (f"({cell.count})" if cell.count is not None else "")
                for cell in check.cells
            )
            self.stdout.write(line)
