"""Writes of the adaptation journeys (issue 13): create and change a journey, add, change, move and
remove its stages, save a translation. Keyword-only, typed, atomic, `full_clean()` before save.

Every change of a stage is a change of its journey: it is saved through the journey's version
(`save_versioned(journey, expected=…)`), so a stale page is refused whichever part it changed, and a
change of a stage's text raises the journey's text version, which outdates its translations (they
carry the stages' texts). Moving a stage or linking a service changes no text: the translations stay
up to date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from loim.core.translations import TARGET_LANGUAGES, raise_source_version, save_translation
from loim.core.versioning import save_versioned
from loim.network.models import Document, Visibility
from loim.parties.models import PartyKind

from .journey_models import STAGE_FIELDS, Journey, JourneyStage, JourneyStageService, JourneyStatus, JourneyTranslation
from .models import Service


@dataclass(frozen=True)
class JourneyInput:
    title: str
    intro: str = ""
    municipality: object | None = None  # a places.Municipality; None: national (ELVL only)
    status: str = JourneyStatus.DRAFT


@dataclass(frozen=True)
class StageInput:
    title: str
    kind: str = "other"
    text: str = ""
    services: list = field(default_factory=list)  # Services, in the order the stage lists them
    documents: list = field(default_factory=list)  # network Documents


# --- what a journey may link --------------------------------------------------------------------


def linkable_services(user, journey_party):
    """Services a stage of `journey_party`'s journey may link: the catalogue the user reads, without
    another party's drafts (a draft is its owner's unfinished work). `user` None (the demo): all."""
    services = Service.objects.all() if user is None else Service.objects.visible_to(user)
    return services.filter(Q(published=True) | Q(party=journey_party))


def linkable_documents(user, *, published: bool):
    """Guidance documents a stage may link: source documents read beyond one network (every reader
    of the journey reads them too), public ones only for a published journey; never withdrawn."""
    documents = Document.objects.all() if user is None else Document.objects.visible_to(user)
    wanted = [Visibility.PUBLIC] if published else [Visibility.PUBLIC, Visibility.ALL_NETWORKS]
    return documents.filter(source__isnull=True, withdrawn_at__isnull=True, visibility__in=wanted)


def _check_municipality(party, municipality) -> None:
    if party.kind == PartyKind.IMPLEMENTER:
        return
    if municipality is None:
        raise ValidationError({"municipality": _("Only ELVL makes national journeys: choose the municipality.")})
    if party.municipality_id and municipality.pk != party.municipality_id:
        raise ValidationError(
            {
                "municipality": _("A journey of %(party)s is for %(municipality)s.")
                % {"party": party.name, "municipality": party.municipality}
            }
        )


def _check_links(journey: Journey, data: StageInput, user) -> None:
    services = {s.pk for s in linkable_services(user, journey.party).filter(pk__in=[s.pk for s in data.services])}
    hidden = [s for s in data.services if s.pk not in services]
    if hidden:
        raise ValidationError(
            {
                "services": _(
                    "“%s” is not a service this journey may link (another party's draft, or not in the catalogue "
                    "you read)."
                )
                % hidden[0]
            }
        )
    documents = {
        d.pk
        for d in linkable_documents(user, published=journey.published).filter(pk__in=[d.pk for d in data.documents])
    }
    refused = [d for d in data.documents if d.pk not in documents]
    if refused:
        if journey.published:
            message = _("“%s” is not a public document: a published journey links only public guidance documents.")
        else:
            message = _("“%s” is not a document this journey may link (it must be read by every network at least).")
        raise ValidationError({"documents": message % refused[0]})


def _check_publishable(journey: Journey) -> None:
    """A published journey's documents are public and its services published (the portal shows them)."""
    public = linkable_documents(None, published=True)
    for stage in journey.stages.prefetch_related("documents", "services"):
        for document in stage.documents.all():
            if not public.filter(pk=document.pk).exists():
                raise ValidationError(
                    {
                        "status": _(
                            "The stage “%(stage)s” links “%(document)s”, which is not public: remove it from the stage "
                            "or publish the document first."
                        )
                        % {"stage": stage.title, "document": document.title}
                    }
                )
        for service in stage.services.all():
            if not service.published:
                raise ValidationError(
                    {
                        "status": _(
                            "The stage “%(stage)s” links the draft service “%(service)s”: publish the service first."
                        )
                        % {"stage": stage.title, "service": service.name}
                    }
                )


# --- journeys -------------------------------------------------------------------------------------


def _apply(journey: Journey, data: JourneyInput) -> None:
    journey.title = (data.title or "").strip()
    journey.intro = (data.intro or "").strip()
    journey.municipality = data.municipality  # type: ignore[assignment]  # a Municipality or None
    journey.status = data.status
    if not journey.title:
        raise ValidationError({"title": _("Give the journey an Estonian title.")})
    _check_municipality(journey.party, data.municipality)


@transaction.atomic
def journey_create(*, party, data: JourneyInput, user=None) -> Journey:
    journey = Journey(party=party)
    _apply(journey, data)
    journey.full_clean(exclude=["version", "source_version"])
    save_versioned(journey)
    return journey


@transaction.atomic
def journey_update(*, journey: Journey, data: JourneyInput, user=None, expected_version: int | None = None) -> Journey:
    """Change a journey's texts, municipality or status; a changed text outdates its translations."""
    before = journey.translatable_values()
    _apply(journey, data)
    if journey.published:
        _check_publishable(journey)
    raise_source_version(journey, before)
    journey.full_clean(exclude=["version", "source_version"])
    save_versioned(journey, expected=expected_version)
    return journey


# --- stages ---------------------------------------------------------------------------------------


