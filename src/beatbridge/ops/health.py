"""/healthz (database and queue) and /metrics (Prometheus text format, protected)."""

from __future__ import annotations

import hmac
import logging
import threading
from collections import Counter
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from beatbridge.accounts.permissions import is_staff_member

logger = logging.getLogger("beatbridge.ops")

# Requests answered by this process, by status class ("2xx" ...). Per process: with several
# workers each scrape sees the worker that answered it (label "pid" tells them apart).
_requests: Counter[str] = Counter()
_lock = threading.Lock()


def count_response(status: int) -> None:
    with _lock:
        _requests[f"{status // 100}xx"] += 1


class RequestCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        count_response(response.status_code)
        return response


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # noqa: BLE001 — any failure means "down", and is logged
        logger.warning("health: database unreachable", exc_info=True)
        return False


def queue_length() -> int | None:
    """Tasks waiting in Huey's storage, or None when the storage cannot be reached."""
    try:
        from huey.contrib.djhuey import HUEY

        return int(HUEY.pending_count())
    except Exception:  # noqa: BLE001
        logger.warning("health: queue storage unreachable", exc_info=True)
        return None


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    database = database_ok()
    queue = queue_length() is not None
    body = {
        "status": "ok" if database and queue else "error",
        "database": "ok" if database else "error",
        "queue": "ok" if queue else "error",
    }
    return JsonResponse(body, status=200 if database and queue else 503)


def _authorized(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header[7:].strip().encode(), token.encode())
    return is_staff_member(request.user)


def _concerns_submitted() -> int | None:
    try:
        return apps.get_model("concerns", "Concern").objects.count()
    except Exception:  # noqa: BLE001
        return None


def render_metrics() -> str:
    import os

    database = database_ok()
    queue = queue_length()
    pid = os.getpid()
    lines = [
        "# HELP beatbridge_http_responses_total HTTP responses answered by this process.",
        "# TYPE beatbridge_http_responses_total counter",
    ]
    with _lock:
        counts = dict(_requests)
    for status_class in ("1xx", "2xx", "3xx", "4xx", "5xx"):
        lines.append(
            f'beatbridge_http_responses_total{{status_class="{status_class}",pid="{pid}"}} '
            f"{counts.get(status_class, 0)}"
        )
    lines += [
        "# HELP beatbridge_database_up Whether the database answered (1) or not (0).",
        "# TYPE beatbridge_database_up gauge",
        f"beatbridge_database_up {1 if database else 0}",
        "# HELP beatbridge_queue_up Whether the task queue's storage answered.",
        "# TYPE beatbridge_queue_up gauge",
        f"beatbridge_queue_up {0 if queue is None else 1}",
    ]
    if queue is not None:
        lines += [
            "# HELP beatbridge_queue_length Tasks waiting in the queue.",
            "# TYPE beatbridge_queue_length gauge",
            f"beatbridge_queue_length {queue}",
        ]
    submitted = _concerns_submitted() if database else None
    if submitted is not None:
        lines += [
            "# HELP beatbridge_concern_submissions_total Concerns submitted (all time).",
            "# TYPE beatbridge_concern_submissions_total counter",
            f"beatbridge_concern_submissions_total {submitted}",
        ]
    return "\n".join(lines) + "\n"


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _authorized(request):
        response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(render_metrics(), content_type="text/plain; version=0.0.4; charset=utf-8")
