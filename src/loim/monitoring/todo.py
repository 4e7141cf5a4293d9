"""The home page's to-do list: what the user's own parties should do next.

The list is made of items from *sources*: functions `source(desk) -> Iterable[Item]` listed in
`SOURCES` (dotted paths). A source reads what it needs through `desk` (the user, the user's parties,
today, the plan year the list is about and the day its figures are judged as of) and returns items
with a kind (`SECTIONS` gives each kind its heading and place), a title, a due date, a state and the
URL of the page where the work is done. Another feature adds its own items by writing one source and
appending its path to `SOURCES` (and its kind to `SECTIONS`); nothing else changes.

The plan year: the plan whose period covers today; when none does (the 2024 data viewed in 2026),
the most recent plan year before today, judged as of its last day, so what it left open (missed
periods without an explanation, events without attendance) is still listed, while nothing is "due
this week" in a year that is over (`Desk.year_over` says so on the page).

Each source costs a fixed number of queries whatever the amount of data (`tests/monitoring/
test_todo.py` counts them): the commitments are judged by the one checker (`obligations.check`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy

from loim.core.generations import cached_panel, tables_of
from loim.core.permissions import parties_for
from loim.events.models import Event, ParticipantCount
from loim.plans.models import ObligationSubject, Plan, PlanStatus

from . import obligations as checker
from .access import Viewer
from .engine.counting import moment
from .explanations import attach

# kinds of items; a new source adds its own
DUE_WEEK = "due_week"
DUE_MONTH = "due_month"
MISSED = "missed"
ATTENDANCE = "attendance"

RUNNING_SHORT = "running_short"


@dataclass(frozen=True)
class SectionKind:
    order: int  # place on the page
    heading: object  # a lazy translation
    done: Callable[[int], str] | None = None  # "2 explained": the items counted but not listed


#: kind -> its section
SECTIONS: dict[str, SectionKind] = {
    DUE_WEEK: SectionKind(10, gettext_lazy("Commitments due this week")),
    DUE_MONTH: SectionKind(20, gettext_lazy("Commitments due later this month")),
    RUNNING_SHORT: SectionKind(25, gettext_lazy("Commitments running short")),
    MISSED: SectionKind(
        30,
        gettext_lazy("Missed periods awaiting an explanation"),
        lambda n: ngettext("%(n)d missed period explained.", "%(n)d missed periods explained.", n) % {"n": n},
    ),
    ATTENDANCE: SectionKind(40, gettext_lazy("Past events without attendance")),
    "deliverables": SectionKind(35, gettext_lazy("Deliverables late or due within 30 days")),
    "report_parts": SectionKind(50, gettext_lazy("Report parts to submit or to review")),  # cycle.py
}
OTHER = SectionKind(100, pgettext_lazy("to-do", "Other"))

#: the item sources, in order; each is `source(desk) -> Iterable[Item]`
SOURCES: list[str] = [
    "loim.monitoring.todo.commitments_due",
    "loim.monitoring.todo.running_short",
    "loim.monitoring.todo.missed_periods",
    "loim.monitoring.todo.events_without_attendance",
    "loim.monitoring.deliverables.todo.deliverables_due",
    "loim.monitoring.cycle.todo_items",
]

#: at most this many events without attendance are listed (the rest are counted)
ATTENDANCE_LISTED = 20
# Missed periods listed per commitment, the oldest first; the rest are one "N more" line that leads to
# the commitments calendar (a weekly club missed all autumn is one line of work, not fifteen).
MISSED_LISTED = 3


@dataclass(frozen=True)
class Action:
    label: str
    url: str


@dataclass(frozen=True)
class Item:
    kind: str
    title: str
    due: dt.date | None
    state: str  # a word for CSS and tests: a verdict ("met", "in_progress", "missed"), "explained", "open"…
    state_label: str  # the state in words, as shown
    url: str  # where the work is done (or the record is seen)
    detail: str = ""
    actions: tuple[Action, ...] = ()
    done: bool = False  # counted in its section ("2 explained") but not listed as work to do
    date_word: str = ""  # what the date is, when it is not the due date (e.g. "held on")
    stands_for: int = 1  # a "N more …" line (state "more") stands for the N items it does not list


@dataclass
class Desk:
    """What the sources share: who is looking, for which parties, on which day, about which plan year."""

    user: object
    today: dt.date
    party_ids: frozenset[int] = field(default_factory=frozenset)
    plan: Plan | None = None

    @classmethod
    def of(cls, user, today: dt.date | None = None) -> Desk:
        today = today or timezone.localdate()
        party_ids = parties_for(user, "member")
        return cls(user=user, today=today, party_ids=party_ids, plan=todo_plan(user, today) if party_ids else None)

    @property
    def as_of(self) -> dt.date:
        """The day the plan year's figures are judged as of: today, or the last day of a year that is over."""
        return min(self.today, self.plan.period_end) if self.plan else self.today

    @property
    def year_over(self) -> bool:
        return self.plan is not None and self.today > self.plan.period_end

    @property
    def now(self) -> dt.datetime:
        """The moment "past" is measured from: now, or the end of the given day (a list as of a day)."""
        if self.today == timezone.localdate():
            return timezone.now()
        return moment(self.today + dt.timedelta(days=1))

    @property
    def viewer(self) -> Viewer:
        return Viewer(user=self.user)

    @cached_property
    def editable(self) -> frozenset[int]:
        """The user's parties whose work the user records (the actions are offered for these)."""
        return parties_for(self.user, "record_work") & self.party_ids

    @cached_property
    def checks(self) -> list[checker.ObligationCheck]:
        """The user's parties' commitments of the plan year, judged once for every source."""
        if self.plan is None:
            return []
        obligations = checker.obligations_for(self.plan, self.viewer).filter(responsible_id__in=self.party_ids)
        return attach(self.user, checker.check(self.plan, self.viewer, as_of=self.as_of, obligations=obligations))


