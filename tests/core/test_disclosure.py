"""The disclosure control (core.disclosure) proved against the tables a cross-party reader can get.

The proof (`test_no_table_combination_determines_a_withheld_inquiry_cell` and its register twin):
hypothesis generates random inquiries (or register people) for three parties; the test requests
every table an ELVL reader can obtain through the real API and the CSV files — every party choice,
every whole-month period (shorter ones are refused), every breakdown, every county — and writes each
published number as a linear equation over the unknown finest cells (unit × dimension × value, a
unit being party × month, or party × municipality in the register). It checks each number against
the data the test generated (the published sum and the count of withheld cells), adds the
identities an attacker knows for free (in every unit the values of a partitioning dimension add up
to the unit's total), and then shows with exact rational Gaussian elimination (`RowSpace`, below,
over `fractions.Fraction`) that no withheld cell's unit vector, and no withheld part of any figure,
lies in the row space of the published equations: none of them is determined, whichever tables are
combined.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import random
from collections import Counter, defaultdict
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loim.core.disclosure import (
    THRESHOLD,
    TOTAL,
    Figure,
    add_up,
    complete_months,
    period_errors,
    protect,
    withhold_line,
)
from loim.core.vocabulary import Language, TargetGroup
from loim.inquiries.importing import ParsedRow
from loim.inquiries.models import Category, Channel, Inquiry, ReferralTarget, Topic
from loim.inquiries.selectors import finest_cells, inquiries_by_activity
from loim.inquiries.services import inquiries_write_parsed
from loim.places.models import County, Municipality
from loim.register.models import Person
from loim.register.statistics import ELSEWHERE, NOT_GIVEN, raw_finest_counts
from loim.register.statistics import finest_cells as register_finest_cells

STATS = "/api/v1/inquiries/statistics/"
STATS_CSV = "/inquiries/statistics/export.csv"
COUNTS = "/api/v1/register/counts/"
PARTIES = ("tartu", "parnu", "rakvere")
MONTHS = ("2024-01", "2024-02", "2024-03")
FIGURES_CHECKED = Counter()
SLOW = [
    HealthCheck.function_scoped_fixture,
    HealthCheck.too_slow,
]  # tables and equations seen by the proofs, reported at the end of the run


# --- Exact linear algebra ----------------------------------------------------------------------


class RowSpace:
    """The row space of a set of linear equations over the rationals, kept in echelon form (sparse
    rows, a pivot per row with coefficient 1). `contains(v)` reduces v by the pivots: v lies in the
    row space exactly when nothing is left."""

    def __init__(self):
        self.pivots: dict[object, dict[object, Fraction]] = {}  # pivot column → its row

    def _reduce(self, vector: dict) -> dict[object, Fraction]:
        row = {col: Fraction(value) for col, value in vector.items() if value}
        # In reduced echelon form no pivot row holds another pivot's column, so subtracting the
        # pivot rows of the columns present, once each, clears every pivot column.
        for column in [col for col in row if col in self.pivots]:
            factor = row.get(column)
            if not factor:
                continue
            for col, value in self.pivots[column].items():
                new = row.get(col, Fraction(0)) - factor * value
                if new:
                    row[col] = new
                else:
                    row.pop(col, None)
        return row

    def add(self, vector: dict) -> bool:
        """Add an equation; True when it was independent of those before."""
        row = self._reduce(vector)
        if not row:
            return False
        column = min(row, key=repr)
        pivot = row[column]
        row = {col: value / pivot for col, value in row.items()}
        # Keep the pivot column out of every other row (reduced echelon form), so reducing by the
        # pivots in any order ends with the same remainder.
        for other_row in self.pivots.values():
            factor = other_row.get(column)
            if factor:
                for col, value in row.items():
                    new = other_row.get(col, Fraction(0)) - factor * value
                    if new:
                        other_row[col] = new
                    else:
                        other_row.pop(col, None)
        self.pivots[column] = row
        return True

    def contains(self, vector: dict) -> bool:
        return not self._reduce(vector)

    @property
    def rank(self) -> int:
        return len(self.pivots)


def test_row_space_decides_membership_exactly():
    space = RowSpace()
    assert space.add({"a": 1, "b": 1}) and space.add({"b": 1, "c": 1})
    assert not space.add({"a": 1, "b": 2, "c": 1})  # the sum of the two
    assert space.contains({"a": 1, "c": -1}) and not space.contains({"a": 1})
    assert space.add({"c": 1}) and space.contains({"a": 1}) and space.rank == 3
    halves = RowSpace()
    halves.add({"x": 2, "y": 4})
    assert halves.contains({"x": Fraction(1, 2), "y": 1}) and not halves.contains({"x": 1, "y": 1})


# --- withhold_line and protect, by hand --------------------------------------------------------


def test_primary_suppression_only_outside_partitions():
    assert withhold_line([10, 3, 0, 7], partition=False) == [False, True, False, False]
    assert withhold_line([10, 3, 0, 7], partition=True) == [False, True, False, True]
    assert withhold_line([1, 1, 1, 1, 1, 50], partition=True) == [True] * 6  # five 1s adding up to 5 are each 1
    assert withhold_line([20, 0, 6], partition=True) == [False, False, False]


@given(st.lists(st.integers(min_value=0, max_value=40), max_size=12))
def test_a_partition_line_never_gives_a_withheld_count_back(counts):
    hidden = withhold_line(counts, partition=True)
    assert all(h for c, h in zip(counts, hidden, strict=True) if 0 < c < THRESHOLD)
    assert not any(h for c, h in zip(counts, hidden, strict=True) if c == 0)
    withheld = [c for c, h in zip(counts, hidden, strict=True) if h]
    if withheld and sum(counts) > sum(withheld):
        assert len(withheld) >= 2 and sum(withheld) >= THRESHOLD and sum(withheld) > len(withheld)


def test_coarser_tables_are_sums_of_published_finest_cells():
    # Two units (party A and B in January). A: 12 inquiries, 9 by phone and 3 by e-mail (withheld,
    # and phone with it: 12 - 9 would give it back). B: 3 inquiries, withheld whole. C: 20, all phone.
    totals = {("A", "01"): 12, ("B", "01"): 3, ("C", "01"): 20}
    cells = {"channel": {("A", "01"): {"phone": 9, "email": 3}, ("B", "01"): {"phone": 3}, ("C", "01"): {"phone": 20}}}
    protected = protect(totals, cells, partitions=["channel"])
    assert protected.hidden_units == {("B", "01")}
    assert protected.hidden["channel"] == {(("A", "01"), "phone"), (("A", "01"), "email"), (("B", "01"), "phone")}
    # The national total: A and C are published units (12 + 20), B is left out and says so.
    assert protected.total() == Figure(32, withheld=1)
    assert protected.total().display == "≥ 32"
    by_channel = protected.figures("channel")
    assert by_channel == {"phone": Figure(20, withheld=2), "email": Figure(0, withheld=1)}
    assert by_channel["email"].suppressed and by_channel["email"].count is None and by_channel["email"].display == "x"
    # Party A alone: its total is published, both its channels withheld.
    assert protected.total(where=lambda unit: unit[0] == "A") == Figure(12)
    assert protected.figures("channel", where=lambda unit: unit[0] == "A") == {
        "phone": Figure(0, withheld=1),
        "email": Figure(0, withheld=1),
    }
    # The owning party's own view withholds nothing.
    exact = protect(totals, cells, partitions=["channel"], exact=True)
    assert exact.total() == Figure(35) and exact.figures("channel")["email"] == Figure(3)
    assert add_up([Figure(5), Figure(0, 2), Figure(7, 1)]) == Figure(12, 3)


def test_periods_across_parties_are_whole_finished_months():
    today = dt.date(2024, 5, 15)
    assert period_errors(dt.date(2024, 1, 1), dt.date(2024, 3, 31), today) == {}
    errors = period_errors(dt.date(2024, 1, 2), dt.date(2024, 3, 30), today)
    assert set(errors) == {"start", "end"} and "01.01.2024" in errors["start"] and "31.03.2024" in errors["end"]
    assert set(period_errors(dt.date(2024, 5, 1), dt.date(2024, 5, 31), today)) == {"end"}  # May is not over
    assert complete_months(dt.date(2024, 1, 1), dt.date(2024, 5, 15), today) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 4, 30),
    )
    assert complete_months(dt.date(2024, 1, 10), dt.date(2024, 2, 20), today) is None


# --- The attacks of issue 10, through the API ---------------------------------------------------


def _row(party, day, **fields):
    values = {
        "row": 0,
        "date": day,
        "channel": "in_person",
        "language": "uk",
        "category": "newcomer",
        "topic_ids": (Topic.objects.get(code="housing").pk,),
        "referral_ids": (),
        "minutes": None,
        "municipality_id": None,
        "note": "",
    }
    values.update(fields)
    return ParsedRow(**values)


def _write(party, rows):
    inquiries_write_parsed(party=party, rows=rows)


@pytest.fixture
def elvl_client(client, member):
    client.force_login(member("elvl", "coordinator"))
    return client


def test_all_parties_minus_the_visible_parties_gives_nothing_withheld(programme, elvl_client):
    """Five parties refer people to PPA: four of them at least five times, the fifth twice. Before,
    "all parties" showed the true 26 and the fifth party's 2 was 26 minus the four others."""
    ppa = ReferralTarget.objects.get(code="ppa").pk
    parties = ["tartu", "parnu", "rakvere", "tallinn", "saaremaa"]
    counts = {"tartu": 6, "parnu": 5, "rakvere": 7, "tallinn": 6, "saaremaa": 2}
    for slug in parties:
        party = programme[slug]
        rows = [_row(party, dt.date(2024, 3, 1 + i), referral_ids=(ppa,)) for i in range(counts[slug])]
        rows += [_row(party, dt.date(2024, 3, 20 + i)) for i in range(8)]  # the unit's total is well over 5
        _write(party, rows)
    period = "start=2024-03-01&end=2024-03-31"

    def ppa_count(party=""):
        body = elvl_client.get(f"{STATS}?{period}&party={party}").json()
        cell = next((c for c in body["breakdowns"]["referral"] if c["key"] == "ppa"), None)
        return cell

    everyone = ppa_count()
    visible = [ppa_count(slug)["count"] for slug in parties[:4]]
    assert ppa_count("saaremaa")["suppressed"]
    recovered = everyone["count"] - sum(visible)
    assert recovered != counts["saaremaa"], "the withheld count was worked out by subtraction"
    assert recovered == 0 and everyone["withheld_cells"] == 1  # the total leaves the cell out, and says so


