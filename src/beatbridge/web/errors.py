"""Error answers for requests no view handled: JSON under the API, the site's own pages
elsewhere (never Django's bare HTML or, with DEBUG off, a traceback)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import defaults

_API_PREFIXES = ("/api/", "/open311/")


def _api_error(request: HttpRequest, status: int, detail: str) -> HttpResponse | None:
    path = request.path_info
    if not path.startswith(_API_PREFIXES):
        return None
    if path.startswith("/open311/") and path.endswith(".xml"):
        body = (
            '<?xml version="1.0" encoding="utf-8"?>\n<errors><error>'
            f"<code>{status}</code><description>{escape(detail)}</description>"
            "</error></errors>"
        )
        return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    if path.startswith("/open311/"):  # Open311 errors are a list of {code, description}
        return JsonResponse([{"code": status, "description": detail}], status=status, safe=False)
    return JsonResponse({"detail": detail}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    answer = _api_error(request, 400, _("Bad request."))
    return answer or defaults.bad_request(request, exception, template_name="web/400.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    answer = _api_error(request, 403, _("You do not have permission to perform this action."))
    return answer or defaults.permission_denied(request, exception, template_name="web/403.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    answer = _api_error(request, 404, _("Not found."))
    return answer or defaults.page_not_found(request, exception, template_name="web/404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    answer = _api_error(request, 500, _("Something went wrong on our side. Please try again."))
    return answer or defaults.server_error(request, template_name="web/500.html")
