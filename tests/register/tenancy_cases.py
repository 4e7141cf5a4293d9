"""Cross-tenant cases for every register model (tests/tenancy.py). The personal models also run the
"personal data stays inside the owning party" test (tests/test_tenancy.py)."""

import datetime as dt
import itertools

from loim.register.access import SUBJECT_REQUEST, log_access
from loim.register.models import (
    AccessAction,
    AccessLog,
    Attendance,
    Consent,
    ConsentText,
    ContactRecord,
    ErasureTombstone,
    InquiryLink,
    Person,
    Purpose,
    RegisterSettings,
)
from loim.register.services.links import attendance_add, inquiry_link_add
from loim.register.services.people import contact_record
from tests.register.factories import (
    default_purpose,
    make_event,
    make_inquiry,
    make_person,
    make_purpose,
    make_text,
)
from tests.tenancy import TenancyCase

_n = itertools.count(1)


def make_consent(party):
    return make_person(party).consents.get()


def make_contact(party):
    person = make_person(party)
    return contact_record(
        person=person,
        actor=None,
        contacted_on=dt.date.today(),
        channel="phone",
        purpose=person.consents.get().purpose,
        note=f"Märkus {next(_n)}",
    )


def make_access_entry(party):
    person = make_person(party)
    log_access(actor=None, people=[person], action=AccessAction.VIEW, why=SUBJECT_REQUEST)
    return AccessLog.objects.get(person=person)


def make_settings(party):
    return RegisterSettings.objects.get_or_create(party=party)[0]


def make_tombstone(party):
    return ErasureTombstone.objects.create(party=party, trigger="retention")


def make_inquiry_link(party):
    return inquiry_link_add(person=make_person(party), inquiry=make_inquiry(party), actor=None)


def make_attendance(party):
    return attendance_add(person=make_person(party), event=make_event(party), actor=None)


def person_edit_data(person):
    return {
        "name": "Muudetud Nimi",
        "languages": ["et"],
        "email": "muudetud@example.test",
        "target_group": "returnee",
        "version": person.version,  # a current version: only tenancy may refuse it
    }


CASES = [
    TenancyCase(
        model=Purpose,
        make=lambda party: make_purpose(party, name=f"Eesmärk {next(_n)}"),
        marker=lambda p: p.name,
        list_urls=["register:purposes", "register:processing_record"],
        edit_url="register:purpose_edit",
        edit_data=lambda p: {"name": "Muudetud", "legal_basis": "consent", "consent_months": 12},
        record_urls=["register:consent_text_create"],
    ),
    TenancyCase(
        model=ConsentText,
        make=lambda party: make_text(default_purpose(party), version=f"v-{next(_n)}"),
        marker=lambda t: t.version,
        list_urls=["register:purposes"],
        detail_url="register:consent_text_detail",
    ),
    TenancyCase(model=RegisterSettings, make=make_settings),
    TenancyCase(
        model=Person,
        make=make_person,
        marker=lambda p: p.reference,
        list_urls=["register:person_list"],
        detail_url="register:person_detail",
        edit_url="register:person_edit",
        edit_data=person_edit_data,
        delete_url="register:person_erase",
        record_urls=[
            "register:person_export_json",
            "register:person_export_pdf",
            "register:person_restrict",
            "register:consent_add",
            "register:contact_add",
            "register:person_close",
        ],
    ),
    TenancyCase(
        model=Consent,
        make=make_consent,
        marker=str,
        edit_url="register:consent_withdraw",
    ),
    TenancyCase(
        model=ContactRecord,
        make=make_contact,
        marker=str,
        delete_url="register:contact_delete",
    ),
    TenancyCase(model=InquiryLink, make=make_inquiry_link, marker=str, delete_url="register:inquiry_link_delete"),
    TenancyCase(model=Attendance, make=make_attendance, marker=str, delete_url="register:attendance_delete"),
    TenancyCase(
        model=Attendance,
        id="register.Attendance (event page)",
        make=make_attendance,
        marker=str,
        detail_url="register:event_attendance",
        url_kwargs=lambda attendance: {"event_pk": attendance.event_id},
    ),
    TenancyCase(model=AccessLog, make=make_access_entry, marker=str),
    TenancyCase(model=ErasureTombstone, make=make_tombstone, marker=str),
]
