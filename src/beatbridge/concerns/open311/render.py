"""Open311 GeoReport v2 output in XML and JSON.

Both formats come from the same plain Python structure. The JSON is the spec's "Spark"
mapping of the XML: the root element becomes a list (``services``, ``service_requests``,
``errors``) or an object (``service_definition``); ``attributes`` and ``values`` containers
hold lists of ``attribute`` / ``value`` elements. XML is UTF-8 with the declaration, no
namespace; booleans are ``true``/``false``; missing values are empty elements.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 - we only build XML, never parse input

from django.http import HttpResponse
from django.utils import timezone

FORMATS = ("xml", "json")
CONTENT_TYPES = {
    "xml": "text/xml; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
# Element names of the items inside list containers.
LIST_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def w3c(value: dt.datetime | None) -> str | None:
    """A W3C/ISO 8601 datetime with the offset, e.g. ``2010-04-14T06:37:38-08:00``."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return w3c(value) or ""
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        item_name = LIST_ITEMS[element.tag]
        for item in value:
            _fill(ET.SubElement(element, item_name), item)
    else:
        element.text = _text(value)


def to_xml(root: str, payload: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, payload)
    body = ET.tostring(element, encoding="unicode", short_empty_elements=False)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime):
        return w3c(value)
    return value


def respond(fmt: str, root: str, payload: Any, status: int = 200) -> HttpResponse:
    """Render ``payload`` under ``root`` in ``fmt`` (``xml`` when the format is unknown)."""
    import json

    if fmt == "json":
        content = json.dumps(_jsonable(payload), ensure_ascii=False).encode("utf-8")
    else:
        fmt = "xml"
        content = to_xml(root, payload)
    response = HttpResponse(content, status=status, content_type=CONTENT_TYPES[fmt])
    response["Access-Control-Allow-Origin"] = "*"
    return response


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The spec's error list: ``<errors><error><code/><description/></error></errors>``."""
    payload = [{"code": status, "description": text} for text in descriptions]
    return respond(fmt if fmt in FORMATS else "xml", "errors", payload, status=status)
