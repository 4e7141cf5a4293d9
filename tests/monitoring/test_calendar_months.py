"""Weekly commitments in month boxes (issue 16 §3): each week of the plan year in the month of its
Thursday (a week cut by the year's edge: the month of its first day), as the exclusions read it."""

import datetime as dt
import re
from types import SimpleNamespace

from django.urls import reverse

from loim.monitoring.periods import weeks
from loim.monitoring.views.commitments import _month_boxes


def test_weeks_of_2024_in_their_months():
    cells = [SimpleNamespace(slot=slot) for slot in weeks(2024)]
    boxes = {month: [cell.slot.short for cell in box] for month, box in _month_boxes(cells)}
    assert list(boxes) == [dt.date(2024, m, 1) for m in range(1, 13)]
    assert boxes[dt.date(2024, 1, 1)] == ["01", "02", "03", "04"]  # Monday 1 January 2024 starts week 1
    # week 5 is 29.01–04.02 (Thursday 1 February); week 9 is 26.02–03.03 (Thursday 29 February)
    assert boxes[dt.date(2024, 2, 1)] == ["05", "06", "07", "08", "09"]
    # 30.–31. December are the plan year's part of 2025's week 1
    assert boxes[dt.date(2024, 12, 1)] == ["49", "50", "51", "52", "01/25"]
    assert sum(len(box) for box in boxes.values()) == 53


def test_the_calendar_shows_weekly_commitments_as_months(client, scenario, member):
    client.force_login(member("elvl", "coordinator"))
    body = client.get(reverse("monitoring:calendar", kwargs={"year": 2024})).content.decode()
    weekly = body.split('id="cadence-week"')[1].split("</section>")[0]
    assert "<table" not in weekly  # no sideways row of 53 columns
    assert len(re.findall(r'<div class="month-box">', weekly)) == 12  # one commitment, "Tartu clubs weekly"
    assert "<h4>jaanuar</h4>" in weekly
