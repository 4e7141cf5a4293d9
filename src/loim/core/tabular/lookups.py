"""Names a file may use for shared reference data, loaded once per import.

Municipalities by EHAK code (also one that lost its leading zeros in a spreadsheet, and codes used
before a merger), by name, and by the short name without "linn"/"vald" where that is unique
("Pärnu" is Pärnu linn; "Tartu" is both a city and a parish and must be written in full). Parties
by their code, short name, full name or the names plans use for them.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .errors import CellError
from .parsers import items, norm
from .reading import cell_text

AMBIGUOUS = object()


class NameLookup:
    """Folded name → object; a name shared by two objects is ambiguous, not the first one's."""

    what = ""

    def __init__(self):
        self.names: dict[str, object] = {}

    def add(self, name, entry, *, weak: bool = False) -> None:
        key = norm(name)
        if not key:
            return
        current = self.names.get(key)
        if current is None:
            self.names[key] = entry
        elif current is not AMBIGUOUS and current != entry and not weak:
            self.names[key] = AMBIGUOUS

    def get(self, value):
        """The entry for a cell, None for a blank cell; CellError when unknown or ambiguous."""
        raw = cell_text(value)
        if not raw:
            return None
        found = self.names.get(norm(self.normalise(raw)))
        if found is None:
            raise CellError(self.unknown(raw))
        if found is AMBIGUOUS:
            raise CellError(self.ambiguous(raw))
        return found

    def get_many(self, value) -> list:
        """Entries named in one cell ("a; b, c"), each once; the whole cell first, so a name that
        holds a comma is still found."""
        raw = cell_text(value)
        if not raw:
            return []
        parts = [raw] if norm(raw) in self.names else items(raw)
        found = []
        for part in parts:
            entry = self.get(part)
            if entry not in found:
                found.append(entry)
        return found

    def normalise(self, raw: str) -> str:
        return raw

    def unknown(self, raw: str) -> str:
        return _("Unknown %(what)s “%(value)s”.") % {"what": self.what, "value": raw}

    def ambiguous(self, raw: str) -> str:
        return _("“%(value)s” matches more than one %(what)s.") % {"what": self.what, "value": raw}


class Municipalities(NameLookup):
    def __init__(self, municipalities=None):
        super().__init__()
        from loim.places.models import Municipality

        self.what = _("municipality")
        entries = list(Municipality.objects.all() if municipalities is None else municipalities)
        short: dict[str, list] = {}
        for municipality in entries:
            self.add(municipality.ehak_code, municipality)
            for code in municipality.previous_codes.split(","):
                self.add(code.strip(), municipality)
            self.add(municipality.name, municipality)
            short.setdefault(norm(re.sub(r"\s+(linn|vald)$", "", municipality.name, flags=re.I)), []).append(
                municipality
            )
        for name, found in short.items():
            if name not in self.names:
                self.names[name] = found[0] if len(found) == 1 else AMBIGUOUS

    def normalise(self, raw: str) -> str:
        # EHAK codes are four digits; a spreadsheet reading them as numbers drops the leading zeros.
        return raw.zfill(4) if raw.isdigit() and len(raw) < 4 else raw

    def unknown(self, raw: str) -> str:
        return _("Unknown municipality “%(value)s”: write its name or EHAK code.") % {"value": raw}

    def ambiguous(self, raw: str) -> str:
        return _("“%(value)s” matches more than one municipality; write e.g. “Tartu linn” or “Tartu vald”.") % {
            "value": raw
        }


class Parties(NameLookup):
    def __init__(self, parties=None):
        super().__init__()
        from loim.parties.models import Party

        self.what = _("party")
        for party in Party.objects.all() if parties is None else parties:
            self.add(party.slug, party)
            self.add(party.name, party)
            self.add(party.short_name, party)
            for alias in (party.responsible_aliases or "").split(","):
                self.add(alias.strip(), party, weak=True)

    def unknown(self, raw: str) -> str:
        return _("Unknown party “%(value)s”: write its code or name.") % {"value": raw}
