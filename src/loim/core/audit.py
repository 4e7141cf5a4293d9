"""Audit of every create, change and delete of domain records (django-auditlog), scoped by party.

Models register with `audit(Model, exclude=[...])`. Each entry stores the owning party id in
`additional_data` (OwnedModel.get_additional_data), so the audit page can go through tenancy.
Personal-data models pass `mask=` or `exclude=` so the log never keeps personal values.
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog

from .tenancy import audit_entries_visible_to


def audit(model, *, exclude: list[str] | None = None, mask: list[str] | None = None, m2m: list[str] | None = None):
    auditlog.register(
        model,
        exclude_fields=["created_at", "updated_at", *(exclude or [])],
        mask_fields=mask or [],
        m2m_fields=set(m2m or []),
    )
    return model


def audit_entries_for(user):
    """Audit entries the user may browse (the scope is `core.tenancy.audit_entries_visible_to`)."""
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    return audit_entries_visible_to(entries, user)
