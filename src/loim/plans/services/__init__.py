"""Every write to plans: importing plan files, editing in the UI, copying a plan to the next year.
Keyword-only, atomic, validated (`full_clean()` before save)."""

from .imports import ImportResult, plan_context, plan_file_import, plan_file_parse, plan_import

__all__ = ["ImportResult", "plan_context", "plan_file_import", "plan_file_parse", "plan_import"]
