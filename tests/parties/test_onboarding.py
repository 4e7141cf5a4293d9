"""ELVL onboards a partner municipality in one transaction, and records candidates in the focus
regions with the joint decision; an accepted candidate leads to the prefilled onboarding form."""

import datetime as dt
import re

import pytest
from django.core import mail

from loim.parties.models import Candidate, CoordinatorPosition, Membership, PartnershipAgreement, Party
from loim.places.models import Municipality


def narva():
    return Municipality.objects.get(name="Narva linn")


def payload(**changes):
    data = {
        "municipality": narva().pk,
        "name": "Narva Linnavalitsus",
        "short_name": "Narva LV",
        "slug": "narva",
        "reference": "ELVL-PL-2025-narva",
        "signed_on": "15.01.2025",
        "term_start": "01.02.2025",
        "term_end": "31.12.2027",
        "positions-TOTAL_FORMS": "2",
        "positions-INITIAL_FORMS": "0",
        "positions-MIN_NUM_FORMS": "1",
        "positions-MAX_NUM_FORMS": "5",
        "positions-0-title": "Lõimumise koordinaator",
        "positions-0-holder_name": "Olga Ivanova",
        "positions-0-planned_start": "01.03.2025",
        "positions-0-starts_on": "14.04.2025",
        "user_email": "olga.ivanova@narva.ee",
        "user_full_name": "Olga Ivanova",
        "user_role": "coordinator",
        "user_register_access": "on",
    }
    data.update(changes)
    return data


def counts():
    return (
        Party.objects.count(),
        PartnershipAgreement.objects.count(),
        CoordinatorPosition.objects.count(),
        Membership.objects.count(),
    )


def test_elvl_onboards_narva_with_its_first_user(programme, member, client, django_capture_on_commit_callbacks):
    client.force_login(member("elvl", "admin"))
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/parties/onboard/", payload())
    assert response.status_code == 302 and response.url == "/parties/narva/"
    party = Party.objects.get(slug="narva")
    assert (party.kind, party.municipality.name, party.short_name) == ("partner", "Narva linn", "Narva LV")
    agreement = PartnershipAgreement.objects.get(party=party)
    assert (agreement.term_start, agreement.term_end) == (dt.date(2025, 2, 1), dt.date(2027, 12, 31))
    position = CoordinatorPosition.objects.get(party=party)  # the second, empty position form adds nothing
    assert (position.planned_start, position.starts_on, position.agreement) == (
        dt.date(2025, 3, 1),
        dt.date(2025, 4, 14),
        agreement,
    )
    membership = Membership.objects.get(party=party)
    assert (membership.user.email, membership.role, membership.register_access) == (
        "olga.ivanova@narva.ee",
        "coordinator",
        True,
    )
    assert counts() == tuple(n + 1 for n in before)  # one of each
    assert re.search(r"/accounts/password/reset/key/\S+", mail.outbox[0].body)


@pytest.mark.parametrize(
    ("changes", "where", "field", "message"),
    [
        ({"term_end": "31.01.2025"}, "form", "term_end", "Kehtivus lõpeb enne, kui see algab"),
        ({"positions-0-planned_start": "01.01.2028"}, "position", "planned_start", "01.02.2025–31.12.2027"),
        ({"user_email": "olga@"}, "form", "user_email", "Sisestage kehtiv e-posti aadress"),
        ({"slug": "tartu"}, "form", "slug", "juba olemas"),
        ({"municipality": "TARTU"}, "form", "municipality", "juba partner"),
    ],
)
def test_bad_onboarding_names_the_field_and_writes_nothing(programme, member, client, changes, where, field, message):
    if changes.get("municipality") == "TARTU":
        changes = {"municipality": programme["tartu"].municipality.pk}
    client.force_login(member("elvl", "admin"))
    before = counts()
    response = client.post("/parties/onboard/", payload(**changes))
    assert response.status_code == 400
    form = response.context["form"] if where == "form" else response.context["positions"].forms[0]
    assert message in str(form.errors[field]), form.errors
    assert counts() == before and not mail.outbox


