"""The system check refuses an owned model that is not scoped or not audited."""

from django.db import models
from django.test.utils import isolate_apps

from loim.core.checks import check_owned_models
from loim.core.tenancy import OwnedQuerySet, Scope


def ids(app_configs=None):
    return sorted({error.id for error in check_owned_models(app_configs)})


def test_the_project_passes():
    assert ids() == []


@isolate_apps("loim.core")
def test_a_model_with_a_party_but_no_scope_fails():
    class Leaky(models.Model):
        party = models.ForeignKey("parties.Party", on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    errors = check_owned_models([Leaky._meta.apps.get_app_config("core")])
    assert [e.id for e in errors if e.obj is Leaky] == ["loim.E001"]


@isolate_apps("loim.core")
def test_an_unscoped_manager_and_a_missing_audit_fail():
    class Unscoped(models.Model):
        party = models.ForeignKey("parties.Party", on_delete=models.CASCADE)
        tenancy_scope = Scope.OWNED
        tenancy_party_path = "party"
        objects = models.Manager()

        class Meta:
            app_label = "core"

    class Scoped(models.Model):
        party = models.ForeignKey("parties.Party", on_delete=models.CASCADE)
        tenancy_scope = Scope.OWNED
        tenancy_party_path = "party"
        objects = OwnedQuerySet.as_manager()

        class Meta:
            app_label = "core"

    errors = check_owned_models([Scoped._meta.apps.get_app_config("core")])
    assert sorted(e.id for e in errors if e.obj is Unscoped) == ["loim.E003", "loim.E004"]
    assert [e.id for e in errors if e.obj is Scoped] == ["loim.E004"]
