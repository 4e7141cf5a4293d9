import pytest

from loim.register.access import SESSION_KEY
from tests.register.factories import default_purpose


@pytest.fixture
def saaremaa(programme):
    return programme["saaremaa"]


@pytest.fixture
def coordinator(member):
    """Saaremaa's coordinator with register access."""
    return member("saaremaa", "coordinator", register_access=True)


@pytest.fixture
def purpose(saaremaa):
    return default_purpose(saaremaa)


@pytest.fixture
def signed_in_client(client, coordinator):
    client.force_login(coordinator)
    return client


def opened(client, person, why="subject_request"):
    """Open a record as a user does: POST the reason on the record's page."""
    response = client.post(f"/register/people/{person.pk}/", {"why": why})
    assert response.status_code == 302, response.content.decode()[:500]
    assert str(person.pk) in str(client.session.get(SESSION_KEY, {}))
    return response