def test_only_elvl_administrators_onboard(programme, member, client):
    for user in (member("elvl", "coordinator"), member("tartu", "admin")):
        client.force_login(user)
        assert client.get("/parties/onboard/").status_code == 404
        assert client.post("/parties/onboard/", payload()).status_code == 404
    assert not Party.objects.filter(slug="narva").exists()


def candidate(client, **changes):
    data = {
        "municipality": narva().pk,
        "mapping_notes": "Kaardistus 2025: 3 kohtumist",
        "decision": "pending",
        **changes,
    }
    return client.post("/parties/candidates/new/", data)


def test_elvl_records_a_candidate_and_the_accepted_one_is_onboarded_prefilled(programme, member, client):
    client.force_login(member("elvl", "coordinator"))
    assert candidate(client).status_code == 302
    c = Candidate.objects.get()
    assert (c.party.slug, c.municipality.name, c.decision) == ("elvl", "Narva linn", "pending")
    edit = {
        "municipality": narva().pk,
        "mapping_notes": c.mapping_notes,
        "decision": "accepted",
        "decided_on": "10.01.2025",
        "decision_note": "Ühine otsus rakendusasutusega",
    }
    assert client.post(f"/parties/candidates/{c.pk}/", edit).status_code == 302
    c.refresh_from_db()
    assert (c.decision, c.decided_on) == ("accepted", dt.date(2025, 1, 10))
    client.force_login(member("elvl", "admin"))
    page = client.get("/parties/candidates/").content.decode()
    assert f"/parties/onboard/?candidate={c.pk}" in page
    form = client.get(f"/parties/onboard/?candidate={c.pk}").context["form"]
    assert {k: form.initial[k] for k in ("name", "short_name", "slug")} == {
        "name": "Narva Linnavalitsus",
        "short_name": "Narva LV",
        "slug": "narva",
    }
    assert client.post(f"/parties/onboard/?candidate={c.pk}", payload()).status_code == 302
    c.refresh_from_db()
    assert c.onboarded_party.slug == "narva"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"municipality": "TALLINN"}, "municipality", "Valige korrektne"),  # Harju county: North Estonia
        ({"decision": "accepted"}, "decided_on", "Sisestage otsuse kuupäev"),
        ({"decided_on": "10.01.2025"}, "decision", "Valige sel kuupäeval tehtud otsus"),
    ],
)
def test_bad_candidates_name_the_field(programme, member, client, changes, field, message):
    if changes.get("municipality") == "TALLINN":
        changes = {"municipality": programme["tallinn"].municipality.pk}
    client.force_login(member("elvl", "coordinator"))
    response = candidate(client, **changes)
    assert response.status_code == 400 and message in str(response.context["form"].errors[field])
    assert not Candidate.objects.exists()


def test_a_municipality_is_a_candidate_once(programme, member, client):
    client.force_login(member("elvl", "coordinator"))
    candidate(client)
    response = candidate(client)
    assert response.status_code == 400 and response.context["form"].errors
    assert Candidate.objects.count() == 1


def test_partners_neither_see_nor_record_candidates(programme, member, client):
    client.force_login(member("elvl", "coordinator"))
    candidate(client)
    client.force_login(member("tartu", "admin"))
    assert "Narva" not in client.get("/parties/candidates/").content.decode()
    assert candidate(client, municipality=Municipality.objects.get(name="Võru linn").pk).status_code == 404
    assert client.get(f"/parties/candidates/{Candidate.objects.get().pk}/").status_code == 404


def test_the_model_keeps_candidates_in_the_focus_regions(programme):
    from django.core.exceptions import ValidationError

    from loim.parties.onboarding import candidate_save

    with pytest.raises(ValidationError) as raised:
        candidate_save(party=programme["elvl"], municipality=programme["tallinn"].municipality)
    assert list(raised.value.message_dict) == ["municipality"]
    assert not Candidate.objects.exists()


def test_a_pending_candidate_cannot_be_onboarded_and_nothing_is_left(programme, member, client):
    from loim.parties.onboarding import candidate_save

    pending = candidate_save(party=programme["elvl"], municipality=narva())
    client.force_login(member("elvl", "admin"))
    before = counts()
    response = client.post(f"/parties/onboard/?candidate={pending.pk}", payload())
    assert response.status_code == 400 and "heakskiidetud" in str(response.context["form"].errors["municipality"])
    assert counts() == before
