"""Request middleware: NUL bytes refused before any view sees them, and a second factor (TOTP)
required of every administrator before they can use the system."""

from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .permissions import permits

ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/", "/accessibility/")


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
            and needs_second_factor(user)
            and not has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class RefuseNulBytesMiddleware:
    """A NUL byte in a query parameter or a form field is refused with 400 for every page and endpoint.

    No text a person types contains NUL, and PostgreSQL cannot compare a text column with a value
    holding one (it raises DataError, a 500), so the check belongs before any lookup by value
    (a party's code, a search), not in each view. The form validators refuse the other control
    characters with the field's name (`core.validators`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request.GET) or (
            request.method == "POST"
            and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data")
            and _holds_nul(request.POST)
        ):
            raise BadRequest(_("The request contains a NUL character, which no field accepts."))
        return self.get_response(request)


def _holds_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)
