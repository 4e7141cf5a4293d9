"""Suppression of small counts (one function) and the de-identified counts page and API."""

import json

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from loim.places.models import County, Municipality
from loim.register.access import SUBJECT_REQUEST
from loim.register.services.people import consent_withdraw, person_restrict
from loim.register.statistics import ELSEWHERE, THRESHOLD, count_table, suppress
from tests.register.factories import make_person

matrices = st.integers(1, 6).flatmap(
    lambda columns: st.lists(st.lists(st.integers(0, 30), min_size=columns, max_size=columns), min_size=1, max_size=8)
)


def lines(cells, row_totals, column_totals, total):
    rows = [[*row, row_total] for row, row_total in zip(cells, row_totals, strict=True)]
    rows.append([*column_totals, total])
    return rows + [list(column) for column in zip(*rows, strict=True)]


@given(matrices)
@settings(max_examples=300, deadline=None)
def test_no_small_count_is_shown_and_none_can_be_worked_out_by_subtraction(values):
    cells, row_totals, column_totals, total = suppress(values)
    every = [c for line in lines(cells, row_totals, column_totals, total) for c in line]
    assert all(c.suppressed for c in every if 0 < c.value < THRESHOLD)
    for line in lines(cells, row_totals, column_totals, total):
        assert sum(c.suppressed for c in line) != 1, "one hidden value in a line equals total minus the rest"
    assert [[c.value for c in row] for row in cells] == values
    assert total.value == sum(map(sum, values))
    assert all(c.shown == (None if c.suppressed else c.value) for c in every)


def test_large_counts_are_shown_as_they_are():
    cells, row_totals, column_totals, total = suppress([[10, 0], [7, 12]])
    assert [[c.shown for c in row] for row in cells] == [[10, 0], [7, 12]]
    assert [c.shown for c in row_totals] == [10, 19]
    assert [c.shown for c in column_totals] == [17, 12]
    assert total.shown == 29


def test_one_small_cell_hides_a_partner_in_its_row_and_column():
    cells, row_totals, column_totals, _total = suppress([[3, 20, 9], [11, 8, 30]])
    hidden = {(r, c) for r, row in enumerate(cells) for c, cell in enumerate(row) if cell.suppressed}
    assert (0, 0) in hidden
    assert len(hidden) >= 3  # its row partner, its column partner, and the fourth corner
    assert all(not c.suppressed for c in row_totals + column_totals)


@pytest.fixture
def lääne_viru_people(programme):
    """Rakvere's register: 7 newcomers in Rakvere linn, 6 in Tapa, 2 returnees in Tapa (suppressed),
    one person outside the county, one withdrawn and one restricted (not counted)."""
    rakvere = programme["rakvere"]
    city = Municipality.objects.get(name="Rakvere linn")
    tapa = Municipality.objects.get(name="Tapa vald")
    for _ in range(7):
        make_person(rakvere, municipality=city)
    for _ in range(6):
        make_person(rakvere, municipality=tapa)
    for _ in range(2):
        make_person(rakvere, municipality=tapa, target_group="returnee")
    make_person(rakvere, municipality=Municipality.objects.get(name="Tartu linn"))
    gone = make_person(rakvere, municipality=city, name="Withdrawn Person")
    consent_withdraw(consent=gone.consents.get())
    hidden = make_person(rakvere, municipality=city, name="Restricted Person")
    person_restrict(person=hidden, actor=None, restricted=True, why=SUBJECT_REQUEST)
    return rakvere


def by_label(table):
    return {row.label: row for row in table.rows} | {row.key: row for row in table.rows}


def test_county_view_counts_by_municipality_and_category_with_suppression(db, lääne_viru_people, member):
    viewer = member("rakvere", "viewer")
    table = count_table(user=viewer, county=County.objects.get(name="Lääne-Viru maakond"))
    rows = by_label(table)
    columns = [key for key, _label in table.columns]
    assert [row.label for row in table.rows][:3] == ["Haljala vald", "Kadrina vald", "Rakvere linn"]
    assert rows["Tapa vald"].cells[columns.index("returnee")].suppressed
    assert rows[ELSEWHERE].total.suppressed  # the one person living outside the county
    assert rows["Kadrina vald"].total.shown == 0
    shown = [c.shown for row in table.rows for c in (*row.cells, row.total)] + [c.shown for c in table.column_totals]
    assert not [value for value in shown if value is not None and 0 < value < 5]
    assert table.total.value == 16  # the withdrawn and the restricted person are not counted


def test_a_table_without_small_cells_is_shown_in_full(db, programme, member):
    rakvere = programme["rakvere"]
    for name, group, n in [("Rakvere linn", "newcomer", 6), ("Tapa vald", "newcomer", 5), ("Tapa vald", "returnee", 5)]:
        for _ in range(n):
            make_person(rakvere, municipality=Municipality.objects.get(name=name), target_group=group)
    table = count_table(user=member("rakvere", "viewer"), county=County.objects.get(name="Lääne-Viru maakond"))
    assert not table.suppressed_any
    assert by_label(table)["Tapa vald"].total.shown == 10


def test_other_parties_get_no_rakvere_counts_and_elvl_sees_them_de_identified(db, lääne_viru_people, member):
    county = County.objects.get(name="Lääne-Viru maakond")
    assert count_table(user=member("tartu", "coordinator"), county=county).total.value == 0
    assert count_table(user=member("elvl", "coordinator"), county=county).total.value == 16
    national = by_label(count_table(user=member("ministry", "ministry_reader")))
    assert national["Lääne-Viru maakond"].total.value == 15
    assert national["Tartu maakond"].total.suppressed  # one person: hidden


def test_counts_page_shows_numbers_never_names(client, lääne_viru_people, member):
    client.force_login(member("rakvere", "viewer"))
    page = client.get(reverse("register:counts"))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Rakvere linn" in content and "Tapa vald" in content
    assert "Olena" not in content and "Withdrawn Person" not in content
    assert page.context["table"].suppressed_any


def test_counts_api_returns_the_same_suppressed_table(client, lääne_viru_people, member):
    client.force_login(member("rakvere", "coordinator"))
    county = County.objects.get(name="Lääne-Viru maakond")
    page = client.get(reverse("register:counts"), {"county": county.pk}).context["table"]
    response = client.get(reverse("v1:register-counts-list"), {"county": county.pk})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data == json.loads(json.dumps({**data, **page.as_dict()}))
    tapa = next(row for row in data["rows"] if row["label"] == "Tapa vald")
    assert tapa["cells"]["returnee"] == {"count": None, "suppressed": True}
    assert data["total"] == {"count": 16, "suppressed": False}


def test_counts_api_refuses_another_partys_register(client, lääne_viru_people, member):
    client.force_login(member("tartu", "coordinator", register_access=True))
    assert client.get(reverse("v1:register-counts-list"), {"party": "rakvere"}).status_code == 404
    assert client.get(reverse("register:counts"), {"party": "rakvere"}).status_code == 404
    own = json.loads(client.get(reverse("v1:register-counts-list")).content)
    assert own["total"]["count"] == 0
    client.logout()
    assert client.get(reverse("v1:register-counts-list")).status_code in (401, 403)
