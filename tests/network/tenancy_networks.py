"""Tenancy cases: networks (issue 12)."""

CASES: list = []