def test_two_periods_that_differ_by_a_day_are_refused(programme, elvl_client):
    """Before, 1–31 March minus 2–31 March gave the inquiries of 1 March."""
    _write(
        programme["tartu"],
        [_row(programme["tartu"], dt.date(2024, 3, 1))] * 1
        + [_row(programme["tartu"], dt.date(2024, 3, 10 + i)) for i in range(9)],
    )
    whole = elvl_client.get(f"{STATS}?start=2024-03-01&end=2024-03-31")
    shifted = elvl_client.get(f"{STATS}?start=2024-03-02&end=2024-03-31")
    assert whole.status_code == 200 and whole.json()["total"]["count"] == 10
    assert shifted.status_code == 400 and "start" in shifted.json()
    assert elvl_client.get(f"{STATS}?start=2024-03-01&end=2024-03-30").status_code == 400
    page = elvl_client.get("/inquiries/statistics/?start=02.03.2024&end=31.03.2024&party=").content.decode()
    assert "algab kuu esimesel päeval" in page  # the field's message, in Estonian
    assert elvl_client.get(f"{STATS_CSV}?start=02.03.2024&end=31.03.2024&party=").status_code == 400
    # The owning party still reads its own exact counts for any period.
    own = elvl_client.get(f"{STATS}?start=2024-03-02&end=2024-03-31&party=elvl")
    assert own.status_code == 200


