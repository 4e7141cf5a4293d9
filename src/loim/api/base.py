"""Base classes every API endpoint uses, so the API goes through core.tenancy (which records) like
the pages do. Which actions a viewset serves is its `policy` (an `ApiPolicy` from core.permissions'
names), checked by `loim.api.policy.PolicyPermission`, DRF's default permission.

Every viewset registered on the router derives from `ScopedViewSetMixin` through one of three bases
(a meta-test in tests/test_tenancy.py walks the router and fails otherwise):
- `TenantReadOnlyViewSet` / `TenantModelViewSet` for records a party owns: rows only through
  `visible_to(user)` / `editable_by(user)`;
- `TenantAggregateViewSet` for figures computed by selectors that take the requesting user (they
  scope through core.tenancy themselves and answer with counts, never rows);
- `ReferenceReadOnlyViewSet` for reference data no party owns (vocabularies); it refuses an owned model.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError

from loim.core.tenancy import can_edit_party, is_owned_model

from .policy import ApiPolicy, PolicyPermission
from .throttling import check_address

__all__ = [
    "ApiPolicy",
    "PolicyPermission",
    "ReferenceReadOnlyViewSet",
    "TenantAggregateViewSet",
    "TenantModelViewSet",
    "TenantReadOnlyViewSet",
]


class ScopedViewSetMixin:
    """The root of every registered viewset: a promise that what it answers is scoped by core.tenancy.

    It checks the caller's address against its rate limit (loim.api.throttling) before anything else.
    It also refuses a NUL character in any query parameter, naming the parameter: no value a client
    filters by holds one, and PostgreSQL cannot compare a text column with such a value (DataError,
    a 500) — a party code `?party=%00` answered 500 on PostgreSQL before this check."""

    def initial(self, request, *args, **kwargs):
        check_address(request, self)  # before authentication: wrong tokens are limited too
        for name, values in request.query_params.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise ValidationError({name.replace("\x00", "") or "query": [NUL_MESSAGE()]})
        super().initial(request, *args, **kwargs)  # type: ignore[misc]


def NUL_MESSAGE() -> str:
    return gettext("This value contains a NUL character, which no field accepts.")


class TenantReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Lists and reads only what `visible_to(user)` allows; anything else is 404."""

    queryset = None  # subclasses set `model` and `policy`, and may override `base_queryset`
    model: Any = None

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.base_queryset().visible_to(self.request.user)


class TenantModelViewSet(TenantReadOnlyViewSet, viewsets.ModelViewSet):
    """Writes go to records `editable_by(user)`; creation only for a party the user may edit."""

    def get_queryset(self):
        queryset = self.base_queryset()
        if self.action in ("update", "partial_update", "destroy"):
            return queryset.editable_by(self.request.user)
        return queryset.visible_to(self.request.user)

    def check_party(self, party_id) -> None:
        if not can_edit_party(self.request.user, party_id, self.model.tenancy_scope):
            raise NotFound()


class TenantAggregateViewSet(ScopedViewSetMixin, viewsets.ViewSet):
    """Counts, verdicts and reports computed for `request.user` by selectors that scope through
    core.tenancy (and publish through the disclosure control); no rows of a model are served."""


class ReferenceReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Reference data every signed-in user reads (event kinds, topics): never an owned model."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if is_owned_model(queryset.model):
            raise ImproperlyConfigured(f"{queryset.model._meta.label} is owned: use TenantReadOnlyViewSet")
        return queryset
