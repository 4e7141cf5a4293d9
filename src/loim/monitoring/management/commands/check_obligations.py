"""`loim check-obligations --year 2024 [--as-of 2024-06-18] [--party tartu] [--format table|json]`"""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from loim.monitoring import obligations as checker
from loim.monitoring.access import Viewer
from loim.parties.models import Party
from loim.plans.models import Plan


def iso_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of must be a date as YYYY-MM-DD, not {value!r}.") from exc


class Command(BaseCommand):
    help = "Check the plan year's commitments period by period (met, missed, in progress, not due, excluded, open)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", type=iso_day, help="Judge as of this day (YYYY-MM-DD); default: today.")
        parser.add_argument("--party", help="Only this responsible party (its code, e.g. tartu).")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        plan = Plan.objects.filter(year=options["year"]).first()
        if plan is None:
            years = ", ".join(str(y) for y in Plan.objects.order_by("year").values_list("year", flat=True)) or "none"
            raise CommandError(f"There is no action plan for {options['year']} (plans: {years}).")
        party = None
        if options["party"]:
            party = Party.objects.filter(slug=options["party"]).first()
            if party is None:
                raise CommandError(f"Unknown party {options['party']!r}.")
        checks = checker.check(
            plan, Viewer.system(party), as_of=options["as_of"], with_events=options["format"] == "json"
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(as_data(checks), ensure_ascii=False, indent=2))
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


def as_data(checks) -> list[dict]:
    return [
        {
            "key": check.obligation.key,
            "title": check.obligation.title,
            "responsible": check.obligation.responsible.slug,
            "period": check.obligation.period,
            "min": check.obligation.min_count,
            "max": check.obligation.max_count,
            "excluded": check.obligation.excluded_periods,
            "open": check.obligation.is_open,
            "as_of": check.as_of.isoformat() if check.as_of else None,
            "overall": check.overall,
            "problems": check.problems,
            "periods": [
                {
                    "key": cell.slot.key,
                    "start": cell.slot.start.isoformat(),
                    "end": cell.slot.end.isoformat(),
                    "verdict": cell.verdict,
                    "count": cell.count,
                    "days_left": cell.days_left,
                    "reason": cell.reason,
                    "events": [event.pk for event in cell.events],
                }
                for cell in check.cells
            ],
        }
        for check in checks
    ]
