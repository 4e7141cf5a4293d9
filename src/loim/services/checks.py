"""Checks of the service catalogue (issue 13): links that no longer answer, and services nobody has
checked for a year. Pure reading: nothing is changed; the command `loim check-services` prints them."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from loim.network.models import CONFIRMATION_VALID_FOR

from .models import Service

TIMEOUT_S = 10
USER_AGENT = "Loim-link-check/1 (+https://www.elvl.ee)"


@dataclass(frozen=True)
class BrokenLink:
    service: Service
    url: str
    problem: str  # "HTTP 404", or the network error


def link_problem(url: str, *, timeout: float = TIMEOUT_S) -> str | None:
    """None when the address answers with a success or a redirect to one; else what went wrong. HEAD
    first (cheap); a server refusing HEAD (405, 501) is asked with GET."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310  (http/https only: validate_links)
                return None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (405, 501):
                continue
            return f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return str(reason) or error.__class__.__name__
    return None


def broken_links(services: Iterable[Service], *, check: Callable[[str], str | None] = link_problem) -> list[BrokenLink]:
    broken = []
    seen: dict[str, str | None] = {}  # one request per address, however many services link it
    for service in services:
        for url in service.links:
            if url not in seen:
                seen[url] = check(url)
            if seen[url] is not None:
                broken.append(BrokenLink(service=service, url=url, problem=seen[url] or ""))
    return broken


def not_checked_for_a_year(services, today=None):
    """Services whose last check is more than a year old (exactly 365 days ago is not yet due)."""
    return services.filter(confirmed_on__lt=(today or timezone.localdate()) - CONFIRMATION_VALID_FOR).order_by(
        "confirmed_on", "name"
    )
