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


EVENT_FIELDS = ("title", "description")


def event_texts(event, language: str) -> Texts:
    """An event's public texts in `language`. The events app's per-language texts
    (`loim.events.public.public_event_text`) are used when that module exists; otherwise the
    Estonian title and description are shown, marked as a fallback."""
    try:
        from loim.events.public import public_event_text
    except ImportError:  # not landed yet: docs/decisions.md "Issue 14 — public portal"
        public_event_text = None
    if public_event_text is not None:
        return _from_events_app(public_event_text(event, language), language)
    texts = Texts(language=language)
    for name in EVENT_FIELDS:
        source = getattr(event, name, "") or ""
        texts.pieces[name] = Piece(source, SOURCE_LANGUAGE, fallback=language != SOURCE_LANGUAGE and bool(source))
    return texts


def _from_events_app(result, language: str) -> Texts:
    """Adapt the events app's answer: a mapping (or object) field → (text, fallback) or an object
    with `.text`/`.fallback`."""
    texts = Texts(language=language)
    items = result.items() if hasattr(result, "items") else vars(result).items()
    for name, value in items:
        if isinstance(value, Piece):
            texts.pieces[name] = value
            continue
        if isinstance(value, tuple) and len(value) == 2:
            text, fallback = value
        elif hasattr(value, "text"):
            text, fallback = value.text, getattr(value, "fallback", False)
        elif isinstance(value, str):
            text, fallback = value, False
        else:
            continue
        texts.pieces[name] = Piece(
            text or "", SOURCE_LANGUAGE if fallback else language, fallback=bool(fallback) and bool(text)
        )
    return texts
