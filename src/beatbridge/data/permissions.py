"""Who may do what with crime, enforcement and engagement data."""

from __future__ import annotations

from typing import Any

from beatbridge.accounts.permissions import (
    is_admin,
    is_analyst,
    is_officer_role,
    is_staff_member,
    is_supervisor,
)


def can_view_public_stats(user: Any) -> bool:
    """Aggregated statistics and generalized incidents are public."""
    return True


def can_view_exact_locations(user: Any) -> bool:
    """Exact incident points: police staff and analysts only (every read is audit-logged)."""
    return is_staff_member(user)


def can_import_data(user: Any) -> bool:
    """Uploading incident or enforcement files: analysts, supervisors and administrators."""
    return is_analyst(user)


def can_log_engagement(user: Any, officer: Any = None) -> bool:
    """Officers log their own engagement; supervisors may log it for any officer."""
    if not is_officer_role(user):
        return False
    if officer is None or officer.pk == user.pk:
        return True
    return is_supervisor(user)


def can_manage_categories(user: Any) -> bool:
    """Editing offense categories (names, minor and sensitive flags): administrators."""
    return is_admin(user)
