"""Signal receivers that carry no domain logic: only security-relevant logging hooks."""
