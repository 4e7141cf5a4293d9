from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from loim.core.navigation import NavItem


def _sees_register(user) -> bool:
    """Members of a party see the register's counts; ELVL and the ministry its national aggregates."""
    from loim.core.permissions import permits

    return permits(user, "member")


class RegisterConfig(AppConfig):
    name = "loim.register"
    label = "register"
    verbose_name = _("Newcomer register")
    nav_items = [NavItem("register:home", _("Register"), order=40, visible=_sees_register)]
    home_panels = ["loim.register.panels.register_panel"]
