from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from loim.core.navigation import NavItem


class PartiesConfig(AppConfig):
    name = "loim.parties"
    label = "parties"
    verbose_name = _("Parties")
    nav_items = [NavItem("parties:list", _("Parties"), order=90)]
    home_panels = ["loim.parties.panels.memberships_panel"]
