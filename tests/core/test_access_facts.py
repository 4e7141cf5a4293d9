"""A user's memberships and network memberships are kept per process under the generation of the
tables they come from (`core.tenancy.facts_tables`, `core.generations.memoized`), and a signed-in GET
reads every table's write counter once at its start (`core.middleware.GenerationsMiddleware`). So a
page after the first reads no membership, yet a changed role, an ended membership or a network left
shows on the very next request, whichever way the row was written (a queryset `update()` sends no
signal; the database's counter still moves)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loim.core import generations
from loim.core.generations import WATCHED, tables_read
from loim.core.tenancy import Role, access_for, facts_tables
from loim.network.models import Network, NetworkMember, Organisation
from loim.parties.models import Membership

pytestmark = pytest.mark.django_db

PAGE = "/events/"


def fresh(user):
    """The user as the next request loads it (no Access kept on the object)."""
    return get_user_model().objects.get(pk=user.pk)


def join_network(user, party) -> Network:
    network = Network.objects.create(
        party=party, name="Tartu koostöövõrgustik", kind="local", founded_on=dt.date(2024, 1, 1)
    )
    organisation = Organisation.objects.create(party=party, name="Töötukassa Tartu osakond", kind="state_agency")
    NetworkMember.objects.create(network=network, organisation=organisation, user=user, joined_on=dt.date(2024, 2, 1))
    return network


def tables_of_page(client) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    return tables_read(q["sql"] for q in queries.captured_queries)


def test_the_facts_are_read_only_from_their_tables_and_every_one_is_watched(programme, member):
    user = member("tartu", "coordinator")
    join_network(user, programme["tartu"])
    generations.forget_memos()
    with CaptureQueriesContext(connection) as queries:
        access = access_for(fresh(user))
    assert access.roles == {programme["tartu"].pk: Role.COORDINATOR}
    assert len(access.networks) == 1
    read = tables_read(q["sql"] for q in queries.captured_queries) - {"core_datageneration"}
    assert {"parties_membership", "network_networkmember"} <= read
    assert read <= facts_tables(), sorted(read - facts_tables())
    # a table whose writes were not counted would keep a user's old access for good
    assert facts_tables() <= WATCHED, sorted(facts_tables() - WATCHED)


def test_a_second_page_reads_no_membership_and_a_changed_role_shows_at_once(client, programme, member):
    user = member("tartu", "coordinator")
    client.force_login(user)
    assert "parties_membership" in tables_of_page(client)
    assert "parties_membership" not in tables_of_page(client)  # from this process's memory
    assert access_for(fresh(user)).edit == frozenset({programme["tartu"].pk})

    Membership.objects.filter(user=user).update(role=Role.VIEWER)  # no signal
    assert "parties_membership" in tables_of_page(client)
    assert access_for(fresh(user)).edit == frozenset()
    assert access_for(fresh(user)).member_of == frozenset({programme["tartu"].pk})


def test_an_ended_membership_ends_the_access_on_the_next_request(client, programme, member):
    user = member("tartu", "coordinator")
    client.force_login(user)
    tables_of_page(client)
    assert access_for(fresh(user)).member_of == frozenset({programme["tartu"].pk})
    Membership.objects.filter(user=user).update(ends_on=dt.date.today() - dt.timedelta(days=1))
    assert access_for(fresh(user)).member_of == frozenset()


def test_a_network_left_is_no_longer_the_users_network(programme, member):
    user = member("tartu", "viewer")
    network = join_network(user, programme["tartu"])
    assert access_for(fresh(user)).networks == frozenset({network.pk})
    NetworkMember.objects.filter(user=user).update(left_on=dt.date.today() - dt.timedelta(days=1))
    assert access_for(fresh(user)).networks == frozenset()
