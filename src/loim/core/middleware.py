"""Requires a second factor (TOTP) of every administrator before they can use the system."""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .generations import request_scope
from .permissions import permits

ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/", "/accessibility/")


def is_public_path(path: str) -> bool:
    """The public portal's addresses (/et/, /en/, /ru/, /uk/ …, the sitemap, robots.txt): nothing on
    them reads the signed-in user, so the session is never touched and no response varies on it."""
    first = path.split("/", 2)[1] if path.count("/") >= 1 else ""
    return first in dict(settings.LANGUAGES) or path in ("/sitemap.xml", "/robots.txt")


def needs_second_factor(user) -> bool:
    return user.is_authenticated and permits(user, "needs_second_factor")


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireAdminSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not is_public_path(request.path)
            and needs_second_factor(user)
            and not has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class GenerationsMiddleware:
    """A signed-in page's GET or HEAD runs in a `core.generations.request_scope`: what the request
    keeps per process (the user's memberships, a plan's indicators and commitments) and its cached
    page bodies take their generation from one query for every table's write counter, made at the
    first need, instead of a query each. Not for a form's POST, which writes and reads its counters
    when it needs them, after its writes; not on the public portal, which keeps its pages under a
    generation of its own (`portal.cache`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or is_public_path(request.path):
            return self.get_response(request)
        with request_scope():
            return self.get_response(request)


class AuditlogMiddleware:
    """django-auditlog's middleware (the actor and address of every audited write), except on the
    public portal's addresses: there nobody is signed in, and reading the user would touch the session
    and make every public response vary on the cookie. A write from a public page (an answer to "Is
    this page helpful?") is audited without an actor or address."""

    def __init__(self, get_response):
        from auditlog.middleware import AuditlogMiddleware as Wrapped

        self.get_response = get_response
        self.wrapped = Wrapped(get_response)

    def __call__(self, request):
        if is_public_path(request.path):
            return self.get_response(request)
        return self.wrapped(request)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware without its redirect of an unprefixed 404 to a language prefix: the
    staff site's addresses are unprefixed, and a staff page that answers 404 (another party's record)
    must stay a 404, not become a redirect to the portal page of the same shape (/events/2/ →
    /et/events/2/). The portal's old addresses (/public/…) have their own redirect."""

    def process_response(self, request, response):
        language = translation.get_language()
        language_from_path = translation.get_language_from_path(request.path_info)
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        i18n_patterns_used, _prefixed_default = is_language_prefix_patterns_used(urlconf)
        if not (i18n_patterns_used and language_from_path):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response
