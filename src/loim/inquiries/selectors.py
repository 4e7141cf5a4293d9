"""Reads of inquiries: the statistics (one selector for the page, the exports and the API), the
service-gap proposals, and the lists.

Statistics are GROUP BY queries in the database, one per breakdown, whatever the number of rows.
Small-cell suppression happens here and only here (`suppress_small_cells`): in a view that spans
parties, a count from 1 to 4 is withheld so that no person can be singled out, together with as
many further cells as needed so that the withheld ones cannot be worked out from the total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count, F, Func, Q, Value
from django.db.models.fields import CharField
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from loim.core.permissions import parties_for
from loim.core.tenancy import aggregatable_party_ids, readable_party_ids
from loim.core.vocabulary import Language
from loim.parties.models import Party
from loim.places.models import Municipality

from .models import Category, Channel, Inquiry, ReferralTarget, ServiceGapNote, Topic

SMALL_CELL = 5
TOP_TOPICS = 10
COLUMNS = {
    "topic": _("Topic"),
    "month": _("Month"),
    "channel": _("Channel"),
    "language": _("Language"),
    "category": _("Target group"),
    "referral": _("Referred to"),
    "municipality": _("Municipality of residence"),
}


class YearMonth(Func):
    """'YYYY-MM' of a date, computed natively by the database (Django's TruncMonth runs a Python
    function per row on SQLite, which would dominate a statistics query over a year of rows)."""

    output_field = CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return Func(
            Value("%Y-%m"), *self.get_source_expressions(), function="strftime", output_field=CharField()
        ).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection, **extra_context):
        return Func(
            *self.get_source_expressions(), Value("YYYY-MM"), function="to_char", output_field=CharField()
        ).as_sql(compiler, connection)

    def as_sql(self, compiler, connection, **extra_context):  # other backends: DATE_FORMAT (MySQL)
        return Func(
            *self.get_source_expressions(), Value("%Y-%m"), function="DATE_FORMAT", output_field=CharField()
        ).as_sql(compiler, connection)


# --- Suppression: the one place ----------------------------------------------------------------


def suppress_small_cells(counts: list[int], *, partition: bool) -> list[bool]:
    """Which cells to withhold. Primary: every count from 1 to SMALL_CELL - 1. Secondary, when the
    cells partition a total that is shown (every inquiry falls in exactly one cell): withhold the
    next smallest cells until the withheld sum is at least SMALL_CELL and larger than the number of
    withheld cells, so that subtracting from the total reveals no single small count."""
    hidden = [0 < count < SMALL_CELL for count in counts]
    if not partition or not any(hidden):
        return hidden
    while True:
        withheld = [count for count, h in zip(counts, hidden, strict=True) if h]
        if sum(withheld) >= SMALL_CELL and sum(withheld) > len(withheld):
            return hidden
        candidates = [(count, i) for i, (count, h) in enumerate(zip(counts, hidden, strict=True)) if not h and count]
        if not candidates:
            return hidden
        hidden[min(candidates)[1]] = True


@dataclass
class Cell:
    key: object
    label: str
    count: int | None  # None when withheld
    suppressed: bool = False

    @property
    def display(self) -> str:
        """The value as files and the API show it: the count, or "<5"."""
        return f"<{SMALL_CELL}" if self.suppressed else str(self.count)

    @property
    def shown(self) -> str:
        """The value as the page shows it: grouped digits (the locale's separator), or "<5"."""
        return self.display if self.suppressed else intcomma(self.count)


@dataclass
class Breakdown:
    name: str
    title: str
    cells: list[Cell]
    column: str = ""  # the heading of the label column in its table

    @property
    def any_suppressed(self) -> bool:
        return any(c.suppressed for c in self.cells)

    @property
    def max_count(self) -> int:
        return max([c.count or 0 for c in self.cells] + [0])


@dataclass
class TopTopic:
    topic: Cell
    previous: Cell

    @property
    def change(self) -> int | None:
        if self.topic.suppressed or self.previous.suppressed:
            return None
        return (self.topic.count or 0) - (self.previous.count or 0)

    @property
    def change_percent(self) -> int | None:
        change = self.change
        if change is None or not self.previous.count:
            return None
        return round(100 * change / self.previous.count)


@dataclass
class InquiryStatistics:
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date
    party: Party | None
    suppressing: bool
    total: Cell
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)
    top_topics: list[TopTopic] = field(default_factory=list)

    @property
    def any_suppressed(self) -> bool:
        return self.total.suppressed or any(b.any_suppressed for b in self.breakdowns.values())

    def rows(self):
        """Long-format rows (breakdown, key, label, count or None, shown value) for files and the API."""
        yield "total", "", str(_("all inquiries")), self.total.count, self.total.display
        for breakdown in self.breakdowns.values():
            for cell in breakdown.cells:
                yield breakdown.name, "" if cell.key is None else str(cell.key), cell.label, cell.count, cell.display


