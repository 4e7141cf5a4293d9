"""Shared fixtures: the programme's reference data (places, parties) and members of each role."""

import pytest

from loim.parties.models import Party
from loim.parties.services import parties_load
from loim.places.models import Municipality
from loim.places.services import places_load


def load_programme() -> None:
    if not Municipality.objects.exists():
        places_load()
    if not Party.objects.exists():
        parties_load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the 79 municipalities and the programme's parties once per test database."""
    with django_db_blocker.unblock():
        load_programme()


@pytest.fixture
def programme(db):
    """The parties by slug (reloaded after a transactional test flushed the database)."""
    load_programme()
    return {party.slug: party for party in Party.objects.all()}


@pytest.fixture
def member(programme):
    """member("tartu", "coordinator", register_access=True) → a user with that membership."""
    from tests.factories import make_member

    def make(slug: str, role: str = "coordinator", **kwargs):
        return make_member(programme[slug], role, **kwargs)

    return make
