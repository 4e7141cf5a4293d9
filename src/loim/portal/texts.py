"""Content texts in the page's language, with every fallback known, so the templates can mark it.

A text field falls back to Estonian (the source) when the page's language has no text for it: no
translation that may be shown (a draft is not), or an empty field in it. Each field is a `Piece`
carrying its text and the language it is really in; the template puts `lang` on a piece that is not
in the page's language and labels it ("Tekst on eesti keeles", translated)."""

from __future__ import annotations

from dataclasses import dataclass, field

from loim.core import translations

SOURCE_LANGUAGE = "et"


@dataclass(frozen=True)
class Piece:
    text: str
    language: str
    fallback: bool = False

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


@dataclass
class Texts:
    """A record's texts in one language: `texts.name`, `texts.summary`, … are Pieces."""

    language: str
    pieces: dict[str, Piece] = field(default_factory=dict)
    status: str = ""  # the translation's status when one is shown (machine-made, outdated)
    public: object = None  # the events app's PublicEventText, for an event

    def __getattr__(self, name: str) -> Piece:
        try:
            return self.__dict__["pieces"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def any_fallback(self) -> bool:
        return any(piece.fallback for piece in self.pieces.values() if piece.text)

    @property
    def machine_made(self) -> bool:
        return self.status == translations.TranslationStatus.MACHINE

    @property
    def outdated(self) -> bool:
        return self.status == translations.TranslationStatus.OUTDATED


def service_texts(service, language: str) -> Texts:
    """A published service's texts in `language`; its translations must come prefetched through
    `portal.public.services()` (drafts left out), so this makes no query."""
    from loim.services.models import TEXT_FIELDS

    translation = None
    if language != SOURCE_LANGUAGE:
        translation = next((t for t in service.translations.all() if t.language == language and not t.draft), None)
    texts = Texts(language=language)
    if translation is not None:
        texts.status = translations.status_of(translation, service)
    for name in TEXT_FIELDS:
        own = getattr(translation, name, "") if translation is not None else ""
        source = getattr(service, name, "")
        if language == SOURCE_LANGUAGE:
            texts.pieces[name] = Piece(source, SOURCE_LANGUAGE)
        elif own:
            texts.pieces[name] = Piece(own, language)
        else:
            texts.pieces[name] = Piece(source, SOURCE_LANGUAGE, fallback=bool(source))
    return texts


def contact_point_texts(point, language: str) -> Texts:
    """A contact point's opening hours and notes in `language`; its public translations (drafts left
    out) come prefetched through `portal.public.contact_point`, so this makes no query."""
    from .contact_points import TEXT_FIELDS

    translation = None
    if language != SOURCE_LANGUAGE:
        translation = next((t for t in point.translations.all() if t.language == language and not t.draft), None)
    texts = Texts(language=language)
    if translation is not None:
        texts.status = translations.status_of(translation, point)
    for name in TEXT_FIELDS:
        own = getattr(translation, name, "") if translation is not None else ""
        source = getattr(point, name, "") or ""
        if language == SOURCE_LANGUAGE:
            texts.pieces[name] = Piece(source, SOURCE_LANGUAGE)
        elif own:
            texts.pieces[name] = Piece(own, language)
        else:
            texts.pieces[name] = Piece(source, SOURCE_LANGUAGE, fallback=bool(source))
    return texts


EVENT_FIELDS = ("title", "description", "registration", "cost", "accessibility", "address_notes")


def event_texts(event, language: str) -> Texts:
    """An event's public texts in `language` through the events app (`loim.events.public`): each text
    field with the language it is really in, so a fallback to Estonian is marked."""
    from loim.events.public import public_event_text

    found = public_event_text(event, language)
    texts = Texts(language=language)
    if found.outdated:
        texts.status = translations.TranslationStatus.OUTDATED
    elif found.machine_made:
        texts.status = translations.TranslationStatus.MACHINE
    for name in EVENT_FIELDS:
        value = getattr(found, name, "") or ""
        fallback = found.falls_back(name) and bool(value)
        texts.pieces[name] = Piece(value, found.language_of(name) if value else language, fallback=fallback)
    texts.public = found
    return texts


@dataclass
class StagePieces:
    stage: object
    title: Piece
    text: Piece


@dataclass
class JourneyPieces:
    title: Piece
    intro: Piece
    stages: list[StagePieces]
    status: str = ""

    @property
    def machine_made(self) -> bool:
        return self.status == translations.TranslationStatus.MACHINE

    @property
    def outdated(self) -> bool:
        return self.status == translations.TranslationStatus.OUTDATED


def _piece(text, language: str) -> Piece:
    """The services app's Text(value, fallback) as a Piece."""
    return Piece(text.value, SOURCE_LANGUAGE if text.fallback else language, fallback=text.fallback)


def journey_texts(journey, language: str) -> JourneyPieces:
    """A published journey's title, introduction and stages in `language`, through the services
    app's `journey_text` (per-field fallback to Estonian; a draft translation is never shown)."""
    from loim.services.journey_selectors import journey_text

    found = journey_text(journey, language)
    return JourneyPieces(
        title=_piece(found.title, language),
        intro=_piece(found.intro, language),
        stages=[StagePieces(s.stage, _piece(s.title, language), _piece(s.text, language)) for s in found.stages],
        status=found.status if language != SOURCE_LANGUAGE else "",
    )
