"""Counselling inquiries models."""
