"""Building services for the tests: a provider from the directory and a service with its texts."""

from __future__ import annotations

import itertools

from loim.network.models import Organisation
from loim.services.services import ServiceInput, TextInput, service_create

_n = itertools.count(1)


def provider(party, name: str | None = None) -> Organisation:
    return Organisation.objects.create(party=party, name=name or f"Teenusepakkuja {next(_n)}", kind="municipal")


def service_input(org, **kwargs) -> ServiceInput:
    text = kwargs.pop("text", None) or TextInput(
        name=kwargs.pop("name", "Isikukoodi taotlemine"),
        summary="Isikukood antakse Eestisse elama asunud välismaalasele.",
        steps="Broneerige aeg.\nTulge teenindusse.",
        cost="tasuta",
    )
    return ServiceInput(provider=org, text=text, **kwargs)


def make_service(party, *, user=None, name: str | None = None, **kwargs):
    return service_create(
        party=party,
        data=service_input(provider(party), name=name or f"Teenus {next(_n)} {party.slug}", **kwargs),
        user=user,
    )
