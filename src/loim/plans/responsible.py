"""Reading "Tegevuse eest vastutaja" as printed ("ELVL, partnerid", "Tartu LV", "Partner") into the
parties it names, through the names parties are known by in plans (`Party.responsible_aliases`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from loim.parties.models import Party, PartyKind

DEFINITION = re.compile(r"\s*\(edaspidi [^)]*\)", re.IGNORECASE)  # "Tartu linnavalitsus (edaspidi LV)"
SEPARATORS = re.compile(r"[,;]")
AND = re.compile(r"\s+ja\s+")
ALL_PARTNERS = {"partnerid", "partnerid kõik", "kõik partnerid"}
ONE_PARTNER = {"partner"}


def party_names(party: Party) -> set[str]:
    names = {party.slug, party.name, party.short_name, *party.responsible_aliases.split(",")}
    return {name.strip().lower() for name in names if name and name.strip()}


def resolve_responsible(
    text: str, parties: Iterable[Party], *, partner: Party | None = None
) -> tuple[list[Party], list[str]]:
    """The parties the text names, and the pieces of text that name no known party.

    "partnerid" is every partner municipality; "partner" is `partner` when the row belongs to one
    partner's activity (3.5.2.x) and every partner otherwise (an implementer activity naming no
    particular partner).
    """
    parties = list(parties)
    partners = [p for p in parties if p.kind == PartyKind.PARTNER]
    by_name = {name: party for party in parties for name in party_names(party)}
    found: dict[int, Party] = {}
    unknown: list[str] = []
    pieces = []
    for piece in SEPARATORS.split(DEFINITION.sub("", text or "")):
        # "Tartu LV ja Pärnu LV" names two parties, "Eesti Linnade ja Valdade Liit" one
        whole = piece.strip().lower() in by_name
        pieces.extend([piece] if whole else AND.split(piece))
    for piece in pieces:
        name = piece.strip().lower()
        if not name:
            continue
        if name in ALL_PARTNERS or (name in ONE_PARTNER and partner is None):
            matched = partners
        elif name in ONE_PARTNER:
            matched = [partner]
        elif name in by_name:
            matched = [by_name[name]]
        else:
            unknown.append(piece.strip())
            continue
        found.update({p.pk: p for p in matched})
    return sorted(found.values(), key=lambda p: p.slug), unknown


def activity_partner(top_parties: Iterable[Party]) -> Party | None:
    """The one partner municipality an activity belongs to, if it belongs to exactly one."""
    partners = [p for p in top_parties if p.kind == PartyKind.PARTNER]
    return partners[0] if len(partners) == 1 else None