def todo_plan(user, today: dt.date) -> Plan | None:
    """The plan whose period covers today, else the most recent one before today: in one query, the
    latest approved plan begun by today (plan years do not overlap; a draft awaiting approval asks
    nothing of anyone yet)."""
    return (
        Plan.objects.visible_to(user)
        .filter(period_start__lte=today, status=PlanStatus.APPROVED)
        .order_by("-period_start", "-year")
        .first()
    )


@dataclass
class Section:
    kind: str
    items: list[Item] = field(default_factory=list)
    done: int = 0

    @property
    def of_kind(self) -> SectionKind:
        return SECTIONS.get(self.kind, OTHER)

    @property
    def heading(self):
        return self.of_kind.heading

    @property
    def count(self) -> int:
        """How many things are open in the section, the listed ones and those behind a "more" line."""
        return sum(item.stands_for for item in self.items)

    @property
    def done_text(self) -> str:
        return self.of_kind.done(self.done) if self.done and self.of_kind.done else ""


@dataclass
class TodoList:
    desk: Desk
    sections: list[Section]

    @property
    def open_count(self) -> int:
        return sum(section.count for section in self.sections)

    @property
    def tally(self) -> list[tuple[str, str, int]]:
        """The plan year's periods so far: met, missed, in progress (verdict, label, count)."""
        summary = dict.fromkeys(checker.VERDICTS, 0)
        for check in self.desk.checks:
            for verdict, count in check.summary.items():
                summary[verdict] += count
        shown = (checker.MET, checker.MISSED, checker.IN_PROGRESS)
        return [(v, checker.verdict_label(v), summary[v]) for v in shown] if any(summary.values()) else []


def todo_for(user, today: dt.date | None = None) -> TodoList:
    """The to-do list of the user's parties: every source's items, grouped into sections by kind."""
    desk = Desk.of(user, today)
    grouped: dict[str, Section] = {}
    if desk.party_ids:
        for path in SOURCES:
            for item in import_string(path)(desk):
                section = grouped.setdefault(item.kind, Section(item.kind))
                if item.done:
                    section.done += 1
                else:
                    section.items.append(item)
    sections = sorted(grouped.values(), key=lambda s: s.of_kind.order)
    for section in sections:
        section.items.sort(key=lambda i: (i.due or dt.date.max, i.title))
    return TodoList(desk, sections)


# --- Sources -------------------------------------------------------------------------------------


def cell_url(plan: Plan, obligation, slot) -> str:
    return reverse("monitoring:cell", kwargs={"year": plan.year, "key": obligation.key, "period": slot.key})


