"""Hooks other apps' templates call without importing the apps that fill them:

- ``{% suggested_resources category_code another_code %}`` on concern and data pages lists
  what :mod:`beatbridge.core.suggestions` suggests for those categories;
- ``{% workshop_resources meeting %}`` on a workshop's page lists resources on its subject;
- ``{% dashboard_panels %}`` on the supervisors' dashboard renders the panels of
  :mod:`beatbridge.core.panels`.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from beatbridge.core.panels import dashboard_panels as _panels
from beatbridge.core.suggestions import suggestions

register = template.Library()


@register.inclusion_tag("outreach/suggested.html")
def suggested_resources(*codes) -> dict:
    flat: list[str] = []
    for code in codes:
        if isinstance(code, list | tuple | set):
            # Codes, or the data app's category rows ({"code": ...}).
            flat.extend(str(c.get("code", "") if isinstance(c, dict) else c) for c in code)
        elif code:
            flat.append(str(code))
    return {"suggestions": suggestions(flat, (get_language() or "en")[:2], 3)}


@register.inclusion_tag("outreach/suggested.html")
def workshop_resources(meeting) -> dict:
    """Library resources on what a workshop (a Meetings workshop) is about."""
    from beatbridge.core.suggestions import text_suggestions

    text = " ".join(str(getattr(meeting, f, "") or "") for f in ("title", "description", "taught"))
    return {"suggestions": text_suggestions(text, (get_language() or "en")[:2], 3)}


@register.simple_tag(takes_context=True)
def dashboard_panels(context) -> str:
    request = context.get("request")
    if request is None:
        return ""
    parts = [
        render_to_string(p["template"], {"panel": p, **p.get("context", {})}, request=request)
        for p in _panels(request)
    ]
    from django.utils.safestring import mark_safe

    return mark_safe("".join(parts))  # noqa: S308 - our own rendered templates
