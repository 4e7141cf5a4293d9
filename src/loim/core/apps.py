from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "loim.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import (
            checks,  # noqa: F401  (registers the tenancy system check)
            signals,  # noqa: F401  (wires audit context only, no domain logic)
        )
        from .generations import empty_file_cache, install_triggers
        from .validators import attach_text_validators

        post_migrate.connect(install_triggers, dispatch_uid="loim-generation-triggers")  # core.generations
        post_migrate.connect(empty_file_cache, dispatch_uid="loim-empty-file-cache")
        attach_text_validators()  # every text field of every Lõim model refuses control characters
