"""Whole public pages cached (Django's cache framework) under the page's address, its language and
the data generation of every table the portal reads (`core.generations`): any committed write to
those tables — a service published, an event changed, a document withdrawn — changes the generation
and so the key, and the next visitor gets the page computed anew. Every page also expires after
`PAGE_MAX_AGE` seconds, because "coming events" change with the clock alone.

A cached hit needs no database query: the generation itself is kept in the cache for
`PORTAL_GENERATION_SECONDS` (2 s by default; 0 reads it from the database on every request, as the
test suite does). A write through the ORM to a table the portal reads forgets it at once and again
when the transaction commits (`forget_generation`, on post_save/post_delete/m2m_changed), so an
editor who publishes sees the new page on the next request; a write no signal reports (a bulk
update, raw SQL, an import's undo) still moves the database's counter and shows at most
`PORTAL_GENERATION_SECONDS` later. With Redis (`CACHE_URL`) the forgetting reaches every process; with
each process's memory the others catch up within the same bound.

Responses carry an ETag (a hash of the body), Last-Modified (when this version was computed) and
`Cache-Control: public, max-age=…` for browsers and a CDN; a matching If-None-Match or
If-Modified-Since answers 304 (`django.utils.cache.get_conditional_response`)."""

from __future__ import annotations

import functools
import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
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
    """Count the writes to every table the portal reads, and forget the cached generation on every
    ORM write to them (called when the portal app is ready)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    generations.WATCHED.update(input_tables())
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(forget_generation, dispatch_uid=f"portal-generation-{signal!r}")


GENERATION_KEY = "loim:portal:generation"


def current_generation() -> int:
    """The generation of the portal's tables, from the cache when it was read in the last
    `PORTAL_GENERATION_SECONDS` (module docstring), else from the database."""
    seconds = settings.PORTAL_GENERATION_SECONDS
    if seconds <= 0:
        return generations.generation(input_tables())
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = generations.generation(input_tables())
        cache.set(GENERATION_KEY, value, seconds)
    return value


def forget_generation(sender, **kwargs) -> None:
    """A model was written: if the portal reads its table, the cached generation is forgotten now and
    once more after the commit (a reader between the two could have cached the old one)."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.db_table not in input_tables():
        return
    cache.delete(GENERATION_KEY)
    transaction.on_commit(lambda: cache.delete(GENERATION_KEY))


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
        key = page_key(request, current_generation())
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
