"""Who may read the audit log, and who may export or delete their own data."""

from __future__ import annotations

from typing import Any

from beatbridge.accounts.permissions import is_admin, is_signed_in, is_staff_member


def can_view_audit_log(user: Any) -> bool:
    return is_admin(user)


def can_export_own_data(user: Any) -> bool:
    return is_signed_in(user)


def can_delete_own_account(user: Any) -> bool:
    """Residents and partner members delete their own accounts; staff accounts are closed by
    an administrator (their work is part of the record)."""
    return is_signed_in(user) and not is_staff_member(user)
