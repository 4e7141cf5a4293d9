"""Bad input on the API answers 400 naming the problem, never 500 (issue 10, §4).

The loops run over the router's registry, so an endpoint added later is covered without editing this
file: every list endpoint takes an absurd `limit`/`offset`, every link the API root offers answers 200.
"""

import json

import pytest
from django.urls import NoReverseMatch, reverse

from loim.api.pagination import MAX_LIMIT, MAX_OFFSET
from loim.api.parsers import MAX_DEPTH, nesting_depth
from loim.api.urls import router
from tests.events.helpers import plan_2024

HUGE = "9223372036854775808"  # 2**63: one past SQLite's and PostgreSQL's bigint

# Endpoints that compute a table for one plan year need the year to do any work at all.
PARAMS = {"monitoring-indicator": {"year": 2024}, "monitoring-obligation": {"year": 2024}}
PARAMS["monitoring-report"] = PARAMS["monitoring-indicator"]


def list_urls() -> list[tuple[str, str]]:
    urls = []
    for _prefix, _viewset, basename in router.registry:
        try:
            urls.append((basename, reverse(f"v1:{basename}-list")))
        except NoReverseMatch:  # a viewset without a list route
            continue
    return urls


@pytest.fixture
def api(client, member, rows):
    client.force_login(member("elvl", "coordinator"))
    return client


@pytest.fixture
def rows(programme):
    """A small 2024 plan, so the year-bound endpoints have something to compute."""
    return plan_2024(programme)


def test_every_list_endpoint_is_looped():
    names = {basename for basename, _url in list_urls()}
    assert {"event", "inquiry", "party", "monitoring-manual-value", "register-counts"} <= names
    assert len(names) == len(router.registry)  # every registered viewset has a list route


@pytest.mark.parametrize("param", ["limit", "offset"])
@pytest.mark.parametrize("value", [HUGE, "1" + "0" * 40, "-1", "abc"])
def test_absurd_limit_or_offset_on_every_list_endpoint(api, param, value):
    for basename, url in list_urls():
        response = api.get(url, {**PARAMS.get(basename, {}), param: value, "format": "json"})
        assert response.status_code in (200, 400), (basename, param, value, response.status_code)
        if response.status_code == 400:
            assert param in response.json(), (basename, response.json())


def test_huge_limit_is_refused_naming_the_maximum(api):
    response = api.get(reverse("v1:event-list"), {"limit": HUGE})
    assert response.status_code == 400
    assert str(MAX_LIMIT) in response.json()["limit"][0]
    response = api.get(reverse("v1:event-list"), {"offset": MAX_OFFSET + 1})
    assert response.status_code == 400 and "offset" in response.json()


def test_page_size_at_the_maximum_is_served(api):
    response = api.get(reverse("v1:party-list"), {"limit": MAX_LIMIT, "offset": MAX_OFFSET})
    assert response.status_code == 200 and response.json()["results"] == []
    body = api.get(reverse("v1:party-list"), {"limit": 2}).json()
    assert len(body["results"]) == 2 and body["next"]


def test_every_link_of_the_api_root_answers(api):
    root = api.get(reverse("v1:api-root"), {"format": "json"})
    assert root.status_code == 200
    links = root.json()
    assert "events" in links and links["events"].endswith("?format=json")
    for name, link in links.items():
        response = api.get(link)
        assert response.status_code == 200, (name, link, response.status_code, response.content[:300])


def test_json_nested_too_deep_is_refused(api):
    deep = "[" * 5000 + "]" * 5000
    body = '{"party": "elvl", "title": "x", "organisations": ' + deep + "}"
    response = api.post(reverse("v1:event-list"), body, content_type="application/json")
    assert response.status_code == 400
    assert str(MAX_DEPTH) in response.json()["detail"]  # "…deeper than 32 levels…", in Estonian


def test_json_of_ordinary_depth_still_parses(api):
    nested = {"a": [[[[{"b": [1, 2, {"c": [[["x"]]]}]}]]]]}
    response = api.post(reverse("v1:event-list"), json.dumps(nested), content_type="application/json")
    assert response.status_code == 400  # not a valid event, but parsed: the errors name the fields
    assert "title" in response.json()


def test_nesting_depth_ignores_brackets_inside_strings():
    assert nesting_depth('{"a": "[[[\\"[", "b": [[1]]}') == 3
    assert nesting_depth("[" * 5000 + "]" * 5000) == 5000
    assert nesting_depth('"just a string"') == 0


def _filter_names(viewset) -> list[str]:
    filterset = getattr(viewset, "filterset_class", None)
    names = list(filterset.base_filters) if filterset else list(getattr(viewset, "filterset_fields", []) or [])
    return names


@pytest.mark.parametrize("value", ["9" * 30, "-" + "9" * 30, "1e400", "\x00", "9999-99-99"])
def test_absurd_filter_values_on_every_list_endpoint(api, value):
    for prefix, viewset, basename in router.registry:
        url = reverse(f"v1:{basename}-list")
        for name in [*_filter_names(viewset), "year", "as_of", "party"]:
            response = api.get(url, {**PARAMS.get(basename, {}), name: value})
            assert response.status_code in (200, 400, 404), (prefix, name, value, response.status_code)
