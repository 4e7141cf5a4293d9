"""Newcomer register models."""
