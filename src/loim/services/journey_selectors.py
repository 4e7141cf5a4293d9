"""Reads of the adaptation journeys: the list, one journey with its stages, the translator's view,
and for the public portal `published_journeys` and `journey_text` (docs/decisions.md "Issue 13 —
adaptation journeys")."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loim.core import translations
from loim.core.translations import SOURCE_LANGUAGE
from loim.network.models import Document, Visibility

from .journey_models import Journey, JourneyStage, JourneyStageService, JourneyStatus, JourneyTranslation


def _in_municipality(journeys, municipality):
    """A municipality's journeys: those for it and the national ones (no municipality)."""
    if municipality is None:
        return journeys
    return journeys.filter(Q(municipality=municipality) | Q(municipality__isnull=True))


def journeys_for(user, *, municipality=None):
    """The journeys the user reads (SHARED: every member reads all), optionally of one municipality."""
    journeys = (
        Journey.objects.visible_to(user)
        .select_related("party", "municipality")
        .annotate(stage_count=Count("stages"))
        .prefetch_related("translations")
        .order_by("title", "pk")
    )
    return _in_municipality(journeys, municipality)


def _stages():
    links = JourneyStageService.objects.select_related("service", "service__provider").order_by("position", "pk")
    return JourneyStage.objects.order_by("position", "pk").prefetch_related(
        Prefetch("service_links", queryset=links, to_attr="ordered_links"),
        Prefetch("documents", queryset=Document.objects.order_by("title"), to_attr="linked_documents"),
    )


def stages_of(journey: Journey) -> list[JourneyStage]:
    """The journey's stages in order, each with `ordered_links` (its services) and `linked_documents`."""
    return list(_stages().filter(journey=journey))


def journey_items(user):
    """The journeys the user may translate, as the translator's view lists them."""
    label = str(_("journey"))
    for journey in Journey.objects.editable_by(user).select_related("party").prefetch_related("translations"):
        yield translations.Item(
            kind_label=label,
            title=journey.title,
            url=reverse("services:journey_detail", kwargs={"pk": journey.pk}),
            party_name=journey.party.name,
            statuses=translations.statuses(journey, journey.translations.all()),
            translate_urls={
                code: reverse("services:journey_translate", kwargs={"pk": journey.pk, "language": code})
                for code in translations.TARGET_LANGUAGES
            },
        )


# --- for the public portal ------------------------------------------------------------------------


def published_journeys(*, municipality=None, stages: bool = True):
    """Published journeys, for everyone (the portal): of one municipality (with the national ones)
    or all, each with `stages` prefetched in order (`ordered_links`: their published services;
    `linked_documents`: their public documents) and `translations`. Not scoped by a user: a
    published journey is public by design. `stages=False` for a list of titles (a municipality's
    page): no stage is read, so `journey_text` gives the title and introduction only — two queries
    for the whole list instead of five."""
    if not stages:
        return _in_municipality(
            Journey.objects.filter(status=JourneyStatus.PUBLISHED)
            .select_related("municipality", "party")
            .prefetch_related(Prefetch("stages", queryset=JourneyStage.objects.none()), "translations")
            .order_by("title", "pk"),
            municipality,
        )
    public = Document.objects.filter(visibility=Visibility.PUBLIC, withdrawn_at__isnull=True)
    links = (
        JourneyStageService.objects.filter(service__published=True)
        .select_related("service", "service__provider")
        .order_by("position", "pk")
    )
    stage_rows = JourneyStage.objects.order_by("position", "pk").prefetch_related(
        Prefetch("service_links", queryset=links, to_attr="ordered_links"),
        Prefetch("documents", queryset=public.order_by("title"), to_attr="linked_documents"),
    )
    journeys = (
        Journey.objects.filter(status=JourneyStatus.PUBLISHED)
        .select_related("municipality", "party")
        .prefetch_related(Prefetch("stages", queryset=stage_rows), "translations")
        .order_by("title", "pk")
    )
    return _in_municipality(journeys, municipality)


@dataclass(frozen=True)
class Text:
    """One text in the language asked for, or in Estonian when it has none (`fallback`)."""

    value: str
    fallback: bool


@dataclass(frozen=True)
class StageText:
    stage: JourneyStage
    title: Text
    text: Text


@dataclass(frozen=True)
class JourneyText:
    language: str  # the language asked for
    status: str  # the translation's status in that language (TranslationStatus; "up_to_date" for et)
    title: Text
    intro: Text
    stages: list[StageText]


def _pick(translated: str, estonian: str) -> Text:
    """The translated text, else the Estonian one (a fallback only if there is an Estonian text)."""
    if translated.strip():
        return Text(translated, fallback=False)
    return Text(estonian, fallback=bool(estonian))


def journey_text(journey: Journey, language: str) -> JourneyText:
    """The journey's title, introduction and stages in `language`, each text with a flag saying
    whether it fell back to Estonian: when there is no translation into the language, when it is
    unfinished (a draft is never shown), or when that one field was left empty. An outdated or
    machine-made translation is used (the portal may say so from `status`). Uses the journey's
    prefetched `stages` and `translations` when present (published_journeys), so a list costs no
    query per journey."""
    stages = list(journey.stages.all())
    if language == SOURCE_LANGUAGE:
        return JourneyText(
            language=language,
            status=translations.TranslationStatus.UP_TO_DATE,
            title=Text(journey.title, False),
            intro=Text(journey.intro, False),
            stages=[StageText(s, Text(s.title, False), Text(s.text, False)) for s in stages],
        )
    found: JourneyTranslation | None = next((t for t in journey.translations.all() if t.language == language), None)
    status = translations.status_of(found, journey)
    usable = found if found is not None and not found.draft else None
    return JourneyText(
        language=language,
        status=status,
        title=_pick(usable.title if usable else "", journey.title),
        intro=_pick(usable.intro if usable else "", journey.intro),
        stages=[
            StageText(
                stage,
                _pick(usable.stage_value(stage.pk, "title") if usable else "", stage.title),
                _pick(usable.stage_value(stage.pk, "text") if usable else "", stage.text),
            )
            for stage in stages
        ],
    )
