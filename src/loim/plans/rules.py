"""Counting rules of indicators: the schema and its validator.

An indicator either is entered by hand (`measurement: manual`) or declares, as data, how its actual
value is counted from Lõim's records. The monitoring engine evaluates rules; this module only
defines what a valid rule is, so the plan import, the edit form and the engine agree on it
(`docs/plan-format.md`, "Counting rules").

A rule is a mapping::

    {source, kinds?, parties?, activity?, reach?, at?}

- `source`: what is counted (SOURCES below).
- `kinds`: event kind codes (`EventKind.code`); only for events and participations.
- `parties`: slugs of the organising / owning parties; omitted means every party.
- `activity`: an activity code of the same plan; counts records linked to that activity or any row
  under it. Only for events and participations (other records carry no plan row).
- `reach`: `national`, `county` or `local`; only for events and participations.
- `at`: for stocks only, the day the stock is read: `period_end` (the default: 31 December for a
  plan year) or a day of the year as `MM-DD`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping

from django.utils.translation import gettext as _

from .models import IndicatorKind, Reach

#: source → what one counted unit is
SOURCES = {
    "events": "an event",
    "participations": "one municipality taking part in one event",
    "coordinator_positions": "a coordinator position active on the day read, under a partnership agreement",
    "networks": "a local cooperation network",
    "councils": "a participation council (osaluskogu)",
    "journey_implementations": "a municipality where the integration journey model is implemented",
}
EVENT_SOURCES = frozenset({"events", "participations"})
STOCK_SOURCES = frozenset(SOURCES) - EVENT_SOURCES
RULE_KEYS = ("source", "kinds", "parties", "activity", "reach", "at")
REACHES = tuple(Reach.values)

#: which indicator kinds make sense for which sources: events accumulate, positions are a stock
KINDS_FOR_SOURCE = {
    **dict.fromkeys(EVENT_SOURCES, (IndicatorKind.CUMULATIVE, IndicatorKind.MILESTONE)),
    **dict.fromkeys(STOCK_SOURCES, (IndicatorKind.STOCK, IndicatorKind.MILESTONE)),
}
_MONTH_DAY = re.compile(r"^(\d\d)-(\d\d)$")


def _string_list(value, field: str, errors: list[tuple[str, str]]) -> list[str] | None:
    if not isinstance(value, list | tuple) or not value or not all(isinstance(v, str) and v for v in value):
        errors.append((field, _("Give a non-empty list of codes.")))
        return None
    if len(set(value)) != len(value):
        errors.append((field, _("A code is listed twice.")))
    return list(value)


def validate_rule(
    rule,
    *,
    indicator_kind: str | None = None,
    known_kinds: Collection[str] | None = None,
    known_parties: Collection[str] | None = None,
    activity_codes: Collection[str] | None = None,
) -> list[tuple[str, str]]:
    """Every problem of the rule as (field, message); an empty list means the rule is valid.

    The `known_*` collections are checked when given (the import and the form pass them); the field
    names are the rule's own keys, so callers can prefix them with where the rule is written.
    """
    if not isinstance(rule, Mapping):
        return [("rule", _("A counting rule is a mapping with at least `source`."))]
    errors: list[tuple[str, str]] = []
    for key in rule:
        if key not in RULE_KEYS:
            errors.append((str(key), _("Unknown field of a counting rule; allowed: %s.") % ", ".join(RULE_KEYS)))
    source = rule.get("source")
    if source not in SOURCES:
        errors.append(("source", _("Unknown source %(value)r; one of: %(allowed)s.") % _choices(source, SOURCES)))
        return errors
    is_event_source = source in EVENT_SOURCES

    if "kinds" in rule:
        kinds = _string_list(rule["kinds"], "kinds", errors)
        if not is_event_source:
            errors.append(("kinds", _("Event kinds only apply to events and participations.")))
        elif kinds and known_kinds is not None:
            unknown = [k for k in kinds if k not in known_kinds]
            if unknown:
                errors.append(("kinds", _("Unknown event kind: %s.") % ", ".join(unknown)))
    if "parties" in rule:
        parties = _string_list(rule["parties"], "parties", errors)
        if parties and known_parties is not None:
            unknown = [p for p in parties if p not in known_parties]
            if unknown:
                errors.append(("parties", _("Unknown party: %s.") % ", ".join(unknown)))
    if "activity" in rule:
        activity = rule["activity"]
        if not is_event_source:
            errors.append(("activity", _("Only events and participations are linked to plan rows.")))
        elif not isinstance(activity, str) or not activity:
            errors.append(("activity", _("Give an activity code, e.g. 3.5.1.4.")))
        elif activity_codes is not None and activity not in activity_codes:
            errors.append(("activity", _("No activity %s in this plan.") % activity))
    if "reach" in rule:
        if not is_event_source:
            errors.append(("reach", _("Reach only applies to events and participations.")))
        elif rule["reach"] not in REACHES:
            errors.append(
                ("reach", _("Unknown reach %(value)r; one of: %(allowed)s.") % _choices(rule["reach"], REACHES))
            )
    if "at" in rule:
        if is_event_source:
            errors.append(("at", _("`at` is for stocks (positions, networks, councils, journeys), not for counts.")))
        elif not _valid_at(rule["at"]):
            errors.append(("at", _("Write `period_end` or a day of the year as MM-DD, e.g. 12-31.")))
    if indicator_kind and indicator_kind not in KINDS_FOR_SOURCE[source]:
        allowed = ", ".join(str(k) for k in KINDS_FOR_SOURCE[source])
        errors.append(
            (
                "source",
                _("A %(source)s rule cannot give a %(kind)s indicator; use %(allowed)s.")
                % {"source": source, "kind": indicator_kind, "allowed": allowed},
            )
        )
    return errors


def _choices(value, allowed) -> dict:
    return {"value": value, "allowed": ", ".join(allowed)}


def _valid_at(value) -> bool:
    if value == "period_end":
        return True
    match = _MONTH_DAY.match(value) if isinstance(value, str) else None
    if not match:
        return False
    try:
        dt.date(2024, int(match.group(1)), int(match.group(2)))  # a leap year accepts 02-29
    except ValueError:
        return False
    return True


def normalise_rule(rule: Mapping) -> dict:
    """The rule with its keys in the documented order and empty optional keys dropped."""
    return {key: rule[key] for key in RULE_KEYS if key in rule and rule[key] not in (None, "", [], ())}


def describe_rule(rule: Mapping | None) -> str:
    """A one-line reading of the rule for people (the plan page, the check output)."""
    if not rule:
        return ""
    rule = normalise_rule(rule)
    parts = [str(rule.get("source", "?"))]
    for key in RULE_KEYS[1:]:
        if key in rule:
            value = rule[key]
            parts.append(f"{key}={','.join(value) if isinstance(value, list) else value}")
    return " · ".join(parts)
