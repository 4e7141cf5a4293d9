from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.navigation import NavItem


def _keeps_contact_points(user) -> bool:
    """A party's admins and coordinators keep its contact point (the policy's `manage_contact_point`)."""
    from loim.core.permissions import permits

    return permits(user, "manage_contact_point")


def _reads_feedback(user) -> bool:
    """The same people read the answers their party's public pages received (`portal_staff:feedback`)."""
    from loim.core.permissions import permits

    return permits(user, "record_work")


class PortalConfig(AppConfig):
    name = "loim.portal"
    label = "portal"
    verbose_name = _("Public portal")
    nav_items = [
        NavItem(
            "portal_staff:contact_points",
            pgettext_lazy("menu", "Contact points"),
            order=64,
            visible=_keeps_contact_points,
        ),
        NavItem("portal_staff:feedback", pgettext_lazy("menu", "Portal feedback"), order=65, visible=_reads_feedback),
    ]

    def ready(self):
        from .cache import watch_inputs
        from .public import register_rules

        register_rules()
        watch_inputs()  # the generations the cached pages are keyed by (portal.cache)
