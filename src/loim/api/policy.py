"""The API's side of the one permission policy (core.permissions): a viewset declares an ApiPolicy,
and PolicyPermission (DRF's default permission, settings.REST_FRAMEWORK) checks it with the same
predicates the pages use. Kept apart from `api.base` because DRF imports its default permission
classes while `rest_framework.viewsets` itself is being imported."""

from dataclasses import dataclass, field

from rest_framework import permissions
from rest_framework.exceptions import NotFound

from loim.core.permissions import ACTIONS, permits

READ_ACTIONS = frozenset({"list", "retrieve", "metadata"})


@dataclass(frozen=True)
class ApiPolicy:
    """The actions (`core.permissions.ACTIONS`) a viewset serves: `read` for list/retrieve, `write`
    for create/update/delete (None: the endpoint is read-only), and named extra `actions`."""

    read: str
    write: str | None = None
    actions: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        for name in (self.read, self.write, *self.actions.values()):
            if name is not None and name not in ACTIONS:
                raise KeyError(f"unknown action {name!r}")

    def for_action(self, action: str | None) -> str | None:
        if action in self.actions:
            return self.actions[action]
        if action is None or action in READ_ACTIONS:
            return self.read
        return self.write


class PolicyPermission(permissions.BasePermission):
    """Checks the viewset's declared `policy` (an ApiPolicy) with the same predicates the pages use.
    An action the user may not do at all answers 404, like a hidden page; which records they reach
    is the tenancy querysets' business. It is DRF's default permission (settings.REST_FRAMEWORK), so a
    Lõim viewset without a policy refuses everything; views of libraries (the API root) only need a
    signed-in user, as before."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if not type(view).__module__.startswith("loim."):
            return True
        declared = getattr(view, "policy", None)
        action = declared.for_action(getattr(view, "action", None)) if isinstance(declared, ApiPolicy) else None
        if action is None or not permits(request.user, action):
            raise NotFound()
        return True
