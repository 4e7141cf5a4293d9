"""Communication records as a source of the plan's planned-versus-done (issue 15).

A planned quantity of a schedule row may name `outputs: [...]` (docs/plan-format.md): output kinds
(`news`, `social_post`, …) and `translation` for translation jobs. Done is the number of such
records linked to the row or a row under it, dated in the plan period up to the day counted, as far
as the viewer may count them (`Viewer.scope`, i.e. core.tenancy) — whoever recorded them, as events
are counted. A translation job counts when it is done. The records are the evidence listed beside
the figure. Two queries per planned quantity (its count and the first records), whatever the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import JobStatus, Output, OutputKind, TranslationJob

TRANSLATION = "translation"
OUTPUT_SOURCES: frozenset[str] = frozenset({*OutputKind.values, TRANSLATION})


@dataclass(frozen=True)
class Evidence:
    """One record behind a figure, as the plan page and the report list it."""

    date: dt.date
    title: str
    link: str
    kind_label: str

    @property
    def text(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.title}"


def _querysets(viewer, codes, activity_ids, start: dt.date, until: dt.date):
    kinds = [code for code in codes if code != TRANSLATION]
    found = []
    if kinds:
        found.append(
            viewer.scope(Output).filter(kind__in=kinds, activity_id__in=activity_ids, date__gte=start, date__lte=until)
        )
    if TRANSLATION in codes:
        found.append(
            viewer.scope(TranslationJob).filter(
                status=JobStatus.DONE, activity_id__in=activity_ids, date__gte=start, date__lte=until
            )
        )
    return found


def count_and_evidence(
    viewer, codes, activity_ids, start: dt.date, until: dt.date, *, listed: int
) -> tuple[int, list[Evidence]]:
    """(how many records, the latest `listed` of them as evidence)."""
    if until < start:
        return 0, []
    total, evidence = 0, []
    for queryset in _querysets(viewer, codes, activity_ids, start, until):
        total += queryset.count()
        if listed:
            for record in queryset.order_by("-date", "-pk")[:listed]:
                link = getattr(record, "link", "") or getattr(record, "result_link", "")
                label = record.get_kind_display() if isinstance(record, Output) else str(record._meta.verbose_name)
                evidence.append(Evidence(record.date, record.title, link, str(label)))
    evidence.sort(key=lambda e: e.date, reverse=True)
    return total, evidence[:listed]
