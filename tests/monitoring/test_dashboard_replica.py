"""The dashboard reads the read replica, and its cached body is keyed by the replica's own data
generation (core.generations), so a user pinned to the primary after a write never gets a body
computed from the lagging replica. Against two real PostgreSQL databases (tests/replica.py).

From the scenario (tests/monitoring/conftest.py): ELVL's info days of 2024 are Narva (15.02) and Võru
(20.05) → 2; Võru is then deleted on the primary only → 1 there, 2 on the replica."""

import pytest
from django.db import connection

from loim.core.routers import PIN_COOKIE
from loim.events.models import Event
from tests.replica import REPLICA_DATABASES

from .test_dashboard_cache import meter

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="a replica is a second PostgreSQL database")


@pytest.mark.django_db(transaction=True, databases=REPLICA_DATABASES)
def test_the_dashboard_reads_the_replica_and_a_pinned_user_the_primary(client, scenario, member, replica_copy):
    client.force_login(member("elvl", "coordinator"))
    replica_copy()
    Event.objects.filter(title="Infopäev Võrus").delete()  # on the primary only
    voru = [Event.objects.using(alias).filter(title="Infopäev Võrus").count() for alias in ("default", "replica")]
    assert voru == [0, 1]

    assert meter(client, "info-days") == 2  # read (and cached) from the replica
    client.cookies[PIN_COOKIE] = "1"  # as after a write (tests/core/test_replica_postgres.py)
    assert meter(client, "info-days") == 1  # the primary, not the replica's cached body
    del client.cookies[PIN_COOKIE]
    assert meter(client, "info-days") == 2  # the replica again, until it catches up
