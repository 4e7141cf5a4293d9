"""Deliverables (issue 11 §4): the state of the plan's one-off results, kept by their owner party."""
