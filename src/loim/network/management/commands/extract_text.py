"""`loim extract-text [--again]`: read the text of document versions that have none yet, for search.

Versions uploaded before text extraction existed (or while no worker ran and its queue was lost) stay
"pending"; this reads them at once, without a worker. `--again` reads every version anew (after a
reader got better)."""

from django.core.management.base import BaseCommand

from loim.network.extraction import version_text_store
from loim.network.models import DocumentVersion, TextState


class Command(BaseCommand):
    help = "Extract the text of document versions still waiting for it (or of all with --again)."

    def add_arguments(self, parser):
        parser.add_argument("--again", action="store_true", help="Read every version again.")

    def handle(self, *args, **options):
        versions = DocumentVersion.objects.all()
        if not options["again"]:
            versions = versions.filter(text_state=TextState.PENDING)
        states: dict[str, int] = {}
        for pk in versions.order_by("pk").values_list("pk", flat=True):
            state = version_text_store(pk)
            states[state] = states.get(state, 0) + 1
        summary = ", ".join(f"{state}: {n}" for state, n in sorted(states.items())) or "nothing to do"
        self.stdout.write(f"Text extraction: {summary}.")
