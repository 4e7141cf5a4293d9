"""Shared fixtures: the programme's reference data (places, parties) and members of each role."""

import pytest

from loim.parties.models import Party
from loim.parties.services import parties_load
from loim.places.models import Municipality
from loim.places.services import places_load
from tests.replica import replica_alias, replica_copy  # noqa: F401 - fixtures of the replica tests


def load_programme() -> None:
    """Reference data every test may rely on. Transactional tests (the browser tests' live server)
    flush the database, which also removes what data migrations seeded, so it is restored here."""
    from loim.plans.models import EventKind
    from loim.plans.services import event_kinds_ensure
    from tests.inquiries.helpers import ensure_vocabularies

    if not Municipality.objects.exists():
        places_load()
    if not Party.objects.exists():
        parties_load()
    if not EventKind.objects.exists():
        event_kinds_ensure()
    ensure_vocabularies()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (Estonian), whatever an earlier test's request chose:
    a request with Accept-Language activates its language in the thread and leaves it active, so a
    later test reading labels outside a request would get English depending on the test order."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the generation counters (core.generations) start again
    when a test's transaction is rolled back or a transactional test flushes the database, so a value
    cached by an earlier test could match a later test's key. Likewise the process's memos."""
    from django.core.cache import cache

    from loim.core.generations import forget_memos

    cache.clear()
    forget_memos()
    yield
    cache.clear()
    forget_memos()


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
