"""The de-identified counts page and API, protected by core.disclosure (the suppression itself is
tested in tests/core/test_disclosure.py). Expected tables are worked out by hand in each test."""

import json

import pytest
from django.urls import reverse

from loim.core.disclosure import Figure
from loim.places.models import County, Municipality
from loim.register.access import SUBJECT_REQUEST
from loim.register.services.people import consent_withdraw, person_restrict
from loim.register.statistics import ELSEWHERE, count_table
from tests.register.factories import make_person


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
    # Finest cells (Rakvere's register): Rakvere linn 7 newcomers; Tapa 6 newcomers + 2 returnees
    # (2 is withheld, and so is its unit's partner 6: "8 minus 6" would give it back); Tartu linn 1
    # (a unit under 5, withheld whole). Totals add up published cells only.
    viewer = member("rakvere", "viewer")
    table = count_table(user=viewer, county=County.objects.get(name="Lääne-Viru maakond"))
    rows = by_label(table)
    columns = [key for key, _label in table.columns]
    newcomer, returnee = columns.index("newcomer"), columns.index("returnee")
    assert [row.label for row in table.rows][:3] == ["Haljala vald", "Kadrina vald", "Rakvere linn"]
    assert rows["Rakvere linn"].cells[newcomer] == Figure(7) and rows["Rakvere linn"].total == Figure(7)
    assert rows["Tapa vald"].cells[returnee].suppressed and rows["Tapa vald"].cells[newcomer].suppressed
    assert rows["Tapa vald"].total == Figure(8)
    assert rows[ELSEWHERE].total.suppressed  # the one person living outside the county
    assert rows["Kadrina vald"].total == Figure(0)
    assert table.column_totals[newcomer] == Figure(7, withheld=2) and table.column_totals[newcomer].shown == "≥ 7"
    assert table.column_totals[returnee].suppressed
    assert table.total == Figure(15, withheld=1)  # the withdrawn and the restricted person are not counted
    shown = [c.value for row in table.rows for c in (*row.cells, row.total)] + [c.value for c in table.column_totals]
    assert not [value for value in shown if 0 < value < 5]


def test_register_holders_see_their_own_exact_counts(db, lääne_viru_people, member):
    holder = member("rakvere", "coordinator", register_access=True)
    table = count_table(user=holder, county=County.objects.get(name="Lääne-Viru maakond"))
    assert not table.suppressed_any
    assert table.total == Figure(16)  # 7 + 8 + 1: the withdrawn and the restricted person are not counted
    returnee = [key for key, _label in table.columns].index("returnee")
    assert by_label(table)["Tapa vald"].cells[returnee] == Figure(2)


def test_a_table_without_small_cells_is_shown_in_full(db, programme, member):
    rakvere = programme["rakvere"]
    for name, group, n in [("Rakvere linn", "newcomer", 6), ("Tapa vald", "newcomer", 5), ("Tapa vald", "returnee", 5)]:
        for _ in range(n):
            make_person(rakvere, municipality=Municipality.objects.get(name=name), target_group=group)
    table = count_table(user=member("rakvere", "viewer"), county=County.objects.get(name="Lääne-Viru maakond"))
    assert not table.suppressed_any
    assert by_label(table)["Tapa vald"].total == Figure(10)
    assert table.total == Figure(16)


def test_other_parties_get_no_rakvere_counts_and_elvl_sees_them_de_identified(db, lääne_viru_people, member):
    county = County.objects.get(name="Lääne-Viru maakond")
    assert count_table(user=member("tartu", "coordinator"), county=county).total == Figure(0)
    assert count_table(user=member("elvl", "coordinator"), county=county).total == Figure(15, withheld=1)
    national = by_label(count_table(user=member("ministry", "ministry_reader")))
    assert national["Lääne-Viru maakond"].total == Figure(15)
    assert national["Tartu maakond"].total.suppressed  # one person: withheld


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
    assert tapa["cells"]["returnee"] == {"count": None, "suppressed": True, "withheld_cells": 1}
    assert data["total"] == {"count": 15, "suppressed": False, "withheld_cells": 1}


def test_counts_api_refuses_another_partys_register(client, lääne_viru_people, member):
    client.force_login(member("tartu", "coordinator", register_access=True))
    assert client.get(reverse("v1:register-counts-list"), {"party": "rakvere"}).status_code == 404
    assert client.get(reverse("register:counts"), {"party": "rakvere"}).status_code == 404
    own = json.loads(client.get(reverse("v1:register-counts-list")).content)
    assert own["total"]["count"] == 0
    client.logout()
    assert client.get(reverse("v1:register-counts-list")).status_code in (401, 403)
