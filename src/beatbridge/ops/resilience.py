"""When the database is unreachable mid-request: a clear "try again", never a 500 page.

``DatabaseUnavailableMiddleware`` turns an OperationalError / InterfaceError that escaped a
view (the view's transaction has already rolled back, so nothing partial is stored) into a
503 with ``Retry-After``: JSON ``{"detail", "code": "database_unavailable"}`` under /api/ and
/open311/, and otherwise a page that says nothing was saved and offers to send the same form
again (the same fields, so the same idempotency/submission token: a retry creates one record).
It renders without touching the database (no context processors), which may still be down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger("beatbridge.ops")

UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
_API_PREFIXES = ("/api/", "/open311/")
_NEVER_ECHOED = {"code", "otp_token", "token", "tracking_token", "api_key"}


def _resend_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """The POSTed fields to send again, secrets left out (a password must be retyped)."""
    fields = []
    for name, values in request.POST.lists():
        if "password" in name.lower() or name.lower() in _NEVER_ECHOED:
            continue
        fields.extend((name, value) for value in values)
    return fields


def unavailable_response(request: HttpRequest) -> HttpResponse:
    detail = _("The service is briefly unavailable and nothing was saved. Please try again.")
    if request.path_info.startswith(_API_PREFIXES):
        response: HttpResponse = JsonResponse(
            {"detail": detail, "code": "database_unavailable"}, status=503
        )
    else:
        can_resend = request.method == "POST" and not request.FILES
        html = render_to_string(
            "ops/unavailable.html",
            {
                "LANGUAGE_CODE": get_language(),
                "detail": detail,
                "can_resend": can_resend,
                "had_files": bool(request.method == "POST" and request.FILES),
                "fields": _resend_fields(request) if can_resend else [],
                "action": request.get_full_path(),
            },
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, UNAVAILABLE):
            return None
        logger.warning("database unavailable: %s", type(exception).__name__)
        return unavailable_response(request)
