"""The read replica's router without a replica (core.routers): everything on the primary. With a
real second database: test_replica_postgres.py."""

from django.db import DEFAULT_DB_ALIAS, router

from loim.core.routers import PIN_COOKIE, ReplicaRouter, read_alias, reading_from_replica
from loim.inquiries.models import Inquiry
from tests.inquiries.test_views import entry_data


def test_without_a_replica_every_read_and_write_is_on_the_primary(db):
    router_ = ReplicaRouter()
    with reading_from_replica():
        assert read_alias() == DEFAULT_DB_ALIAS
        assert router.db_for_read(Inquiry) == DEFAULT_DB_ALIAS
    assert router_.db_for_write(Inquiry) == DEFAULT_DB_ALIAS
    assert router_.allow_migrate(DEFAULT_DB_ALIAS, "inquiries") is True
    assert router_.allow_migrate("replica", "inquiries") is False


def test_without_a_replica_a_write_sets_no_cookie(client, member, programme):
    client.force_login(member("tartu"))
    response = client.post("/inquiries/", entry_data(party=programme["tartu"].pk))
    assert response.status_code == 302
    assert PIN_COOKIE not in response.cookies
