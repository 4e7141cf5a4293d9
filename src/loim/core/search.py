"""The one search function (issue 12): `search(user, text, kinds=None, limit=20)`.

Core does not know the apps' models. Each app registers a `Source` from its `AppConfig.ready()`
(the network app its documents, organisations and contacts; events its events; plans its plan rows):
a kind, how to start from what the user may see (`Model.objects.visible_to(user)`, always — the
search filters nothing by party itself), the fields to match with their weight, optionally text
kept in another table (a document's current version), and how a hit is shown (title, link, detail).

How words are matched depends on the database (`core.search_sql`, docs/decisions.md "Issue 12 —
search"): PostgreSQL's full-text search with prefix terms and `pg_trgm` word similarity for typos;
elsewhere (the embedded SQLite) a case-insensitive substring match that knows õ, ä, ö, ü and Cyrillic.
Every word of the query must be found in some field of a record. Results come ranked, grouped by
kind, at most `limit` per kind ("first N", the page says so), each with a short snippet around the
first match — plain text in parts, marked by the template, so no HTML of the content is ever output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

MIN_TERM = 2  # a one-letter word matches nearly everything
MAX_QUERY = 200  # characters; a longer "query" is a pasted text, not a search
MAX_TERMS = 8
DEFAULT_LIMIT = 20
SNIPPET_SCAN = 200_000  # characters of a long text read to place its snippet (the match is usually early)
SNIPPET_BEFORE, SNIPPET_AFTER = 60, 140
WORD = re.compile(r"[^\W_]+")


class QueryError(ValueError):
    """A query that cannot be searched for; the message says why, for the person who typed it."""


@dataclass(frozen=True)
class Field:
    """A field (or an annotation of the source's queryset) to match. Weight A is for names and titles:
    it ranks highest and is also matched by trigram similarity on PostgreSQL (typos); C for long text."""

    name: str
    weight: str = "B"


@dataclass(frozen=True)
class Text:
    """Text kept in another table for a record: `queryset()` gives the rows that count (a document's
    current version), `owner` names their link to the record, `language` the record's language code."""

    queryset: Callable[[], QuerySet]
    owner: str
    field: str = "text"
    language: str | None = None
    vector: str | None = None  # a stored `simple` tsvector of `field` (PostgreSQL; `search_sql.SimpleVector`)


@dataclass(frozen=True)
class Shown:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Source:
    kind: str
    label: Any  # a lazy translation
    queryset: Callable[[Any], QuerySet]  # user -> Model.objects.visible_to(user)…, with what `show` reads
    fields: tuple[Field, ...]
    show: Callable[[Any], Shown]
    text: Text | None = None
    language: str | None = None  # the record's language code field (documents), for the stemming on PostgreSQL
    order: int = 50


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add (or replace) the source of a kind; called from the owning app's `ready()`."""
    _SOURCES[source.kind] = source


def sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda source: (source.order, source.kind))


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    detail: str
    snippet: list[tuple[str, bool]]  # (text, is a match)
    rank: float


@dataclass
class Group:
    kind: str
    label: Any
    hits: list[Hit]
    more: bool  # more hits than the limit: the page says only the first N are shown


@dataclass
class Results:
    query: str
    terms: list[str]
    limit: int
    groups: list[Group] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(group.hits) for group in self.groups)

    @property
    def more(self) -> bool:
        return any(group.more for group in self.groups)


def parse(text: str | None) -> list[str]:
    """The words of a query (lower case, each once, in order), or a QueryError saying what is wrong."""
    text = (text or "").strip()
    if "\x00" in text:
        raise QueryError(_("The search text contains a NUL character, which cannot be searched for. Remove it."))
    if len(text) > MAX_QUERY:
        raise QueryError(_("The search text is too long: write at most %(max)d characters.") % {"max": MAX_QUERY})
    terms: list[str] = []
    for word in WORD.findall(text.lower()):
        if len(word) >= MIN_TERM and word not in terms:
            terms.append(word)
    if not terms:
        raise QueryError(_("Write a word of at least %(min)d letters or digits to search for.") % {"min": MIN_TERM})
    return terms[:MAX_TERMS]


def snippet(text: str, terms: Iterable[str]) -> list[tuple[str, bool]]:
    """A short passage of `text` around the first match of any term, as (text, is a match) parts; the
    start of the text when no term is found literally (a stemmed match on PostgreSQL)."""
    text = " ".join(text.split())
    if not text:
        return []
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - SNIPPET_BEFORE) if first else 0
    end = min(len(text), (first.end() if first else 0) + SNIPPET_AFTER)
    if start > 0 and " " in text[start : start + 20]:
        start = text.index(" ", start) + 1
    if end < len(text) and " " in text[max(start, end - 20) : end]:
        end = text.rindex(" ", max(start, end - 20), end)
    passage, parts, at = text[start:end], [], 0
    for match in pattern.finditer(passage):
        if match.start() > at:
            parts.append((passage[at : match.start()], False))
        parts.append((match.group(), True))
        at = match.end()
    if at < len(passage):
        parts.append((passage[at:], False))
    if start > 0:
        parts.insert(0, ("… ", False))
    if end < len(text):
        parts.append((" …", False))
    return parts


def _texts(source: Source, pks: list[int]) -> dict[int, str]:
    """The head of each record's other-table text, for its snippet: one query for the whole group."""
    if source.text is None or not pks:
        return {}
    owner = source.text.owner
    rows = (
        source.text.queryset()
        .filter(**{f"{owner}__in": pks})
        .annotate(head=Substr(source.text.field, 1, SNIPPET_SCAN))
        .values_list(owner, "head")
    )
    return {pk: head for pk, head in rows if head}


def _fields_text(source: Source, record, terms: list[str]) -> str:
    """The record's other fields as a snippet's text, or nothing when no term is in them: a plan row
    found by its title alone showed its code ("3.5.1.4/1") as the snippet, which the line above
    already says."""
    values = [str(value) for f in source.fields if f.weight != "A" and (value := getattr(record, f.name, ""))]
    text = " · ".join(values)
    folded = text.casefold()
    return text if any(term.casefold() in folded for term in terms) else ""


def search(user, text: str | None, kinds: Iterable[str] | None = None, limit: int = DEFAULT_LIMIT) -> Results:
    """The records the user may see that contain every word of `text`, ranked, at most `limit` per kind.
    Raises QueryError for an empty, too short or too long query, or one with a NUL character."""
    from .search_sql import matching

    terms = parse(text)
    wanted = set(kinds) if kinds else None
    results = Results(query=(text or "").strip(), terms=terms, limit=limit)
    postgres = connection.vendor == "postgresql"
    for source in sources():
        if wanted is not None and source.kind not in wanted:
            continue
        rows = list(matching(source, source.queryset(user), terms, postgres=postgres)[: limit + 1])
        more, rows = len(rows) > limit, rows[:limit]
        texts = _texts(source, [row.pk for row in rows])
        hits = []
        for row in rows:
            shown = source.show(row)
            body = texts.get(row.pk) or _fields_text(source, row, terms)
            hits.append(Hit(source.kind, shown.title, shown.url, shown.detail, snippet(body, terms), row.search_rank))
        results.groups.append(Group(source.kind, source.label, hits, more))
    return results
