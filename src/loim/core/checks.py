"""System check: every model that belongs to a party is scoped and audited.

Modelled on django.contrib.sites' CurrentSiteManager check: a model holding a `party` foreign key
(or declaring `tenancy_scope`) without the scoped manager would leak across parties, so `loim check`
and the test suite fail instead.
"""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import checks

from .tenancy import OwnedQuerySet, Scope


def _holds_party(model) -> bool:
    for field in model._meta.get_fields():
        remote = getattr(field, "related_model", None)
        label = remote if isinstance(remote, str) else getattr(getattr(remote, "_meta", None), "label", None)
        if getattr(field, "many_to_one", False) and field.name == "party" and label == settings.LOIM_PARTY_MODEL:
            return True
    return False


@checks.register(checks.Tags.models)
def check_owned_models(app_configs=None, **kwargs):
    from auditlog.registry import auditlog

    errors = []
    model: Any  # tenancy_scope and the manager's queryset class are our own attributes, unknown to the stubs
    configs = app_configs or apps.get_app_configs()
    for config in configs:
        if not config.name.startswith("loim."):
            continue
        for model in config.get_models():
            declares = hasattr(model, "tenancy_scope")
            if not (declares or _holds_party(model)):
                continue
            if getattr(model, "tenancy_exempt", None):
                continue
            label = model._meta.label
            if not declares:
                errors.append(
                    checks.Error(
                        f"{label} holds a party but declares no tenancy_scope.",
                        hint="Inherit core.models.OwnedModel or set tenancy_scope and tenancy_party_path.",
                        obj=model,
                        id="loim.E001",
                    )
                )
                continue
            if model.tenancy_scope not in Scope.values:
                errors.append(checks.Error(f"{label}.tenancy_scope is not a Scope.", obj=model, id="loim.E002"))
            manager = model._default_manager
            if not issubclass(manager._queryset_class, OwnedQuerySet) or manager.name != "objects":
                errors.append(
                    checks.Error(
                        f"{label}'s default manager `objects` is not scoped by core.tenancy.",
                        hint="Use OwnedQuerySet.as_manager() (or a subclass) as `objects`, declared first.",
                        obj=model,
                        id="loim.E003",
                    )
                )
            if not auditlog.contains(model):
                errors.append(
                    checks.Error(
                        f"{label} is not registered with the audit log.",
                        hint="Call loim.core.audit.audit(Model) in the app's models module.",
                        obj=model,
                        id="loim.E004",
                    )
                )
    return errors
