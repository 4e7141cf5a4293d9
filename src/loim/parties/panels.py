"""The home page's first panel: the user's parties and roles (the parties app owns memberships)."""

from loim.core.permissions import permits

from .facts import memberships_shown


def memberships_panel(request):
    memberships = list(memberships_shown(request.user))
    if not memberships and permits(request.user, "network_member"):
        return None  # a network's member who is no party's user: the network panel is their home
    return "parties/_home_panel.html", {"memberships": memberships}
