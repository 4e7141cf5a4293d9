"""Reads of inquiries: the statistics (one selector for the page, the exports and the API), the
service-gap proposals, and the lists.

Statistics are GROUP BY queries in the database, one per dimension, whatever the number of rows.
They count the finest cells (party × calendar month) once and publish every breakdown as a
sum of the cells `core.disclosure` lets through: in a view that spans parties, no withheld count can
be worked out from any combination of breakdowns, parties, periods, pages, API answers or files.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, Func, QuerySet, Value, When
from django.db.models.fields import CharField
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loim.core import translations
from loim.core.disclosure import THRESHOLD, TOTAL, ZERO, Figure, Protected, period_errors, protect
from loim.core.permissions import parties_for
from loim.core.tenancy import aggregatable_party_ids, readable_party_ids
from loim.core.translations import TARGET_LANGUAGES
from loim.core.vocabulary import Language
from loim.parties.models import Party
from loim.places.models import Municipality

from . import rollups
from .models import Category, Channel, Inquiry, ReferralTarget, ServiceGapNote, Topic

SMALL_CELL = THRESHOLD  # the one threshold, core.disclosure's
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
        # SQLite keeps a date as 'YYYY-MM-DD' text: its first seven characters are the month, which is
        # cheaper per row than strftime.
        return Func(
            *self.get_source_expressions(), Value(1), Value(7), function="substr", output_field=CharField()
        ).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection, **extra_context):
        return Func(
            *self.get_source_expressions(), Value("YYYY-MM"), function="to_char", output_field=CharField()
        ).as_sql(compiler, connection)

    def as_sql(self, compiler, connection, **extra_context):  # other backends: DATE_FORMAT (MySQL)
        return Func(
            *self.get_source_expressions(), Value("%Y-%m"), function="DATE_FORMAT", output_field=CharField()
        ).as_sql(compiler, connection)


# --- Statistics: finest cells, protected by core.disclosure ------------------------------------


@dataclass
class Cell:
    """One published cell of a breakdown: a `disclosure.Figure` with its key and label."""

    key: object
    label: str
    figure: Figure

    @property
    def count(self) -> int | None:
        """The number for files and the API: the published sum, or None when withheld."""
        return self.figure.count

    @property
    def suppressed(self) -> bool:
        return self.figure.suppressed

    @property
    def partial(self) -> bool:
        return self.figure.partial

    @property
    def withheld(self) -> int:
        return self.figure.withheld

    @property
    def display(self) -> str:
        """As files show it: "12", "x" (withheld), "≥ 12" (withheld counts not included)."""
        return self.figure.display

    @property
    def shown(self) -> str:
        """As the page shows it: grouped digits in the locale's style."""
        return self.figure.shown


@dataclass
class Breakdown:
    name: str
    title: str
    cells: list[Cell]
    column: str = ""  # the heading of the label column in its table

    @property
    def any_suppressed(self) -> bool:
        return any(c.withheld for c in self.cells)

    @property
    def max_count(self) -> int:
        return max([c.count or 0 for c in self.cells] + [0])


@dataclass
class TopTopic:
    topic: Cell
    previous: Cell
    # False when the previous period holds no records at all (none published, none withheld): its
    # count is "no data", not a real zero, and there is no change to show
    previous_recorded: bool = True

    @property
    def change(self) -> int | None:
        if not self.previous_recorded:
            return None
        if not (self.topic.figure.complete and self.previous.figure.complete):
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
        return bool(self.total.withheld) or any(b.any_suppressed for b in self.breakdowns.values())

    def rows(self):
        """Long-format rows (breakdown, key, label, cell) for files and the API."""
        yield "total", "", str(_("all inquiries")), self.total
        for breakdown in self.breakdowns.values():
            for cell in breakdown.cells:
                yield breakdown.name, "" if cell.key is None else str(cell.key), cell.label, cell


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


PARTITIONS = rollups.PARTITIONS  # every inquiry has exactly one value of each (municipality: None when
# not given)
MULTIPLE = rollups.MULTIPLE  # an inquiry has several (or no) values


