"""Tenancy cases: directory (issue 12)."""

CASES: list = []
