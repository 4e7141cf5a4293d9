"""The optional read replica (core.routers) against a second, real PostgreSQL database: aggregates
and exports read it, every write and a user's reads after a write read the primary.

The replica is a copy of the test database, changed apart from it after the copy (tests/replica.py)."""

import datetime as dt
import re

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, router

from loim.core.routers import PIN_COOKIE, reading_from_replica
from loim.inquiries.models import Inquiry
from loim.inquiries.services import inquiry_delete
from tests.inquiries.helpers import make_inquiry
from tests.inquiries.test_views import entry_data
from tests.replica import REPLICA_DATABASES

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="a replica is a second PostgreSQL database")

STATISTICS_2024 = "/inquiries/statistics/?start=01.01.2024&end=31.12.2024"


def shown_total(response) -> int:
    assert response.status_code == 200
    html = response.content.decode()
    return int(re.search(r'id="stat-total">.*?<strong>\s*(\d+)\s*</strong>', html, re.S).group(1))


@pytest.mark.django_db(transaction=True, databases=REPLICA_DATABASES)
def test_statistics_and_exports_read_the_replica_and_a_write_pins_the_primary(client, member, programme, replica_copy):
    tartu = programme["tartu"]
    client.force_login(member("tartu"))
    for day in (5, 6, 7):
        make_inquiry(tartu, date=dt.date(2024, 3, day))
    only_on_replica = [make_inquiry(tartu, date=dt.date(2024, 4, day)) for day in (1, 2)]
    replica_copy()  # the copy holds 5 inquiries of Tartu in 2024 …
    for inquiry in only_on_replica:  # … and the primary, from now on, 3
        inquiry_delete(inquiry=inquiry)
    assert Inquiry.objects.using("default").count() == 3
    assert Inquiry.objects.using("replica").count() == 5

    # The statistics page, its file and the list's export read the replica …
    assert shown_total(client.get(STATISTICS_2024)) == 5
    listed = b"".join(client.get("/inquiries/list/export.csv?start=01.01.2024&end=31.12.2024").streaming_content)
    assert len(listed.decode("utf-8-sig").strip().splitlines()) == 1 + 5  # the header and five rows
    # … the list page (where a coordinator checks what they entered) reads the primary
    assert client.get("/inquiries/list/?start=01.01.2024&end=31.12.2024").context["page"].paginator.count == 3

    # A write goes to the primary and pins this browser's reads there, so the pages after it show it
    response = client.post("/inquiries/", entry_data(party=tartu.pk))
    assert response.status_code == 302 and response.cookies[PIN_COOKIE]["max-age"] == 10
    assert (Inquiry.objects.using("default").count(), Inquiry.objects.using("replica").count()) == (4, 5)
    assert client.get(response["Location"]).status_code == 200  # the page the write redirects to
    assert shown_total(client.get(STATISTICS_2024)) == 4
    listed = b"".join(client.get("/inquiries/list/export.csv?start=01.01.2024&end=31.12.2024").streaming_content)
    assert len(listed.decode("utf-8-sig").strip().splitlines()) == 1 + 4

    # Once the pin has expired the page reads the replica again, which (never replicated here) lacks
    # the new inquiry: what a replica's lag looks like to a user
    del client.cookies[PIN_COOKIE]
    assert shown_total(client.get(STATISTICS_2024)) == 5

    with reading_from_replica():
        assert router.db_for_read(Inquiry) == "replica"
        assert router.db_for_write(Inquiry) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Inquiry) == DEFAULT_DB_ALIAS
