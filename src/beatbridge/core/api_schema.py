"""What the served OpenAPI schema says beyond drf-spectacular's defaults, so it matches what
the API really answers (checked by fuzzing the schema with schemathesis in the test suite).

- Times of day (``TimeField``) are local wall-clock times such as ``18:30:00``, without a UTC
  offset; OpenAPI's ``format: time`` is RFC 3339's ``full-time``, which requires one, so the
  field is described by a pattern instead.
- Every operation documents the error answers any request can meet: 400 (bad input, with the
  fields named), 401/403 (not signed in / not allowed), 404 (no such object), 429 (rate
  limited); each is a JSON object (``{"detail": ...}`` or ``{"field": ["message", ...]}``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension

TIME_OF_DAY = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
    "description": "Local time of day, HH:MM[:SS]",
    "example": "18:30:00",
}

ERROR_ANSWERS = {
    "400": "The request was refused: its fields or parameters are named with the reason.",
    "401": "Sign in first.",
    "403": "Not allowed for this account.",
    "404": "No such object (or not one you may see).",
    "429": "Too many requests; try again after Retry-After seconds.",
}


class TimeOfDayField(OpenApiSerializerFieldExtension):
    target_class = "rest_framework.fields.TimeField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return dict(TIME_OF_DAY)


def document_error_answers(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """drf-spectacular post-processing hook: add the common error answers to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        "Error",
        {
            "type": "object",
            "additionalProperties": True,
            "description": '{"detail": "..."} or {"field": ["message", ...]}',
        },
    )
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            answers = operation.setdefault("responses", {})
            for code, description in ERROR_ANSWERS.items():
                answers.setdefault(code, {"description": description, "content": ref})
    return result