def test_a_county_total_minus_elsewhere_gives_nothing_withheld(programme, client, member):
    """Rakvere's register: 6 people in Rakvere linn; Tartu's: 20 in Tartu linn; Pärnu's: 2 in Pärnu
    linn. Before, the national table withheld Pärnu county (2) and, as its complement, Lääne-Viru
    (6), but Lääne-Viru's county view showed its true grand total 28 and "elsewhere or not given"
    22: 28 - 22 gave Lääne-Viru's 6, and the national total 28 minus Tartu county's 20 minus that 6
    gave Pärnu county's withheld 2."""
    from tests.register.factories import make_person

    for slug, name, n in [("rakvere", "Rakvere linn", 6), ("tartu", "Tartu linn", 20), ("parnu", "Pärnu linn", 2)]:
        for _ in range(n):
            make_person(programme[slug], municipality=Municipality.objects.get(name=name))
    lääne_viru, tartumaa = County.objects.get(name="Lääne-Viru maakond"), County.objects.get(name="Tartu maakond")
    client.force_login(member("elvl", "coordinator"))
    national = client.get(COUNTS).json()
    county = client.get(COUNTS, {"county": lääne_viru.pk}).json()
    tartu_row = next(row for row in national["rows"] if row["key"] == str(tartumaa.pk))
    elsewhere = next(row for row in county["rows"] if row["key"] == ELSEWHERE)
    in_lääne_viru = county["total"]["count"] - elsewhere["total"]["count"]
    recovered = national["total"]["count"] - tartu_row["total"]["count"] - in_lääne_viru
    assert recovered != 2, "the withheld count was worked out by subtraction"
    assert recovered == 0
    assert national["total"] == county["total"] == {"count": 26, "suppressed": False, "withheld_cells": 1}
    assert elsewhere["total"] == {"count": 20, "suppressed": False, "withheld_cells": 1}


