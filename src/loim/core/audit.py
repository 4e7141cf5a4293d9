"""Audit of every create, change and delete of domain records (django-auditlog), scoped by party.

Models register with `audit(Model, exclude=[...])`. Each entry stores the owning party id in
`additional_data` (OwnedModel.get_additional_data), so the audit page can go through tenancy.
Personal-data models pass `mask=` or `exclude=` so the log never keeps personal values.
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .tenancy import Scope, access_for


def audit(model, *, exclude: list[str] | None = None, mask: list[str] | None = None, m2m: list[str] | None = None):
    auditlog.register(
        model,
        exclude_fields=["created_at", "updated_at", *(exclude or [])],
        mask_fields=mask or [],
        m2m_fields=set(m2m or []),
    )
    return model


def audit_entries_for(user):
    """Audit entries the user may browse: their admin parties' records; all for ELVL administrators."""
    access = access_for(user)
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    if access.implementer_admin:
        # Row-level records that only their party reads (inquiries, the register) stay out of ELVL's
        # view of other parties' entries too: an entry repeats the record's values.
        private = [
            model
            for model in apps.get_models()
            if getattr(model, "tenancy_scope", None) in (Scope.PARTY_ONLY, Scope.PERSONAL)
        ]
        own = Q(additional_data__party_id__in=list(access.admin))
        private_types = ContentType.objects.get_for_models(*private).values() if private else []
        return entries.exclude(Q(content_type__in=list(private_types)) & ~own)
    if not access.admin:
        return entries.none()
    return entries.filter(additional_data__party_id__in=list(access.admin))
