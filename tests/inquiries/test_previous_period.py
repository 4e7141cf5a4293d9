"""Top topics against the previous period: "no data" when the previous period holds no records at all,
a real "0" when it holds records but none of this topic (review finding: 2023 showed "0" and "—")."""

import datetime as dt
import re

from tests.inquiries.helpers import make_inquiry, topic

URL = "/inquiries/statistics/?start=01.01.2024&end=31.12.2024&party="


def _top_rows(html: str) -> list[list[str]]:
    table = re.search(r'<table class="data" id="table-top-topics"[^>]*>.*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S)
    return [
        [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
        for r in rows
    ]


def test_no_records_in_the_previous_period_reads_no_data(client, member, programme):
    for day in range(1, 7):  # six in one month of one party: nothing withheld
        make_inquiry(programme["tartu"], date=dt.date(2024, 3, day))
    client.force_login(member("elvl", "coordinator"))
    rows = _top_rows(client.get(URL).content.decode())
    assert rows == [[topic("personal-id-code").name, "6", "andmed puuduvad", "—"]]


def test_records_of_other_topics_in_the_previous_period_give_a_real_zero(client, member, programme):
    for day in range(1, 7):
        make_inquiry(programme["tartu"], date=dt.date(2024, 3, day))
        make_inquiry(programme["tartu"], date=dt.date(2023, 3, day), topics=("housing",))
    client.force_login(member("elvl", "coordinator"))
    rows = _top_rows(client.get(URL).content.decode())
    assert rows == [[topic("personal-id-code").name, "6", "0", "+6"]]


def test_the_statistics_files_headings_are_capitalised_like_the_events_file(client, member, programme):
    from tests.inquiries.test_exports import csv_rows, xlsx_sheets

    make_inquiry(programme["tartu"], date=dt.date(2024, 3, 5))
    client.force_login(member("tartu", "coordinator"))
    url = "/inquiries/statistics/export.%s?start=01.01.2024&end=31.12.2024"
    assert csv_rows(client.get(url % "csv"))[0] == ["Jaotus", "Nimetus", "Arv", "Varjatud lahtreid"]
    sheets = list(xlsx_sheets(client.get(url % "xlsx")).values())
    assert list(sheets[1][0]) == ["Teema", "Pöördumiste arv", "Eelmine periood", "Muutus", "Varjatud lahtreid"]