# --- The proof over random data: inquiries -------------------------------------------------------


def _months_between(first: str, last: str) -> list[str]:
    return [m for m in MONTHS if first <= m <= last]


def _periods():
    """Every whole-month period a cross-party reader may ask for that touches the data (a period
    reaching further adds only empty units, whose cells are all published zeros)."""
    for first, last in itertools.combinations_with_replacement(MONTHS, 2):
        start = dt.date(int(first[:4]), int(first[5:]), 1)
        end_month = dt.date(int(last[:4]), int(last[5:]), 1)
        end = (end_month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        yield start, end


def _previous_months(first: str, last: str) -> list[str]:
    index = lambda m: int(m[:4]) * 12 + int(m[5:]) - 1  # noqa: E731
    length = index(last) - index(first) + 1
    start = index(first) - length
    months = [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(start, index(first))]
    return [m for m in months if m in MONTHS]


inquiry_sets = st.fixed_dictionaries(
    {
        "seed": st.integers(0, 2**32 - 1),
        # inquiries per party and month: often small, sometimes large
        "sizes": st.lists(st.sampled_from([0, 1, 2, 3, 4, 5, 6, 8, 12, 20]), min_size=9, max_size=9),
        "skew": st.floats(0.5, 0.95),
    }
)


def _generate_inquiries(programme, data):
    rng = random.Random(data["seed"])
    topics = list(Topic.objects.filter(code__in=["housing", "bus-card"]).values_list("pk", flat=True))
    ppa = ReferralTarget.objects.get(code="ppa").pk
    municipalities = list(
        Municipality.objects.filter(name__in=["Tartu linn", "Pärnu linn"]).values_list("pk", flat=True)
    )

    def pick(common, rare):  # skewed, so that small cells and partners appear
        return common if rng.random() < data["skew"] else rare

    for (slug, month), size in zip(itertools.product(PARTIES, MONTHS), data["sizes"], strict=True):
        rows = []
        for _ in range(size):
            topic_set = rng.choice([(topics[0],), (topics[1],), tuple(topics)])
            rows.append(
                _row(
                    programme[slug],
                    dt.date(int(month[:4]), int(month[5:]), rng.randint(1, 28)),
                    channel=pick("in_person", "phone"),
                    language=pick("uk", "ru"),
                    category=pick("newcomer", "returnee"),
                    topic_ids=topic_set,
                    referral_ids=(ppa,) if rng.random() < 0.5 else (),
                    municipality_id=pick(municipalities[0], rng.choice([municipalities[1], None])),
                )
            )
        if rows:
            _write(programme[slug], rows)


class InquiryUnknowns:
    """The finest cells as unknowns: (party, month, dimension, value) for every unit with data,
    over every value the tables can show, with their true counts and the withheld ones."""

    def __init__(self, programme):
        self.party_of = {programme[slug].pk: slug for slug in PARTIES}
        self.topic_code = dict(Topic.objects.values_list("pk", "code"))
        self.referral_code = dict(ReferralTarget.objects.values_list("pk", "code"))
        self.ehak = dict(Municipality.objects.values_list("pk", "ehak_code"))
        protected = finest_cells(
            Inquiry.objects.all(),
            start=dt.date(2024, 1, 1),
            end=dt.date(2024, 3, 31),
            previous_start=dt.date(2024, 1, 1),
            exact=False,
        )
        self.true: dict[tuple, int] = {}
        self.hidden: set[tuple] = set()
        self.units = sorted({(self.party_of[u[0]], u[1]) for u in protected.totals})
        for (party_id, month, _current), n in protected.totals.items():
            unit = (self.party_of[party_id], month)
            self.true[(*unit, TOTAL, None)] = n
            if protected.is_hidden(TOTAL, (party_id, month, 1)):
                self.hidden.add((*unit, TOTAL, None))
        self.values = {
            "channel": Channel.values,
            "language": Language.values,
            "category": Category.values,
            "municipality": [
                None,
                *{self.ehak[pk] for per in protected.cells["municipality"].values() for pk in per if pk},
            ],
            "topic": sorted({self.topic_code[pk] for per in protected.cells["topic"].values() for pk in per}),
            "referral": sorted({self.referral_code[pk] for per in protected.cells["referral"].values() for pk in per}),
        }
        decode = {
            "topic": self.topic_code.get,
            "referral": self.referral_code.get,
            "municipality": lambda pk: self.ehak.get(pk),
        }
        for dim, per_unit in protected.cells.items():
            for (party_id, month, _current), values in per_unit.items():
                for value, n in values.items():
                    key = decode[dim](value) if dim in decode else value
                    cell = (self.party_of[party_id], month, dim, key)
                    self.true[cell] = n
                    if protected.is_hidden(dim, (party_id, month, 1), value):
                        self.hidden.add(cell)
        # Every value of every unit is an unknown (a zero cell too: it is published as a zero).
        self.cells = [(*unit, TOTAL, None) for unit in self.units] + [
            (*unit, dim, value) for unit in self.units for dim, values in self.values.items() for value in values
        ]

    def identities(self):
        """What an attacker knows without any table: per unit, a partitioning dimension's values
        add up to the unit's total."""
        for unit in self.units:
            for dim in ("channel", "language", "category", "municipality"):
                row = {(*unit, dim, value): 1 for value in self.values[dim]}
                row[(*unit, TOTAL, None)] = -1
                yield row


def _equation(unknowns, parties, months, dim, value, published, withheld, where):
    """One published number as an equation over the finest cells. Checks it against the data: it
    is the sum of the published cells in its scope, and the withheld count is the number of
    withheld cells there. Returns (the equation's cells, the withheld cells in its scope)."""
    scope = [(p, m, dim, value) for p in parties for m in months if (p, m) in set(unknowns.units)]
    shown = [c for c in scope if c not in unknowns.hidden]
    held = [c for c in scope if c in unknowns.hidden and unknowns.true.get(c, 0)]
    assert published == sum(unknowns.true.get(c, 0) for c in shown), f"{where}: not the sum of published cells"
    assert withheld == len(held), f"{where}: withheld cells miscounted"
    assert not 0 < published < THRESHOLD, f"{where}: a small count is shown"
    return shown, held


def _inquiry_equations(unknowns, body, parties, where):
    months = _months_between(body["start"][:7], body["end"][:7])
    previous = _previous_months(body["start"][:7], body["end"][:7])
    total = body["total"]
    yield _equation(unknowns, parties, months, TOTAL, None, total["count"] or 0, total["withheld_cells"], where)
    for name, cells in body["breakdowns"].items():
        for cell in cells:
            dim, value, in_months = name, cell["key"], months
            if name == "month":
                dim, value, in_months = TOTAL, None, [cell["key"]]
            yield _equation(
                unknowns, parties, in_months, dim, value, cell["count"] or 0, cell["withheld_cells"], f"{where} {name}"
            )
    for top in body["top_topics"]:
        yield _equation(
            unknowns, parties, months, "topic", top["topic"], top["count"] or 0, top["withheld_cells"], where
        )
        yield _equation(
            unknowns,
            parties,
            previous,
            "topic",
            top["topic"],
            top["previous"] or 0,
            top["previous_withheld_cells"],
            where,
        )


def _csv_equations(unknowns, response, body, parties, where):
    """The CSV file's rows: the same cells as the API answer, in the same order (the file names a
    cell by its label, not its key), each number checked and written as an equation."""
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    months = _months_between(body["start"][:7], body["end"][:7])
    cells = [(TOTAL, None, months, None)]
    for name, breakdown in body["breakdowns"].items():
        for cell in breakdown:
            if name == "month":
                cells.append((TOTAL, None, [cell["key"]], cell["label"]))
            else:
                cells.append((name, cell["key"], months, cell["label"]))
    assert len(rows) >= len(cells), f"{where}: the file has fewer cells than the API"
    for (dim, value, in_months, label), (_breakdown, shown_label, count, withheld) in zip(cells, rows, strict=False):
        if label is not None:
            assert shown_label == label, f"{where}: the file's cells are not the API's"
        published = 0 if count == "x" else int(count)
        yield _equation(unknowns, parties, in_months, dim, value, published, int(withheld), f"{where} csv")


def _prove(equations, secrets, identities):
    """Gaussian elimination over every published equation (and the identities); no secret — a
    withheld cell's unit vector or a figure's withheld part — may lie in their row space."""
    space = RowSpace()
    for row in identities:
        space.add(row)
    for cells in {frozenset(cells) for cells in equations}:
        space.add(dict.fromkeys(cells, 1))
    unique = {frozenset(vector): name for name, vector in secrets}
    determined = [name for vector, name in unique.items() if space.contains(dict.fromkeys(vector, 1))]
    assert not determined, f"withheld values determined by the published tables: {determined}"
    return space


@pytest.mark.django_db
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=inquiry_sets)
def test_no_table_combination_determines_a_withheld_inquiry_cell(data, programme, client, member):
    Inquiry.objects.all().delete()
    _generate_inquiries(programme, data)
    client.force_login(member("elvl", "coordinator"))
    unknowns = InquiryUnknowns(programme)
    # the module's withheld cells include every small one (the checks on sums use them)
    assert all(c in unknowns.hidden for c, n in unknowns.true.items() if 0 < n < THRESHOLD)
    equations, secrets, tables = [], [], 0
    for (start, end), party in itertools.product(_periods(), [None, *PARTIES]):
        parties = PARTIES if party is None else (party,)
        where = f"{party or 'all'} {start}–{end}"
        response = client.get(STATS, {"start": start.isoformat(), "end": end.isoformat(), "party": party or ""})
        assert response.status_code == 200, response.content
        found = list(_inquiry_equations(unknowns, response.json(), parties, where))
        exported = client.get(
            STATS_CSV,
            {"start": f"{start:%d.%m.%Y}", "end": f"{end:%d.%m.%Y}", "party": party or ""},
        )
        found += list(_csv_equations(unknowns, exported, response.json(), parties, where))
        tables += 2
        for shown, held in found:
            equations.append(shown)
            if held:
                secrets.append((f"withheld part of a figure ({where})", dict.fromkeys(held, 1)))
    secrets += [(f"cell {cell}", {cell: 1}) for cell in sorted(unknowns.hidden, key=repr)]
    _prove(equations, secrets, unknowns.identities())
    FIGURES_CHECKED["inquiry tables"] += tables
    FIGURES_CHECKED["inquiry equations"] += len(equations)
    FIGURES_CHECKED["inquiry withheld values"] += len(secrets)
    FIGURES_CHECKED["inquiry examples"] += 1


