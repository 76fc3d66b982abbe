"""Who may do what on a project: every role on every action."""

import pytest
from django.core.exceptions import PermissionDenied

from beatbridge.projects import permissions, services
from beatbridge.projects.models import ActionStatus

ROLES = [
    "anon",
    "resident",
    "partner",
    "officer",
    "other_district_officer",
    "supervisor",
    "analyst",
    "admin",
]


def _user(name, personas, anon):
    return anon if name == "anon" else personas[name]


@pytest.mark.parametrize(
    "role,may",
    [
        ("anon", False),
        ("resident", False),
        ("partner", False),
        ("officer", True),
        ("other_district_officer", False),
        ("supervisor", True),
        ("analyst", False),
        ("admin", True),
    ],
)
def test_manage_project(role, may, project, personas, anon):
    user = _user(role, personas, anon)
    assert permissions.can_manage_project(user, project) is may
    assert permissions.can_create_project(user, project.areas.first()) is may
    if may:
        services.update_project(project, stage="analysis", by=user)
        project.refresh_from_db()
        assert project.stage == "analysis"
    else:
        with pytest.raises(PermissionDenied):
            services.update_project(project, stage="analysis", by=user)
        with pytest.raises(PermissionDenied):
            services.add_action_item(project, title="x", by=user)


@pytest.mark.parametrize(
    "role,may",
    [
        ("anon", False),
        ("resident", False),
        ("partner", True),
        ("officer", True),
        ("other_district_officer", False),
        ("supervisor", True),
        ("analyst", False),
        ("admin", True),
    ],
)
def test_update_item_owned_by_organization(role, may, org_item, personas, anon):
    """Only the organization's members (and the project's officers) update its item."""
    user = _user(role, personas, anon)
    assert permissions.can_update_action_item(user, org_item) is may
    if may:
        services.update_action_item(org_item, status=ActionStatus.DONE, note="Done", by=user)
        org_item.refresh_from_db()
        assert org_item.status == "done"
        assert org_item.notes.get().text == "Done"
    else:
        with pytest.raises(PermissionDenied):
            services.update_action_item(org_item, status=ActionStatus.DONE, by=user)


@pytest.mark.parametrize(
    "role,may",
    [
        ("anon", False),
        ("resident", True),
        ("partner", False),
        ("officer", True),
        ("other_district_officer", False),
        ("supervisor", True),
        ("analyst", False),
        ("admin", True),
    ],
)
def test_update_item_assigned_to_resident(role, may, resident_item, personas, anon):
    user = _user(role, personas, anon)
    assert permissions.can_update_action_item(user, resident_item) is may


def test_partner_of_another_org_cannot_update(org_item, other_org):
    other = other_org.members.get()
    assert not permissions.can_update_action_item(other, org_item)
    with pytest.raises(PermissionDenied):
        services.update_action_item(org_item, note="mine now", by=other)


@pytest.mark.parametrize(
    "role,internal",
    [
        ("anon", False),
        ("resident", False),
        ("partner", False),
        ("officer", True),
        ("other_district_officer", False),
        ("supervisor", True),
        ("analyst", True),
        ("admin", True),
    ],
)
def test_view_internal_and_private_project(role, internal, project, personas, anon):
    user = _user(role, personas, anon)
    assert permissions.can_view_internal(user, project) is internal
    assert permissions.can_view_project(user, project)  # public
    services.update_project(project, is_public=False, by=personas["officer"])
    assert permissions.can_view_project(user, project) is internal


def test_team_member_resident_sees_internal(project, officer, resident, org, partner):
    services.add_team_member(project, user=resident, role="resident", by=officer)
    services.add_team_member(project, organization=org, role="partner", by=officer)
    assert permissions.can_view_internal(resident, project)
    assert permissions.can_view_internal(partner, project)


def test_private_item_hidden_from_public(project, officer, anon, resident):
    item = services.add_action_item(project, title="Stake-out", is_public=False, by=officer)
    assert not permissions.can_view_action_item(anon, item)
    assert not permissions.can_view_action_item(resident, item)
    assert permissions.can_view_action_item(officer, item)
