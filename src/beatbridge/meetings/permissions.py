"""Who may do what with meetings.

Residents (and visitors, with a name and email) RSVP; signed-in people propose agenda items;
officers run meetings in the beats they serve, and so does a meeting's resident facilitator;
supervisors and administrators may do everything. Minutes are published only by police
staff (officer approval).
"""

from __future__ import annotations

from typing import Any

from beatbridge.accounts.permissions import (
    is_admin,
    is_officer_role,
    is_signed_in,
    is_supervisor,
)


def _serves(user: Any, meeting: Any) -> bool:
    """The officer hosts the meeting or is assigned to a beat it covers (a patrol area:
    beatbridge.areas.patrol)."""
    from beatbridge.areas.patrol import patrol_areas_serving

    if meeting.host_officer_id == user.pk or meeting.created_by_id == user.pk:
        return True
    beat_ids: set[int] = set()
    for area in meeting.areas.all():
        beat_ids.update(b.pk for b in patrol_areas_serving(area))
    if not beat_ids:
        return False

    from beatbridge.areas.models import OfficerAssignment

    return OfficerAssignment.objects.filter(officer=user, beat_id__in=beat_ids).current().exists()


def can_view_meeting(user: Any, meeting: Any) -> bool:
    return True


def can_create_meeting(user: Any) -> bool:
    return is_officer_role(user) or is_admin(user)


def can_manage_meeting(user: Any, meeting: Any) -> bool:
    """Edit, move or cancel: the officers serving it and supervisors/admins."""
    if is_supervisor(user):
        return True
    return is_officer_role(user) and _serves(user, meeting)


def can_run_meeting(user: Any, meeting: Any) -> bool:
    """Sign-in sheet, agenda, minutes drafts, proposals: officers and the resident facilitator."""
    if not is_signed_in(user):
        return False
    if can_manage_meeting(user, meeting):
        return True
    return meeting.host_facilitator_id is not None and meeting.host_facilitator_id == user.pk


def can_manage_series(user: Any, series: Any) -> bool:
    if is_supervisor(user):
        return True
    return is_officer_role(user) and (
        series.host_officer_id == user.pk or series.created_by_id == user.pk
    )


def can_rsvp(user: Any, meeting: Any) -> bool:
    """Anyone, with or without an account, until the meeting starts (not once cancelled): a
    meeting under way or with results recorded never shows an open "I'm coming" form."""
    return not meeting.is_cancelled and not meeting.has_started


def can_view_rsvps(user: Any, meeting: Any) -> bool:
    return can_run_meeting(user, meeting)


def can_take_attendance(user: Any, meeting: Any) -> bool:
    return can_run_meeting(user, meeting)


def can_propose_agenda_item(user: Any, meeting: Any) -> bool:
    return is_signed_in(user) and not meeting.is_cancelled and not meeting.is_past


def can_decide_proposal(user: Any, meeting: Any) -> bool:
    return can_run_meeting(user, meeting)


def can_edit_agenda(user: Any, meeting: Any) -> bool:
    return can_run_meeting(user, meeting)


def can_view_agenda(user: Any, agenda: Any) -> bool:
    return agenda.is_published or can_run_meeting(user, agenda.meeting)


def can_write_minutes(user: Any, meeting: Any) -> bool:
    return can_run_meeting(user, meeting)


def can_approve_minutes(user: Any, meeting: Any) -> bool:
    """Publishing needs an officer's approval: facilitators draft, police staff approve."""
    return can_manage_meeting(user, meeting)


def can_view_minutes(user: Any, minutes: Any) -> bool:
    return minutes.is_published or can_run_meeting(user, minutes.meeting)


def can_view_demographics(user: Any, meeting: Any) -> bool:
    return can_run_meeting(user, meeting)


def can_record_walkthrough(user: Any, meeting: Any) -> bool:
    return can_manage_meeting(user, meeting)


def can_record_workshop(user: Any, meeting: Any) -> bool:
    return can_run_meeting(user, meeting)


def owns_action_item(user: Any, item: Any) -> bool:
    """The minutes' action item is this person's, or their partner organization's."""
    from beatbridge.accounts.permissions import is_partner

    if not is_signed_in(user):
        return False
    if item.owner_user_id is not None and item.owner_user_id == user.pk:
        return True
    return (
        item.owner_organization_id is not None
        and is_partner(user)
        and user.organizations.filter(pk=item.owner_organization_id).exists()
    )


def can_complete_action_item(user: Any, item: Any) -> bool:
    """Its owner, or whoever runs the meeting, marks a minutes' action item done (or open)."""
    return owns_action_item(user, item) or can_run_meeting(user, item.minutes.meeting)
