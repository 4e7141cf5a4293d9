from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "loim.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self):
        from .cache import watch_inputs
        from .public import register_rules

        register_rules()
        watch_inputs()  # the generations the cached pages are keyed by (portal.cache)
