"""Erasure (one action) and the retention purge leave nothing of the person in any table."""

import datetime as dt
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models.deletion import ProtectedError
from django.urls import reverse

from loim.register.access import SUBJECT_REQUEST
from loim.register.models import (
    AccessAction,
    AccessLog,
    Attendance,
    Consent,
    ContactRecord,
    ErasureTombstone,
    InquiryLink,
    Person,
    RegisterSettings,
)
from loim.register.services.erasure import person_erase, purge_party, trace_models
from loim.register.services.links import attendance_add, inquiry_link_add
from loim.register.services.people import consent_withdraw, person_restrict
from loim.register.tasks import purge_register
from tests.register.conftest import opened
from tests.register.factories import make_event, make_inquiry, make_person
from tests.register.traces import find_traces

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Zlata Unikalna", "zlata.unikalna@example.test", "+372 5987 6543"
NEEDLES = (NAME, "Unikalna", EMAIL, "+37259876543", "59876543", "Kõrgessaare-küla-17")


def a_full_record(client, saaremaa, purpose):
    """A person with every kind of trace: consents, a contact, an inquiry link, attendance, a
    correction, searches, exports and a restriction."""
    person = make_person(saaremaa, name=NAME, email=EMAIL, phone=PHONE, settlement="Kõrgessaare-küla-17")
    opened(client, person, why=f"purpose:{purpose.pk}")
    client.get(reverse("register:person_detail", args=[person.pk]))
    client.post(
        reverse("register:contact_add", args=[person.pk]),
        {
            "contacted_on": dt.date.today().isoformat(),
            "channel": "phone",
            "purpose": purpose.pk,
            "note": f"{NAME} helistab",
        },
    )
    edit = {
        "name": NAME,
        "languages": ["uk"],
        "phone": PHONE,
        "email": EMAIL,
        "target_group": "newcomer",
        "settlement": "Kõrgessaare-küla-17",
        "retention_until": person.retention_until.isoformat(),
        "version": person.version,
    }
    assert client.post(reverse("register:person_edit", args=[person.pk]), edit).status_code == 302
    inquiry_link_add(person=person, inquiry=make_inquiry(saaremaa), actor=None)
    attendance_add(person=person, event=make_event(saaremaa), actor=None)
    client.post(reverse("register:search"), {"text": "zlata", "why": "accuracy"})
    client.post(reverse("register:person_export_json", args=[person.pk]))
    client.post(reverse("register:person_restrict", args=[person.pk]), {"restricted": "1"})
    client.post(reverse("register:person_restrict", args=[person.pk]), {"restricted": "0"})
    person.refresh_from_db()
    return person


def test_erasure_leaves_nothing_of_the_person_in_any_table(signed_in_client, saaremaa, purpose, coordinator):
    person = a_full_record(signed_in_client, saaremaa, purpose)
    assert find_traces(*NEEDLES), "the scan must see the person before the erasure, or it proves nothing"
    rows = {model: list(model.objects.filter(person=person).values_list("pk", flat=True)) for model in trace_models()}
    assert all(rows[m] for m in (Consent, ContactRecord, InquiryLink, Attendance))
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_pk=str(person.pk)
    ).exists()
    pk = person.pk

    response = signed_in_client.post(
        reverse("register:person_erase", args=[pk]), {"trigger": "subject_request", "confirm": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("register:person_list")

    assert find_traces(*NEEDLES) == []
    assert not Person.objects.filter(pk=pk).exists()
    for model, pks in rows.items():
        assert not model.objects.filter(pk__in=pks).exists(), model
        assert not LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_pk__in=[str(p) for p in pks]
        ).exists(), model
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_pk=str(pk)
    ).exists()
    # the access log keeps that reads happened, by whom and why, with the bare record number
    entries = AccessLog.objects.filter(record_number=pk)
    assert entries.count() >= 5
    assert not entries.exclude(person=None).exists()
    assert entries.filter(action=AccessAction.ERASE, actor=coordinator, reason="subject_request").count() == 1
    tombstone = ErasureTombstone.objects.get()
    assert (tombstone.party, tombstone.trigger) == (saaremaa, "subject_request")
    # the inquiry and the event stay
    from loim.events.models import Event
    from loim.inquiries.models import Inquiry

    assert Inquiry.objects.filter(party=saaremaa).count() == 1
    assert Event.objects.filter(party=saaremaa).count() == 1


