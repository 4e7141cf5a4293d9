from django.conf import settings

from .navigation import nav_for
from .tenancy import access_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "staff_languages": settings.STAFF_LANGUAGES}
    return {
        "nav_items": nav_for(request),
        "loim_access": access_for(user),
        "staff_languages": settings.STAFF_LANGUAGES,
    }
