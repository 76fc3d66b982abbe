"""A person's watch-group data for the download, and its erasure on account deletion."""

from __future__ import annotations

from typing import Any


def export_watch(user: Any) -> dict:
    from .models import GroupAnnouncement, Membership, PatrolSignup

    return {
        "memberships": [
            {
                "group": m.group.name,
                "role": m.role,
                "status": m.status,
                "message": m.message,
                "requested_at": m.requested_at.isoformat(),
            }
            for m in Membership.objects.filter(user=user).select_related("group")
        ],
        "patrol_signups": [
            {"group": s.slot.group.name, "date": s.date.isoformat()}
            for s in PatrolSignup.objects.filter(user=user).select_related("slot__group")
        ],
        "announcements": [
            {"group": a.group.name, "title": a.title, "body": a.body}
            for a in GroupAnnouncement.objects.filter(author=user).select_related("group")
        ],
    }


def erase_watch(user: Any) -> dict[str, int]:
    from .models import Membership, PatrolSignup

    signups, _ = PatrolSignup.objects.filter(user=user).delete()
    memberships, _ = Membership.objects.filter(user=user).delete()
    return {"watch memberships": memberships, "patrol sign-ups": signups}
