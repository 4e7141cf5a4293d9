from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.navigation import NavItem


class ServicesConfig(AppConfig):
    name = "loim.services"
    label = "services"
    verbose_name = _("Services")
    nav_items = [
        # the journey-model rollout (issue 13), beside the networks
        NavItem("services:rollout_overview", pgettext_lazy("menu", "Journey model"), order=62),
    ]
