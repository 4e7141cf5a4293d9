from django.conf import settings

from .navigation import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "staff_languages": settings.STAFF_LANGUAGES}
    return {
        "nav_items": nav_for(request),
        "staff_languages": settings.STAFF_LANGUAGES,
    }


def policy(request):
    """`may`: the permission policy for templates (loim.core.permissions.May)."""
    from .permissions import May

    return {"may": May(getattr(request, "user", None))}
