"""Cross-tenant cases for every register model (tests/tenancy.py). The personal models also run the
"personal data stays inside the owning party" test (tests/test_tenancy.py)."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from django.utils.timezone import localtime

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
    PersonImport,
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
from tests.tenancy import API_ACTIONS, Form, Readers, TenancyCase

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
    settings = RegisterSettings.objects.get_or_create(party=party)[0]
    settings.access_log_keep_months = 100 + next(_n) % 20  # a value that marks this party's settings
    settings.save()
    return settings


def make_tombstone(party):
    """A tombstone says only when and why: its time (a minute of its own) is what marks it."""
    tombstone = ErasureTombstone.objects.create(party=party, trigger="retention")
    n = next(_n)
    when = dt.datetime(2021, 2, 1 + n % 27, 10, n % 60, tzinfo=ZoneInfo("Europe/Tallinn"))
    ErasureTombstone.objects.filter(pk=tombstone.pk).update(created_at=when)
    tombstone.refresh_from_db()
    return tombstone


def tombstone_marker(tombstone):
    return localtime(tombstone.created_at).strftime("%d.%m.%Y %H:%M")


def make_inquiry_link(party):
    return inquiry_link_add(person=make_person(party), inquiry=make_inquiry(party), actor=None)


def make_attendance(party):
    return attendance_add(person=make_person(party), event=make_event(party), actor=None)


def person_add_data(party):
    purpose = default_purpose(party)
    return {
        "party": party.slug,
        "name": f"Olena Kovalenko {next(_n)}",
        "languages": ["uk"],
        "email": f"olena{next(_n)}@example.test",
        "target_group": "newcomer",
        "consent-purpose": purpose.pk,
        "consent-text_version": (purpose.texts.first() or make_text(purpose)).pk,
        "consent-given_on": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
        "consent-method": "paper",
    }


def person_edit_data(person):
    return {
        "name": "Muudetud Nimi",
        "languages": ["et"],
        "email": "muudetud@example.test",
        "target_group": "returnee",
        "version": person.version,  # a current version: only tenancy may refuse it
    }


NO_API = dict.fromkeys(API_ACTIONS, "the API offers counts only, never a register record")
NO_FILES = {
    "export_csv": "no table export of the register (a person's own data leaves as JSON/PDF: Person's read)",
    "export_xlsx": "no table export of the register (a person's own data leaves as JSON/PDF: Person's read)",
}


def personal(**kwargs) -> TenancyCase:
    """Register records: only the owning party's editors with register access read them."""
    absent = {**NO_FILES, **NO_API, **kwargs.pop("absent", {})}
    return TenancyCase(readers=Readers.OWNER, absent=absent, **kwargs)


def purposes_page(record):
    return f"/register/purposes/?party={record.party.slug}"


def configuration(**kwargs) -> TenancyCase:
    """The register's configuration (purposes, consent texts, settings): no personal data, so the
    OWNED rule: ELVL and the ministry read it, only the party changes it."""
    absent = {**NO_FILES, **NO_API, **kwargs.pop("absent", {})}
    return TenancyCase(readers=Readers.READ_ALL, absent=absent, **kwargs)


def of_person(record):
    return {"pk": record.person_id}


