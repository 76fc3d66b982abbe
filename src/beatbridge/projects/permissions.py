"""Who may do what with problem-solving projects.

- Officers serving one of the project's areas, officers on its team, supervisors and admins
  manage it: stage, analysis, team, evidence, action items, assessments.
- A partner organization's members update only the action items their organization owns; a
  resident (or any person) only the items assigned to them. Neither needs a staff account.
- Analysts read every project (not tips).
- Everyone else sees the public parts of public projects only. Tips are never public and are
  shown only to staff who may read that tip in the tip inbox.
"""

from __future__ import annotations

from typing import Any

from beatbridge.accounts.permissions import (
    is_admin,
    is_analyst,
    is_officer_role,
    is_partner,
    is_signed_in,
    is_supervisor,
)
from beatbridge.priorities.permissions import serves_area


def can_create_project(user: Any, area: Any) -> bool:
    if is_supervisor(user) or is_admin(user):
        return True
    return serves_area(user, area)


def can_manage_project(user: Any, project: Any) -> bool:
    if is_supervisor(user) or is_admin(user):
        return True
    if not is_officer_role(user):
        return False
    if project.team.filter(user=user).exists():
        return True
    return any(serves_area(user, area) for area in project.areas.all())


def is_team_member(user: Any, project: Any) -> bool:
    if not is_signed_in(user):
        return False
    if project.team.filter(user=user).exists():
        return True
    return project.team.filter(organization__membership__user=user).exists()


def can_view_internal(user: Any, project: Any) -> bool:
    """Private notes, private action items, the activity log, non-public evidence."""
    return can_manage_project(user, project) or is_analyst(user) or is_team_member(user, project)


def can_view_project(user: Any, project: Any) -> bool:
    return project.is_public or can_view_internal(user, project)


def can_view_tip_evidence(user: Any, tip: Any) -> bool:
    from beatbridge.concerns.tips.permissions import can_view_tip

    return can_view_tip(user, tip)


def owns_action_item(user: Any, item: Any) -> bool:
    """The item is assigned to this person, or to a partner organization they belong to."""
    if not is_signed_in(user):
        return False
    if item.owner_user_id is not None and item.owner_user_id == user.pk:
        return True
    if item.owner_organization_id is None or not is_partner(user):
        return False
    return item.owner_organization.membership_set.filter(user=user).exists()


def can_update_action_item(user: Any, item: Any) -> bool:
    """Status and progress notes."""
    return can_manage_project(user, item.project) or owns_action_item(user, item)


def can_view_action_item(user: Any, item: Any) -> bool:
    if item.is_public and item.project.is_public:
        return True
    return can_view_internal(user, item.project) or owns_action_item(user, item)


def visible_projects(user: Any):
    """The projects ``user`` may open: public ones, and those whose internals they may see."""
    from django.db.models import Q

    from beatbridge.areas.models import Area

    from .models import Project

    if is_supervisor(user) or is_admin(user) or is_analyst(user):
        return Project.objects.all()
    q = Q(is_public=True)
    if is_signed_in(user):
        q |= Q(team__user=user) | Q(team__organization__membership__user=user)
    if is_officer_role(user):
        served = [
            a.pk
            for a in Area.objects.filter(projects__isnull=False).distinct()
            if serves_area(user, a)
        ]
        q |= Q(areas__in=served)
    return Project.objects.filter(q).distinct()


def visible_action_items(user: Any):
    from django.db.models import Q

    from .models import ActionItem

    internal = [p.pk for p in visible_projects(user) if can_view_internal(user, p)]
    q = Q(is_public=True, project__is_public=True) | Q(project_id__in=internal)
    if is_signed_in(user):
        q |= Q(owner_user=user)
        if is_partner(user):
            q |= Q(owner_organization__membership__user=user)
    return ActionItem.objects.filter(q).distinct()
