"""The rows of the yearly report: plain dataclasses the renderers lay out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from loim.core.disclosure import Figure
from loim.events.attendance import Total
from loim.plans.models import Plan, Section

from .. import obligations as checker

SECTION_NUMBERS = {Section.IMPLEMENTER: 1, Section.PARTNER: 2}
TOP_TOPICS = 5


@dataclass
class KindCount:
    kind: str
    count: int


@dataclass
class NoteRow:
    activity_number: str
    activity_title: str
    party: str
    text: str
    author: str
    updated: dt.datetime
    note_id: int
    activity_id: int
    party_id: int


@dataclass
class PlannedRow:
    """One planned quantity of a schedule row against what was done (issue 11 §5)."""

    planned: int | None  # None: communication work the plan names without a number (issue 15)
    maximum: int | None
    what: str  # the event kinds, the output kinds, or the plan's own unit
    done: int | None  # None: not counted by Lõim (a unit of the plan's words)
    text: str  # "planned 2, done 3"
    quote: str
    event_ids: list[int] = field(default_factory=list)  # the events as evidence (at most 10 listed)
    event_titles: list[str] = field(default_factory=list)
    record_titles: list[str] = field(default_factory=list)  # communication records as evidence (issue 15)

    @property
    def events(self) -> list[tuple[int, str]]:
        return list(zip(self.event_ids, self.event_titles, strict=True))


@dataclass
class DeliverableRow:
    """One deliverable of the plan with its state on the day counted (issue 11 §4)."""

    number: str
    code: str
    key: str
    title: str
    owner: str
    due: dt.date
    state: str  # planned | in_progress | done | late | dropped
    state_label: str
    done_on: dt.date | None
    evidence: list[str]
    notes: str
    commitment: str
    quote: str


@dataclass
class ActivityRow:
    activity_id: int
    level: int
    section: str
    number: str  # "1.3 3.5.1.3" for an activity, "1", "1.1" for a schedule row
    code: str
    title: str
    responsible: str
    responsible_ids: list[int]
    start: dt.date | None
    end: dt.date | None
    events: int = 0
    by_kind: list[KindCount] = field(default_factory=list)
    participants: int = 0
    participants_not_counted: int = 0  # events of the row without any count: not 0, not added
    participations: int = 0
    municipalities: int = 0
    inquiries: int = 0  # the published sum (core.disclosure) …
    inquiries_withheld: int = 0  # … and how many finest cells it leaves out
    notes: list[NoteRow] = field(default_factory=list)
    planned: list[PlannedRow] = field(default_factory=list)

    @property
    def planned_text(self) -> str:
        return "; ".join(p.text for p in self.planned)

    @property
    def is_activity(self) -> bool:
        return self.level == 0

    @property
    def inquiries_shown(self) -> str:
        """As the report shows it: "12", "x" (withheld), "≥ 12" (withheld counts not included)."""
        return Figure(self.inquiries, self.inquiries_withheld).shown

    @property
    def inquiries_display(self) -> int | str:
        """For files: the number, or its text when withheld counts are left out."""
        return (
            self.inquiries if not self.inquiries_withheld else Figure(self.inquiries, self.inquiries_withheld).display
        )

    @property
    def participants_figure(self) -> Total:
        """The participants as shown: "42", "42 (2 events not counted)", "not counted"."""
        return Total(
            counted=self.participants,
            not_counted=self.participants_not_counted,
            events=self.events,
        )

    @property
    def kinds_text(self) -> str:
        return ", ".join(f"{k.kind} {k.count}" for k in self.by_kind)


@dataclass
class ShareRow:
    """One party's part of an indicator whose target is set per party: whose figure it is."""

    party: str
    value: Decimal | None
    target: Decimal | None
    verdict_label: str
    vacant: bool = False


@dataclass
class ContradictionRow:
    """One place where the plan contradicts itself (plans.consistency), and how the report reads it."""

    kind: str
    message: str
    first: str  # "Tabel 6, „Korraldatud infopäevade arv“, sihttase 2024: “3”"
    second: str
    reading: str


@dataclass
class IndicatorRow:
    number: str
    key: str
    name: str
    unit: str
    method: str
    target: Decimal | None
    actual: Decimal | None
    deviation: Decimal | None
    deviation_percent: Decimal | None
    frame_year: int | None
    frame_target: Decimal | None
    position: Decimal | None
    outlook: str
    outlook_label: str
    outlook_text: str
    problems: list[str]
    explanation: str
    trend: list[tuple[int, Decimal | None]]
    counting: str = ""  # how the figure is counted, in words (the plan's measurement note)
    shares: list[ShareRow] = field(default_factory=list)  # per-party targets: whose figure


