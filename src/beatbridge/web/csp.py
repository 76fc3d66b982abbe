"""Content-Security-Policy for every response: scripts and styles only from our own files.

No inline ``<script>`` (data for scripts travels in ``json_script`` blocks, which are
``application/json`` and never run, or in ``data-`` attributes), no inline event handlers,
no ``<style>`` blocks or ``style=""`` attributes (Leaflet and our scripts set styles through
the DOM, which CSP allows). Map tiles may come from the tile server configured in
``LEAFLET_CONFIG["TILES"]`` (``MAP_TILES_URL``). A stored script that slips past escaping
(issue 16, item 6) therefore still does not run.

The API documentation pages (Swagger UI and Redoc, drf-spectacular's templates) start
their viewers with an inline script and style, so those two pages alone get a relaxed
policy (``RELAXED_URL_NAMES``). A view may also carry its own policy with ``@csp_update``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

HEADER = "Content-Security-Policy"


def tile_sources() -> list[str]:
    """The origins map tiles load from: ``https://{s}.tile.example.org/...`` allows
    ``https://*.tile.example.org``."""
    sources = []
    for _label, url, *_rest in getattr(settings, "LEAFLET_CONFIG", {}).get("TILES", []):
        parts = urlsplit(str(url))
        if not parts.scheme or not parts.netloc:
            continue  # a relative URL is our own origin
        host = parts.netloc
        labels = host.split(".")
        if labels and "{" in labels[0]:
            host = ".".join(["*", *labels[1:]])
        sources.append(f"{parts.scheme}://{host}")
    return sources


def base_policy() -> dict[str, list[str]]:
    return {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *tile_sources()],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    }


# Swagger UI and Redoc (drf-spectacular, SIDECAR files) run an inline start-up script and
# carry an inline <style>; Redoc also starts a web worker from a blob: URL. These pages show
# only the public schema and take no user content.
_DOCS = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "worker-src": ["'self'", "blob:"],
}
RELAXED_URL_NAMES: dict[str, dict[str, list[str]]] = {"api-docs": _DOCS, "api-redoc": _DOCS}

# DRF's browsable API (``format=api``, the HTML a browser gets from /api/v1/) writes a
# <style> block for code highlighting and a few style="" attributes; it runs no inline
# script, so only its styles are relaxed.
_BROWSABLE_API = {"style-src": ["'self'", "'unsafe-inline'"]}


def render(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


def policy_for(request: Any, response: Any = None) -> str:
    policy = base_policy()
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in RELAXED_URL_NAMES:
        policy.update(RELAXED_URL_NAMES[match.url_name])
    if getattr(getattr(response, "accepted_renderer", None), "format", "") == "api":
        policy.update(_BROWSABLE_API)
    policy.update(getattr(request, "_csp_update", {}))
    return render(policy)


def csp_update(**directives: list[str]) -> Callable:
    """Give one view its own directives: ``@csp_update(img_src=["'self'", "https://x"])``.

    Each named directive replaces the default one for that view's responses.
    """
    update = {name.replace("_", "-"): list(values) for name, values in directives.items()}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            request._csp_update = update
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class ContentSecurityPolicyMiddleware:
    """Adds the policy to every response that does not already carry one."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy_for(request, response)
        return response
