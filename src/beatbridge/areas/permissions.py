"""Who may do what with areas. Area boundaries and beat officers are public."""

from typing import Any

from beatbridge.accounts.permissions import is_admin, is_supervisor


def can_view_area(user: Any, area: Any) -> bool:
    return True


def can_import_areas(user: Any) -> bool:
    return is_admin(user)


def can_assign_officers(user: Any) -> bool:
    return is_supervisor(user)
