"""The home page's panel of the next events of the user's parties."""

from .selectors import upcoming


def upcoming_events(request):
    events = list(upcoming(request.user))
    if not events:
        return None
    return "events/_panel_upcoming.html", {"events": events}
