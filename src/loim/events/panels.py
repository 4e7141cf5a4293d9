"""The home page's panel of the next events of the user's parties, cached (core.generations) until
the first of them ends or anything it reads is written."""

from loim.core.generations import cached_panel

from .selectors import upcoming


def upcoming_events(request):
    from loim.monitoring.todo import generation_tables  # events, kinds, parties, memberships among them

    def build():
        events = list(upcoming(request.user))
        if not events:
            return None, None
        return ("events/_panel_upcoming.html", {"events": events}), min(event.end for event in events)

    return cached_panel(request, "upcoming-events", generation_tables(), build)
