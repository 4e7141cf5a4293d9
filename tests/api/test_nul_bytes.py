"""A NUL character in an API query parameter is a 400 naming the parameter (issue 10, §4).

On PostgreSQL a party lookup with `?party=%00` raised DataError (a 500); the loop over every list
endpoint in test_bad_input.py found it. The check sits in the scoped base every viewset derives from."""

import pytest
from django.urls import reverse


@pytest.fixture
def elvl(client, member):
    client.force_login(member("elvl", "coordinator"))
    return client


def test_a_nul_in_an_api_filter_is_refused_naming_it(elvl):
    url = reverse("v1:inquiry-list")
    assert elvl.get(url).status_code == 200
    response = elvl.get(url, {"party": "tar\x00tu"})
    assert response.status_code == 400
    assert "party" in response.json()


def test_a_nul_in_a_parameter_name_is_refused(elvl):
    response = elvl.get(reverse("v1:inquiry-list"), {"\x00": "1"})
    assert response.status_code == 400