def add_event_url(obligation, slot) -> str:
    """The quick-entry form prefilled for a commitment's period: its (first) kind, its responsible
    party, its plan row, its reach and the first day of the period (`events.forms.prefill_from`)."""
    kinds = sorted(obligation.event_kinds.all(), key=lambda kind: kind.pk)
    params = {"party": obligation.responsible_id, "date": slot.start.isoformat()}
    if kinds:
        params["kind"] = kinds[0].pk
    if obligation.activity_id:
        params["activity"] = obligation.activity_id
    if obligation.reach:
        params["reach"] = obligation.reach
    return reverse("events:create") + "?" + urlencode(params)


def explain_url(plan: Plan, obligation, slot, *, back: str = "/") -> str:
    url = reverse("monitoring:explain", kwargs={"year": plan.year, "key": obligation.key, "period": slot.key})
    return url + "?" + urlencode({"next": back})


def _state_of(cell: checker.Cell) -> str:
    count = cell.regions + cell.unchecked if cell.regions is not None else cell.count or 0
    return f"{cell.label}, {count}"


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of the week of `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def commitments_due(desk: Desk) -> Iterable[Item]:
    """Periods that have begun and end this week (Monday–Sunday) or later this month, with their state
    (met, or in progress with the count so far and the early warning if there is one)."""
    if desk.plan is None or desk.year_over:
        return []
    _monday, sunday = week_of(desk.today)
    last = month_end(desk.today)
    warnings = {(w.check.obligation.pk, w.cell.slot.key): w.text for w in checker.warnings_for(desk.checks)}
    items = []
    for check in desk.checks:
        for cell in check.cells:
            slot = cell.slot
            if cell.verdict not in (checker.MET, checker.IN_PROGRESS) or not desk.today <= slot.end <= last:
                continue
            obligation = check.obligation
            items.append(
                Item(
                    kind=DUE_WEEK if slot.end <= sunday else DUE_MONTH,
                    title=f"{obligation.title}: {slot.label}",
                    due=slot.end,
                    state=cell.verdict,
                    state_label=_state_of(cell),
                    url=cell_url(desk.plan, obligation, slot),
                    detail=warnings.get((obligation.pk, slot.key), cell.rule),
                )
            )
    return items


def running_short(desk: Desk) -> Iterable[Item]:
    """Early warnings (`obligations.warnings_for`) of periods that end after this month: the rest are
    already due this week or month."""
    if desk.plan is None or desk.year_over:
        return []
    last = month_end(desk.today)
    return [
        Item(
            kind=RUNNING_SHORT,
            title=f"{w.check.obligation.title}: {w.cell.slot.label}",
            due=w.cell.slot.end,
            state=w.cell.verdict,
            state_label=_state_of(w.cell),
            url=cell_url(desk.plan, w.check.obligation, w.cell.slot),
            detail=w.text,
        )
        for w in checker.warnings_for(desk.checks)
        if w.cell.slot.end > last
    ]


def missed_periods(desk: Desk) -> Iterable[Item]:
    """Every missed period of the plan year so far; one with its party's explanation is done (counted
    as explained, not listed). For the party's editors: "add the event" (an events commitment) and
    "explain the deviation"."""
    if desk.plan is None:
        return []
    items = []
    calendar = reverse("monitoring:calendar", kwargs={"year": desk.plan.year})
    for check in desk.checks:
        obligation = check.obligation
        editable = obligation.responsible_id in desk.editable
        open_cells = 0
        for cell in check.cells:
            if cell.verdict != checker.MISSED:
                continue
            if cell.explanation is None:
                open_cells += 1
                if open_cells > MISSED_LISTED:
                    continue
            actions = []
            if editable and obligation.subject == ObligationSubject.EVENTS:
                actions.append(Action(_("Add the event"), add_event_url(obligation, cell.slot)))
            if editable:
                actions.append(Action(_("Explain the deviation"), explain_url(desk.plan, obligation, cell.slot)))
            items.append(
                Item(
                    kind=MISSED,
                    title=f"{obligation.title}: {cell.slot.label}",
                    due=cell.slot.end,
                    state="explained" if cell.explanation else checker.MISSED,
                    state_label=f"{cell.label}, {cell.reason}",
                    url=cell_url(desk.plan, obligation, cell.slot),
                    detail=cell.rule,
                    actions=tuple(actions),
                    done=cell.explanation is not None,
                )
            )
        hidden = open_cells - MISSED_LISTED
        if hidden > 0:
            items.append(
                Item(
                    kind=MISSED,
                    title=ngettext(
                        "%(title)s: %(count)d more missed period", "%(title)s: %(count)d more missed periods", hidden
                    )
                    % {"title": obligation.title, "count": hidden},
                    due=None,
                    state="more",
                    state_label="",
                    url=calendar,
                    stands_for=hidden,
                )
            )
    return items


def attendance_url(event: Event) -> str:
    """Where an event's attendance is entered: the series' table for an event of a series, else the form."""
    if event.series_id:
        return reverse("events:series_attendance", kwargs={"pk": event.series_id})
    return reverse("events:edit", kwargs={"pk": event.pk}) + "#participants"


def events_without_attendance(desk: Desk) -> Iterable[Item]:
    """Events of the user's parties that are over and have no participant count at all ("not
    counted", which is not 0: an event counted as 0 is done), in the plan year up to now. At most
    ATTENDANCE_LISTED are listed, the oldest first; the rest are counted in the section."""
    since = desk.plan.period_start if desk.plan else desk.today - dt.timedelta(days=365)
    until = min(desk.now, moment(desk.plan.period_end + dt.timedelta(days=1))) if desk.plan else desk.now
    events = (
        Event.objects.visible_to(desk.user)
        .filter(party_id__in=desk.party_ids, start__gte=moment(since), end__lt=until)
        .filter(~Exists(ParticipantCount.objects.filter(event=OuterRef("pk"))))
        .select_related("kind")
        .annotate(total=Window(Count("pk")))  # how many in all, in the same query
        .order_by("start", "pk")
    )
    listed = list(events[:ATTENDANCE_LISTED])
    items = []
    for event in listed[:ATTENDANCE_LISTED]:
        day = timezone.localtime(event.start).date()
        editable = event.party_id in desk.editable
        items.append(
            Item(
                kind=ATTENDANCE,
                title=event.title,
                due=day,
                state="not_counted",
                state_label=pgettext("participants", "not counted"),
                date_word=pgettext("to-do", "held on"),
                url=attendance_url(event) if editable else reverse("events:detail", kwargs={"pk": event.pk}),
                detail=str(event.kind),
                actions=(Action(_("Enter the attendance"), attendance_url(event)),) if editable else (),
            )
        )
    hidden = listed[0].total - len(listed) if listed else 0
    if hidden > 0:
        items.append(
            Item(
                kind=ATTENDANCE,
                title=ngettext(
                    "%(count)d more event without attendance", "%(count)d more events without attendance", hidden
                )
                % {"count": hidden},
                due=None,
                state="more",
                state_label="",
                url=reverse("events:list"),
                stands_for=hidden,
            )
        )
    return items


#: the apps whose tables the to-do list (and the dashboard) read: a write to any of their tables makes
#: a new generation (core.generations), so the cached panel is never stale. Over-approximate on
#: purpose; tests/monitoring/test_todo_cache.py fails when a source reads a table outside them.
INPUT_APPS = ("plans", "events", "monitoring", "parties", "network", "places", "services")
INPUT_MODELS = ("core.User",)


@functools.cache
def generation_tables() -> frozenset[str]:
    """The db tables of INPUT_APPS (their many-to-many tables too) and INPUT_MODELS."""
    return tables_of(INPUT_APPS, INPUT_MODELS)


def changes_by_itself(desk: Desk) -> dt.datetime:
    """The next moment the list may change without any write: the end of the next event of the
    user's parties in the plan year (it then lacks attendance), else midnight (a new day)."""
    midnight = moment(desk.today + dt.timedelta(days=1))
    now = desk.now
    next_end = (
        Event.objects.filter(party_id__in=desk.party_ids, end__gt=now, end__lt=midnight)
        .order_by("end")
        .values_list("end", flat=True)
        .first()
    )
    return min(next_end, midnight) if next_end else midnight


def panel(request):
    """The home page's panel: the to-do list of the user's parties, cached under the generation of
    the tables it reads, the user, the language and the day (core.generations)."""
    user, today = request.user, timezone.localdate()

    def build():
        todo = todo_for(user, today)
        if not todo.desk.party_ids:
            return None, None
        return ("monitoring/_todo.html", {"todo": todo}), changes_by_itself(todo.desk)

    return cached_panel(request, "todo", generation_tables(), build)
