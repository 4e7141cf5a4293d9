"""The home page's first panel: the user's parties and roles (the parties app owns memberships)."""

from .facts import memberships_shown


def memberships_panel(request):
    return "parties/_home_panel.html", {"memberships": list(memberships_shown(request.user))}
