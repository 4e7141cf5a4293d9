"""A NUL byte in a query parameter or form field answers 400 on every page and endpoint (issue 10, §4).

On PostgreSQL a lookup by a value holding NUL (a party's code, a search word) raised DataError and
answered 500; the schemathesis-style loop in tests/api/test_bad_input.py found it. The guard is one
middleware, so these tests pick a page, an endpoint and a form that each look a value up."""

import pytest
from django.urls import reverse

from loim.inquiries.models import Inquiry


@pytest.fixture
def elvl(client, member):
    client.force_login(member("elvl", "coordinator"))
    return client


def test_a_nul_in_a_pages_query_is_refused(elvl):
    url = reverse("inquiries:statistics")
    assert elvl.get(url, {"party": "tartu"}).status_code == 200
    assert elvl.get(url, {"party": "tar\x00tu"}).status_code == 400


def test_a_nul_in_an_api_filter_is_refused(elvl):
    url = reverse("v1:inquiry-list")
    assert elvl.get(url).status_code == 200
    assert elvl.get(url, {"party": "\x00"}).status_code == 400
    assert elvl.get(url, {"\x00": "1"}).status_code == 400


def test_a_nul_in_a_posted_form_is_refused_and_nothing_is_written(client, member):
    client.force_login(member("tartu", "coordinator"))
    before = Inquiry.objects.count()
    response = client.post(reverse("inquiries:index"), {"note": "abc\x00"})
    assert response.status_code == 400
    assert Inquiry.objects.count() == before
