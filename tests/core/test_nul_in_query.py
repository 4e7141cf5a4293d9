"""A NUL character in a page's query string never makes a 500 (issue 10 follow-up).

PostgreSQL refuses a NUL inside a string literal (DataError), so `?party=%00` on a page that looked
the party up by its slug was a server error there while SQLite answered. This walks every page that
needs no record id (a plan year is 2024, a party is Tartu) with a NUL in each parameter the pages
read, as ELVL and as a partner; the answer may be the page, a field-named error or a 404, never 500.
It finds the defect only on PostgreSQL, which `.ci/run` runs it against."""

import pytest
from django.urls import URLResolver, get_resolver

from loim.plans.services import event_kinds_ensure, plan_file_import
from tests.plans.conftest import PLAN_2024

NUL = "x\x00y"
PARAMETERS = ["party", "county", "region", "as_of", "year", "q", "kind", "status", "page", "period", "start", "end"]
ARGUMENTS = {"<int:year>": "2024", "<slug:slug>": "tartu", "<slug:party>": "tartu"}


def _page_paths(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _page_paths(pattern, prefix + str(pattern.pattern))
            continue
        path = prefix + str(pattern.pattern)
        if path.startswith(("api/", "admin/", "accounts/", "__", "i18n/", "static/", "media/")) or "^" in path:
            continue
        for placeholder, value in ARGUMENTS.items():
            path = path.replace(placeholder, value)
        if "<" not in path:
            yield "/" + path


PATHS = sorted(set(_page_paths()))


@pytest.mark.parametrize("role", [("elvl", "coordinator"), ("tartu", "coordinator")])
def test_a_nul_in_the_query_string_is_never_a_server_error(programme, member, client, role):
    event_kinds_ensure()
    plan_file_import(PLAN_2024)  # the 2024 plan, so the monitoring pages read their filters
    client.force_login(member(*role, register_access=role[0] == "tartu"))
    client.raise_request_exception = False
    failures = []
    for path in PATHS:
        response = client.get(path, dict.fromkeys(PARAMETERS, NUL))
        if response.status_code >= 500:
            failures.append(f"{path}: {response.status_code}")
    assert not failures, "\n".join(failures)
    assert len(PATHS) > 40  # the walk reaches the pages, not an empty list
