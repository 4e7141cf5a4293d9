"""Base classes every API endpoint uses, so the API goes through core.tenancy (which records) and
core.permissions (which actions) like the pages do."""

from typing import Any

from rest_framework import viewsets
from rest_framework.exceptions import NotFound

from loim.core.tenancy import can_edit_party

from .policy import ApiPolicy, PolicyPermission

__all__ = ["ApiPolicy", "PolicyPermission", "TenantModelViewSet", "TenantReadOnlyViewSet"]


class TenantReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
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
