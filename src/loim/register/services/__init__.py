"""Every write to the register: keyword-only, typed, atomic, validated with full_clean() before save."""
