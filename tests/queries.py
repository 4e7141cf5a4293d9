"""Counting a page's queries as a returning user's request makes them.

What a process keeps in memory under the generation of its tables (`core.generations.memoized`: a
user's memberships, the year's plan) is read by the first request after a write to those tables and
by no later one. A test that compares two counts (no query per row) would compare a first request
with a returning one whenever it wrote such a table in between (a factory's new user, a deliverable
of the plan). So each measured request follows one unmeasured request of the same page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url, data=None, *, method="get", **extra):
    """(response, number of queries) of the page, measured after one unmeasured request of it."""
    send = getattr(client, method)
    send(url, data or {}, **extra)
    with CaptureQueriesContext(connection) as captured:
        response = send(url, data or {}, **extra)
    return response, len(captured.captured_queries)
