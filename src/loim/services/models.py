"""Services models."""
