from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from loim.core.navigation import NavItem


class MonitoringConfig(AppConfig):
    name = "loim.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
    nav_items = [NavItem("monitoring:index", _("Monitoring"), order=40)]
    # the to-do list comes first on the home page (see core.navigation.home_panels)
    home_panels = [("loim.monitoring.todo.panel", 10)]

    def ready(self) -> None:
        from loim.core.generations import watch

        from .todo import generation_tables

        watch(*generation_tables())  # the to-do panel's and the dashboard's cache keys (core.generations)
