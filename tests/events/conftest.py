import pytest

from tests.events.helpers import plan_2024


@pytest.fixture
def rows(programme):
    """The small 2024 plan's rows by code (Tartu's clubs row runs only 01.01–30.06.2024)."""
    return plan_2024(programme)
