"""Rate limits on the API, per client address and per signed-in user (a service account's token is
its user). DRF's throttle machinery, counted in the default cache (shared between servers once
`CACHE_URL` names Redis); an answer over a limit is 429 with `Retry-After`.

- Per address (`API_RATE_PER_ADDRESS`): every call, checked before the token is looked at, so calls
  with wrong or no tokens are limited too (DRF's own throttles run after authentication, which
  answers 401 first, so they would never see those).
- Per user (`API_RATE_PER_USER`): signed-in calls, after authentication (DRF's default throttle).

The rates are read when a request is checked, not when the class is defined (DRF binds them at
import), so an operator's setting and a test's `override_settings` both take effect. Sign-in pages are
limited by allauth (30 attempts a minute per address) and django-axes (an account locked at an
address after 6 failures): docs/operations.md.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle


class PerUserThrottle(UserRateThrottle):
    """Signed-in callers, by user (DRF's default throttle, `DEFAULT_THROTTLE_CLASSES`)."""

    def get_rate(self) -> str | None:
        return settings.API_RATE_PER_USER or None


class PerAddressThrottle(SimpleRateThrottle):
    """Every call by client address (`REST_FRAMEWORK["NUM_PROXIES"]` behind a proxy), without touching
    `request.user`, so it can run before authentication (`ScopedViewSetMixin.initial`)."""

    scope = "address"

    def get_rate(self) -> str | None:
        return settings.API_RATE_PER_ADDRESS or None

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def check_address(request, view) -> None:
    """Refuse with 429 a call over its address's rate (raises DRF's Throttled)."""
    throttle = PerAddressThrottle()
    if not throttle.allow_request(request, view):
        view.throttled(request, throttle.wait())
