from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loim.plans.models import Plan
from loim.plans.planfile.export import dump_json, dump_yaml, plan_document


class Command(BaseCommand):
    help = "Write a plan as a plan file (YAML or JSON) to standard output or to a file."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
        parser.add_argument("-o", "--output", help="write to this file instead of standard output")

    def handle(self, *args, year, format, output, **options):
        plan = Plan.objects.select_related("party", "copied_from").filter(year=year).first()
        if plan is None:
            known = ", ".join(str(y) for y in Plan.objects.values_list("year", flat=True)) or "none"
            raise CommandError(f"There is no {year} plan (plans: {known}).")
        document = plan_document(plan)
        text = dump_json(document) if format == "json" else dump_yaml(document)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"Plan {year} written to {output}.")
        else:
            self.stdout.write(text, ending="")