def raw_finest_counts(queryset, *, start: dt.date, end: dt.date, previous_start: dt.date) -> tuple[dict, dict]:
    """The finest counts by GROUP BY over the inquiries themselves: (totals, cells) by unit (party,
    month, current or previous period). The statistics read the same numbers from the rollup
    (`rollups.finest_counts`); this is what the rollup is proved against, and what counts an
    arbitrary queryset."""
    window = queryset.filter(date__gte=previous_start, date__lte=end).annotate(
        ym=YearMonth("date"), current=Case(When(date__gte=start, then=Value(1)), default=Value(0))
    )
    period = queryset.filter(date__gte=start, date__lte=end).annotate(ym=YearMonth("date"), current=Value(1))
    unit_fields = ("party_id", "ym", "current")

    def grouped(key, rows=period):
        rows = rows.values(*unit_fields, key=key).annotate(n=Count("pk")).order_by()
        per: dict = defaultdict(dict)
        for row in rows:
            per[tuple(row[f] for f in unit_fields)][row["key"]] = row["n"]
        return per

    totals = {
        tuple(row[f] for f in unit_fields): row["n"]
        for row in window.values(*unit_fields).annotate(n=Count("pk")).order_by()
    }
    cells = {name: grouped(F(name)) for name in PARTITIONS}
    for name, relation in MULTIPLE.items():
        per = grouped(F(relation), window if name == "topic" else period)
        cells[name] = {unit: {k: n for k, n in values.items() if k is not None} for unit, values in per.items()}
    return totals, cells


def finest_cells(queryset, *, start: dt.date, end: dt.date, previous_start: dt.date, exact: bool) -> Protected:
    """The finest cells of the statistics, protected: the unit is party × calendar month × (current
    or previous period); per unit the total and the counts of each channel, language, target group,
    municipality of residence, topic and referral. No table crosses two dimensions, so a finer unit
    would only withhold more. Only topics are shown for the previous period, so only the totals and
    the topics are counted there (what `protect` withholds of a topic depends on the unit's total and
    the topic's count alone, never on the partitioning dimensions).

    `queryset` is either a queryset of inquiries (counted by GROUP BY over its rows) or the party ids
    whose inquiries to count, None for all (read from the exact rollup, `inquiries.rollups`): the same
    numbers, protected the same way."""
    if isinstance(queryset, QuerySet):
        totals, cells = raw_finest_counts(queryset, start=start, end=end, previous_start=previous_start)
    else:
        totals, cells = rollups.finest_counts(queryset, start=start, end=end, previous_start=previous_start)
    return protect(totals, cells, partitions=PARTITIONS, exact=exact)


def statistics_party_ids(user, party: Party | None = None) -> frozenset[int] | None:
    """The parties whose inquiries the statistics count (`Inquiry.objects.aggregatable_by`'s rule):
    None for every party."""
    party_ids = aggregatable_party_ids(user)
    if party is None:
        return party_ids
    return frozenset({party.pk}) if party_ids is None or party.pk in party_ids else frozenset()


