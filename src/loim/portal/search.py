"""Search over the portal's published content in the page's language, with the one search
mechanism's parsing, matching and snippets (`core.search`: `parse`, `search_sql.matching`,
`snippet`) over the public role's records (`portal.public`), never the signed-in sources.

Services are matched in their Estonian text and, on an English, Russian or Ukrainian page, in the
translation into that language; events by their title and description; public documents by title and
description; municipalities by name. Journeys (published only) likewise by their Estonian title and
introduction and their translation's, and each journey's stages by their Estonian title and text and
the translated ones (kept in the journey translation's `stage_texts`, read by `StageValue`).
A query is at most `core.search.MAX_QUERY` characters and
`MAX_TERMS` words: anything else gets the page with a message saying what to change."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Func, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast
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
from .texts import event_texts, journey_texts, service_texts

LIMIT = 20


@dataclass
class Found:
    title: str
    url: str
    parts: list
    lang: str  # the language the title and snippet are in
    fallback: bool
    within: object = None  # a journey step's journey title (a portal.texts.Piece)
    snippet_lang: str = ""  # the language of the snippet when it is not the title's


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
JOURNEY = _source("journey", ("title", "A"), ("intro", "B"))
JOURNEY_TRANSLATION = _source("journey_translation", ("title", "A"), ("intro", "B"))
STAGE = _source("journey_stage", ("title", "A"), ("text", "C"), ("translated_title", "A"), ("translated_text", "C"))
MUNICIPALITY = _source(
    "municipality", ("municipality__name", "A"), ("name_en", "A"), ("name_ru", "A"), ("name_uk", "A"), ("name", "B")
)


class StageValue(Func):
    """One field of a stage's translation, from the journey translation's `stage_texts`
    ({"<stage id>": {"title": …, "text": …}}): the text itself (SQLite's json_extract and PostgreSQL's
    jsonb_extract_path_text both give it unescaped, so "Шаг" is matched as written)."""

    output_field = TextField()

    def __init__(self, texts, stage_id, name: str):
        super().__init__(texts, Cast(stage_id, TextField()), Value(name))

    def _parts(self, compiler):
        compiled = [compiler.compile(expression) for expression in self.source_expressions]
        return [sql for sql, _ in compiled], [param for _, params in compiled for param in params]

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra):
        (texts, stage, name), params = self._parts(compiler)
        # compiled column expressions and bound parameters only, never user input
        return f"json_extract({texts}, '$.\"' || {stage} || '\".' || {name})", params

    def as_postgresql(self, compiler, connection, **extra):
        (texts, stage, name), params = self._parts(compiler)
        return f"jsonb_extract_path_text({texts}, {stage}, {name})", params


def _stages_with_translation(language: str) -> QuerySet:
    """Published stages, each annotated with its title and text in `language` (empty in Estonian or
    where the journey's public translation has none)."""
    from loim.services.models import JourneyStage, JourneyTranslation

    stages = visible_to_public(JourneyStage)
    if language == "et":
        return stages.annotate(translated_title=Value(""), translated_text=Value(""))
    translation = visible_to_public(JourneyTranslation).filter(journey=OuterRef("journey"), language=language)

    def value(name):
        return Subquery(translation.annotate(v=StageValue(F("stage_texts"), OuterRef("pk"), name)).values("v")[:1])

    return stages.annotate(translated_title=value("title"), translated_text=value("text"))


def _journey_hits(terms, language: str) -> tuple[list[Found], bool, list[Found], bool]:
    """Published journeys and their stages matching the terms, with their texts in `language`."""
    from loim.services.models import Journey, JourneyTranslation

    journeys, more = _match(JOURNEY, visible_to_public(Journey), terms)
    journey_ids = [j.pk for j in journeys]
    if language != "et":
        translated = visible_to_public(JourneyTranslation).filter(language=language)
        rows, more_translated = _match(JOURNEY_TRANSLATION, translated, terms)
        journey_ids += [row.journey_id for row in rows if row.journey_id not in journey_ids]
        more = more or more_translated
    stages, more_stages = _match(STAGE, _stages_with_translation(language), terms)
    wanted = set(journey_ids) | {stage.journey_id for stage in stages}
    shown = {journey.pk: journey for journey in reads.journeys().filter(pk__in=wanted)}
    for journey in shown.values():
        journey.texts = journey_texts(journey, language)

    journey_hits = []
    for pk in journey_ids[:LIMIT]:
        journey = shown.get(pk)
        if journey is None:
            continue
        texts = journey.texts
        journey_hits.append(
            Found(
                texts.title.text,
                reverse("portal:journey", kwargs={"pk": pk}),
                core_search.snippet(texts.intro.text, terms),
                texts.title.language,
                texts.title.fallback,
                snippet_lang=texts.intro.language,
            )
        )
    stage_hits = []
    for stage in stages:
        journey = shown.get(stage.journey_id)
        if journey is None:
            continue
        texts = next((s for s in journey.texts.stages if s.stage.pk == stage.pk), None)
        if texts is None:
            continue
        stage_hits.append(
            Found(
                texts.title.text,
                reverse("portal:journey_stage", kwargs={"pk": journey.pk, "stage": stage.pk}),
                core_search.snippet(texts.text.text, terms),
                texts.title.language,
                texts.title.fallback,
                within=journey.texts.title,
                snippet_lang=texts.text.language,
            )
        )
    return journey_hits, more, stage_hits, more_stages


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

    journey_hits, more, stage_hits, more_stages = _journey_hits(terms, language)
    groups.append(Group(pgettext("portal", "Step-by-step guides"), journey_hits, more))
    groups.append(Group(pgettext("portal", "Steps of a guide"), stage_hits, more_stages))

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
