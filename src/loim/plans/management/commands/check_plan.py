import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from loim.plans.consistency import plan_findings
from loim.plans.models import Plan
from loim.plans.selectors import plan_tree


class Command(BaseCommand):
    help = "List where a plan contradicts itself, quoting both places of each contradiction."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--strict", action="store_true", help="exit with status 1 when anything is found")

    def handle(self, *args, year, format, strict, **options):
        plan = Plan.objects.select_related("party").filter(year=year).first()
        if plan is None:
            raise CommandError(f"There is no {year} plan.")
        findings = plan_findings(plan_tree(plan))
        if format == "json":
            self.stdout.write(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
        else:
            count = len(findings)
            self.stdout.write(plan.title)
            self.stdout.write(ngettext("%(count)s finding.", "%(count)s findings.", count) % {"count": count})
            for number, finding in enumerate(findings, start=1):
                self.stdout.write(f"\n{number}. [{finding.kind}] {finding.message}")
                for place in (finding.first, finding.second):
                    if place:
                        self.stdout.write(f"   {place.label}: “{place.quote}”")
        if strict and findings:
            raise CommandError(f"{len(findings)} finding(s).", returncode=1)
