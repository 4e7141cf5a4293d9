"""Reads of the directory that other apps use: an organisation's entry by the name recorded elsewhere
(events' participating organisations), following merges to the entry kept."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from .models import Organisation


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def kept(organisation: Organisation | None) -> Organisation | None:
    """The entry a merged duplicate now lives on (itself when not merged)."""
    seen = set()
    while organisation is not None and organisation.merged_into_id and organisation.pk not in seen:
        seen.add(organisation.pk)
        organisation = organisation.merged_into
    return organisation


def organisations_named(names: Iterable[str]) -> dict[str, Organisation]:
    """Folded name → the directory entry of that name (a merged duplicate's name → the entry kept).
    A name two listed entries share links to neither. One query (two when a name was merged)."""
    wanted = {_norm(n) for n in names if n.strip()}
    if not wanted:
        return {}
    found: dict[str, Organisation | None] = {}
    merged: dict[str, Organisation] = {}
    condition = Q()
    for spelling in _spellings(names):
        condition |= Q(name__iexact=spelling)
    for organisation in Organisation._base_manager.filter(condition).select_related("merged_into"):
        key = _norm(organisation.name)
        if organisation.merged_into_id:
            merged.setdefault(key, organisation)
        else:
            found[key] = None if key in found else organisation
    for key, duplicate in merged.items():
        if key not in found:
            found[key] = kept(duplicate)
    return {key: organisation for key, organisation in found.items() if organisation is not None}


def _spellings(names: Iterable[str]) -> list[str]:
    # runs of spaces as one; case is the database's `iexact` (on SQLite, ASCII letters only)
    return sorted({" ".join(n.split()) for n in names if n.strip()})


def link_for(name: str, named: dict[str, Organisation]) -> Organisation | None:
    return named.get(_norm(name))
