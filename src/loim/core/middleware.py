"""Requires a second factor (TOTP) of every administrator before they can use the system."""

from django.shortcuts import redirect
from django.urls import reverse

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
