"""Where the statistics open (issue 16 §3): the last quarter that is over and holds data, compared with
the whole quarter before it, named in words; "andmed puuduvad" when that quarter holds no records.
Today is fixed at 10.02.2025: the current quarter (I 2025) is not over, the last one that is, is IV 2024."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.inquiries.helpers import make_inquiry
from tests.inquiries.test_previous_period import _top_rows

URL = "/inquiries/statistics/"


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2025, 2, 10))


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def six(party, year, month):  # six in one month of one party: nothing withheld
    for day in range(1, 7):
        make_inquiry(party, date=dt.date(year, month, day))


def test_opens_on_the_last_quarter_that_is_over_and_has_data(today, client, member, programme):
    six(programme["tartu"], 2024, 5)  # II quarter 2024
    six(programme["tartu"], 2025, 1)  # the current quarter, not over: not where the page opens
    client.force_login(member("elvl", "coordinator"))
    response = client.get(URL)
    page = text(response)
    # III and IV 2024 hold nothing, so the page opens on II 2024, compared with I 2024 (empty)
    assert "Kõik osapooled, 2024. aasta II kvartal (01.04.2024–30.06.2024): 6 pöördumist" in page
    assert "Võrreldud sama pika eelmise perioodiga: 2024. aasta I kvartal (01.01.2024–31.03.2024)." in page
    assert _top_rows(response.content.decode())[0][1:] == ["6", "andmed puuduvad", "—"]


def test_the_quarter_before_with_data_gives_the_change(today, client, member, programme):
    six(programme["tartu"], 2024, 8)  # III 2024
    six(programme["tartu"], 2024, 11)  # IV 2024: the last quarter that is over
    make_inquiry(programme["tartu"], date=dt.date(2024, 11, 7))
    client.force_login(member("elvl", "coordinator"))
    response = client.get(URL)
    assert "2024. aasta IV kvartal (01.10.2024–31.12.2024): 7 pöördumist" in text(response)
    assert _top_rows(response.content.decode())[0][1:] == ["7", "6", "+1 (+17%)"]  # 1 / 6 = 16.7 %


def test_with_no_quarter_over_the_year_so_far(today, client, member, programme):
    six(programme["tartu"], 2025, 1)
    client.force_login(member("elvl", "coordinator"))
    # across parties only whole months that are over: January 2025
    assert "Kõik osapooled, 01.01.2025–31.01.2025: 6 pöördumist" in text(client.get(URL))
