"""The statistics selector: counts checked against an independent count over the records, small
cells suppressed in cross-party views (and only there), a constant number of queries."""

import datetime as dt
import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loim.core.vocabulary import Language
from loim.inquiries.importing import ParsedRow
from loim.inquiries.models import Category, Channel, ReferralTarget, Topic
from loim.inquiries.selectors import (
    SMALL_CELL,
    inquiry_statistics,
    previous_period,
    service_gap_proposals,
)
from loim.inquiries.services import inquiries_write_parsed
from loim.places.models import Municipality

YEAR = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def build(party, count, *, seed, start=dt.date(2023, 1, 1), days=730):
    """Random but reproducible inquiries; returns plain records for the independent count."""
    rng = random.Random(seed)
    topics = list(Topic.objects.values_list("pk", flat=True))
    targets = list(ReferralTarget.objects.values_list("pk", flat=True))
    municipalities = list(Municipality.objects.values_list("pk", flat=True)[:6])
    rows = []
    for _ in range(count):
        rows.append(
            ParsedRow(
                row=0,
                date=start + dt.timedelta(days=rng.randrange(days)),
                channel=rng.choice(Channel.values),
                language=rng.choice(Language.values),
                category=rng.choice(Category.values),
                topic_ids=tuple(rng.sample(topics, rng.choice([1, 1, 2, 3]))),
                referral_ids=tuple(rng.sample(targets, rng.choice([0, 0, 1, 2]))),
                minutes=rng.choice([None, 10, 20]),
                municipality_id=rng.choice([None, *municipalities]),
                note="",
            )
        )
    inquiries_write_parsed(party=party, rows=rows)
    return rows


def independent(rows, start, end):
    chosen = [r for r in rows if start <= r.date <= end]
    return {
        "total": len(chosen),
        "topic": Counter(t for r in chosen for t in r.topic_ids),
        "referral": Counter(t for r in chosen for t in r.referral_ids),
        "channel": Counter(r.channel for r in chosen),
        "language": Counter(r.language for r in chosen),
        "category": Counter(r.category for r in chosen),
        "municipality": Counter(r.municipality_id for r in chosen),
        "month": Counter(f"{r.date:%Y-%m}" for r in chosen),
    }


def published_total(rows_by_party: dict, start, end) -> int:
    """The total a cross-party reader is shown, worked out independently: the sum of the finest
    units (party × month) that hold at least five inquiries; smaller units are withheld whole."""
    units = Counter(
        (party, f"{r.date:%Y-%m}") for party, rows in rows_by_party.items() for r in rows if start <= r.date <= end
    )
    return sum(n for n in units.values() if n >= SMALL_CELL)


def as_counter(breakdown):
    return Counter({cell.key: cell.count for cell in breakdown.cells if cell.count})


def test_own_party_statistics_equal_an_independent_count(programme, member):
    tartu = programme["tartu"]
    rows = build(tartu, 400, seed=1)
    build(programme["parnu"], 150, seed=2)  # another party's inquiries must not count
    stats = inquiry_statistics(user=member("tartu"), start=YEAR[0], end=YEAR[1], party=tartu)
    expected = independent(rows, *YEAR)
    assert not stats.suppressing and not stats.any_suppressed
    assert stats.total.count == expected["total"]
    for name in ("topic", "referral", "channel", "language", "category", "municipality", "month"):
        assert as_counter(stats.breakdowns[name]) == +expected[name], name
    assert [c.key for c in stats.breakdowns["month"].cells] == [f"2024-{m:02d}" for m in range(1, 13)]
    previous = independent(rows, *previous_period(*YEAR))
    for top in stats.top_topics:
        assert top.topic.count == expected["topic"][top.topic.key]
        assert top.previous.count == previous["topic"][top.topic.key]
        assert top.change == expected["topic"][top.topic.key] - previous["topic"][top.topic.key]
    assert [t.topic.count for t in stats.top_topics] == sorted((t.topic.count for t in stats.top_topics), reverse=True)


def test_previous_period_has_equal_length():
    assert previous_period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert previous_period(dt.date(2024, 3, 1), dt.date(2024, 3, 31)) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert previous_period(dt.date(2024, 1, 1), dt.date(2024, 6, 30)) == (dt.date(2023, 7, 1), dt.date(2023, 12, 31))
    assert previous_period(dt.date(2024, 3, 5), dt.date(2024, 3, 14)) == (dt.date(2024, 2, 24), dt.date(2024, 3, 4))


@pytest.mark.parametrize(
    ("slug", "role", "party"), [("elvl", "coordinator", None), ("ministry", "ministry_reader", "tartu")]
)
def test_cross_party_views_suppress_small_cells(programme, member, slug, role, party):
    rows = build(programme["tartu"], 120, seed=3) + build(programme["parnu"], 40, seed=4)
    if party:
        rows = rows[:120]
    chosen = programme[party] if party else None
    stats = inquiry_statistics(user=member(slug, role), start=YEAR[0], end=YEAR[1], party=chosen)
    expected = independent(rows, *YEAR)
    assert stats.suppressing
    assert stats.any_suppressed  # with this many random rows some cell is always small
    assert stats.total.figure.value <= expected["total"]
    for name in ("topic", "referral", "channel", "language", "category", "municipality", "month"):
        for cell in stats.breakdowns[name].cells:
            true = expected[name][cell.key]
            # Every figure is a sum of published finest cells (each at least 5) and says how many
            # it leaves out: complete figures are true counts, the others a smaller published sum.
            assert not 0 < cell.figure.value < SMALL_CELL, f"{name}: a small count {cell.figure.value} is shown"
            if cell.figure.complete:
                assert cell.count == true
            elif cell.suppressed:
                assert cell.count is None and cell.display == "x"
            else:
                assert cell.figure.value < true and cell.display == f"≥ {cell.figure.value}"


def test_own_party_view_is_not_suppressed_but_all_parties_is(programme, member):
    build(programme["tartu"], 30, seed=5)
    viewer = member("tartu", "viewer")
    assert not inquiry_statistics(user=viewer, start=YEAR[0], end=YEAR[1], party=programme["tartu"]).suppressing
    elvl = member("elvl", "coordinator")
    assert inquiry_statistics(user=elvl, start=YEAR[0], end=YEAR[1], party=programme["tartu"]).suppressing


def test_a_coordinator_sees_nothing_of_another_party(programme, member):
    build(programme["parnu"], 50, seed=6)
    stats = inquiry_statistics(user=member("tartu"), start=YEAR[0], end=YEAR[1], party=programme["parnu"])
    assert stats.total.count == 0
    assert stats.breakdowns["topic"].cells == []


def test_service_gap_proposals_are_topics_recurring_at_least_n_times(programme, member):
    rows = build(programme["tartu"], 200, seed=7)
    stats = inquiry_statistics(user=member("tartu"), start=YEAR[0], end=YEAR[1], party=programme["tartu"])
    expected = independent(rows, *YEAR)["topic"]
    proposals = service_gap_proposals(stats, 15)
    assert {c.key for c in proposals} == {key for key, n in expected.items() if n >= 15}


def test_query_count_does_not_grow_with_rows(programme, member):
    user = member("elvl", "coordinator")
    build(programme["tartu"], 20, seed=8)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            inquiry_statistics(user=user, start=YEAR[0], end=YEAR[1])
        return len(captured.captured_queries)

    queries()  # the user's memberships are read once per request and cached
    small = queries()
    build(programme["parnu"], 300, seed=9)
    assert queries() == small <= 12
