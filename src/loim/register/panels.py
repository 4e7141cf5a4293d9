"""The register's home-page panel: what needs the coordinator's attention (counts only)."""

from loim.core.tenancy import Scope, editable_parties

from .selectors import register_summary


def register_panel(request):
    parties = list(editable_parties(request.user, Scope.PERSONAL))
    if not parties:
        return None
    summaries = [(party, register_summary(user=request.user, party=party)) for party in parties]
    return "register/_home_panel.html", {"summaries": summaries}
