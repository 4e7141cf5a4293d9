"""Links from events and inquiries to the directory, and the merge of duplicates (issue 12)."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from loim.events.models import EventOrganisation
from loim.inquiries.models import ReferralTarget
from loim.network.models import Contact, Network, NetworkMember, Organisation
from loim.network.services import (
    ContactInput,
    OrganisationInput,
    contact_create,
    organisation_create,
    organisation_merge,
)
from tests.events.helpers import make_event
from tests.events.tenancy_cases import event_edit_data

pytestmark = pytest.mark.django_db


def add(party, name, **kwargs):
    return organisation_create(data=OrganisationInput(party=party, name=name, kind="state_agency", **kwargs), by=None)


def test_an_event_links_its_organisations_to_directory_entries_by_name(programme):
    agency = add(programme["elvl"], "Eesti Töötukassa", registry_code="70009770")
    event = make_event(programme["tartu"], organisations=["eesti  töötukassa", "MTÜ Kohalik Selts"])
    links = {o.name: o.organisation for o in event.organisations.all()}
    assert links == {"eesti  töötukassa": agency, "MTÜ Kohalik Selts": None}


def test_the_event_form_chooses_directory_entries(client, programme, member):
    agency = add(programme["elvl"], "Sotsiaalkindlustusamet", registry_code="70001975")
    user = member("tartu", "coordinator")
    client.force_login(user)
    event = make_event(programme["tartu"], title="Infopäev")
    response = client.post(
        reverse("events:edit", args=[event.pk]),
        {
            **event_edit_data(event),
            "title": "Infopäev",
            "organisations": "Tartu Rahvusvähemuste Selts",
            "directory_organisations": [agency.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    rows = {o.name: o.organisation_id for o in EventOrganisation.objects.filter(event=event)}
    assert rows == {"Tartu Rahvusvähemuste Selts": None, "Sotsiaalkindlustusamet": agency.pk}
    form = client.get(reverse("events:edit", args=[event.pk])).context["form"]
    assert form.initial["directory_organisations"] == [agency.pk]
    assert form.initial["organisations"] == "Tartu Rahvusvähemuste Selts"


def test_a_referral_target_is_linked_in_its_vocabulary_form(client, programme, member):
    agency = add(programme["elvl"], "Politsei- ja Piirivalveamet", registry_code="70008747")
    client.force_login(member("elvl", "admin"))
    target = ReferralTarget.objects.create(code="ppa-test", name_et="PPA", name_en="Police")
    data = {"code": "ppa-test", "name_et": "PPA", "name_en": "Police", "order": 10, "active": "on"}
    response = client.post(
        reverse("inquiries:vocabulary_edit", kwargs={"kind": "referral", "pk": target.pk}),
        {**data, "organisation": agency.pk},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.organisation == agency


def test_a_merge_moves_contacts_memberships_and_links_to_the_kept_entry(programme, member):
    elvl, parnu = programme["elvl"], programme["parnu"]
    keep = add(elvl, "Eesti Töötukassa")
    duplicate = add(parnu, "Töötukassa", registry_code="70009770")
    mine = contact_create(data=ContactInput(party=parnu, organisation=duplicate, name="Mari Maasikas"), by=None)
    theirs = contact_create(data=ContactInput(party=elvl, organisation=duplicate, name="Jaan Tamm"), by=None)
    network = Network.objects.create(party=parnu, name="Pärnu võrgustik", kind="local", founded_on=dt.date(2024, 1, 1))
    membership = NetworkMember.objects.create(network=network, organisation=duplicate, joined_on=dt.date(2024, 2, 1))
    event = make_event(parnu, organisations=["Töötukassa"])
    target = ReferralTarget.objects.create(code="tk", name_et="Töötukassa", name_en="Unemployment Fund")
    target.organisation = duplicate
    target.save()
    user = member("parnu", "coordinator")

    organisation_merge(duplicate=duplicate, keep=keep, by=user, version=duplicate.version)

    duplicate.refresh_from_db()
    keep.refresh_from_db()
    assert duplicate.merged_into == keep
    assert keep.registry_code == "70009770"  # the kept entry took the code it lacked
    assert set(Contact.objects.filter(organisation=keep)) == {mine, theirs}
    assert NetworkMember.objects.get(pk=membership.pk).organisation == keep
    assert EventOrganisation.objects.get(event=event).organisation == keep
    assert ReferralTarget.objects.get(pk=target.pk).organisation == keep
    assert list(Organisation.objects.listed()) == [keep]
    # every moved contact is on the audit record
    moved = LogEntry.objects.get_for_object(mine).filter(action=LogEntry.Action.UPDATE)
    assert moved.count() == 1 and "organisation" in moved.get().changes_dict
    # the duplicate's name still finds the kept entry for later events
    later = make_event(parnu, organisations=["Töötukassa"], title="Hiljem")
    assert later.organisations.get().organisation == keep


def test_a_merge_is_refused_on_itself_or_when_stale_and_writes_nothing(client, programme, member):
    elvl = programme["elvl"]
    keep, duplicate = add(elvl, "Päästeamet"), add(elvl, "Päästeamet (topelt)")
    contact_create(data=ContactInput(party=elvl, organisation=duplicate, name="Anne Allik"), by=None)
    client.force_login(member("elvl", "coordinator"))
    url = reverse("network:organisation_merge", args=[duplicate.pk])
    response = client.post(url, {"keep": duplicate.pk, "version": duplicate.version})
    assert response.status_code == 200 and "keep" in response.context["form"].errors
    Organisation.objects.filter(pk=duplicate.pk).update(version=5)  # someone changed it meanwhile
    client.post(url, {"keep": keep.pk, "version": 1})
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None and duplicate.contacts.count() == 1
    response = client.post(url, {"keep": keep.pk, "version": 5})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep and keep.contacts.count() == 1


def test_only_the_duplicates_keeper_merges_it(client, programme, member):
    keep, duplicate = add(programme["parnu"], "Pärnu Keskraamatukogu"), add(programme["elvl"], "Pärnu raamatukogu")
    client.force_login(member("parnu", "coordinator"))
    url = reverse("network:organisation_merge", args=[duplicate.pk])
    assert client.post(url, {"keep": keep.pk, "version": 1}).status_code == 404
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_the_organisation_page_lists_the_events_it_took_part_in_that_the_user_reads(client, programme, member):
    agency = add(programme["elvl"], "Eesti Töötukassa", registry_code="70009770")
    make_event(programme["tartu"], title="Tartu töömess", organisations=["Eesti Töötukassa"])
    make_event(programme["parnu"], title="Pärnu töömess", organisations=["Eesti Töötukassa"])
    client.force_login(member("tartu", "coordinator"))
    page = client.get(reverse("network:organisation", args=[agency.pk]))
    assert [e.title for e in page.context["events"]] == ["Tartu töömess"]  # Pärnu's event is Pärnu's
    client.force_login(member("elvl", "coordinator"))
    page = client.get(reverse("network:organisation", args=[agency.pk]))
    assert sorted(e.title for e in page.context["events"]) == ["Pärnu töömess", "Tartu töömess"]