def _cells(pairs: list[tuple[object, str, int]], *, suppress: bool, partition: bool) -> list[Cell]:
    counts = [count for _key, _label, count in pairs]
    hidden = suppress_small_cells(counts, partition=partition) if suppress else [False] * len(counts)
    return [
        Cell(key, label, None if h else count, suppressed=h)
        for (key, label, count), h in zip(pairs, hidden, strict=True)
    ]


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of equal length just before [start, end]: as many whole calendar months when the
    period is whole months (a year is compared with the year before, leap day or not), otherwise as
    many days."""
    previous_end = start - dt.timedelta(days=1)
    if start.day == 1 and (end + dt.timedelta(days=1)).day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        index = start.year * 12 + start.month - 1 - months
        return dt.date(index // 12, index % 12 + 1, 1), previous_end
    return previous_end - (end - start), previous_end


def _months(start: dt.date, end: dt.date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def readable_parties(user):
    """Parties whose inquiries the user may count: the choices of the statistics' party filter.
    ELVL and ministry readers count every party's inquiries (published through core.disclosure)
    but list only their own parties' (`inquiry_list`)."""
    party_ids = aggregatable_party_ids(user)
    parties = Party.objects.order_by("kind", "name")
    return parties if party_ids is None else parties.filter(pk__in=party_ids)


def is_cross_party(user, party: Party | None) -> bool:
    """A view spans parties (and is suppressed) unless it shows one party the user belongs to."""
    return party is None or party.pk not in parties_for(user, "member")


def statistics_queryset(user, party: Party | None = None):
    """The inquiries the statistics count: never returned as rows, only as aggregates."""
    queryset = Inquiry.objects.aggregatable_by(user)
    return queryset if party is None else queryset.filter(party=party)


def _grouped(queryset, expression) -> dict:
    rows = queryset.values(key=expression).annotate(n=Count("pk")).order_by()
    return {row["key"]: row["n"] for row in rows}


