"""Tenancy cases: networks (issue 12). Minimal until the networks pages land (helper `networks`
replaces these with cases naming its pages)."""

from loim.network.models import Network, NetworkMember
from tests.network.tenancy_directory import make_organisation
from tests.tenancy import TenancyCase


def make_network(party):
    return Network.objects.create(party=party, name=f"Võrgustik {party.slug}", kind="local", founded_on="2024-01-01")


CASES = [
    TenancyCase(
        model=Network,
        make=make_network,
        absent={"all": "no page shows networks yet (the networks part of issue 12 adds them)"},
    ),
    TenancyCase(
        model=NetworkMember,
        make=lambda party: NetworkMember.objects.create(
            network=make_network(party), organisation=make_organisation(party), joined_on="2024-01-01"
        ),
        absent={"all": "no page shows network members yet (the networks part of issue 12 adds them)"},
    ),
]
