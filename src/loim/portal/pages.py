"""Rendering a public page: the portal's templates get their context from here, never from the
staff site's context processors (those read the signed-in user, which touches the session and would
make every public response vary on the cookie). So a public response sets no cookie and varies on
nothing: its language is in its address."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.translation import get_language

#: the navigation entry a page is under
SECTIONS = {
    "index": "index",
    "municipality": "index",
    "national": "national",
    "events": "events",
    "event_detail": "events",
    "search": "search",
}


def _section(request) -> str:
    match = getattr(request, "resolver_match", None)
    return SECTIONS.get(match.url_name, "") if match is not None else ""


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str  # in its own language
    url: str
    current: bool


def alternates(request) -> list[Alternate]:
    """The same page in each portal language (its address with the other prefix)."""
    here = get_language()
    path = request.get_full_path()
    return [
        Alternate(code=code, name=name, url=translate_url(path, code), current=code == here)
        for code, name in settings.LANGUAGES
    ]


def page(request, template: str, context: dict | None = None, *, status: int = 200) -> HttpResponse:
    language = get_language()
    links = alternates(request)
    values = {
        "page_language": language,
        "alternates": links,
        "x_default": next((a.url for a in links if a.code == settings.LANGUAGE_CODE), request.path),
        "absolute": request.build_absolute_uri("/").rstrip("/"),
        "path": request.path,
        "feedback_thanks": request.GET.get("feedback") == "thanks",
        "current": _section(request),
        **(context or {}),
    }
    return HttpResponse(render_to_string(template, values), status=status)
