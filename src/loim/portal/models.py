"""Public portal models."""