CASES = [
    configuration(
        model=Purpose,
        make=lambda party: make_purpose(party, name=f"Eesmärk {next(_n)}"),
        marker=lambda p: p.name,
        list=[purposes_page, lambda p: f"/register/processing-record/?party={p.party.slug}"],
        create=[
            Form(
                "register:purpose_add",
                lambda party: {
                    "party": party.slug,
                    "name": f"Uus {next(_n)}",
                    "legal_basis": "consent",
                    "consent_months": 12,
                },
            )
        ],
        edit=[
            Form(
                "register:purpose_edit", lambda p: {"name": "Muudetud", "legal_basis": "consent", "consent_months": 12}
            ),
            Form("register:consent_text_create", lambda p: {"version": "v-võõras", "text": "Võõras tekst"}),
        ],
        absent={"read": "a purpose has no page of its own: the purposes page lists it", "delete": "purposes are kept"},
    ),
    configuration(
        model=ConsentText,
        make=lambda party: make_text(default_purpose(party), version=f"versioon-{next(_n)}"),
        marker=lambda t: t.version,
        list=[purposes_page],
        read=["register:consent_text_detail"],
        absent={"edit": "a consent text is never changed (a new version is a new text)", "delete": "texts are kept"},
    ),
    configuration(
        model=RegisterSettings,
        make=make_settings,
        marker=lambda settings: str(settings.access_log_keep_months),
        sweep=False,  # a number of months could be any number on a page
        list=[lambda settings: f"/register/processing-record/?party={settings.party.slug}"],
        edit=[
            Form(
                lambda settings: f"/register/settings/?party={settings.party.slug}",
                lambda settings: {
                    "retention_fallback_months": 30,
                    "attendance_keep_months": 7,
                    "access_log_keep_months": 50,
                },
            )
        ],
        absent={
            "read": "settings have no page but their edit form (edit) and the processing record (list)",
            "delete": "settings are never deleted (a party without them uses the defaults)",
        },
    ),
    personal(
        model=Person,
        make=make_person,
        marker=lambda p: p.reference,
        list=["register:person_list"],
        read=["register:person_detail", "register:person_export_json", "register:person_export_pdf"],
        edit=[
            Form("register:person_detail", lambda p: {"why": "accuracy"}),  # opening it with a reason
            Form("register:person_edit", person_edit_data),
            Form("register:person_restrict", lambda p: {"restricted": "on", "reason": "x"}),
            Form("register:consent_add", lambda p: {}),
            Form("register:contact_add", lambda p: {"channel": "phone", "note": "x"}),
            Form("register:inquiry_link_add", lambda p: {}),
            Form("register:person_close", lambda p: {}),
        ],
        delete=["register:person_erase"],
        create=[Form("register:person_add", person_add_data)],
    ),
    personal(
        model=Consent,
        make=make_consent,
        marker=str,
        read=["register:person_detail"],
        edit=[Form("register:consent_withdraw", kwargs=lambda c: {"pk": c.pk})],
        url_kwargs=of_person,
        absent={"list": "consents show only on their person's page (read)", "delete": "consents are withdrawn (edit)"},
    ),
    personal(
        model=ContactRecord,
        make=make_contact,
        marker=str,
        read=["register:person_detail"],
        delete=[Form("register:contact_delete", kwargs=lambda c: {"pk": c.pk})],
        url_kwargs=of_person,
        absent={"list": "contacts show only on their person's page (read)", "edit": "a contact is deleted, not edited"},
    ),
    personal(
        model=InquiryLink,
        make=make_inquiry_link,
        marker=str,
        read=["register:person_detail"],
        delete=[Form("register:inquiry_link_delete", kwargs=lambda link: {"pk": link.pk})],
        url_kwargs=of_person,
        absent={"list": "links show only on their person's page (read)", "edit": "a link is deleted, not edited"},
    ),
    personal(
        model=Attendance,
        make=make_attendance,
        marker=str,
        read=["register:person_detail", Form("register:event_attendance", kwargs=lambda a: {"event_pk": a.event_id})],
        delete=[Form("register:attendance_delete", kwargs=lambda a: {"pk": a.pk})],
        url_kwargs=of_person,
        absent={"list": "attendance shows on its person's and its event's pages (read)", "edit": "deleted, not edited"},
    ),
    personal(
        model=AccessLog,
        make=make_access_entry,
        marker=lambda entry: entry.reference,
        list=["register:access_log", lambda entry: f"/register/access-log/?record={entry.record_number}"],
        absent={
            "read": "an entry has no page of its own: the access log lists it",
            "edit": "the access log is append-only",
            "delete": "the access log is append-only (entries expire by the retention setting)",
        },
    ),
    configuration(
        model=ErasureTombstone,
        make=make_tombstone,
        marker=tombstone_marker,
        list=[Form(lambda t: f"/register/retention/?party={t.party.slug}", editors_only=True)],
        absent={
            "read": "a tombstone has no page of its own: the retention page lists it",
            "edit": "a tombstone is the permanent trace of an erasure",
            "delete": "a tombstone is the permanent trace of an erasure",
        },
    ),
    personal(
        model=PersonImport,
        make=lambda party: PersonImport.objects.create(party=party, file_name=f"inimesed-{party.slug}-{next(_n)}.csv"),
        marker=lambda batch: batch.file_name,
        list=[Form(lambda b: f"/register/import/?party={b.party.slug}", editors_only=True)],
        delete=["register:import_undo"],
        absent={
            "read": "an import has no page of its own: the import page lists it",
            "edit": "an import is undone (delete), never edited",
        },
    ),
]
