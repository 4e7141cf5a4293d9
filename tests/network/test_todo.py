"""The home page's to-do list shows the directory entries the user's parties keep that are due for a
check (not confirmed within 365 days), in a constant number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loim.monitoring.todo import Desk, todo_for
from loim.network.models import Contact, Organisation
from loim.network.services import ContactInput, OrganisationInput, contact_create, organisation_create
from loim.network.todo import DIRECTORY_DUE, entries_due_for_a_check

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


def add(party, name, confirmed_on):
    organisation = organisation_create(data=OrganisationInput(party=party, name=name, kind="ngo"), by=None)
    Organisation.objects.filter(pk=organisation.pk).update(confirmed_on=confirmed_on)
    return organisation


def test_due_entries_of_the_users_party_are_on_the_to_do_list(programme, member):
    tartu, parnu = programme["tartu"], programme["parnu"]
    add(tartu, "Vana Ühing", TODAY - dt.timedelta(days=366))
    add(tartu, "Värske Ühing", TODAY - dt.timedelta(days=365))
    add(parnu, "Pärnu Vana Ühing", TODAY - dt.timedelta(days=800))  # another party keeps it
    organisation = add(tartu, "Ühing Kontaktiga", TODAY)
    contact = contact_create(data=ContactInput(party=tartu, organisation=organisation, name="Kati Kask"), by=None)
    Contact.objects.filter(pk=contact.pk).update(confirmed_on=dt.date(2025, 1, 1))
    user = member("tartu", "coordinator")
    todo = todo_for(user, today=TODAY)
    (section,) = [s for s in todo.sections if s.kind == DIRECTORY_DUE]
    assert [(i.title, i.due) for i in section.items] == [
        ("Kati Kask (Ühing Kontaktiga)", dt.date(2026, 1, 1)),
        ("Vana Ühing", dt.date(2026, 11, 30)),
    ]


def test_the_source_costs_two_queries_whatever_the_amount(programme, member):
    user = member("tartu", "coordinator")
    desk = Desk.of(user, today=TODAY)
    add(programme["tartu"], "Üks", TODAY - dt.timedelta(days=400))
    with CaptureQueriesContext(connection) as few:
        list(entries_due_for_a_check(desk))
    for n in range(15):
        add(programme["tartu"], f"Ühing {n:02}", TODAY - dt.timedelta(days=400))
    with CaptureQueriesContext(connection) as many:
        items = list(entries_due_for_a_check(desk))
    assert len(few.captured_queries) == len(many.captured_queries) == 2
    assert len(items) == 11 and items[-1].state == "more"  # ten listed, "6 more entries"
