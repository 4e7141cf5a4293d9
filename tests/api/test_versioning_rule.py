"""A rule the code enforces on itself: every API endpoint that changes or deletes records guards
against lost updates (If-Match, 412/428: loim.api.versioning) on a versioned model (core.versioning).
A new viewset with PUT, PATCH or DELETE and without the guard fails here."""

from loim.api.urls import router
from loim.api.versioning import VersionedViewSetMixin
from loim.core.versioning import Versioned

WRITES = {"put": "update", "patch": "partial_update", "delete": "destroy"}


def writing_viewsets():
    for prefix, viewset, _basename in router.registry:
        allowed = {m for m in viewset.http_method_names if m in WRITES and hasattr(viewset, WRITES[m])}
        if allowed:
            yield prefix, viewset, allowed


def test_every_endpoint_that_changes_records_checks_the_version():
    found = list(writing_viewsets())
    assert "events" in [prefix for prefix, _v, _m in found]  # the rule is not vacuous
    for prefix, viewset, _methods in found:
        assert issubclass(viewset, VersionedViewSetMixin), f"/api/v1/{prefix}/ writes without If-Match"
        assert issubclass(viewset.model, Versioned), f"/api/v1/{prefix}/: {viewset.model.__name__} has no version"
