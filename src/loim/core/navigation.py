"""Navigation and home-page panels that each app contributes, so no app edits another's templates.

An app's AppConfig may define `nav_items`: a list of NavItem, and `home_panels`: a list of dotted
paths to functions `panel(request) -> (template_name, context) | None`, or of (path, order) pairs;
panels without an order come at 100, in the order of the apps.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from .permissions import permits


def member(user) -> bool:
    return permits(user, "member")


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise  # usually a lazy translation
    order: int = 100
    visible: Callable = member

    def url(self) -> str | None:
        return _reversed(self.url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@functools.cache
def _reversed(url_name: str, _prefix: str, _urlconf) -> str | None:
    """A menu entry's URL: the same for every request under one script prefix and URLconf."""
    try:
        return reverse(url_name, urlconf=_urlconf)
    except NoReverseMatch:
        return None


def nav_for(request) -> list[dict]:
    items = []
    visible: dict[Callable, bool] = {}  # most entries share one predicate ("member"): ask it once
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_items", ()):
            url = item.url()
            if item.visible not in visible and url:
                visible[item.visible] = item.visible(request.user)
            if url and visible[item.visible]:
                items.append(
                    {
                        "url": url,
                        "label": item.label,
                        "order": item.order,
                        "current": request.path.startswith(url) and url != "/",
                    }
                )
    # one current entry: the longest address the page is under (/services/rollout/ is the journey
    # model's, not also the catalogue's /services/)
    current = max((i for i in items if i["current"]), key=lambda i: len(i["url"]), default=None)
    for item in items:
        item["current"] = item is current
    return sorted(items, key=lambda i: i["order"])


def home_panels(request) -> list[tuple[str, dict]]:
    entries: list[tuple[int, int, str]] = []
    for config in apps.get_app_configs():
        for entry in getattr(config, "home_panels", ()):
            path, order = entry if isinstance(entry, tuple) else (entry, 100)
            entries.append((order, len(entries), path))
    panels = []
    for _order, _index, path in sorted(entries):
        rendered = import_string(path)(request)
        if rendered:
            panels.append(rendered)
    return panels
