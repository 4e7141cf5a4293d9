from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from loim.core.navigation import NavItem


class EventsConfig(AppConfig):
    name = "loim.events"
    label = "events"
    verbose_name = _("Events")
    nav_items = [NavItem("events:list", _("Events"), order=20)]
    home_panels = ["loim.events.panels.upcoming_events"]

    def ready(self) -> None:
        from . import translation
        from .search import register_sources

        register_sources()  # events in the one search (core.search)
        translation.register()  # public events in the translator's view (core.translations)
