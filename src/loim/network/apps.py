from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loim.core.navigation import NavItem


class NetworkConfig(AppConfig):
    name = "loim.network"
    label = "network"
    verbose_name = _("Network")
    nav_items = [
        NavItem("network:directory", pgettext_lazy("menu", "Directory"), order=60),
        NavItem("network:network_list", pgettext_lazy("menu", "Networks"), order=61),
    ]

    def ready(self) -> None:
        from . import translations
        from .search import register_sources
        from .todo import register

        register()  # the directory's entries due for a check on the home page's to-do list
        register_sources()  # documents, organisations and contacts in the one search (core.search)
        translations.register()  # the documents in the translator's view (loim.core.translations)
