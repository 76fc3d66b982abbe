"""Who may do what with surveys.

Supervisors and admins build surveys, open waves, create invitations, upload population
margins and re-label free-text themes. Staff (officers and up, analysts) read the results
with free-text answers. Anyone reads the suppressed-safe aggregates. Anyone may answer an
open wave (once per browser, invitation or account).
"""

from __future__ import annotations

from typing import Any

from beatbridge.accounts.permissions import is_admin, is_staff_member, is_supervisor


def can_manage_surveys(user: Any) -> bool:
    return is_supervisor(user) or is_admin(user)


def can_view_staff_results(user: Any) -> bool:
    """Results with the free-text answers and their themes."""
    return is_staff_member(user)


def can_upload_margins(user: Any) -> bool:
    return is_admin(user)
