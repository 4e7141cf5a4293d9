from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from loim.core.navigation import NavItem


class MonitoringConfig(AppConfig):
    name = "loim.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")
    nav_items = [NavItem("monitoring:index", _("Monitoring"), order=40)]
    home_panels = ["loim.monitoring.panels.obligation_warnings"]
