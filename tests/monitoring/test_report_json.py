"""The report's JSON gives counselling figures as numbers, never as the strings shown on the page
(issue 10, §4): `total`, and each top topic's `count` and `previous`, are integers or null (withheld)."""

import datetime as dt
import json

from loim.monitoring.access import Viewer
from loim.monitoring.rendering import render
from tests.inquiries.helpers import make_inquiry

LATER = dt.date(2025, 2, 1)


def test_counselling_totals_are_numbers(scenario, member):
    tartu = scenario["parties"]["tartu"]
    for day in range(1, 13):  # 12 about the bus card, in January 2024
        make_inquiry(tartu, topics=("bus-card",), date=dt.date(2024, 1, day))
    for day in range(1, 4):  # 3 about the personal ID code
        make_inquiry(tartu, topics=("personal-id-code",), date=dt.date(2024, 2, day))
    data = json.loads(render(scenario["plan"], Viewer(user=member("tartu", "coordinator")), "json", as_of=LATER))
    (row,) = data["inquiries"]
    assert row["party"] == str(tartu)
    assert row["total"] == 15 and isinstance(row["total"], int)
    counts = {topic["topic"]: topic["count"] for topic in row["topics"]}
    assert sorted(counts.values(), reverse=True) == [12, 3]
    assert all(isinstance(topic["previous"], int) for topic in row["topics"])  # 2023: 0, a number too
