"""Leaflet maps without inline script (the Content-Security-Policy allows none).

django-leaflet's ``{% leaflet_map %}`` writes an inline ``<script>`` that starts the map.
``{% map "id" "init" %}`` writes only the map's ``<div>``, with the same options (from
``LEAFLET_CONFIG``) in a ``data-djoptions`` attribute; ``beatbridge/maps.js`` (loaded by
``{% map_js %}``, after django-leaflet's files) starts every such map once the page is
parsed and calls the page script's init function registered under that name:
``beatbridge.onMap("init", function (map) { ... })``.
"""

from __future__ import annotations

from django import template
from leaflet.templatetags.leaflet_tags import leaflet_map

register = template.Library()


@register.inclusion_tag("web/map.html")
def map(name: str, init: str = "") -> dict:  # noqa: A001 - the tag reads {% map %}
    options = leaflet_map(name, settings_overrides=_city_view())
    return {"name": name, "init": init, "djoptions": options["djoptions"]}


def _city_view() -> dict:
    """Centre and zoom from the imported areas' extent, unless the settings fix them."""
    from django.conf import settings

    from beatbridge.areas.extent import map_view

    config = getattr(settings, "LEAFLET_CONFIG", {})
    if config.get("DEFAULT_CENTER") and config.get("DEFAULT_ZOOM"):
        return {}
    view = map_view()
    if view is None:
        return {"DEFAULT_CENTER": (0, 0), "DEFAULT_ZOOM": 2}
    (lat, lon), zoom = view
    return {
        "DEFAULT_CENTER": config.get("DEFAULT_CENTER") or (lat, lon),
        "DEFAULT_ZOOM": config.get("DEFAULT_ZOOM") or zoom,
        "MIN_ZOOM": min(config.get("MIN_ZOOM") or zoom, max(zoom - 2, 1)),
    }


@register.inclusion_tag("web/map_js.html")
def map_js() -> dict:
    return {}
