"""Linking a plan read from its document to the previous year's plan.

The document names activities by code (3.5.2.1) and rows by number, which are stable; it does
not name indicators or commitments by key, and it says nothing of how an indicator is counted.
So an indicator with the same name (or, failing that, the same place: the same activity, the same
position and unit) takes the previous year's key, kind, counting rule and measurement note, and a
recognised commitment of the same activity, row, period and event kinds takes the previous year's
key and title. Years then link by key (docs/plan-format.md, "Several years").
"""

from __future__ import annotations


def _name(text: str) -> str:
    return " ".join((text or "").lower().split())


def _indicators(document: dict):
    for section in document.get("sections", []):
        for activity in section["activities"]:
            for position, indicator in enumerate(activity["indicators"]):
                yield activity["code"], position, indicator
        for position, indicator in enumerate(section["indicators"]):
            yield f"section {section['section']}", position, indicator


def _obligations(document: dict):
    for section in document.get("sections", []):
        for activity in section["activities"]:
            for obligation in activity["obligations"]:
                yield activity["code"], obligation


def inherit(document: dict, base: dict, renames: dict[str, str] | None = None) -> list[str]:
    """Carry keys and counting rules over from `base` (in place); what was linked, as lines.
    `renames` (when given) receives element → element ("indicator info-days-2" → "indicator info-days")."""
    renames = {} if renames is None else renames
    linked: list[str] = []
    base_indicators = list(_indicators(base))
    by_name: dict[str, tuple[str, int, dict]] = {}
    for code, position, indicator in base_indicators:
        by_name.setdefault(_name(indicator["name"]), (code, position, indicator))
    by_place = {(code, position, _name(i["unit"])): i for code, position, i in base_indicators}
    used: set[str] = set()
    new = list(_indicators(document))
    taken = {i["key"] for _c, _p, i in new}
    for code, position, indicator in new:
        match = by_name.get(_name(indicator["name"]))
        old = match[2] if match else by_place.get((code, position, _name(indicator["unit"])))
        if old is None or old["key"] in used:
            continue
        if old["key"] != indicator["key"] and old["key"] in taken:
            continue
        used.add(old["key"])
        taken.discard(indicator["key"])
        taken.add(old["key"])
        how = "name" if match else "place"
        linked.append(f"indicator {indicator['key']} → {old['key']} ({how})")
        renames[f"indicator {indicator['key']}"] = f"indicator {old['key']}"
        indicator["key"] = old["key"]
        for field_name in ("kind", "measurement", "rule", "measurement_note"):
            indicator[field_name] = old.get(field_name)

    base_obligations: dict[tuple, list[dict]] = {}
    # the same activity, row and events with another period ("korrapärased" → "kord kvartalis"): the same
    # commitment, its cadence changed, when it is the only one
    loose: dict[tuple, list[dict]] = {}
    for code, obligation in _obligations(base):
        signature = (
            code,
            obligation.get("row", ""),
            obligation["period"],
            tuple(sorted(obligation.get("event_kinds", []))),
        )
        base_obligations.setdefault(signature, []).append(obligation)
        loose.setdefault(signature[:2] + signature[3:], []).append(obligation)
    keys = {o["key"] for _c, o in _obligations(document)}
    claimed: set[int] = set()
    new_signatures = {
        (code, o.get("row", ""), o["period"], tuple(sorted(o["event_kinds"]))) for code, o in _obligations(document)
    }
    exact = {id(o): signature in new_signatures for signature, found in base_obligations.items() for o in found}
    for code, obligation in _obligations(document):
        signature = (code, obligation.get("row", ""), obligation["period"], tuple(sorted(obligation["event_kinds"])))
        candidates = [o for o in base_obligations.get(signature, []) if id(o) not in claimed]
        cadence_changed = not candidates
        if not candidates:
            # exact matches first: a looser one only for what no exact signature of this plan claims
            others = [
                o
                for o in loose.get(signature[:2] + signature[3:], [])
                if id(o) not in claimed and o["key"] not in keys and not exact.get(id(o))
            ]
            if len(others) != 1:
                continue
            candidates = others
        # of two commitments for the same events (Rakvere's 2 + 2 and "vähemalt 2"), the one with the
        # same minimum, else the one whose quote the sentence holds, else the first
        old = max(
            candidates,
            key=lambda o: (o.get("min") == obligation["min"], (o.get("quote") or "")[:40] in obligation["quote"]),
        )
        if old["key"] in keys and old["key"] != obligation["key"]:
            continue
        claimed.add(id(old))
        keys.discard(obligation["key"])
        keys.add(old["key"])
        linked.append(f"commitment {obligation['key']} → {old['key']}")
        renames[f"commitment {obligation['key']}"] = f"commitment {old['key']}"
        obligation["key"] = old["key"]
        if not cadence_changed:  # the old title names the old cadence
            obligation["title"] = old["title"]
        if not obligation.get("note") and old.get("note"):
            obligation["note"] = old["note"]
        if obligation.get("reach") == "" and old.get("reach"):
            obligation["reach"] = old["reach"]
    return linked