def inquiry_statistics(*, user, start: dt.date, end: dt.date, party: Party | None = None) -> InquiryStatistics:
    """Counts by topic, month, channel, language, target group, referral and municipality for the
    period, the top topics against the previous period of equal length. Every figure is a sum of
    finest cells protected by `core.disclosure` (withheld in cross-party views, exact in the owning
    party's own). A fixed number of GROUP BY queries, whatever the number of rows."""
    suppress = is_cross_party(user, party)
    if suppress and (errors := period_errors(start, end, timezone.localdate())):
        raise ValidationError(errors)  # callers validate first (forms, API); this is the guarantee
    previous_start, previous_end = previous_period(start, end)
    cells = finest_cells(
        statistics_party_ids(user, party), start=start, end=end, previous_start=previous_start, exact=not suppress
    )

    def current(unit):
        return unit[2] == 1

    def previous(unit):
        return unit[2] == 0

    topics = {t.pk: t.name for t in Topic.objects.all()}
    referral_names = {r.pk: r.name for r in ReferralTarget.objects.all()}
    municipality_names = dict(Municipality.objects.values_list("pk", "name"))

    stats = InquiryStatistics(
        start=start,
        end=end,
        previous_start=previous_start,
        previous_end=previous_end,
        party=party,
        suppressing=suppress,
        total=Cell(None, "", cells.total(where=current)),
    )

    def add(name, title, triples):
        stats.breakdowns[name] = Breakdown(
            name, str(title), [Cell(key, label, figure) for key, label, figure in triples], column=str(COLUMNS[name])
        )

    def by_size(triples):
        return sorted(triples, key=lambda t: (-t[2].value, -t[2].withheld, t[1]))

    topic_now = cells.figures("topic", where=current)
    add("topic", _("By topic"), by_size((key, topics.get(key, "?"), f) for key, f in topic_now.items()))
    by_month = cells.figures(TOTAL, key=lambda unit, _value: unit[1], where=current)
    add("month", _("By month"), [(m, m, by_month.get(m, ZERO)) for m in _months(start, end)])
    for name, title, choices in [
        ("channel", _("By channel"), Channel),
        ("language", _("By language"), Language),
        ("category", _("By target group"), Category),
    ]:
        figures = cells.figures(name, where=current)
        add(name, title, [(c.value, str(c.label), figures.get(c.value, ZERO)) for c in choices])
    referrals = cells.figures("referral", where=current)
    add("referral", _("By referral"), by_size((k, referral_names.get(k, "?"), f) for k, f in referrals.items()))
    by_municipality = cells.figures("municipality", where=current)
    municipality_triples = by_size(
        (key, municipality_names.get(key, "?"), f) for key, f in by_municipality.items() if key is not None
    )
    if None in by_municipality:
        municipality_triples.append((None, str(_("not given")), by_municipality[None]))
    add("municipality", _("By municipality of residence"), municipality_triples)

    topic_before = cells.figures("topic", where=previous)
    before = cells.total(where=previous)  # withheld units count too: a withheld record is still data
    recorded = bool(before.value or before.withheld)
    stats.top_topics = [
        TopTopic(cell, Cell(cell.key, cell.label, topic_before.get(cell.key, ZERO)), previous_recorded=recorded)
        for cell in stats.breakdowns["topic"].cells[:TOP_TOPICS]
    ]
    return stats


def inquiries_by_activity(*, user, start: dt.date, end: dt.date, party: Party | None = None) -> dict:
    """Inquiries per plan activity (None: linked to none) as `disclosure.Figure`s, for the report:
    finest cells party × month, the activity a partition of each unit. Across
    parties the period must be whole, finished months (see `disclosure.complete_months`)."""
    suppress = is_cross_party(user, party)
    if suppress and (errors := period_errors(start, end, timezone.localdate())):
        raise ValidationError(errors)
    window = statistics_queryset(user, party).filter(date__gte=start, date__lte=end).annotate(ym=YearMonth("date"))
    unit_fields = ("party_id", "ym")
    totals, per_unit = {}, defaultdict(dict)
    for row in window.values(*unit_fields, "activity_id").annotate(n=Count("pk")).order_by():
        unit = tuple(row[f] for f in unit_fields)
        totals[unit] = totals.get(unit, 0) + row["n"]
        per_unit[unit][row["activity_id"]] = row["n"]
    return protect(totals, {"activity": per_unit}, partitions=["activity"], exact=not suppress).figures("activity")


@dataclass
class PartyCounselling:
    """One party's counselling in the report (issue 16): its total, its top topics against the
    previous period, and whether any of its published cells is withheld."""

    party_id: int
    total: Cell
    top_topics: list[TopTopic]
    any_suppressed: bool


