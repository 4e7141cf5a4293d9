"""The home page's first panel: the user's parties and roles (the parties app owns memberships),
cached for the day (memberships begin and end on days) unless a party or membership is written."""

from loim.core.generations import cached_panel

from .facts import memberships_shown


def memberships_panel(request):
    from loim.monitoring.todo import generation_tables  # parties, memberships and municipalities among them

    def build():
        return ("parties/_home_panel.html", {"memberships": list(memberships_shown(request.user))}), None

    return cached_panel(request, "memberships", generation_tables(), build)