def test_erasure_needs_the_confirmation(signed_in_client, saaremaa):
    person = make_person(saaremaa)
    opened(signed_in_client, person)
    response = signed_in_client.post(reverse("register:person_erase", args=[person.pk]), {"trigger": "subject_request"})
    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    assert Person.objects.filter(pk=person.pk).exists()


def test_an_erasure_blocked_by_a_reference_changes_nothing_and_says_why(saaremaa):
    """No model in Lõim refers to a person with PROTECT (links live in the register by design), so a
    future one is simulated at the point where Django would refuse the delete."""
    person = make_person(saaremaa, name=NAME, email=EMAIL)
    consent = person.consents.get()
    with (
        mock.patch.object(Person, "delete", side_effect=ProtectedError("protected", {consent})),
        pytest.raises(ValidationError) as caught,
    ):
        person_erase(person=person, actor=None, trigger="subject_request", why=SUBJECT_REQUEST)
    message = " ".join(caught.value.messages)
    assert "consents" in message or "nõusolekud" in message
    assert NAME not in message and EMAIL not in message
    assert Person.objects.filter(pk=person.pk).exists()
    assert not ErasureTombstone.objects.exists()
    assert not AccessLog.objects.exists()


def test_purge_erases_people_whose_consent_ended_or_retention_passed(saaremaa, purpose):
    today = dt.date.today()
    ended = make_person(saaremaa, name="Consent Ended", ends_on=today + dt.timedelta(days=10))
    kept_until = make_person(saaremaa, name="Retention Passed", retention_until=today + dt.timedelta(days=5))
    withdrawn = make_person(saaremaa, name="Withdrawn Person")
    consent_withdraw(consent=withdrawn.consents.get())
    stays = make_person(saaremaa, name="Still Consenting", ends_on=today + dt.timedelta(days=300))
    later = today + dt.timedelta(days=11)

    preview = purge_party(party=saaremaa, today=later, dry_run=True)
    assert (preview.consent_ended, preview.retention_passed) == (2, 1)
    assert Person.objects.count() == 4

    result = purge_party(party=saaremaa, today=later)
    assert (result.consent_ended, result.retention_passed, result.failed) == (2, 1, 0)
    assert list(Person.objects.all()) == [stays]
    assert find_traces("Consent Ended", "Retention Passed", "Withdrawn Person") == []
    assert sorted(ErasureTombstone.objects.values_list("trigger", flat=True)) == [
        "consent_ended",
        "consent_ended",
        "retention",
    ]
    assert AccessLog.objects.filter(action=AccessAction.ERASE, actor=None, reason="retention").count() == 3
    for person in (ended, kept_until, withdrawn):
        assert not AccessLog.objects.filter(record_number=person.pk).exclude(person=None).exists()


def test_withdrawing_one_of_two_consents_keeps_the_person(saaremaa, purpose):
    from tests.register.factories import make_purpose, make_text

    person = make_person(saaremaa)
    other = make_purpose(saaremaa, name="Uudiskiri")
    make_text(other)
    from loim.register.services.people import ConsentInput, consent_add

    consent_add(
        person=person,
        data=ConsentInput(purpose=other, text_version=other.texts.get(), given_on=dt.date.today(), method="email"),
    )
    consent_withdraw(consent=person.consents.get(purpose=purpose))
    assert purge_party(party=saaremaa).people == 0
    assert Person.objects.filter(pk=person.pk).exists()
    assert not Person.objects.consenting_to(purpose).filter(pk=person.pk).exists()
    assert Person.objects.consenting_to(other).filter(pk=person.pk).exists()


