"""The one pagination of every API list: ``limit`` / ``offset`` with a ceiling.

- ``limit``: a whole number of at least 1 (default ``PAGE_SIZE``, 50). A limit above the
  list's ``max_limit`` (:data:`MAX_LIMIT`, 500) is served as ``max_limit``: the page holds at
  most that many results and its ``next`` link carries the limit used.
- ``offset``: a whole number of at least 0. An offset past the end gives an empty page.
- Anything else (``abc``, ``-1``, ``0`` as a limit, ``1.5``, ``1e3``, an empty value) is a 400
  naming the parameter, e.g. ``{"limit": ["Enter a whole number of at least 1."]}``.

So an enormous limit such as ``10**30`` is clamped like any other large one, never sent to
the database. Self-contained on purpose (DRF only), so it can move to a shared package.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 500
# Larger than any row count; longer numbers are not even parsed (no 4,300-digit int()).
_HUGE = 10**18
_WHOLE = re.compile(r"[0-9]+")


def _whole_number(raw: str, name: str, minimum: int) -> int:
    value = raw.strip()
    if not _WHOLE.fullmatch(value) or (len(value) <= 18 and int(value) < minimum):
        raise ValidationError(
            {name: [_("Enter a whole number of at least %(n)s.") % {"n": minimum}]}
        )
    return int(value) if len(value) <= 18 else _HUGE


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """DRF's limit/offset pagination with a ``max_limit`` and a 400 for malformed values."""

    max_limit = MAX_LIMIT

    def get_limit(self, request: Any) -> int | None:
        raw = request.query_params.get(self.limit_query_param)
        if raw is None:
            return self.default_limit
        limit = _whole_number(raw, self.limit_query_param, 1)
        return min(limit, self.max_limit) if self.max_limit else limit

    def get_offset(self, request: Any) -> int:
        raw = request.query_params.get(self.offset_query_param)
        if raw is None:
            return 0
        return _whole_number(raw, self.offset_query_param, 0)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.limit_query_param:
                param["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_limit}
                param["description"] = (
                    f"Number of results to return per page (at most {self.max_limit}; "
                    "a larger limit is served as the maximum)."
                )
            elif param["name"] == self.offset_query_param:
                param["schema"] = {"type": "integer", "minimum": 0}
        return params
