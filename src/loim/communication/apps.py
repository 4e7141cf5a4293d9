from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from loim.core.navigation import NavItem


class CommunicationConfig(AppConfig):
    name = "loim.communication"
    label = "communication"
    verbose_name = _("Communication")
    nav_items = [NavItem("communication:index", _("Communication"), order=45)]