def test_purge_deletes_attendance_after_the_years_report_and_old_access_log_entries(saaremaa):
    today = dt.date.today()
    person = make_person(saaremaa)
    old_event = make_event(saaremaa, day=dt.date(today.year, 3, 1))
    new_event = make_event(saaremaa, day=dt.date(today.year + 1, 1, 10))
    attendance_add(person=person, event=old_event, actor=None)
    recent = attendance_add(person=person, event=new_event, actor=None)
    AccessLog.objects.create(party=saaremaa, person=person, record_number=person.pk, action="view", reason="accuracy")
    AccessLog.objects.update(created_at=dt.datetime(today.year - 4, 1, 1, tzinfo=dt.UTC))

    # kept until 30 June of the following year (6 months by default)
    first = purge_party(party=saaremaa, today=dt.date(today.year + 1, 6, 30))
    assert (first.attendance, first.access_log) == (0, 1)
    assert not AccessLog.objects.exists()
    result = purge_party(party=saaremaa, today=dt.date(today.year + 1, 7, 1))
    assert result.attendance == 1
    assert list(Attendance.objects.all()) == [recent]
    assert Person.objects.filter(pk=person.pk).exists()


def test_attendance_keeping_time_is_a_party_setting(saaremaa):
    today = dt.date.today()
    RegisterSettings.objects.create(party=saaremaa, attendance_keep_months=12)
    person = make_person(saaremaa)
    attendance_add(person=person, event=make_event(saaremaa, day=dt.date(today.year, 3, 1)), actor=None)
    assert purge_party(party=saaremaa, today=dt.date(today.year + 1, 7, 1)).attendance == 0
    assert purge_party(party=saaremaa, today=dt.date(today.year + 2, 1, 1)).attendance == 1


def test_purge_command_and_its_dry_run(saaremaa, capsys):
    person = make_person(saaremaa)
    consent_withdraw(consent=person.consents.get())
    call_command("purge_register", party=["saaremaa"], dry_run=True)
    assert "saaremaa: would erase 1 people" in capsys.readouterr().out
    assert Person.objects.filter(pk=person.pk).exists()
    call_command("purge_register", party=["saaremaa"])
    assert "saaremaa: erased 1 people (1 consent ended or withdrawn" in capsys.readouterr().out
    assert not Person.objects.exists()
    with pytest.raises(CommandError, match="no-such-party"):
        call_command("purge_register", party=["no-such-party"])


def test_purge_task_runs_for_every_party(programme):
    erased = []
    for slug in ("saaremaa", "rakvere"):
        person = make_person(programme[slug])
        consent_withdraw(consent=person.consents.get())
        erased.append(person.pk)
    kept = make_person(programme["tartu"])
    result = purge_register.enqueue()
    assert result.return_value["consent_ended"] == 2
    assert list(Person.objects.values_list("pk", flat=True)) == [kept.pk]


def test_retention_page_previews_and_runs_the_purge(signed_in_client, saaremaa):
    person = make_person(saaremaa, name="Withdrawn Person")
    consent_withdraw(consent=person.consents.get())
    page = signed_in_client.get(reverse("register:retention"))
    assert page.context["preview"].consent_ended == 1
    assert "Withdrawn Person" not in page.content.decode()
    response = signed_in_client.post(reverse("register:retention"))
    assert response.status_code == 302
    assert not Person.objects.exists()
    page = signed_in_client.get(reverse("register:retention"))
    assert len(page.context["tombstones"]) == 1


def test_a_restricted_person_is_never_erased_automatically(saaremaa):
    """GDPR art. 18(1)(b): a person may ask for restriction instead of erasure."""
    person = make_person(saaremaa)
    person_restrict(person=person, actor=None, restricted=True, why=SUBJECT_REQUEST)
    consent_withdraw(consent=person.consents.get())
    result = purge_party(party=saaremaa)
    assert (result.people, result.kept_restricted) == (0, 1)
    assert Person.objects.filter(pk=person.pk).exists()


def test_processing_stops_at_the_retention_date_even_before_the_purge(saaremaa):
    today = dt.date.today()
    person = make_person(saaremaa, retention_until=today + dt.timedelta(days=2))
    assert Person.objects.processable(today).filter(pk=person.pk).exists()
    later = today + dt.timedelta(days=3)
    assert not Person.objects.processable(later).filter(pk=person.pk).exists()
    assert not Person.objects.consenting_to(person.consents.get().purpose, later).filter(pk=person.pk).exists()
