"""The responsible parties' explanations of missed periods, read for the pages that show verdicts:
one query for any number of commitments, attached to the checker's cells (`Cell.explanation`)."""

from __future__ import annotations

from .models import DeviationExplanation
from .obligations import MISSED, ObligationCheck


def explanations_for(user, obligations) -> dict[tuple[int, str], DeviationExplanation]:
    """(obligation id, period key) → the explanation, of those the user may read."""
    rows = (
        DeviationExplanation.objects.visible_to(user)
        .filter(obligation__in=[getattr(o, "pk", o) for o in obligations])
        .select_related("author")
    )
    return {(row.obligation_id, row.period_key): row for row in rows}


def attach(user, checks: list[ObligationCheck]) -> list[ObligationCheck]:
    """Give every missed cell its explanation, if its party wrote one (an explanation of a period that
    is no longer missed stays on record but is not shown as explaining anything)."""
    found = explanations_for(user, [check.obligation for check in checks])
    for check in checks:
        for cell in check.cells:
            if cell.verdict == MISSED:
                cell.explanation = found.get((check.obligation.pk, cell.slot.key))
    return checks
