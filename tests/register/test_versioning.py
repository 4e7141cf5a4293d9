"""Lost corrections (issue 10 §4, GDPR art. 16): two people correcting one record cannot undo each
other's correction; the second is refused with what changed, and nothing is written (core.versioning)."""

import datetime as dt
from dataclasses import replace

import pytest
from django.urls import reverse

from loim.core.versioning import StaleVersion
from loim.register.access import Why
from loim.register.models import AccessReason, Person
from loim.register.services.people import PersonInput, person_restrict, person_update
from tests.register.conftest import opened
from tests.register.factories import make_person

pytestmark = pytest.mark.django_db

WHY = Why(AccessReason.SUBJECT_REQUEST)


def as_input(person: Person, **changes) -> PersonInput:
    values = PersonInput(
        name=person.name,
        languages=person.language_codes,
        target_group=person.target_group,
        phone=person.phone,
        email=person.email,
        municipality=person.municipality,
        settlement=person.settlement,
        arrival_year=person.arrival_year,
        arrival_date=person.arrival_date,
        topics=list(person.topics.all()),
        retention_until=person.retention_until,
    )
    return replace(values, **changes)


def stored(person: Person) -> tuple:
    person = Person.objects.get(pk=person.pk)
    return person.name, person.email, person.version


def test_a_correction_from_an_old_version_is_refused_and_writes_nothing(saaremaa, coordinator):
    person = make_person(saaremaa, name="Olena Kovalenko", email="olena@example.test")
    first, second = Person.objects.get(pk=person.pk), Person.objects.get(pk=person.pk)

    # the person asks for the name to be corrected; at the same time a colleague fixes the e-mail
    person_update(person=first, data=as_input(first, name="Olena Kovalenko-Tamm"), actor=coordinator, why=WHY)
    with pytest.raises(StaleVersion):
        person_update(person=second, data=as_input(second, email="olena.k@example.test"), actor=coordinator, why=WHY)
    # the colleague's write would have put the old name back: it is refused, the correction stays
    assert stored(person) == ("Olena Kovalenko-Tamm", "olena@example.test", 2)


def test_restricting_raises_the_version(saaremaa, coordinator):
    person = make_person(saaremaa)
    person_restrict(person=person, actor=coordinator, restricted=True, why=WHY)
    assert Person.objects.get(pk=person.pk).version == 2


def edit_payload(person: Person, **overrides) -> dict:
    data = {
        "name": person.name,
        "languages": person.language_codes,
        "phone": person.phone,
        "email": person.email,
        "target_group": person.target_group,
        "retention_until": person.retention_until.isoformat(),
        "version": person.version,
    }
    data.update(overrides)
    return data


def test_the_correction_form_refuses_a_stale_version_and_shows_what_changed(client, member, saaremaa):
    mari = member("saaremaa", "coordinator", register_access=True)
    mari.full_name = "Mari Maasikas"
    mari.save()
    jaan = member("saaremaa", "coordinator", register_access=True)
    person = make_person(saaremaa, name="Olena Kovalenko", email="olena@example.test")
    url = reverse("register:person_edit", args=[person.pk])
    at_version_1 = edit_payload(person)

    client.force_login(mari)
    opened(client, person)
    assert client.post(url, {**at_version_1, "name": "Olena Kovalenko-Tamm"}).status_code == 302
    assert stored(person) == ("Olena Kovalenko-Tamm", "olena@example.test", 2)

    client.force_login(jaan)
    opened(client, person)
    response = client.post(url, {**at_version_1, "email": "olena.k@example.test"})
    assert response.status_code == 200
    assert stored(person) == ("Olena Kovalenko-Tamm", "olena@example.test", 2)
    conflict = response.context["form"].conflict
    assert [(d.label, d.theirs, d.yours) for d in conflict.differences] == [
        ("Nimi", "Olena Kovalenko-Tamm", "Olena Kovalenko"),
        ("E-post", "olena@example.test", "olena.k@example.test"),
    ]
    assert conflict.change.who == "Mari Maasikas"
    page = response.content.decode()
    assert "Keegi teine muutis vahepeal seda kirjet" in page
    assert 'value="olena.k@example.test"' in page  # Jaan's input is kept


def test_the_correction_form_carries_the_version(client, member, saaremaa):
    person = make_person(saaremaa)
    client.force_login(member("saaremaa", "coordinator", register_access=True))
    opened(client, person)
    page = client.get(reverse("register:person_edit", args=[person.pk])).content.decode()
    assert 'name="version" value="1"' in page


def test_a_correction_without_the_version_is_refused(signed_in_client, saaremaa):
    person = make_person(saaremaa, name="Olena Kovalenko")
    opened(signed_in_client, person)
    payload = edit_payload(person, name="Olena Kovalenko-Tamm")
    del payload["version"]
    response = signed_in_client.post(reverse("register:person_edit", args=[person.pk]), payload)
    assert response.status_code == 200 and "selle versioon puudub" in response.content.decode()
    assert stored(person)[0] == "Olena Kovalenko"


def test_the_audit_log_names_who_saved_each_version_but_no_personal_value(saaremaa, coordinator):
    from auditlog.models import LogEntry

    person = make_person(saaremaa, name="Olena Kovalenko", retention_until=dt.date.today() + dt.timedelta(days=300))
    person_update(person=person, data=as_input(person, name="Olena Kovalenko-Tamm"), actor=coordinator, why=WHY)
    entry = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict == {"version": ["1", "2"]}
