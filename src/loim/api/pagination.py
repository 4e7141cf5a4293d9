"""The one pagination of every list endpoint: `?limit=` and `?offset=`, checked before any query.

DRF's `LimitOffsetPagination` passes any integer on to the database, so `?limit=9223372036854775808`
overflowed SQLite's and PostgreSQL's 64-bit integers and answered 500, and it had no maximum page
size at all. Here both are bounded and anything else (not a number, negative, above the maximum)
answers 400 naming the parameter and the bound, instead of being silently replaced by the default.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000  # rows per page; documented in docs/api.md and in the OpenAPI schema
MAX_OFFSET = 1_000_000_000  # far beyond any table here, far below the databases' 2**63


def _bounded_int(request, name: str, *, minimum: int, maximum: int) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if raw == "":
        return None
    invalid = _("Enter a whole number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum}
    if not re.fullmatch(r"[0-9]+", raw):
        raise ValidationError({name: [invalid]})
    if len(raw) > 18 or int(raw) > maximum:  # the length first: no int() of a 5,000-digit string
        raise ValidationError({name: [_("At most %(max)d.") % {"max": maximum}]})
    if int(raw) < minimum:
        raise ValidationError({name: [invalid]})
    return int(raw)


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT
    max_offset = MAX_OFFSET

    def get_limit(self, request):
        value = _bounded_int(request, self.limit_query_param, minimum=1, maximum=self.max_limit)
        return self.default_limit if value is None else value

    def get_offset(self, request):
        value = _bounded_int(request, self.offset_query_param, minimum=0, maximum=self.max_offset)
        return 0 if value is None else value

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_limit, default=self.default_limit)
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"].update(minimum=0, maximum=self.max_offset, default=0)
        return parameters
