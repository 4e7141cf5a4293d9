"""Every write to plans: importing plan files, editing in the UI, copying a plan to the next year.
Keyword-only, atomic, validated (`full_clean()` before save)."""

from .edits import (
    activity_add_row,
    activity_delete,
    activity_update,
    event_kinds_ensure,
    indicator_delete,
    indicator_save,
    obligation_delete,
    obligation_save,
    plan_copy,
    plan_update,
)
from .imports import ImportResult, plan_context, plan_file_import, plan_file_parse, plan_import

__all__ = [
    "ImportResult",
    "activity_add_row",
    "activity_delete",
    "activity_update",
    "event_kinds_ensure",
    "indicator_delete",
    "indicator_save",
    "obligation_delete",
    "obligation_save",
    "plan_context",
    "plan_copy",
    "plan_file_import",
    "plan_file_parse",
    "plan_import",
    "plan_update",
]
