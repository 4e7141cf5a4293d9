"""The access log for the data-protection contact, the register's overview, and constant query counts."""

import pytest
from django.urls import reverse

from loim.register.access import SUBJECT_REQUEST, log_access
from loim.register.models import AccessAction
from tests.queries import page_queries
from tests.register.conftest import opened
from tests.register.factories import make_person

pytestmark = pytest.mark.django_db


def test_the_data_protection_contact_browses_the_access_log(client, member, saaremaa, coordinator):
    person = make_person(saaremaa, name="Ivan Petrenko")
    reader = client
    reader.force_login(coordinator)
    opened(reader, person)
    reader.get(reverse("register:person_detail", args=[person.pk]))
    assert reader.get(reverse("register:access_log")).status_code == 404  # a coordinator is not the DPO
    dpo = member("saaremaa", "viewer", data_protection_contact=True)
    client.force_login(dpo)
    page = client.get(reverse("register:access_log"))
    content = page.content.decode()
    assert page.status_code == 200
    assert person.reference in content
    assert coordinator.full_name in content or coordinator.email in content
    assert "Ivan Petrenko" not in content
    filtered = client.get(reverse("register:access_log"), {"record": person.reference})
    assert len(filtered.context["page"].object_list) == 1
    other = client.get(reverse("register:access_log"), {"record": "R-999999"})
    assert len(other.context["page"].object_list) == 0


def test_access_log_of_another_party_stays_hidden(client, member, programme):
    person = make_person(programme["parnu"])
    log_access(actor=None, people=[person], action=AccessAction.VIEW, why=SUBJECT_REQUEST)
    client.force_login(member("saaremaa", "admin", data_protection_contact=True))
    page = client.get(reverse("register:access_log"))
    assert person.reference not in page.content.decode()
    assert not page.context["page"].object_list


def test_home_shows_the_coordinator_what_needs_attention(signed_in_client, saaremaa):
    make_person(saaremaa)
    page = signed_in_client.get(reverse("register:home"))
    assert page.status_code == 200
    ((party, summary),) = page.context["summaries"]
    assert party == saaremaa and summary["people"] == 1 and summary["processable"] == 1
    home = signed_in_client.get(reverse("core:home"))
    assert "register/_home_panel.html" in [t.name for t in home.templates]


def _queries(client, url, method="get", data=None):
    response, count = page_queries(client, url, data, method=method)
    assert response.status_code == 200
    return count


@pytest.mark.parametrize(
    "url,method,data",
    [
        ("register:person_list", "get", {}),
        ("register:search", "post", {"text": "olena", "why": "accuracy"}),
        ("register:access_log", "get", {}),
        ("register:counts", "get", {}),
        ("register:home", "get", {}),
    ],
)
def test_list_pages_run_a_constant_number_of_queries(client, member, saaremaa, url, method, data):
    user = member("saaremaa", "coordinator", register_access=True, data_protection_contact=True)
    client.force_login(user)
    for _ in range(3):
        person = make_person(saaremaa)
        log_access(actor=user, people=[person], action=AccessAction.VIEW, why=SUBJECT_REQUEST)
    small = _queries(client, reverse(url), method, data)
    for _ in range(12):
        person = make_person(saaremaa)
        log_access(actor=user, people=[person], action=AccessAction.VIEW, why=SUBJECT_REQUEST)
    assert _queries(client, reverse(url), method, data) == small