def counselling_by_party(*, user, start: dt.date, end: dt.date, party: Party | None = None) -> list[PartyCounselling]:
    """`inquiry_statistics`' total and top topics of every counted party that logged inquiries in the
    period, from the same finest cells protected once (issue 16: the report's query count does not grow
    with the parties). A party the user belongs to is counted exactly, as on its own statistics page;
    the others through `core.disclosure`: two protected sets at most, a fixed number of queries."""
    own = set(parties_for(user, "member"))
    queryset = statistics_queryset(user, party)
    active = sorted(set(queryset.filter(date__gte=start, date__lte=end).values_list("party_id", flat=True).order_by()))
    if not active:
        return []
    previous_start, _previous_end = previous_period(start, end)
    exact_ids = [pk for pk in active if pk in own]
    other_ids = [pk for pk in active if pk not in own]
    topics = {t.pk: t.name for t in Topic.objects.all()}
    result: dict[int, PartyCounselling] = {}
    for ids, exact in ((exact_ids, True), (other_ids, False)):
        if not ids:
            continue
        if not exact and (errors := period_errors(start, end, timezone.localdate())):
            raise ValidationError(errors)
        cells = finest_cells(
            queryset.filter(party_id__in=ids), start=start, end=end, previous_start=previous_start, exact=exact
        )
        for pk in ids:

            def now(unit, pk=pk):
                return unit[0] == pk and unit[2] == 1

            def before(unit, pk=pk):
                return unit[0] == pk and unit[2] == 0

            topic_now = cells.figures("topic", where=now)
            ranked = sorted(
                ((key, topics.get(key, "?"), f) for key, f in topic_now.items()),
                key=lambda t: (-t[2].value, -t[2].withheld, t[1]),
            )
            topic_before = cells.figures("topic", where=before)
            previous_total = cells.total(where=before)
            recorded = bool(previous_total.value or previous_total.withheld)
            total = cells.total(where=now)
            withheld = bool(total.withheld) or any(
                figure.withheld
                for name in (*PARTITIONS, *MULTIPLE)
                for figure in cells.figures(name, where=now).values()
            )
            result[pk] = PartyCounselling(
                party_id=pk,
                total=Cell(None, "", total),
                top_topics=[
                    TopTopic(Cell(key, label, f), Cell(key, label, topic_before.get(key, ZERO)), recorded)
                    for key, label, f in ranked[:TOP_TOPICS]
                ],
                any_suppressed=withheld,
            )
    return [result[pk] for pk in active if pk in result]


def latest_inquiry_date(user, party: Party | None = None, *, until: dt.date | None = None) -> dt.date | None:
    """The date of the latest inquiry the user may count (on or before `until`, when given)."""
    queryset = statistics_queryset(user, party)
    if until is not None:
        queryset = queryset.filter(date__lte=until)
    return queryset.order_by("-date").values_list("date", flat=True).first()


def service_gap_proposals(stats: InquiryStatistics, threshold: int) -> list[Cell]:
    """The frequent topics: those with at least `threshold` inquiries in the period, by the published
    count (a withheld count is never frequent; a partial one counts its published part)."""
    return [cell for cell in stats.breakdowns["topic"].cells if cell.count is not None and cell.count >= threshold]


class GapStatus:
    MISSING = "missing"  # no service covers the topic there: propose creating one
    UPDATE = "update"  # covered only by services with a problem: propose updating one
    COVERED = "covered"  # at least one covering service has no problem


LANGUAGE_SHARE = 5  # a language is needed when at least 1/5 of the topic's inquiries were in it
SERVED_LANGUAGES = (Language.ESTONIAN.value, *TARGET_LANGUAGES)  # "other language" names no language


@dataclass
class CoveringService:
    service: object  # a services.Service
    problems: list[str]
    editable: bool

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ServiceGap:
    """One frequent topic compared with the catalogue in the party's municipality."""

    cell: Cell
    status: str | None  # None: no party chosen, nothing to compare with
    services: list[CoveringService] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)  # the languages the inquirers need
    provider: object | None = None  # a network.Organisation suggested from the referrals

    @property
    def to_update(self) -> CoveringService | None:
        """The covering service to update first: the first one the user may edit."""
        return next((c for c in self.services if c.problems and c.editable), None)

    @property
    def ok_services(self) -> list:
        return [c.service for c in self.services if c.ok]

    @property
    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels[code]) for code in self.languages]


def needed_languages(counts: dict[str, int], total: int) -> list[str]:
    """The languages (Estonian, English, Russian, Ukrainian) in which at least a fifth of `total`
    inquiries were asked."""
    if total <= 0:
        return []
    return [code for code in SERVED_LANGUAGES if counts.get(code, 0) * LANGUAGE_SHARE >= total]


