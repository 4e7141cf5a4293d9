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
- `reading`: for coordinator positions only, what the figure is: `posts` (the default: positions
  counting on the day) or `municipalities` (partner municipalities with at least one). Both
  readings are shown; this one is judged against the target.
- `per_partner`: each partner municipality's own target (a number), e.g. 1 for "one coordinator per
  partnership": a partner is judged against it, never against the programme's total.
- `party_targets`: a party slug → its own target, where the plan names who delivers how much
  ("Esmalt luuakse osaluskogu Tallinnas": `{tallinn: 1}`). Not together with `per_partner`.
- `delivered_by`: the slug(s) of the party that delivers a programme-wide indicator (ELVL's info
  days). Another party sees it as context (how often its municipality took part), never as its
  own shortfall. Only for events and participations.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from decimal import Decimal

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
RULE_KEYS = (
    "source",
    "kinds",
    "parties",
    "activity",
    "reach",
    "at",
    "reading",
    "per_partner",
    "party_targets",
    "delivered_by",
)
#: the fields that say whose target a figure is (not what is counted)
SHARE_KEYS = ("reading", "per_partner", "party_targets", "delivered_by")
#: readings of the coordinator indicator: the positions, or the municipalities with one
READINGS = ("posts", "municipalities")
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
    _validate_share(rule, source, is_event_source, known_parties, errors)
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


def _positive_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool) and value > 0


def _validate_share(rule, source, is_event_source, known_parties, errors: list[tuple[str, str]]) -> None:
    """`reading`, `per_partner`, `party_targets`, `delivered_by`: whose target a figure is."""
    if "reading" in rule:
        if source != "coordinator_positions":
            errors.append(("reading", _("`reading` is for coordinator positions only.")))
        elif rule["reading"] not in READINGS:
            errors.append(
                ("reading", _("Unknown reading %(value)r; one of: %(allowed)s.") % _choices(rule["reading"], READINGS))
            )
    if "per_partner" in rule and not _positive_number(rule["per_partner"]):
        errors.append(("per_partner", _("Give each partner's own target as a number above 0, e.g. 1.")))
    if "party_targets" in rule:
        targets = rule["party_targets"]
        if "per_partner" in rule:
            errors.append(("party_targets", _("Give either `per_partner` or `party_targets`, not both.")))
        if not isinstance(targets, Mapping) or not targets:
            errors.append(("party_targets", _("Give a mapping of party codes to their targets, e.g. {tallinn: 1}.")))
        else:
            if not all(_positive_number(value) for value in targets.values()):
                errors.append(("party_targets", _("Each party's target is a number above 0.")))
            if known_parties is not None:
                unknown = [str(slug) for slug in targets if slug not in known_parties]
                if unknown:
                    errors.append(("party_targets", _("Unknown party: %s.") % ", ".join(unknown)))
    if "delivered_by" in rule:
        value = rule["delivered_by"]
        slugs = [value] if isinstance(value, str) and value else _string_list(value, "delivered_by", errors)
        if not is_event_source:
            errors.append(
                ("delivered_by", _("`delivered_by` applies to events and participations, which others take part in."))
            )
        if "per_partner" in rule or "party_targets" in rule:
            errors.append(
                ("delivered_by", _("An indicator delivered by one party has no per-party targets; remove one of them."))
            )
        if slugs and known_parties is not None:
            unknown = [slug for slug in slugs if slug not in known_parties]
            if unknown:
                errors.append(("delivered_by", _("Unknown party: %s.") % ", ".join(unknown)))


def delivered_by(rule: Mapping | None) -> list[str]:
    """The slugs of the parties that deliver the indicator (empty: not declared)."""
    value = (rule or {}).get("delivered_by")
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, list | tuple) else []


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
            if isinstance(value, Mapping):
                value = ",".join(f"{k}:{v}" for k, v in value.items())
            parts.append(f"{key}={','.join(value) if isinstance(value, list) else value}")
    return " · ".join(parts)


def _source_words() -> dict[str, str]:
    return {
        "events": _("events"),
        "participations": _("participations (one municipality taking part in one event)"),
        "coordinator_positions": _("coordinator positions in force on the day read"),
        "networks": _("local cooperation networks"),
        "councils": _("participation councils"),
        "journey_implementations": _("municipalities where the integration journey model is implemented"),
    }


def _names(values, names: Mapping[str, str]) -> str:
    values = [values] if isinstance(values, str) else list(values)
    return ", ".join(str(names.get(value, value)) for value in values)


def rule_in_words(rule: Mapping | None, *, kinds: Mapping[str, str], parties: Mapping[str, str]) -> str:
    """The rule said in the page's language, with names instead of codes: "events · kinds: info day ·
    by ELVL · read at the end of the period". `kinds` maps event-kind codes to names, `parties` party
    slugs to names; a code without a name is shown as it is. (`describe_rule` keeps the codes, for
    the plan file's own check output.)"""
    if not rule:
        return ""
    rule = normalise_rule(rule)
    source = rule.get("source", "")
    parts = [str(_source_words().get(source, source))]
    if "kinds" in rule:
        parts.append(_("kinds: %(kinds)s") % {"kinds": _names(rule["kinds"], kinds)})
    if "parties" in rule:
        parts.append(_("parties: %(parties)s") % {"parties": _names(rule["parties"], parties)})
    if "activity" in rule:
        parts.append(_("under activity %(code)s") % {"code": rule["activity"]})
    if "reach" in rule:
        parts.append(
            _("reach: %(reach)s")
            % {"reach": _names(rule["reach"], {value: str(label) for value, label in Reach.choices})}
        )
    if "at" in rule:
        at = str(rule["at"])
        match = _MONTH_DAY.match(at)
        day = f"{int(match.group(2))}.{int(match.group(1))}." if match else at
        parts.append(_("read at the end of the period") if at == "period_end" else _("read on %(day)s") % {"day": day})
    if "reading" in rule:
        readings = {
            "posts": _("counted as positions"),
            "municipalities": _("counted as municipalities with at least one position"),
        }
        parts.append(str(readings.get(rule["reading"], rule["reading"])))
    if "per_partner" in rule:
        parts.append(_("each partner's own target: %(n)s") % {"n": rule["per_partner"]})
    if "party_targets" in rule and isinstance(rule["party_targets"], Mapping):
        targets = ", ".join(f"{parties.get(slug, slug)} {value}" for slug, value in rule["party_targets"].items())
        parts.append(_("targets by party: %(targets)s") % {"targets": targets})
    if "delivered_by" in rule:
        parts.append(_("delivered by %(parties)s") % {"parties": _names(rule["delivered_by"], parties)})
    return " · ".join(parts)


def rule_names() -> tuple[dict[str, str], dict[str, str]]:
    """The names `rule_in_words` needs: event kinds and parties (two queries)."""
    from loim.core.vocabulary import localized
    from loim.parties.models import Party

    from .models import EventKind

    kinds = {kind.code: localized(kind) for kind in EventKind.objects.all()}
    parties = dict(Party.objects.values_list("slug", "short_name"))
    return kinds, parties
