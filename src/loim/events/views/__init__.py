"""Event pages, one module per concern (events, calendar, series, attachments, import, feeds, kinds)."""
