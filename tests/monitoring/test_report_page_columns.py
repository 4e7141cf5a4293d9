"""Issue 16: the web report drops the figure columns that hold nothing but zeros, by the same rule
as the PDF and the DOCX (`report.document.holds_figures`); a column with one figure stays."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from loim.monitoring.report.document import figure_columns, holds_figures
from tests.monitoring.builders import make_activity, make_event, make_plan

FIXED = ["Nr", "Tegevus või alategevus", "Vastutaja", "Kuupäevad tegevuskavas"]


def test_a_column_of_zeros_dashes_and_blanks_holds_no_figure():
    assert not holds_figures([0, "0", None, "—", ""])
    assert holds_figures([0, 0, 3])  # one figure is enough
    assert holds_figures([0, "x"])  # a withheld count is shown as "x": the column says something
    rows = [{"a": 0, "b": 0}, {"a": 0, "b": 2}]
    assert figure_columns(rows, {"a": lambda r: r["a"], "b": lambda r: r["b"]}) == {"b"}
    assert figure_columns([], {"a": lambda r: r["a"]}) == {"a"}  # no rows: the table is left as it is


def _activity_tables(page: str) -> list[tuple[list[str], list[int]]]:
    """Each activity table's column headings and the number of cells of each of its data rows."""
    tables = []
    for html in re.findall(r'<table class="data report-activities">(.*?)</table>', page, re.S):
        head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
        headings = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', head)]
        body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
        rows = re.findall(r'<tr class="level-[^"]*">(.*?)</tr>', body, re.S)
        tables.append((headings, [len(re.findall(r"<t[hd][ >]", row)) for row in rows]))
    return tables


@pytest.mark.django_db
def test_the_web_report_shows_only_the_columns_with_figures(client, programme, member):
    elvl, tartu = programme["elvl"], programme["tartu"]
    plan = make_plan(2024)
    info = make_activity(plan, "3.5.1.3", responsible=[elvl], title="Infopäevad KOV-idele")
    days = make_activity(plan, "3.5.1.3", parent=info, row_key="1", responsible=[elvl], title="Infopäevad")
    make_activity(plan, "3.5.1.3", parent=info, row_key="2", responsible=[elvl], title="Juhendid")
    clubs = make_activity(plan, "3.5.2.1", section="partner", responsible=[tartu], title="Tartu tegevused")
    make_activity(plan, "3.5.2.1", parent=clubs, row_key="1.1", responsible=[tartu], title="Suhtlusklubid")
    # one event, on one row of the implementer's section, with 7 newcomers counted; no participation
    # of a municipality, no inquiry; the partners' section has nothing
    make_event(elvl, "info_day", dt.date(2024, 3, 5), activity=days, counts={"newcomer": 7})

    client.force_login(member("elvl", "coordinator"))
    page = client.get(reverse("monitoring:report", kwargs={"year": 2024})).content.decode()
    (implementer, implementer_cells), (partners, partner_cells) = _activity_tables(page)
    # events, their kinds and the participants hold a figure in one row of three (the activity, the
    # row with the event, the row without): shown; participations, municipalities, inquiries are all 0
    assert implementer == [*FIXED, "Üritused", "Liigiti", "Osalejad", "Plaanitud ja tehtud"]
    # the partners' table has no figure at all: only the plan's own columns
    assert partners == [*FIXED, "Plaanitud ja tehtud"]
    # every row has as many cells as the table has columns
    assert implementer_cells == [8, 8, 8]
    assert partner_cells == [5, 5]
