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
    options = leaflet_map(name)
    return {"name": name, "init": init, "djoptions": options["djoptions"]}


@register.inclusion_tag("web/map_js.html")
def map_js() -> dict:
    return {}
