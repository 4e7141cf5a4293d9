"""The OpenAPI schema declares every answer an operation can give, not only the happy one.

drf-spectacular documents the 200/201/204 of each operation; the API also answers, by mechanisms
shared by every endpoint:
- 400: validation, bounded `limit`/`offset`, NUL in a parameter, JSON nested too deep;
- 401: no token or a wrong one; 403: signed in, but the policy refuses the action;
- 404: missing, or another party's record (the same answer);
- 414: an address too long for the web server; 429: a rate limit (`loim.api.throttling`);
- 412/428 on versioned records (`loim.api.versioning`).
One schema class adds them, so a client generated from the schema and a fuzzer checking conformance
(schemathesis, `scripts/api-conformance` in `.ci/run`) see the real contract.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema

_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_FIELD_ERRORS = {
    "type": "object",
    "description": "Field name (or query parameter) to a list of messages in the caller's language.",
    "additionalProperties": True,
}
_VERSION_REFUSAL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "current_version": {"type": "integer", "nullable": True}},
    "required": ["detail", "current_version"],
}


def _answer(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _model_fields_along(field) -> list:
    """The model fields a serializer field's `source` passes through (`municipality.ehak_code`: the
    foreign key, then the code), as far as they are model fields."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    found = []
    for attr in getattr(field, "source_attrs", None) or []:
        if model is None:
            break
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            break
        found.append(model_field)
        model = model_field.related_model
    return found


class LoimAutoSchema(AutoSchema):
    """AutoSchema with the error answers every Lõim endpoint shares (module docstring), and read-only
    fields described as they are answered.

    DRF drops `allow_blank` from read-only model fields, and a field read through a relation
    (`source="activity.code"`) knows nothing of the relation being optional, so the schema promised a
    string where the API answers null or "" (found by schemathesis: `activity_code`, `Topic.parent`,
    `Party.municipality_ehak`, `Plan.copied_from`, a network's blank cadence). The model is the truth:
    a null on the way makes the field nullable, a blank model field may answer "". A blank e-mail or
    address has no `format`, since "" is neither.
    """

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if field.read_only:
            path = _model_fields_along(field)
            if any(getattr(model_field, "null", False) for model_field in path):
                field.allow_null = True
            if len(path) == 1 and getattr(path[0], "blank", False):
                field.allow_blank = True
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if getattr(field, "allow_blank", False) and schema.get("format") in ("email", "uri"):
            del schema["format"]
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        from .versioning import VersionedViewSetMixin  # not at import: versioning's decorators load this class

        errors = {
            "400": _answer("Invalid input: each field or parameter with its messages.", _FIELD_ERRORS),
            "401": _answer("Not signed in, or the token is not valid.", _DETAIL),
            "403": _answer("Signed in, but this action is not allowed for your role.", _DETAIL),
            "404": _answer("Not found, or not visible to your party.", _DETAIL),
            # answered by the web server before Django (gunicorn: a request line over 4,094 bytes)
            "414": {"description": "The address is too long."},
            "429": _answer("Too many requests: wait as long as the Retry-After header says.", _DETAIL),
        }
        if self.method in ("PUT", "PATCH", "DELETE") and isinstance(self.view, VersionedViewSetMixin):
            errors["412"] = _answer("The record changed after you read it; nothing was written.", _VERSION_REFUSAL)
            errors["428"] = _answer("The request does not say which version it is based on.", _VERSION_REFUSAL)
        for code, answer in errors.items():
            responses.setdefault(code, answer)
        return responses
