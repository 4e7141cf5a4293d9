"""The home page's to-do list shows the services the user's parties keep that are due for a check
(not checked within 365 days), in one query, and refreshes when a service is checked (the services
tables are watched inputs of the cached list, core.generations)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loim.monitoring.todo import Desk, todo_for
from loim.services.models import Service
from loim.services.services import service_check
from loim.services.todo import SERVICES_DUE, services_due_for_a_check
from tests.services.helpers import make_service

TODAY = dt.date(2026, 12, 1)


def add(party, name, confirmed_on):
    service = make_service(party, name=name)
    Service.objects.filter(pk=service.pk).update(confirmed_on=confirmed_on)
    return service


def test_due_services_of_the_users_party_are_on_the_to_do_list(programme, member):
    tartu, parnu = programme["tartu"], programme["parnu"]
    add(tartu, "Vana teenus", dt.date(2025, 11, 30))  # 366 days before 01.12.2026: due since 30.11.2026
    add(tartu, "Värske teenus", dt.date(2025, 12, 1))  # 365 days: still valid today
    add(tartu, "Ammu kontrollitud", dt.date(2025, 1, 1))  # due since 01.01.2026
    add(parnu, "Pärnu vana teenus", dt.date(2024, 1, 1))  # another party keeps it
    todo = todo_for(member("tartu", "coordinator"), today=TODAY)
    (section,) = [s for s in todo.sections if s.kind == SERVICES_DUE]
    assert [(i.title, i.due, i.detail) for i in section.items] == [
        ("Ammu kontrollitud", dt.date(2026, 1, 1), "Viimati kontrollitud 01.01.2025"),
        ("Vana teenus", dt.date(2026, 11, 30), "Viimati kontrollitud 30.11.2025"),
    ]
    # a viewer of the party may not check services: nothing to do for them
    viewer_todo = todo_for(member("tartu", "viewer"), today=TODAY)
    assert not [s for s in viewer_todo.sections if s.kind == SERVICES_DUE]


def test_the_source_costs_one_query_whatever_the_amount(programme, member):
    desk = Desk.of(member("tartu", "coordinator"), today=TODAY)
    add(programme["tartu"], "Üks", TODAY - dt.timedelta(days=400))
    with CaptureQueriesContext(connection) as few:
        list(services_due_for_a_check(desk))
    for n in range(15):
        add(programme["tartu"], f"Teenus {n:02}", TODAY - dt.timedelta(days=400))
    with CaptureQueriesContext(connection) as many:
        items = list(services_due_for_a_check(desk))
    assert len(few.captured_queries) == len(many.captured_queries) == 1
    assert len(items) == 11 and items[-1].state == "more" and items[-1].stands_for == 6  # ten listed, 6 more


def test_the_cached_home_page_refreshes_when_the_service_is_checked(client, programme, member):
    user = member("tartu", "coordinator")
    service = add(programme["tartu"], "Kontrollimata teenus", timezone.localdate() - dt.timedelta(days=400))
    client.force_login(user)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Services due for a check" in page and "Kontrollimata teenus" in page
    assert "Kontrollimata teenus" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()  # cached
    service.refresh_from_db()
    service_check(service=service, user=user, expected_version=service.version)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Kontrollimata teenus" not in page