def test_partition_identities_are_the_only_relations_between_a_units_cells():
    """The identities given to the attacker are complete: over the joint records of one unit
    (channel × language × topics × referral, topics non-empty), the finest cells' only linear
    relations are the partitions' sums, so no other relation can be exploited."""
    channels, languages, topic_sets, referral_sets = ["a", "b"], ["x", "y"], [("t",), ("u",), ("t", "u")], [(), ("r",)]
    joint = list(itertools.product(channels, languages, topic_sets, referral_sets))
    cells = {
        "total": lambda j: True,
        "ch a": lambda j: j[0] == "a",
        "ch b": lambda j: j[0] == "b",
        "la x": lambda j: j[1] == "x",
        "la y": lambda j: j[1] == "y",
        "topic t": lambda j: "t" in j[2],
        "topic u": lambda j: "u" in j[2],
        "ref r": lambda j: "r" in j[3],
    }
    space = RowSpace()
    for test in cells.values():
        space.add({k: 1 for k, j in enumerate(joint) if test(j)})
    assert space.rank == len(cells) - 2  # exactly the two partition identities (channels, languages)


def _month_period(month: str) -> tuple[dt.date, dt.date]:
    first = dt.date(int(month[:4]), int(month[5:]), 1)
    return first, (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


@pytest.mark.django_db
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=inquiry_sets)
def test_the_reports_activity_counts_determine_no_withheld_cell(data, programme, member):
    """The report's inquiries per plan activity (`inquiries_by_activity`, which the report adds up
    its activity tree) for every party choice and whole-month period, together with every unit
    total the statistics publish."""
    from tests.monitoring.builders import make_activity, make_plan

    Inquiry.objects.all().delete()
    _generate_inquiries(programme, data)
    from loim.plans.models import Activity, Plan

    plan = Plan.objects.filter(year=2024).first() or make_plan(2024)
    activities = [
        Activity.objects.filter(plan=plan, code=f"9.9.{i}").first()
        or make_activity(plan, f"9.9.{i}", responsible=[programme["tartu"]])
        for i in range(2)
    ]
    rng = random.Random(data["seed"])
    for pk in Inquiry.objects.values_list("pk", flat=True):
        Inquiry.objects.filter(pk=pk).update(activity=rng.choice([None, None, *activities]))
    user = member("elvl", "coordinator")
    party_of = {programme[slug].pk: slug for slug in PARTIES}
    true = defaultdict(int)
    for row in Inquiry.objects.values("party_id", "date", "activity_id"):
        unit = (party_of[row["party_id"]], f"{row['date']:%Y-%m}")
        true[(*unit, TOTAL, None)] += 1
        true[(*unit, "activity", row["activity_id"])] += 1
    values = [None, *(a.pk for a in activities)]
    units = sorted({cell[:2] for cell in true})
    # Which cells are withheld, read from one-unit tables (one party, one month) …
    hidden = set()
    for slug, month in units:
        figures = inquiries_by_activity(
            user=user, start=_month_period(month)[0], end=_month_period(month)[1], party=programme[slug]
        )
        hidden |= {(slug, month, "activity", v) for v in values if figures.get(v, Figure(0)).withheld}
    # … and checked against the data: every small cell and every cell of a small unit is among them.
    for (slug, month, dim, value), n in true.items():
        if dim == "activity" and n and (n < THRESHOLD or true[(slug, month, TOTAL, None)] < THRESHOLD):
            assert (slug, month, dim, value) in hidden
    equations = [[(*unit, TOTAL, None)] for unit in units if true[(*unit, TOTAL, None)] >= THRESHOLD]
    tables = 0
    for (start, end), party in itertools.product(_periods(), [None, *PARTIES]):
        figures = inquiries_by_activity(user=user, start=start, end=end, party=programme[party] if party else None)
        tables += 1
        parties = PARTIES if party is None else (party,)
        months = _months_between(f"{start:%Y-%m}", f"{end:%Y-%m}")
        for value in values:
            figure = figures.get(value, Figure(0))
            scope = [(p, m, "activity", value) for p, m in units if p in parties and m in months]
            shown = [c for c in scope if c not in hidden]
            assert figure.value == sum(true.get(c, 0) for c in shown), f"{party} {start} {value}"
            assert figure.withheld == sum(1 for c in scope if c in hidden), f"{party} {start} {value}"
            equations.append(shown)
    identities = []
    for unit in units:
        row = {(*unit, "activity", value): 1 for value in values}
        row[(*unit, TOTAL, None)] = -1
        identities.append(row)
    secrets = [(f"cell {cell}", {cell: 1}) for cell in sorted(hidden, key=repr)]
    _prove(equations, secrets, identities)
    FIGURES_CHECKED["report tables"] += tables
    FIGURES_CHECKED["report equations"] += len(equations)
    FIGURES_CHECKED["report withheld values"] += len(secrets)
    FIGURES_CHECKED["report examples"] += 1


