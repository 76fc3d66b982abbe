"""Validation of free text typed by people, shared by the apps' services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def required_text(value: Any, field: str, message: str, limit: int) -> str:
    """``value`` stripped; a field error with ``message`` when empty or when over ``limit``."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > limit:
        raise ValidationError({field: _("Keep it under %(n)s characters.") % {"n": limit}})
    return value
