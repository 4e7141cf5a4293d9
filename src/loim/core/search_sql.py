"""How `core.search` matches and ranks words in SQL, per database (docs/decisions.md "Issue 12 — search").

PostgreSQL 15 has no Estonian text-search configuration, and Estonian is heavily inflected:
- every word becomes a prefix term (`koolitus:*` finds "koolitusel", "koolituse"), all words ANDed,
  in the `simple` configuration for Estonian and Ukrainian and for records without a language, and in
  `english` / `russian` for a document in those languages (their stemming: "trainings" ~ "training");
- names and titles (weight A) are also matched by `pg_trgm` word similarity, so a typo
  ("koolitsu") or a word inside a compound still finds the record;
- the text of a document's current version is matched in its own table through an uncorrelated
  `pk IN (…)` on its stored `simple` vector (`SimpleVector`, a generated column with a GIN index,
  network migration 0007).
Ranked by `ts_rank` (weights A > B > C) plus the trigram similarity of names and titles; a match in
the other-table text only filters (ranking it would read the text again).

Elsewhere (the embedded SQLite): SQLite's LIKE folds ASCII letters only, so "Õ" ≠ "õ". Django runs
SQLite's REGEXP with Python's `re`, whose case-insensitive match folds every Unicode letter: each word
is matched as an escaped, case-insensitive substring (so a word inside a compound or an inflected form
is found) — a plain scan, fine at the embedded default's size. Ranked by weight of the fields matched;
as on PostgreSQL a match in the other-table text only filters (ranking it would scan the text twice).
"""

from __future__ import annotations

import re
from functools import reduce
from operator import add, and_, or_
from typing import TYPE_CHECKING, Any

from django.db.models import Case, F, FloatField, Func, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast

if TYPE_CHECKING:
    from .search import Source

WEIGHTS = {"A": 4.0, "B": 2.0, "C": 1.0}
TRIGRAM_THRESHOLD = 0.5  # word similarity of a name or title to the query: 0.5 lets one wrong letter through
LANGUAGE_CONFIGS = {"en": "english", "ru": "russian"}  # every other language: "simple"


class ListText(Func):
    """A JSON list of strings (tags) as one text: the values themselves, not JSON's escapes (SQLite's
    JSON keeps "õ" as \\u00f5), so a tag with Estonian letters is found."""

    output_field = TextField()

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra):
        return compiler.compile(Cast(self.source_expressions[0], TextField()))

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        # `sql` is the compiled column expression, never user input
        return f"(SELECT group_concat(value, ' ') FROM json_each({sql}))", params  # noqa: S608


class SimpleVector(Func):
    """The `simple` text-search vector of a text column, for a stored generated column
    (`DocumentVersion.text_vector`): computed by PostgreSQL once when the text is written, indexed by
    GIN, so a search neither recomputes it per row nor depends on the planner's guess of that cost.
    Elsewhere the column is NULL (the plain backend matches the text itself)."""

    output_field = TextField()

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_tsvector('simple'::regconfig, COALESCE({sql}, ''))", params


def matching(source: Source, queryset: QuerySet, terms: list[str], *, postgres: bool) -> QuerySet:
    """`queryset` narrowed to the records containing every term, annotated `search_rank`, best first."""
    build = _postgres if postgres else _plain
    return build(source, queryset, terms).order_by("-search_rank", "pk")


# --- the embedded default


def _plain(source: Source, queryset: QuerySet, terms: list[str]) -> QuerySet:
    patterns = [re.escape(term) for term in terms]
    conditions, ranks = [], []
    for pattern in patterns:
        in_fields = [Q(**{f"{f.name}__iregex": pattern}) for f in source.fields]
        if source.text is not None:
            text = source.text
            in_text = Q(pk__in=text.queryset().filter(**{f"{text.field}__iregex": pattern}).values(text.owner))
            in_fields.append(in_text)
        conditions.append(reduce(or_, in_fields))
        ranks += [
            Case(When(Q(**{f"{f.name}__iregex": pattern}), then=Value(WEIGHTS[f.weight])), default=Value(0.0))
            for f in source.fields
        ]
    rank = reduce(add, ranks) if len(ranks) > 1 else ranks[0]
    return queryset.filter(reduce(and_, conditions)).annotate(search_rank=Cast(rank, FloatField()))


# --- PostgreSQL


def tsquery(terms: list[str]) -> str:
    """The raw tsquery: each word a prefix, all ANDed. Words are letters and digits only (`search.WORD`),
    so nothing of tsquery's syntax can come from the user."""
    return " & ".join(f"{term}:*" for term in terms)


def _config(source: Source):
    if source.language is None:
        return Value("simple")
    whens = [When(**{source.language: code}, then=Value(name)) for code, name in LANGUAGE_CONFIGS.items()]
    return Case(*whens, default=Value("simple"))


def _text_match(source: Source, raw: str) -> Q:
    """Records whose other-table text matches: in `simple` for every record (indexed), and in its
    language's stemming configuration for records in English or Russian."""
    from django.contrib.postgres.search import SearchQuery, SearchVector

    text = source.text
    assert text is not None
    rows = text.queryset()
    query = SearchQuery(raw, search_type="raw", config="simple")
    if text.vector:  # the stored, indexed vector
        simple = rows.filter(**{text.vector: query})
    else:
        simple = rows.annotate(_v=SearchVector(text.field, config="simple")).filter(_v=query)
    found = Q(pk__in=simple.values(text.owner))
    if text.language:  # a subquery per stemmed language: uncorrelated, so run once and hashed
        for code, name in LANGUAGE_CONFIGS.items():
            stemmed = (
                rows.filter(**{text.language: code})
                .annotate(_v=SearchVector(text.field, config=name))
                .filter(_v=SearchQuery(raw, search_type="raw", config=name))
            )
            found |= Q(pk__in=stemmed.values(text.owner))
    return found


def _postgres(source: Source, queryset: QuerySet, terms: list[str]) -> QuerySet:
    """Every term must be found somewhere in the record — its vector, its other-table text or (a name or
    title) by trigram similarity — as on the plain backend; ranked by all terms together."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity

    config = _config(source)
    vector = reduce(add, [SearchVector(f.name, weight=f.weight, config=config) for f in source.fields])
    names = [f.name for f in source.fields if f.weight == "A"]
    similar = {f"_sim_{i}_{name}": TrigramWordSimilarity(term, name) for i, term in enumerate(terms) for name in names}
    queryset = queryset.annotate(_vector=vector, **similar)
    conditions = []
    for i, term in enumerate(terms):
        found = Q(_vector=SearchQuery(tsquery([term]), search_type="raw", config=config))
        for name in names:
            found |= Q(**{f"_sim_{i}_{name}__gte": TRIGRAM_THRESHOLD})
        if source.text is not None:
            found |= _text_match(source, tsquery([term]))
        conditions.append(found)
    any_term = SearchQuery(" | ".join(f"{term}:*" for term in terms), search_type="raw", config=config)
    rank: Any = SearchRank(F("_vector"), any_term)
    if similar:
        rank = rank + reduce(add, [F(name) for name in similar]) / len(terms)
    return queryset.filter(reduce(and_, conditions)).annotate(search_rank=Cast(rank, FloatField()))
