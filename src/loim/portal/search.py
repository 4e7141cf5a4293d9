"""Search over the portal's published content in the page's language, with the one search
mechanism's parsing, matching and snippets (`core.search`: `parse`, `search_sql.matching`,
`snippet`) over the public role's records (`portal.public`), never the signed-in sources.

Services are matched in their Estonian text and, on an English, Russian or Ukrainian page, in the
translation into that language; events by their title and description; public documents by title and
description; municipalities by name. A query is at most `core.search.MAX_QUERY` characters and
`MAX_TERMS` words: anything else gets the page with a message saying what to change."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from loim.core import search as core_search
from loim.core.permissions import public
from loim.core.search_sql import matching
from loim.core.tenancy import visible_to_public

from . import public as reads
from .cache import cached_page
from .pages import page
from .texts import event_texts, service_texts

LIMIT = 20


@dataclass
class Found:
    title: str
    url: str
    parts: list
    lang: str  # the language the title and snippet are in
    fallback: bool


@dataclass
class Group:
    label: str
    hits: list
    more: bool


def _unused_queryset(user) -> QuerySet:
    raise NotImplementedError("the portal passes its public querysets to matching() itself")


def _source(kind: str, *fields: tuple[str, str]) -> core_search.Source:
    return core_search.Source(
        kind=kind,
        label=kind,
        queryset=_unused_queryset,
        fields=tuple(core_search.Field(name, weight) for name, weight in fields),
        show=lambda record: core_search.Shown("", ""),
    )


SERVICE = _source("service", ("name", "A"), ("summary", "B"), ("steps", "C"), ("eligibility", "C"))
TRANSLATION = _source("service_translation", ("name", "A"), ("summary", "B"), ("steps", "C"), ("eligibility", "C"))
EVENT = _source("event", ("title", "A"), ("description", "C"))
DOCUMENT = _source("document", ("title", "A"), ("description", "C"))
MUNICIPALITY = _source(
    "municipality", ("municipality__name", "A"), ("name_en", "A"), ("name_ru", "A"), ("name_uk", "A"), ("name", "B")
)


def _name(party, language: str) -> tuple[str, str]:
    """A municipality's public name in the page's language and the language it is in."""
    return party.public_name(language)


def _match(source, queryset, terms):
    rows = list(matching(source, queryset, terms, postgres=connection.vendor == "postgresql")[: LIMIT + 1])
    return rows[:LIMIT], len(rows) > LIMIT


def run(text: str, language: str) -> list[Group]:
    from loim.services.models import ServiceTranslation

    terms = core_search.parse(text)
    groups = []

    parties, more = _match(MUNICIPALITY, reads.partner_parties(), terms)
    hits = [
        Found(title, reverse("portal:municipality", kwargs={"slug": p.slug}), [], lang, False)
        for p in parties
        for title, lang in [_name(p, language)]
    ]
    groups.append(Group(pgettext("portal", "Municipalities"), hits, more))

    services, more = _match(SERVICE, reads.services(), terms)
    found_ids = {s.pk for s in services}
    if language != "et":
        translated = visible_to_public(ServiceTranslation).filter(language=language)
        rows, more_translated = _match(TRANSLATION, translated, terms)
        ids = [row.service_id for row in rows if row.service_id not in found_ids]
        services += list(reads.services().filter(pk__in=ids))
        more = more or more_translated
    hits = []
    for service in services[:LIMIT]:
        texts = service_texts(service, language)
        body = " ".join(str(getattr(texts, name)) for name in ("summary", "steps", "eligibility"))
        hits.append(
            Found(
                texts.name.text,
                reverse("portal:service", kwargs={"pk": service.pk}),
                core_search.snippet(body, terms),
                texts.name.language,
                texts.name.fallback,
            )
        )
    groups.append(Group(pgettext("portal", "Services"), hits, more))

    events, more = _match(EVENT, reads.events(), terms)
    hits = []
    for event in events:
        texts = event_texts(event, language)
        hits.append(
            Found(
                texts.title.text,
                reverse("portal:event_detail", kwargs={"pk": event.pk}),
                core_search.snippet(texts.description.text if "description" in texts.pieces else "", terms),
                texts.title.language,
                texts.title.fallback,
            )
        )
    groups.append(Group(pgettext("portal", "Events"), hits, more))

    documents, more = _match(DOCUMENT, reads.documents(), terms)
    hits = [
        Found(
            d.title,
            reverse("portal:document", kwargs={"pk": d.pk}),
            core_search.snippet(d.description, terms),
            d.language,
            d.language != language,
        )
        for d in documents
    ]
    groups.append(Group(pgettext("portal", "Guidance materials"), hits, more))
    return groups


@public
@cached_page
def search_page(request):
    text = request.GET.get("q", "")
    groups, error = [], ""
    if text.strip():
        try:
            groups = run(text, get_language())
        except core_search.QueryError:  # core's message is in Estonian and English only; say it here
            error = _("Write at most %(max)d characters, with at least one word of two or more letters or digits.") % {
                "max": core_search.MAX_QUERY
            }
    shown_text = text[: core_search.MAX_QUERY]
    total = sum(len(group.hits) for group in groups)
    return page(
        request,
        "portal/search.html",
        {
            "query": shown_text,
            "groups": [g for g in groups if g.hits],
            "searched": bool(text.strip()) and not error,
            "error": error,
            "total": total,
            "max_query": core_search.MAX_QUERY,
            "no_results": _("Nothing was found. Try another word or a shorter one."),
        },
    )
