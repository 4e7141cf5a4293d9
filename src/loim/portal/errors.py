"""404 pages in the page's language. A missing page under a portal language prefix (/ru/…) is the
portal's 404 in that language; an address that starts with some other language code (/de/…, /en-gb/…)
gets the portal's 404 in the visitor's language (cookie, then browser), with a link to the portal home
in each language; any other address is the staff site's 404 (`core.views.page_not_found`)."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_from_path, get_language_from_request

from loim.core import views as core_views

from .pages import page

LANGUAGE_LIKE = re.compile(r"^/([a-zA-Z]{2})(?:[-_][a-zA-Z]{2,4})?(?:/|$)")


def page_not_found(request, exception=None):
    if get_language_from_path(request.path_info):
        return _portal_404(request)
    if LANGUAGE_LIKE.match(request.path_info):
        language = get_language_from_request(request)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            return _portal_404(request, unknown_language=True)
    return core_views.page_not_found(request, exception)


def _portal_404(request, unknown_language: bool = False):
    homes = [(code, name, f"/{code}/") for code, name in settings.LANGUAGES]
    return page(request, "portal/404.html", {"unknown_language": unknown_language, "homes": homes}, status=404)
