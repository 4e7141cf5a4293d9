"""The participation matrix read as a page (issue 16 §3): municipalities grouped by county with the
focus regions first, cells shaded in steps, sorting inside a county, and all-zero rows hidden behind a
GET toggle. The grouping is a pure function over rows; the page is checked on the monitoring scenario."""

import re

from django.urls import reverse

from loim.monitoring.selectors import MatrixRow, _county_groups, shade_step
from loim.places.models import County, Municipality, Region


def rows_of_two_counties() -> list[MatrixRow]:
    # Harju (North Estonia, not a focus region) is listed first on purpose: Ida-Viru must still lead.
    harju = County(pk=1, name="Harju maakond", ehak_code="0037", region=Region.NORTH)
    ida = County(pk=2, name="Ida-Viru maakond", ehak_code="0045", region=Region.IDA_VIRUMAA)
    tallinn = Municipality(pk=11, name="Tallinn", county=harju)
    narva = Municipality(pk=21, name="Narva linn", county=ida)
    alutaguse = Municipality(pk=22, name="Alutaguse vald", county=ida)
    return [
        MatrixRow(tallinn, [12, 0], 12, True, False),
        MatrixRow(alutaguse, [0, 0], 0, False, True),
        MatrixRow(narva, [3, 1], 4, False, True),
    ]


def test_focus_region_counties_come_first_and_zero_rows_are_hidden():
    groups = _county_groups(rows_of_two_counties(), sort="name", zeros=False)
    assert [g.county for g in groups] == ["Ida-Viru maakond", "Harju maakond"]
    ida, harju = groups
    assert ida.focus and not harju.focus
    assert [r.municipality.name for r in ida.rows] == ["Narva linn"]  # Alutaguse has no participation
    assert ida.hidden == 1 and ida.total == 4
    assert [r.municipality.name for r in harju.rows] == ["Tallinn"] and harju.hidden == 0


def test_zero_rows_shown_on_request_and_sorting_inside_a_county():
    by_name = _county_groups(rows_of_two_counties(), sort="name", zeros=True)
    assert [r.municipality.name for r in by_name[0].rows] == ["Alutaguse vald", "Narva linn"]
    assert by_name[0].hidden == 0
    by_total = _county_groups(rows_of_two_counties(), sort="total", zeros=True)
    assert [r.municipality.name for r in by_total[0].rows] == ["Narva linn", "Alutaguse vald"]  # 4 before 0
    assert [g.county for g in by_total] == ["Ida-Viru maakond", "Harju maakond"]  # groups keep their order


def test_shade_steps():
    # steps: none, 1, 2–4, 5–9, 10 or more
    assert [shade_step(n) for n in (0, 1, 2, 4, 5, 9, 10, 250)] == [0, 1, 2, 2, 3, 3, 4, 4]
    narva = rows_of_two_counties()[2]
    assert narva.shaded == [(3, 2), (1, 1)]


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_matrix_page_groups_hides_and_shows_zero_rows(client, scenario, member):
    # The scenario's participations: Narva linn 2 (a training and an experience meeting, both under
    # 3.5.1.4), Tartu linn 1, Võru linn 1, Valga vald 1 (3.5.1.4 too); the other 75 of the 79
    # municipalities took part in nothing.
    client.force_login(member("elvl", "coordinator"))
    url = reverse("monitoring:matrix", kwargs={"year": 2024})
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    heads = re.findall(r'<th scope="rowgroup"[^>]*>\s*([^<]+?)\s*<', body)
    # Ida-Virumaa first, then South Estonia's counties by name, then the rest; empty counties left out
    assert heads == ["Ida-Viru maakond", "Tartu maakond", "Valga maakond", "Võru maakond"]
    assert "75 municipalities without participations are hidden. Show them" in text(
        client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    )
    narva = re.search(r"<tr[^>]*>\s*<th scope=\"row\">Narva linn.*?</tr>", body, re.S).group(0)
    # columns: 3.5.1.3, 3.5.1.4, 3.5.2.1, events with no plan row; then the row's total
    cells = re.findall(r'<td class="num shade-(\d)">(\d+)</td>', narva)
    assert cells == [("0", "0"), ("2", "2"), ("0", "0"), ("0", "0")]
    assert ">Tallinn<" not in body
    # the column headers are the activities' titles (the code only beside them)
    assert "Kommunikatsiooni tagamine KOV-ide seas" in body and "Ametnike võimekuse tõstmine" in body

    full = client.get(url + "?zeros=1", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Tallinn<" in full or ">Tallinn " in full
    heads = re.findall(r'<th scope="rowgroup"[^>]*>\s*([^<]+?)\s*<', full)
    assert len(heads) == 15 and heads[:2] == ["Ida-Viru maakond", "Jõgeva maakond"]
    assert "Hide municipalities without participations" in full
    # sorting by total keeps the toggle, and the filter form keeps both
    by_total = client.get(url + "?zeros=1&sort=total", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<input type="hidden" name="sort" value="total">' in by_total
    assert '<input type="hidden" name="zeros" value="1">' in by_total
