import datetime as dt
import itertools

from django.urls import reverse

from loim.parties.models import FOCUS_REGIONS, Candidate, CoordinatorPosition, Membership, PartnershipAgreement, Party
from loim.places.models import Municipality
from tests.factories import UserFactory
from tests.tenancy import API_ACTIONS, Form, Readers, TenancyCase

_n = itertools.count(1)


def make_agreement(party):
    return PartnershipAgreement.objects.create(
        party=party,
        municipality=party.municipality,
        signed_on=dt.date(2023, 1, 1),
        term_start=dt.date(2023, 1, 1),
        term_end=dt.date(2026, 4, 1),
        reference=f"AGR-2023-{next(_n)}-L",
    )


def make_position(party):
    return CoordinatorPosition.objects.create(
        party=party, title=f"Koordinaator {next(_n)}", starts_on=dt.date(2024, 1, 1)
    )


def make_membership(party):
    return Membership.objects.create(user=UserFactory(full_name=f"Liige {next(_n)} Tamm"), party=party, role="viewer")


def make_candidate(party):
    """A candidate in a focus region, each on a municipality of its own (one candidacy each)."""
    taken = Candidate.objects.values("municipality")
    municipality = (
        Municipality.objects.filter(county__region__in=FOCUS_REGIONS).exclude(pk__in=taken).order_by("name").first()
    )
    return Candidate.objects.create(
        party=party, municipality=municipality, mapping_notes=f"Kaardistuse märge {next(_n)}"
    )


def candidate_edit_data(candidate):
    return {"municipality": candidate.municipality_id, "mapping_notes": "Ülevõetud", "decision": "pending"}


def party_page(record):
    """A party's page lists its agreements, positions and members (Party itself is shared)."""
    return reverse("parties:detail", kwargs={"slug": record.party.slug})


NO_API = dict.fromkeys(API_ACTIONS, "the API offers no such records")
ADMIN_ONLY = {
    "edit": "kept in the Django admin only (superusers), no page",
    "delete": "kept in the Django admin only (superusers), no page",
    "export_csv": "in no export",
    "export_xlsx": "in no export",
}

CASES = [
    TenancyCase(
        model=Party,
        make=lambda party: party,
        marker=lambda p: p.name,
        readers=Readers.EVERY_MEMBER,
        list=["parties:list"],
        read=["parties:detail"],
        api="party",
        api_update=lambda p: {"name": "Ülevõetud"},
        api_create=lambda party: {"slug": "uus", "name": "Uus", "kind": "partner"},
        url_kwargs=lambda p: {"slug": p.slug},
        absent=ADMIN_ONLY,
    ),
    TenancyCase(
        model=PartnershipAgreement,
        make=make_agreement,
        marker=lambda a: a.reference,
        list=[party_page],
        absent={"read": "an agreement has no page of its own: its party's page lists it", **ADMIN_ONLY, **NO_API},
    ),
    TenancyCase(
        model=CoordinatorPosition,
        make=make_position,
        marker=lambda p: p.title,
        list=[party_page],
        api="coordinator-position",
        api_update=lambda p: {"title": "Ülevõetud"},
        api_create=lambda party: {"party": party.slug, "title": "Uus", "starts_on": "2024-01-01"},
        absent={"read": "a position has no page of its own: its party's page lists it", **ADMIN_ONLY},
    ),
    TenancyCase(
        model=Membership,
        make=make_membership,
        marker=lambda m: m.user.full_name,
        list=[party_page],
        absent={"read": "a membership has no page of its own: its party's page lists it", **ADMIN_ONLY, **NO_API},
    ),
    TenancyCase(
        model=Candidate,
        make=make_candidate,
        marker=lambda c: c.mapping_notes,
        list=["parties:candidates"],
        edit=[Form("parties:candidate_edit", data=candidate_edit_data)],
        absent={
            "read": "a candidate has no page of its own: the candidates page lists it",
            "delete": "candidates are not deleted: the decision stays on record",
            "export_csv": "in no export",
            "export_xlsx": "in no export",
            **NO_API,
        },
    ),
]
