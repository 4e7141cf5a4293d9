"""Lost-update protection in the API: `ETag` on reads, `If-Match` on writes (core.versioning).

A detail response (GET, and the answer to PUT/PATCH) carries `ETag: "<version>"` and the record's
`version` in the body. A PUT, PATCH or DELETE must name the version it was based on:
- `If-Match: "<version>"` (the ETag as read; `*` means "whatever is saved now", RFC 9110), or
- for clients written before ETags, `"version": <n>` in the JSON body;
- with neither it is refused with 428 Precondition Required: accepting it would bring back exactly the
  silent overwrite this prevents.
A version that is no longer the saved one answers 412 Precondition Failed with the current version in
the body and the current ETag, and nothing is written. The service repeats the check as a
compare-and-set inside its transaction, so two requests racing with the same version cannot both win.

Viewsets use it as `class XViewSet(VersionedViewSetMixin, TenantModelViewSet)` and pass
`self.expected_version` to their service in `perform_update` / `perform_destroy`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from loim.core.versioning import StaleVersion, versions_in_if_match

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        'The ETag of the version the change is based on, e.g. "4". Without it the body must give "version"; '
        "with neither the request is refused (428). A version that is no longer current is refused (412)."
    ),
)


if TYPE_CHECKING:
    from rest_framework.viewsets import ModelViewSet as _ViewSetBase
else:
    _ViewSetBase = object


class ETagMixin(_ViewSetBase):
    """`ETag: "<version>"` on detail responses whose body has `version` (read-only viewsets use this
    alone: the write methods of VersionedViewSetMixin would make the router offer PUT and DELETE)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        detail = getattr(self, "action", None) in ("retrieve", "update", "partial_update")
        data = getattr(response, "data", None)
        if detail and response.status_code == 200 and isinstance(data, dict) and data.get("version") is not None:
            response["ETag"] = f'"{data["version"]}"'
        return response


class VersionedViewSetMixin(ETagMixin):
    """ETag on detail responses; If-Match (or body `version`) required on PUT, PATCH and DELETE."""

    expected_version: int | None = None

    def _refusal(self, code: int, message: str, version: int | None) -> Response:
        headers = {"ETag": f'"{version}"'} if version is not None else {}
        return Response({"detail": message, "current_version": version}, status=code, headers=headers)

    def _precondition(self, request, instance) -> Response | None:
        """None if the request names the saved version (then `expected_version` is set), else the refusal."""
        current = instance.version
        header = request.headers.get("If-Match")
        if header is not None:
            versions = versions_in_if_match(header)
            if versions is not None and current not in versions:
                return self._stale(current)
        else:
            body = request.data.get("version") if isinstance(request.data, dict) else None
            if body is None:
                return self._refusal(
                    status.HTTP_428_PRECONDITION_REQUIRED,
                    _(
                        "Say which version your change is based on: send the ETag of the record as If-Match, "
                        "or its version as “version”. The current version is %(version)d."
                    )
                    % {"version": current},
                    current,
                )
            if isinstance(body, bool) or not isinstance(body, int | str) or not str(body).isdigit():
                raise ValidationError({"version": [_("The version is a whole number, e.g. 4.")]})
            if int(body) != current:
                return self._stale(current)
        self.expected_version = current
        return None

    def _stale(self, current: int | None) -> Response:
        if current is None:
            return self._refusal(
                status.HTTP_412_PRECONDITION_FAILED, _("The record was deleted after you read it."), None
            )
        return self._refusal(
            status.HTTP_412_PRECONDITION_FAILED,
            _(
                "The record was changed after you read it: the current version is %(version)d. Nothing was "
                "saved. Read it again, apply your change to it and send it with the new ETag."
            )
            % {"version": current},
            current,
        )

    def _guarded(self, request, method, *args, **kwargs):
        refusal = self._precondition(request, self.get_object())
        if refusal is not None:
            return refusal
        try:
            return method(request, *args, **kwargs)
        except StaleVersion as exc:  # lost the race inside the service's transaction
            return self._stale(exc.current_version)

    @extend_schema(parameters=[IF_MATCH])
    def update(self, request, *args, **kwargs):
        return self._guarded(request, super().update, *args, **kwargs)

    @extend_schema(parameters=[IF_MATCH])
    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self._guarded(request, super().update, *args, **kwargs)

    @extend_schema(parameters=[IF_MATCH])
    def destroy(self, request, *args, **kwargs):
        return self._guarded(request, super().destroy, *args, **kwargs)