# --- The proof over random data: register counts -------------------------------------------------


register_sets = st.fixed_dictionaries(
    {
        "seed": st.integers(0, 2**32 - 1),
        "sizes": st.lists(st.sampled_from([0, 1, 2, 3, 4, 6, 9]), min_size=9, max_size=9),
    }
)
REGISTER_PLACES = ("Rakvere linn", "Tapa vald", "Tartu linn")


def _generate_people(programme, data):
    from tests.register.factories import make_person

    rng = random.Random(data["seed"])
    places = {name: Municipality.objects.get(name=name) for name in REGISTER_PLACES}
    for (slug, place), size in zip(itertools.product(PARTIES, REGISTER_PLACES), data["sizes"], strict=True):
        for _ in range(size):
            group = rng.choice(["newcomer", "newcomer", "returnee", "other_background"])
            make_person(
                programme[slug], municipality=places[place] if rng.random() < 0.85 else None, target_group=group
            )


@pytest.mark.django_db
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=register_sets)
def test_no_table_combination_determines_a_withheld_register_cell(data, programme, client, member):
    Person.objects.all().delete()
    _generate_people(programme, data)
    client.force_login(member("elvl", "coordinator"))
    party_of = {programme[slug].pk: slug for slug in PARTIES}
    protected = register_finest_cells(raw_finest_counts(Person.objects.processable()), exact=False)
    county_of = dict(Municipality.objects.values_list("pk", "county_id"))
    true, hidden = {}, set()
    for unit, n in protected.totals.items():
        true[(party_of[unit[0]], unit[1], TOTAL, None)] = n
        if protected.is_hidden(TOTAL, unit):
            hidden.add((party_of[unit[0]], unit[1], TOTAL, None))
    for unit, values in protected.cells["target_group"].items():
        for value, n in values.items():
            true[(party_of[unit[0]], unit[1], "target_group", value)] = n
            if protected.is_hidden("target_group", unit, value):
                hidden.add((party_of[unit[0]], unit[1], "target_group", value))
    assert all(c in hidden for c, n in true.items() if 0 < n < THRESHOLD)
    units = sorted({(party_of[u[0]], u[1]) for u in protected.totals}, key=repr)
    requests = [{}]
    counties = sorted(
        {county_of[u[1]] for u in protected.totals if u[1]} | {County.objects.order_by("name").first().pk}
    )
    requests += [{"county": c} for c in counties]
    requests += [{"party": slug, **extra} for slug in PARTIES for extra in [{}, *({"county": c} for c in counties)]]
    equations, secrets = [], []
    for params in requests:
        body = client.get(COUNTS, params).json()
        parties = [body["party"]] if body["party"] else list(PARTIES)
        if body["county"] is not None:
            inside = set(Municipality.objects.current().filter(county_id=body["county"]).values_list("pk", flat=True))

            def area(municipality, inside=inside):
                return str(municipality) if municipality in inside else ELSEWHERE
        else:

            def area(municipality):
                return str(county_of[municipality]) if municipality and county_of.get(municipality) else NOT_GIVEN

        def figure(figure_json, dim, value, row_key, where, parties=parties, area=area):
            scope = [(p, m, dim, value) for p, m in units if p in parties and (row_key is None or area(m) == row_key)]
            shown = [c for c in scope if c not in hidden]
            held = [c for c in scope if c in hidden and true.get(c, 0)]
            assert (figure_json["count"] or 0) == sum(true.get(c, 0) for c in shown), where
            assert figure_json["withheld_cells"] == len(held), where
            equations.append(shown)
            if held:
                secrets.append((where, dict.fromkeys(held, 1)))

        for row in body["rows"]:
            for group, cell in row["cells"].items():
                figure(cell, "target_group", group, row["key"], f"{params} {row['key']} {group}")
            figure(row["total"], TOTAL, None, row["key"], f"{params} {row['key']} total")
        for group, cell in body["column_totals"].items():
            figure(cell, "target_group", group, None, f"{params} column {group}")
        figure(body["total"], TOTAL, None, None, f"{params} total")
    identities = []
    for unit in units:
        row = {(*unit, "target_group", group): 1 for group in TargetGroup.values}
        row[(*unit, TOTAL, None)] = -1
        identities.append(row)
    secrets += [(f"cell {cell}", {cell: 1}) for cell in sorted(hidden, key=repr)]
    _prove(equations, secrets, identities)
    FIGURES_CHECKED["register tables"] += len(requests)
    FIGURES_CHECKED["register equations"] += len(equations)
    FIGURES_CHECKED["register withheld values"] += len(secrets)
    FIGURES_CHECKED["register examples"] += 1


def test_zz_report_what_the_proofs_covered(capsys):
    """Prints how many tables, equations and withheld values the proofs above went through."""
    with capsys.disabled():
        print("\n[disclosure proof]", dict(FIGURES_CHECKED))
