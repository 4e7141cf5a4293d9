"""The report's rows for issue 11 §4–5: planned versus done on each schedule row, and the plan's
deliverables with their state on the day counted. Built from the same selectors the pages use
(`monitoring.planned`, `monitoring.deliverables`), so the report, the plan page and the deliverables
list cannot disagree."""

from __future__ import annotations

import datetime as dt

from ..access import Viewer
from ..deliverables.selectors import deliverable_rows
from ..planned import planned_vs_done
from .rows import ActivityRow, CommunicationRow, DeliverableRow, PlannedRow, TranslationRow


def add_planned(plan, viewer: Viewer, as_of: dt.date, rows: list[ActivityRow], activities) -> None:
    """Each activity row's planned quantities with what was done up to `as_of` (the events as evidence)."""
    found = planned_vs_done(plan, viewer, activities=activities, as_of=as_of)
    for row in rows:
        row.planned = [
            PlannedRow(
                planned=item.count,
                maximum=item.maximum,
                what=item.what,
                done=item.done,
                text=item.text,
                quote=item.quote,
                event_ids=[event.pk for event in item.events],
                event_titles=[f"{event.start:%d.%m.%Y} {event.title}" for event in item.events],
                record_titles=[record.text for record in item.records],
            )
            for item in found.get(row.activity_id, [])
        ]


def deliverables(plan, viewer: Viewer, as_of: dt.date, numbers: dict[int, str]) -> list[DeliverableRow]:
    """The deliverables of the parties the report covers, in the plan's order, as they stood on `as_of`."""
    result = []
    for row in deliverable_rows(plan, viewer, today=as_of):
        deliverable, record = row.deliverable, row.record
        evidence = []
        if record is not None:
            if record.evidence_file_name:
                evidence.append(record.evidence_file_name)
            evidence += [f"{event.start:%d.%m.%Y} {event.title}" for event in row.events]
            evidence += record.link_list
        result.append(
            DeliverableRow(
                number=numbers.get(deliverable.activity_id, ""),
                code=deliverable.activity.code,
                key=deliverable.key,
                title=deliverable.title,
                owner=str(deliverable.owner),
                due=deliverable.due_date,
                state=row.state.code,
                state_label=row.state.label,
                done_on=row.facts.done_on if row.state.code == "done" else None,
                evidence=evidence,
                notes=record.notes if record is not None else "",
                commitment=deliverable.obligation.title if deliverable.obligation is not None else "",
                quote=deliverable.quote,
            )
        )
    return result


def communication(
    viewer: Viewer, start: dt.date, until: dt.date
) -> tuple[list[CommunicationRow], list[TranslationRow]]:
    """The communication outputs per party, kind and language, and the translation jobs per party and
    language pair, of the period (issue 15), from the communication app's one selector. An output in
    two languages is counted under each; the rows are ordered by party, then by count."""
    from loim.communication.models import OutputKind
    from loim.communication.selectors import report_counts
    from loim.core.vocabulary import Language

    counts = report_counts(viewer, start, until)
    names = {info.pk: info.short_name or info.name for info in viewer.parties()}
    kinds, languages = dict(OutputKind.choices), dict(Language.choices)

    def name(pk):
        return names.get(pk, str(pk))

    outputs = sorted(
        (
            CommunicationRow(name(party), str(kinds.get(kind, kind)), str(languages.get(lang, lang or "—")), n)
            for (party, kind, lang), n in counts["outputs"].items()
        ),
        key=lambda r: (r.party, -r.count, r.kind, r.language),
    )
    jobs = sorted(
        (
            TranslationRow(name(party), str(languages.get(a, a)), str(languages.get(b, b)), n)
            for (party, a, b), n in counts["jobs"].items()
        ),
        key=lambda r: (r.party, -r.count, r.source, r.target),
    )
    return outputs, jobs
