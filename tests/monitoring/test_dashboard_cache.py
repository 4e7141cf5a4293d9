"""The dashboard's body is cached (monitoring.views.dashboard, core.generations) and never stale: a
new record, a queryset update that moves one out of the year, a delete, bulk_create and a coordinator
post ended show on the next request.

Expected values by hand from the scenario (tests/monitoring/conftest.py, the 2024 year is over):
ELVL's info days are 15.02 and 20.05.2024 → 2 (target 3); coordinator posts on 31.12.2024 → 3.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from loim.core.generations import tables_read
from loim.events.models import Event
from loim.monitoring.todo import generation_tables
from loim.parties.models import CoordinatorPosition
from loim.plans.models import EventKind

from .builders import make_event

URL = reverse("monitoring:dashboard", kwargs={"year": 2024})


def meter(client, key: str) -> int:
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return int(re.search(rf'id="meter-{key}"[^>]*value="(\d+)"', response.content.decode()).group(1))


@pytest.fixture
def elvl_client(client, scenario, member):
    client.force_login(member("elvl", "coordinator"))
    assert meter(client, "info-days") == 2 and meter(client, "kov-coordinators") == 3
    return client


def test_a_new_info_day_counts_at_once(elvl_client, scenario):
    make_event(scenario["parties"]["elvl"], "info_day", dt.date(2024, 9, 10), reach="county", title="Infopäev Valgas")
    assert meter(elvl_client, "info-days") == 3


def test_update_delete_and_bulk_create_count_at_once(elvl_client, scenario):
    narva = Event.objects.filter(title="Infopäev Narvas")
    later = timezone.make_aware(dt.datetime(2025, 2, 15, 17))
    narva.update(start=later, end=later + dt.timedelta(hours=2))
    assert meter(elvl_client, "info-days") == 1  # moved out of 2024 by a queryset update
    Event.objects.filter(title="Infopäev Võrus").delete()
    assert meter(elvl_client, "info-days") == 0
    kind, elvl = EventKind.objects.get(code="info_day"), scenario["parties"]["elvl"]
    start = timezone.make_aware(dt.datetime(2024, 10, 1, 12))
    Event.objects.bulk_create(
        Event(party=elvl, kind=kind, title=f"Infopäev {n}", start=start, end=start, reach="county") for n in range(4)
    )
    assert meter(elvl_client, "info-days") == 4


def test_a_post_ended_counts_at_once(elvl_client):
    post = CoordinatorPosition.objects.order_by("pk").first()
    CoordinatorPosition.objects.filter(pk=post.pk).update(ends_on=dt.date(2024, 6, 30))
    assert meter(elvl_client, "kov-coordinators") == 2


def test_every_table_the_dashboard_reads_is_counted(client, scenario, member):
    read = set()
    for slug in ("elvl", "tartu"):
        client.force_login(member(slug, "coordinator"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        read |= tables_read(q["sql"] for q in queries.captured_queries)
    read -= {"django_session", "core_datageneration"}  # the session and the generation itself
    assert {"events_event", "parties_coordinatorposition"} <= read
    assert read <= generation_tables(), sorted(read - generation_tables())


def test_every_table_the_shipped_plans_dashboard_reads_is_counted(client, programme, member):
    """The shipped 2024 plan has an indicator of every source (events, participations, coordinator
    posts, networks, councils, journey implementations, values entered by hand)."""
    from loim.plans.apps import shipped_plans_dir
    from loim.plans.services import event_kinds_ensure, plan_file_import

    event_kinds_ensure()
    plan_file_import(shipped_plans_dir() / "2024.yaml")
    read = set()
    for slug in ("elvl", "tartu"):
        client.force_login(member(slug, "coordinator"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        read |= tables_read(q["sql"] for q in queries.captured_queries)
    read -= {"django_session", "core_datageneration"}
    assert read <= generation_tables(), sorted(read - generation_tables())