def _stage_values(stage: JourneyStage, data: StageInput) -> None:
    stage.kind = data.kind
    stage.title = (data.title or "").strip()
    stage.text = (data.text or "").strip()
    if not stage.title:
        raise ValidationError({"title": _("Give the stage an Estonian title.")})


def _set_links(stage: JourneyStage, data: StageInput) -> None:
    JourneyStageService.objects.filter(stage=stage).delete()
    JourneyStageService.objects.bulk_create(
        JourneyStageService(stage=stage, service=service, position=number)
        for number, service in enumerate(dict.fromkeys(data.services), start=1)
    )
    stage.documents.set(data.documents)


def _renumber(journey: Journey) -> None:
    for number, stage in enumerate(journey.stages.order_by("position", "pk"), start=1):
        if stage.position != number:
            JourneyStage.objects.filter(pk=stage.pk).update(position=number)


@transaction.atomic
def stage_add(*, journey: Journey, data: StageInput, user=None, expected_version: int | None = None) -> JourneyStage:
    """A new stage at the end of the journey: new text to translate, so the translations go outdated."""
    last = journey.stages.order_by("-position").values_list("position", flat=True).first() or 0
    stage = JourneyStage(journey=journey, position=last + 1)
    _stage_values(stage, data)
    _check_links(journey, data, user)
    stage.full_clean(exclude=["journey"])
    journey.source_version += 1
    save_versioned(journey, expected=expected_version)
    stage.save()
    _set_links(stage, data)
    return stage


@transaction.atomic
def stage_update(*, stage: JourneyStage, data: StageInput, user=None, expected_version: int | None = None):
    journey = stage.journey
    before = {name: getattr(stage, name) for name in STAGE_FIELDS}
    _stage_values(stage, data)
    _check_links(journey, data, user)
    stage.full_clean(exclude=["journey"])
    if any(before[name] != getattr(stage, name) for name in STAGE_FIELDS):
        journey.source_version += 1
    save_versioned(journey, expected=expected_version)
    stage.save()
    _set_links(stage, data)
    return stage


@transaction.atomic
def stage_move(*, stage: JourneyStage, direction: str, expected_version: int | None = None) -> JourneyStage:
    """Swap the stage with the one before ("up") or after ("down"); at either end nothing moves."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move a stage up or down.")})
    journey = stage.journey
    save_versioned(journey, expected=expected_version, update_fields=["updated_at"])
    _renumber(journey)
    stage.refresh_from_db()
    neighbour = (
        journey.stages.filter(position__lt=stage.position).order_by("-position").first()
        if direction == "up"
        else journey.stages.filter(position__gt=stage.position).order_by("position").first()
    )
    if neighbour is not None:
        JourneyStage.objects.filter(pk=stage.pk).update(position=neighbour.position)
        JourneyStage.objects.filter(pk=neighbour.pk).update(position=stage.position)
        stage.position = neighbour.position
    return stage


@transaction.atomic
def stage_remove(*, stage: JourneyStage, expected_version: int | None = None) -> None:
    """Remove a stage; the others close up. No text is added, so the translations keep their status
    (their text of the removed stage is dropped with it)."""
    journey = stage.journey
    save_versioned(journey, expected=expected_version, update_fields=["updated_at"])
    stage_id = str(stage.pk)
    stage.delete()
    _renumber(journey)
    for translation in JourneyTranslation.objects.filter(journey=journey):
        if stage_id in (translation.stage_texts or {}):
            texts = dict(translation.stage_texts)
            texts.pop(stage_id)
            JourneyTranslation.objects.filter(pk=translation.pk).update(stage_texts=texts)


# --- translations ---------------------------------------------------------------------------------


def journey_source_changed_error() -> ValidationError:
    return ValidationError(
        _(
            "The Estonian text of the journey or of one of its stages changed while you were translating. Nothing "
            "was saved: compare your text with the new Estonian text and save again."
        ),
        code="source_changed",
    )


@dataclass(frozen=True)
class JourneyTextInput:
    """A journey's texts in one language: stage id → {"title": …, "text": …}."""

    title: str
    intro: str = ""
    stages: dict[int, dict[str, str]] = field(default_factory=dict)


@transaction.atomic
def journey_translation_save(
    *,
    journey: Journey,
    language: str,
    text: JourneyTextInput,
    made_from: int,
    draft: bool = False,
    machine_made: bool = False,
    user=None,
    expected_version: int | None = None,
) -> JourneyTranslation:
    """Create or change the journey's translation into `language`, made from its text version
    `made_from` (refused if the Estonian text has moved on since)."""
    if language not in TARGET_LANGUAGES:
        raise ValidationError({"language": _("Translations are into English, Russian or Ukrainian.")})
    current = Journey._base_manager.select_for_update().get(pk=journey.pk)
    if current.source_version != made_from:
        raise journey_source_changed_error()
    if not (text.title or "").strip():
        raise ValidationError({"title": _("Give the title in the translation's language.")})
    stage_ids = set(journey.stages.values_list("pk", flat=True))
    unknown = [pk for pk in text.stages if pk not in stage_ids]
    if unknown:
        raise ValidationError(_("The journey has no stage %d (it was removed meanwhile).") % unknown[0])
    translation = JourneyTranslation.objects.filter(journey=journey, language=language).first()
    if translation is None:
        translation = JourneyTranslation(journey=journey, party_id=journey.party_id, language=language)
    translation.title = text.title.strip()
    translation.intro = (text.intro or "").strip()
    translation.stage_texts = {
        str(pk): {name: (values.get(name) or "").strip() for name in STAGE_FIELDS}
        for pk, values in sorted(text.stages.items())
        if any((values.get(name) or "").strip() for name in STAGE_FIELDS)
    }
    return save_translation(translation, made_from, draft, machine_made, user, expected_version)
