from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.navigation import NavItem


class ServicesConfig(AppConfig):
    name = "loim.services"
    label = "services"
    verbose_name = _("Services")
    nav_items = [
        # the service catalogue and the journey-model rollout (issue 13), beside the networks
        NavItem("services:list", pgettext_lazy("menu", "Services"), order=62),
        NavItem("services:rollout_overview", pgettext_lazy("menu", "Journey model"), order=63),
    ]

    def ready(self) -> None:
        from loim.core import translations

        from .journey_selectors import journey_items
        from .selectors import service_items
        from .todo import register as register_todo

        register_todo()  # the services due for a check on the home page's to-do list
        translations.register(translations.Kind(code="service", label=_("services"), items=service_items))
        # adaptation journeys (issue 13): the journey's texts and its stages' in one row per language
        translations.register(translations.Kind(code="journey", label=_("journeys"), items=journey_items))
