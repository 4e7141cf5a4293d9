"""An indicator card's markup, kept per process for the figures it shows.

The dashboard computes every figure after any write, but a write changes one or two of its seven
cards (a new info day: the info days and their commitment). Rendering a card through the template
engine costs a few milliseconds, most of the computed page, so a card's markup is kept in the
process's memo (`core.generations.memoized`) under the plan's generation (its names, units, kinds),
the language, the plan year, the query string and a fingerprint of everything the card shows — the
figure, its targets, each party's part, the readings, the years, the outlook in words — taken from
the result after it is computed. A card is therefore never older than its figures; equal figures give
equal markup. `tests/monitoring/test_cards.py` renders each kind of card both ways.
"""

from __future__ import annotations

import dataclasses
import hashlib
from decimal import Decimal

from django.db.models import Model
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from loim.core.generations import memoized

from .plan_data import plan_tables

TEMPLATE = "monitoring/_indicator_card.html"


def _plain(value):
    """A value as plain, comparable data: dataclasses as their fields, lazy text as text, a model as
    its label and primary key (its fields come from the plan, whose generation is in the key)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(_plain(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((str(key), _plain(item)) for key, item in value.items()))
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    if isinstance(value, Decimal):
        return str(value)
    return value


def fingerprint(result) -> str:
    """A digest of what the card of `result` shows (module docstring)."""
    shown = (
        result.indicator.pk,
        result.as_of,
        result.plan.period_end,
        result.method,
        tuple(result.problems),
        getattr(result.resolved, "reading", None),
        result.accumulates,
        result.value,
        result.target,
        result.programme_target,
        result.frame_target,
        result.frame_year,
        result.position,
        result.role,
        result.points,
        result.parts,
        result.coordinators,
        result.deliverers,
        result.took_part,
        result.outlook,
    )
    text = repr(shown)  # the dataclasses' own repr: every field, fast
    if " object at 0x" in text:  # something without a repr of its value (lazy text): spelt out
        text = repr(_plain(shown))
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def card_html(result, plan, query: str = "") -> str:
    def render() -> str:
        return render_to_string(TEMPLATE, {"r": result, "plan": plan, "query": query})

    parts = (get_language(), plan.pk, plan.year, query, fingerprint(result))
    return mark_safe(memoized("indicator-card", parts, plan_tables(), render))  # noqa: S308 - our template