def service_problems(service, languages: list[str], today: dt.date) -> list[str]:
    """Why a covering service may not answer the inquirers: not checked for a year, a draft, not
    served in a language they asked in, its translation into that language not ready."""
    labels = dict(Language.choices)
    status_labels = dict(translations.TranslationStatus.choices)
    problems = []
    if service.confirmation_due(today):
        problems.append(_("not checked since %(date)s") % {"date": f"{service.confirmed_on:%d.%m.%Y}"})
    if not service.published:
        problems.append(_("a draft, not published"))
    statuses = translations.statuses(service, service.translations.all())
    if languages and not service.languages:
        problems.append(_("the languages served are not given"))
    for code in languages:
        if service.languages and code not in service.languages:
            problems.append(_("not served in %(language)s") % {"language": labels[code]})
        status = statuses.get(code)
        if status is not None and status != translations.TranslationStatus.UP_TO_DATE:
            problems.append(
                _("%(language)s translation: %(status)s") % {"language": labels[code], "status": status_labels[status]}
            )
    return problems


def service_gaps(*, user, stats: InquiryStatistics, threshold: int) -> list[ServiceGap]:
    """The frequent topics of the party (`service_gap_proposals`) compared with the service catalogue
    where the party is: the services whose topics include the topic and whose area covers the party's
    municipality. No service → MISSING; only services with a problem (`service_problems`, for the
    languages the topic's inquirers need) → UPDATE; else COVERED.

    The languages and the suggested provider come from the party's own rows only in its own view
    (exact counts, never shown); a view across parties takes the languages from the party's published
    language breakdown (all topics) and suggests no provider, so no new count leaves the party.
    A fixed number of queries whatever the number of topics and services."""
    from loim.services.selectors import services_covering  # the catalogue reads inquiry topics

    cells = service_gap_proposals(stats, threshold)
    party = stats.party
    if party is None:
        return [ServiceGap(cell=cell, status=None) for cell in cells]
    topic_ids = [cell.key for cell in cells]
    per_topic: dict = defaultdict(dict)
    referred: dict = defaultdict(dict)
    party_languages: list[str] = []
    if not stats.suppressing and topic_ids:
        rows = Inquiry.objects.filter(
            party=party, date__gte=stats.start, date__lte=stats.end, topics__in=topic_ids
        ).order_by()
        for row in rows.values("topics", "language").annotate(n=Count("pk")):
            per_topic[row["topics"]][row["language"]] = row["n"]
        directory = rows.filter(referrals__organisation__isnull=False)
        for row in directory.values("topics", "referrals__organisation").annotate(n=Count("pk", distinct=True)):
            referred[row["topics"]][row["referrals__organisation"]] = row["n"]
    else:
        language_cells = {c.key: c.count or 0 for c in stats.breakdowns["language"].cells}
        party_languages = needed_languages(language_cells, stats.total.count or 0)
    providers = _suggested_providers(user, per_topic, referred)
    covering = services_covering(user, topic_ids, party.municipality)
    editable = parties_for(user, "record_work")  # manage_services is records_work: the same parties
    today = timezone.localdate()
    gaps = []
    for cell in cells:
        if stats.suppressing:
            languages = party_languages
        else:
            languages = needed_languages(per_topic.get(cell.key, {}), sum(per_topic.get(cell.key, {}).values()))
        services = [
            CoveringService(service, service_problems(service, languages, today), service.party_id in editable)
            for service in covering.get(cell.key, [])
        ]
        if not services:
            status = GapStatus.MISSING
        elif any(c.ok for c in services):
            status = GapStatus.COVERED
        else:
            status = GapStatus.UPDATE
        gaps.append(ServiceGap(cell, status, services, languages, providers.get(cell.key)))
    return gaps


def _suggested_providers(user, per_topic: dict, referred: dict) -> dict:
    """Topic id → the directory entry the topic's inquiries were referred to most, when at least half
    of them were referred to it (an obvious provider); one query for all topics."""
    from loim.network.models import Organisation

    chosen = {}
    for topic_id, counts in referred.items():
        total = sum(per_topic.get(topic_id, {}).values())
        organisation_id, n = max(counts.items(), key=lambda item: (item[1], -item[0]))
        if total and 2 * n >= total:
            chosen[topic_id] = organisation_id
    if not chosen:
        return {}
    found = Organisation.objects.visible_to(user).listed().in_bulk(set(chosen.values()))
    return {topic_id: found[pk] for topic_id, pk in chosen.items() if pk in found}


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
        .select_related("party", "municipality", "activity__plan")
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
