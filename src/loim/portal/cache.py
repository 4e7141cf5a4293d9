"""Whole public pages cached (Django's cache framework) under the page's address, its language and
the data generation of every table the portal reads (`core.generations`): any committed write to
those tables — a service published, an event changed, a document withdrawn — changes the generation
and so the key, and the next visitor gets the page computed anew. A cached hit costs one database
query (the generation read). Every page also expires after `PAGE_MAX_AGE` seconds, because "coming
events" change with the clock alone.

Responses carry an ETag (a hash of the body), Last-Modified (when this version was computed) and
`Cache-Control: public, max-age=…` for browsers and a CDN; a matching If-None-Match or
If-Modified-Since answers 304 (`django.utils.cache.get_conditional_response`)."""

from __future__ import annotations

import functools
import hashlib
import time

from django.apps import apps
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from loim.core import generations

PAGE_MAX_AGE = 300  # seconds a page is kept even when nothing is written
BROWSER_MAX_AGE = 300
#: the apps whose tables the portal's pages read
INPUT_APPS = ("events", "services", "network", "parties", "places", "plans")
INPUT_MODELS = ("ContactPoint", "ContactPointTranslation")


@functools.cache
def input_tables() -> frozenset[str]:
    tables = set()
    for label in INPUT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables.add(model._meta.db_table)
    # of the portal's own tables only the contact points (a feedback answer changes no page)
    for name in INPUT_MODELS:
        tables.add(apps.get_model("portal", name)._meta.db_table)
    return frozenset(tables)


def watch_inputs() -> None:
    """Count the writes to every table the portal reads (called when the portal app is ready)."""
    generations.WATCHED.update(input_tables())


def page_key(request, generation: int) -> str:
    raw = f"{get_language()}|{request.get_full_path()}|{generation}"
    return "loim:portal:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def _finish(request, body: bytes, content_type: str, etag: str, modified: float, extra: dict):
    response = HttpResponse(body, content_type=content_type)
    for name, value in extra.items():
        response[name] = value
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
    return get_conditional_response(request, etag=etag, last_modified=int(modified), response=response)


KEPT_HEADERS = ("Content-Disposition", "Content-Language")


def cached_page(view):
    """Cache the whole GET response of a public view (200 only; a 404 is computed every time)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not generations.cacheable():
            return view(request, *args, **kwargs)
        key = page_key(request, generations.generation(input_tables()))
        entry = cache.get(key)
        if entry is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            body = response.content
            etag = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
            extra = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            entry = (body, response["Content-Type"], etag, time.time(), extra)
            cache.set(key, entry, PAGE_MAX_AGE)
        body, content_type, etag, modified, extra = entry
        return _finish(request, body, content_type, etag, modified, extra)

    return wrapper