def inquiry_statistics(*, user, start: dt.date, end: dt.date, party: Party | None = None) -> InquiryStatistics:
    """Counts by topic, month, channel, language, target group, referral and municipality for the
    period, the top topics against the previous period of equal length, with suppression applied
    in cross-party views. A fixed number of queries, each a GROUP BY in the database."""
    suppress = is_cross_party(user, party)
    previous_start, previous_end = previous_period(start, end)
    base = statistics_queryset(user, party)
    period = base.filter(date__gte=start, date__lte=end)

    topic_rows = (
        base.filter(date__gte=previous_start, date__lte=end)
        .values(key=F("topics"))
        .annotate(
            current=Count("pk", filter=Q(date__gte=start)),
            previous=Count("pk", filter=Q(date__lt=start)),
        )
        .order_by()
    )
    topic_counts = {row["key"]: (row["current"], row["previous"]) for row in topic_rows}
    by_month = _grouped(period, YearMonth("date"))
    by_channel = _grouped(period, F("channel"))
    by_language = _grouped(period, F("language"))
    by_category = _grouped(period, F("category"))
    by_referral = _grouped(period, F("referrals"))
    by_municipality = _grouped(period, F("municipality"))

    topics = {t.pk: t.name for t in Topic.objects.all()}
    referral_names = {r.pk: r.name for r in ReferralTarget.objects.all()}
    municipality_names = dict(Municipality.objects.values_list("pk", "name"))

    total = sum(by_channel.values())
    total_cell = _cells([(None, "", total)], suppress=suppress, partition=False)[0]
    stats = InquiryStatistics(
        start=start,
        end=end,
        previous_start=previous_start,
        previous_end=previous_end,
        party=party,
        suppressing=suppress,
        total=total_cell,
    )

    def add(name, title, pairs, partition):
        stats.breakdowns[name] = Breakdown(
            name, str(title), _cells(pairs, suppress=suppress, partition=partition), column=str(COLUMNS[name])
        )

    current_topics = sorted(
        (
            (key, topics.get(key, "?"), counts[0])
            for key, counts in topic_counts.items()
            if key is not None and counts[0]
        ),
        key=lambda p: (-p[2], p[1]),
    )
    add("topic", _("By topic"), current_topics, False)
    month_pairs = [(m, m, by_month.get(m, 0)) for m in _months(start, end)]
    add("month", _("By month"), month_pairs, True)
    add("channel", _("By channel"), [(c.value, str(c.label), by_channel.get(c.value, 0)) for c in Channel], True)
    add("language", _("By language"), [(c.value, str(c.label), by_language.get(c.value, 0)) for c in Language], True)
    add(
        "category",
        _("By target group"),
        [(c.value, str(c.label), by_category.get(c.value, 0)) for c in Category],
        True,
    )
    referral_pairs = sorted(
        ((key, referral_names.get(key, "?"), n) for key, n in by_referral.items() if key is not None),
        key=lambda p: (-p[2], p[1]),
    )
    add("referral", _("By referral"), referral_pairs, False)
    municipality_pairs = sorted(
        ((key, municipality_names.get(key, "?"), n) for key, n in by_municipality.items() if key is not None),
        key=lambda p: (-p[2], p[1]),
    )
    if by_municipality.get(None):
        municipality_pairs.append((None, str(_("not given")), by_municipality[None]))
    add("municipality", _("By municipality of residence"), municipality_pairs, True)

    top_keys = [cell.key for cell in stats.breakdowns["topic"].cells]
    previous_cells = _cells(
        [(key, topics.get(key, "?"), topic_counts.get(key, (0, 0))[1]) for key in top_keys],
        suppress=suppress,
        partition=False,
    )
    stats.top_topics = [
        TopTopic(current, previous)
        for current, previous in zip(stats.breakdowns["topic"].cells, previous_cells, strict=True)
    ][:TOP_TOPICS]
    return stats


def latest_inquiry_date(user, party: Party | None = None) -> dt.date | None:
    return statistics_queryset(user, party).order_by("-date").values_list("date", flat=True).first()


def service_gap_proposals(stats: InquiryStatistics, threshold: int) -> list[Cell]:
    """Topics that recurred at least `threshold` times in the period. The service catalogue does not
    exist yet, so every recurring topic is a proposal; with the catalogue, topics that a service of
    the party already answers will drop out here."""
    return [cell for cell in stats.breakdowns["topic"].cells if cell.count is not None and cell.count >= threshold]


def ordered_topics():
    """Topics with each sub-topic right after its parent (the taxonomy has two levels)."""
    return Topic.objects.select_related("parent").order_by(
        Coalesce("parent__order", "order"),
        Coalesce("parent__code", "code"),
        F("parent_id").asc(nulls_first=True),
        "order",
    )


def recent_inquiries(user, *, limit: int = 10):
    """The user's own latest entries in parties they may edit: the quick-entry correction list."""
    return (
        Inquiry.objects.editable_by(user)
        .filter(created_by=user, batch__isnull=True)
        .select_related("party", "municipality")
        .prefetch_related("topics", "referrals")
        .order_by("-created_at", "-pk")[:limit]
    )


def listable_parties(user):
    """Parties whose inquiries the user may list row by row: only their own (Scope.PARTY_ONLY)."""
    party_ids = readable_party_ids(user, Inquiry.tenancy_scope)
    return Party.objects.order_by("kind", "name").filter(pk__in=party_ids)


def inquiry_list(user, *, party=None, start=None, end=None, topic=None, channel=None, language=None):
    queryset = Inquiry.objects.visible_to(user)
    if party is not None:
        queryset = queryset.filter(party=party)
    if start:
        queryset = queryset.filter(date__gte=start)
    if end:
        queryset = queryset.filter(date__lte=end)
    if topic is not None:
        queryset = queryset.filter(topics=topic)
    if channel:
        queryset = queryset.filter(channel=channel)
    if language:
        queryset = queryset.filter(language=language)
    return queryset.select_related("party", "municipality", "activity").order_by("-date", "-pk")


def service_gap_notes(user, party=None):
    notes = ServiceGapNote.objects.visible_to(user).select_related("party", "topic", "created_by")
    return notes if party is None else notes.filter(party=party)
