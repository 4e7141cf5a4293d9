"""django-allauth adapters: a closed system (accounts are created by administrators, never by
sign-up), and TARA logins only for accounts an administrator has linked beforehand."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth import get_user_model
from django.urls import reverse


def account_link(user, *, new_account: bool, base_url: str) -> str:
    """The link an invitation mail carries: allauth's set-password link for a new account (the system
    is closed, so there is no sign-up), the sign-in page for an existing one."""
    from allauth.account.forms import default_token_generator  # allauth's: it checks the key
    from allauth.account.utils import user_pk_to_url_str

    if new_account:
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
        )
    else:
        path = reverse("account_login")
    return base_url.rstrip("/") + path


def axes_username(request, credentials) -> str | None:
    """The account an attempt is for: allauth authenticates with `email`; its form posts `login`."""
    value = (credentials or {}).get("email") or (credentials or {}).get("username")
    if not value and request is not None:
        value = request.POST.get("login")
    return value.strip().lower() if value else None


class ClosedAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False


class TaraSocialAccountAdapter(DefaultSocialAccountAdapter):
    """TARA answers with the person's identity ("EE" + personal code). It signs in only an active
    account whose personal code an administrator has recorded; nobody is signed up by it."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.is_existing:
            return
        uid = sociallogin.account.uid or ""
        code = uid[2:] if uid.upper().startswith("EE") else uid
        user = get_user_model().objects.filter(personal_code=code, is_active=True).first() if code else None
        if user is not None:
            sociallogin.connect(request, user)
