"""Fuzzing the register's forms and import: whatever is sent, never a 500 and never a partial write."""

import contextlib
import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from loim.register.models import Consent, ContactRecord, Person, Purpose
from loim.register.services.imports import COLUMNS, ImportRejected, people_import
from tests.register.conftest import opened
from tests.register.factories import make_person

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
dates = st.dates(dt.date(1890, 1, 1), dt.date(2100, 12, 31)).map(lambda d: d.isoformat())
phones = st.sampled_from(["5123 4567", "+372 5123 4567", "00358401234567", "+1", "12", "+37299", ""])
emails = st.sampled_from(["olena@example.test", "a@b", "@", "", "x@example.test"])


def anything(*valid):
    return st.one_of(st.sampled_from(valid), text) if valid else text


@contextlib.contextmanager
def isolated():
    """Each example starts from the same database, so a replay sees what the first run saw."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def counts():
    return Person.objects.count(), Consent.objects.count(), ContactRecord.objects.count()


def person_payload(purpose_pk, text_pk):
    return st.fixed_dictionaries(
        {
            "name": anything("Olena Kovalenko", "Õie Särg", " "),
            "languages": st.lists(anything("et", "ru", "uk", "other"), max_size=3),
            "phone": st.one_of(phones, text),
            "email": st.one_of(emails, text),
            "target_group": anything("newcomer", "returnee", ""),
            "municipality": anything("", "1", "999999"),
            "settlement": text,
            "arrival_year": anything("", "2023", "1899", "-1", "99999999999"),
            "arrival_date": st.one_of(dates, text),
            "topics": st.lists(anything("1", "2", "0"), max_size=2),
            "consent-purpose": anything(str(purpose_pk), "", "0"),
            "consent-text_version": anything(str(text_pk), "", "0"),
            "consent-given_on": st.one_of(dates, text, st.just(dt.date.today().isoformat())),
            "consent-method": anything("paper", "oral", ""),
            "consent-ends_on": st.one_of(dates, st.just("")),
        }
    )


@pytest.fixture
def ids(purpose):
    return purpose.pk, purpose.texts.get().pk


def valid(purpose_pk, text_pk) -> dict:
    return {
        "name": "Olena Kovalenko",
        "languages": ["uk"],
        "phone": "5123 4567",
        "target_group": "newcomer",
        "consent-purpose": str(purpose_pk),
        "consent-text_version": str(text_pk),
        "consent-given_on": dt.date.today().isoformat(),
        "consent-method": "paper",
    }


def test_adding_a_person_never_fails_and_never_half_writes(signed_in_client, ids):
    successes = []

    @FUZZ
    @given(person_payload(*ids))
    @example(valid(*ids))
    def check(payload):
        with isolated():
            before = counts()
            response = signed_in_client.post(reverse("register:person_add"), payload)
            after = counts()
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert after == (before[0] + 1, before[1] + 1, before[2])
            successes.append(payload)
        else:
            assert after == before

    check()
    assert successes, "the valid example must get through, or the check proves nothing"


def test_correcting_a_person_never_fails_and_changes_nothing_when_refused(signed_in_client, saaremaa, ids):
    person = make_person(saaremaa, name="Ivan Petrenko")
    opened(signed_in_client, person)

    @FUZZ
    @given(person_payload(*ids), st.one_of(dates, text))
    def check(payload, retention):
        person.refresh_from_db()
        before = (person.name, person.phone, person.email, person.updated_at, counts())
        response = signed_in_client.post(
            reverse("register:person_edit", args=[person.pk]),
            {**payload, "retention_until": retention, "version": person.version},
        )
        assert response.status_code in (200, 302)
        person.refresh_from_db()
        if response.status_code == 200:
            assert (person.name, person.phone, person.email, person.updated_at, counts()) == before

    check()


def test_small_forms_never_fail(signed_in_client, saaremaa, purpose):
    person = make_person(saaremaa)
    opened(signed_in_client, person)
    urls = [
        reverse("register:search"),
        reverse("register:invitation"),
        reverse("register:contact_add", args=[person.pk]),
        reverse("register:consent_add", args=[person.pk]),
        reverse("register:person_detail", args=[person.pk]),
        reverse("register:purpose_add"),
        reverse("register:settings"),
        reverse("register:consent_text_create", args=[purpose.pk]),
    ]
    fields = st.dictionaries(
        st.sampled_from(
            [
                "text",
                "why",
                "purpose",
                "channel",
                "language",
                "municipality",
                "topic",
                "action",
                "contacted_on",
                "note",
                "given_on",
                "method",
                "ends_on",
                "text_version",
                "name",
                "legal_basis",
                "consent_months",
                "retention_fallback_months",
                "attendance_keep_months",
                "access_log_keep_months",
                "version",
                "body",
                "published_on",
                "target_group",
            ]
        ),
        st.one_of(
            text,
            dates,
            st.sampled_from([str(purpose.pk), "accuracy", f"purpose:{purpose.pk}", "purpose:x", "email", "download"]),
        ),
    )

    @FUZZ
    @given(st.sampled_from(urls), fields)
    def check(url, data):
        before = counts(), Purpose.objects.count()
        response = signed_in_client.post(url, data)
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code == 200 and url != reverse("register:search"):
            assert (counts(), Purpose.objects.count()) == before

    check()


def csv_text(rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def good(n):
    return [
        f"Imporditud {n}",
        "ru",
        "newcomer",
        "Teave ürituste ja teenuste kohta",
        "2024-1",
        dt.date.today().isoformat(),
        "paper",
        f"5{n:07d}",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]


cell = st.one_of(text, st.sampled_from(["", "ru", "newcomer", "paper", "2024-1", "0714", "5123 4567", "01.02.2024"]))


def test_the_import_is_all_or_nothing_whatever_the_file(saaremaa, purpose):
    @FUZZ
    @given(
        st.lists(
            st.one_of(st.builds(good, st.integers(0, 10**6)), st.lists(cell, min_size=0, max_size=len(COLUMNS) + 2)),
            min_size=1,
            max_size=6,
        )
    )
    def check(rows):
        with isolated():
            before = counts()
            try:
                report = people_import(party=saaremaa, raw=csv_text(rows).encode())
            except ImportRejected as exc:
                assert exc.errors
                assert counts() == before
            else:
                written = len([row for row in rows if any(cell != "" for cell in row)])  # blank rows are skipped
                assert len(report.created) == written
                assert counts() == (before[0] + written, before[1] + written, before[2])

    check()


def test_the_import_page_survives_any_bytes(signed_in_client, purpose):
    @FUZZ
    @given(st.binary(max_size=400))
    def check(raw):
        before = counts()
        response = signed_in_client.post(
            reverse("register:import"), {"file": SimpleUploadedFile("x.csv", raw or b" ", content_type="text/csv")}
        )
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert counts() == before

    check()


def test_a_languages_cell_of_only_separators_is_refused_naming_the_column(saaremaa, purpose):
    """Found by the fuzz above: a languages cell "," split into no items and answered IndexError (a
    500 on the import page). It is refused like any unknown language, naming the row and column."""
    row = good(1)
    row[1] = ","
    before = counts()
    with pytest.raises(ImportRejected) as refused:
        people_import(party=saaremaa, raw=csv_text([row]).encode())
    assert counts() == before
    [error] = refused.value.errors
    assert (error.row, error.column) == (2, "languages")  # the header is line 1
    assert "eesti keel" in error.message  # it says what the column takes
