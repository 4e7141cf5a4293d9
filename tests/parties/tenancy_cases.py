import datetime as dt
import itertools

from loim.parties.models import CoordinatorPosition, Membership, PartnershipAgreement, Party
from tests.factories import UserFactory
from tests.tenancy import TenancyCase

_n = itertools.count(1)


def make_agreement(party):
    return PartnershipAgreement.objects.create(
        party=party,
        municipality=party.municipality,
        signed_on=dt.date(2023, 1, 1),
        term_start=dt.date(2023, 1, 1),
        term_end=dt.date(2026, 4, 1),
        reference=f"AGR-{next(_n)}",
    )


def make_position(party):
    return CoordinatorPosition.objects.create(
        party=party, title=f"Koordinaator {next(_n)}", starts_on=dt.date(2024, 1, 1)
    )


def make_membership(party):
    return Membership.objects.create(user=UserFactory(full_name=f"Liige {next(_n)}"), party=party, role="viewer")


CASES = [
    TenancyCase(
        model=Party,
        make=lambda party: party,
        marker=lambda p: p.name,
        list_urls=["parties:list", "v1:party-list"],
        url_kwargs=lambda p: {"slug": p.slug},
    ),
    TenancyCase(model=PartnershipAgreement, make=make_agreement, marker=lambda a: a.reference),
    TenancyCase(
        model=CoordinatorPosition,
        make=make_position,
        marker=lambda p: p.title,
        api_list="v1:coordinator-position-list",
        api_detail="v1:coordinator-position-detail",
    ),
    TenancyCase(model=Membership, make=make_membership, marker=lambda m: m.user.full_name),
]