@dataclass
class PeriodCell:
    key: str
    label: str
    short: str
    verdict: str
    verdict_label: str
    count: int | None
    reason: str
    symbol: str
    rule: str = ""  # the rule applied, in words ("2–3 a year: 4, above plan")
    above: bool = False  # met, above the plan's range


@dataclass
class ObligationRow:
    number: str
    key: str
    title: str
    responsible: str
    period: str
    requirement: str
    overall: str
    overall_label: str
    met: int
    missed: int
    excluded: int
    total: int
    problems: list[str]
    quote: str
    cells: list[PeriodCell]
    responsible_id: int | None = None

    @property
    def above(self) -> int:
        """Periods met above the plan's range."""
        return sum(1 for cell in self.cells if cell.above)


@dataclass
class TopicRow:
    topic: str
    count: str  # as shown: "12", "x" (withheld), "≥ 12" (withheld counts not included)
    previous: str
    count_value: int | None = None  # the numbers behind them, for the JSON; None when withheld
    previous_value: int | None = None


@dataclass
class InquiryRow:
    party: str
    party_id: int
    total: str  # as shown: "12", "x" (withheld), "≥ 12" (withheld counts not included)
    suppressed: bool
    topics: list[TopicRow]
    activity_numbers: list[str]
    count: int | None = None  # the published sum; None when withheld
    withheld: int = 0


@dataclass
class PartyEventsRow:
    """One party's events of one kind in the period, with the participants counted at them."""

    party_id: int
    kind: str
    count: int
    participants: int


@dataclass
class UnlinkedRow:
    party: str
    kind: str
    count: int


@dataclass
class StepRow:
    action: str
    action_label: str
    by: str
    at: dt.datetime
    text: str  # the comment (returned, approved) or the reason (changed)
    what: str = ""  # changed: what changed


@dataclass
class ReviewRow:
    """One party's part of the period's report in the cycle (monitoring/cycle.py): its state and who
    did what when, with every change since approval (what, why, by whom)."""

    party: str
    party_id: int
    period: str
    state: str
    state_label: str
    submitted_by: str = ""
    submitted_at: dt.datetime | None = None
    decided_by: str = ""
    decided_at: dt.datetime | None = None
    comment: str = ""
    steps: list[StepRow] = field(default_factory=list)

    @property
    def reviewed(self) -> bool:
        """Approved (and so locked), whether or not changed since."""
        return self.state in ("approved", "changed")

    @property
    def changes(self) -> list[StepRow]:
        return [step for step in self.steps if step.action == "changed"]


@dataclass
class CommunicationRow:
    """Communication outputs of one party, kind and language in the report's period (issue 15)."""

    party: str
    kind: str
    language: str
    count: int


@dataclass
class TranslationRow:
    """Translation jobs of one party from one language into another in the report's period (issue 15)."""

    party: str
    source: str
    target: str
    count: int


@dataclass
class Report:
    plan: Plan
    title: str
    scope: str
    as_of: dt.date
    generated_at: dt.datetime
    final: bool
    activities: list[ActivityRow]
    indicators: list[IndicatorRow]
    obligations: list[ObligationRow]
    inquiries: list[InquiryRow]
    unlinked: list[UnlinkedRow]
    notes: list[NoteRow]
    reviews: list[ReviewRow]
    party_ids: list[int]
    period: str = "year"  # ReportPeriod: "h1" counts 1.1–30.6 of the plan year
    deliverables: list[DeliverableRow] = field(default_factory=list)
    communication: list[CommunicationRow] = field(default_factory=list)  # issue 15
    translations: list[TranslationRow] = field(default_factory=list)
    contradictions: list[ContradictionRow] = field(default_factory=list)  # issue 16: the annex
    party_events: list[PartyEventsRow] = field(default_factory=list)  # issue 16: each party's events

    @property
    def legend(self) -> list[tuple[str, str, str]]:
        return [(v, checker.verdict_label(v), checker.VERDICT_SYMBOLS[v]) for v in checker.VERDICTS]

    @property
    def sections(self) -> list[tuple[str, str, list[ActivityRow]]]:
        """(number, title, rows) for the plan's two sections, as the document groups activities."""
        titles = {Section.IMPLEMENTER: _("Implementer's activities"), Section.PARTNER: _("Partners' activities")}
        result = []
        for section, number in SECTION_NUMBERS.items():
            rows = [row for row in self.activities if row.section == section]
            if rows:
                result.append((str(number), str(titles[section]), rows))
        return result
