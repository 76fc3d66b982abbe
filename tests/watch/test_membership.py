"""The verbs: create, join, approve/decline, leave, remove, transfer, liaison, archive."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from beatbridge.accounts.models import ActivityEntry
from beatbridge.watch import permissions, services
from beatbridge.watch.models import GroupStatus, MemberRole, MemberStatus

pytestmark = pytest.mark.django_db


def test_create_makes_creator_coordinator_and_logs(group, resident):
    m = group.memberships.get()
    assert (m.user, m.role, m.status) == (resident, MemberRole.COORDINATOR, MemberStatus.ACTIVE)
    assert ActivityEntry.objects.filter(verb="watch.created").exists()


def test_create_bad_input(city, resident, anon, category):
    with pytest.raises(ValidationError) as e:
        services.create_group(city["riverside"], name="  ", by=resident)
    assert "name" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.create_group(city["d1"], name="District", by=resident)
    with pytest.raises(PermissionDenied):
        services.create_group(city["riverside"], name="X", by=anon)
    with pytest.raises(ValidationError):
        services.create_group(
            city["riverside"], name="X", categories=[category("11A", True)], by=resident
        )


def test_join_approve_and_twice_is_one_request(group, neighbor, resident):
    m1 = services.request_to_join(group, by=neighbor, message="Hi")
    m2 = services.request_to_join(group, by=neighbor)
    assert m1.pk == m2.pk and m1.status == MemberStatus.PENDING
    assert not permissions.can_view_private(neighbor, group)
    services.decide_request(m1, approve=True, by=resident)
    assert permissions.can_view_private(neighbor, group)
    with pytest.raises(ValidationError):
        services.decide_request(m1, approve=False, by=resident)


def test_decline_and_only_coordinator_decides(group, neighbor, officer, supervisor, resident):
    m = services.request_to_join(group, by=neighbor)
    for who in (neighbor, officer, supervisor):
        with pytest.raises(PermissionDenied):
            services.decide_request(m, approve=True, by=who)
    services.decide_request(m, approve=False, by=resident)
    m.refresh_from_db()
    assert m.status == MemberStatus.DECLINED
    assert not permissions.can_view_private(neighbor, group)


def test_leave_remove_transfer(member_group, neighbor, resident):
    group = member_group
    with pytest.raises(ValidationError):  # last coordinator with members left
        services.leave_group(group, by=resident)
    nm = group.memberships.get(user=neighbor)
    with pytest.raises(PermissionDenied):
        services.remove_member(group.memberships.get(user=resident), by=neighbor)
    with pytest.raises(PermissionDenied):
        services.transfer_coordinator(group, to=nm, by=neighbor)
    services.transfer_coordinator(group, to=nm, by=resident)
    assert permissions.is_coordinator(neighbor, group)
    assert not permissions.is_coordinator(resident, group)
    services.remove_member(group.memberships.get(user=resident), by=neighbor)
    assert not permissions.is_member(resident, group)
    with pytest.raises(PermissionDenied):  # removed people cannot just ask again
        services.request_to_join(group, by=resident)
    services.leave_group(group, by=neighbor)  # last one out
    with pytest.raises(ValidationError):
        services.leave_group(group, by=neighbor)


def test_liaison_rules(group, officer, other_district_officer, supervisor, resident):
    with pytest.raises(PermissionDenied):
        services.assign_liaison(group, officer=other_district_officer, by=other_district_officer)
    with pytest.raises(PermissionDenied):
        services.assign_liaison(group, officer=other_district_officer, by=supervisor)
    with pytest.raises(PermissionDenied):
        services.assign_liaison(group, officer=officer, by=resident)
    services.assign_liaison(group, officer=officer, by=officer)
    assert group.liaison == officer and permissions.is_liaison(officer, group)
    assert permissions.can_view_private(officer, group)
    assert not permissions.can_view_private(other_district_officer, group)
    services.assign_liaison(group, officer=None, by=supervisor)
    assert group.liaison is None


def test_announcements_events_patrols(member_group, neighbor, resident, officer, anon):
    group = member_group
    with pytest.raises(PermissionDenied):
        services.post_announcement(group, title="t", body="b", by=neighbor)
    with pytest.raises(ValidationError):
        services.post_announcement(group, title="", body="b", by=resident)
    services.post_announcement(group, title="Lights", body="Fixed", by=resident)
    services.assign_liaison(group, officer=officer, by=officer)
    start = timezone.now() + dt.timedelta(days=3)
    services.add_event(
        group, title="Meet", starts_at=start, ends_at=start + dt.timedelta(hours=1), by=officer
    )
    with pytest.raises(ValidationError):
        services.add_event(group, title="Bad", starts_at=start, ends_at=start, by=resident)
    slot = services.add_patrol_slot(
        group, weekday=2, start_time=dt.time(19), minutes=60, capacity=1, by=resident
    )
    with pytest.raises(ValidationError):
        services.add_patrol_slot(group, weekday=9, start_time=dt.time(19), minutes=5, by=resident)
    date = slot.next_dates(1)[0]
    services.sign_up_for_patrol(slot, date=date, by=neighbor)
    services.sign_up_for_patrol(slot, date=date, by=neighbor)  # twice: one sign-up
    assert slot.signups.count() == 1
    with pytest.raises(ValidationError):  # full
        services.sign_up_for_patrol(slot, date=date, by=resident)
    with pytest.raises(ValidationError):  # wrong weekday
        services.sign_up_for_patrol(slot, date=date + dt.timedelta(days=1), by=resident)
    with pytest.raises(PermissionDenied):
        services.sign_up_for_patrol(slot, date=date, by=anon)
    assert services.cancel_patrol_signup(slot, date=date, by=neighbor) == 1


def test_archive_inactive(group, resident, neighbor):
    group.last_activity_at = timezone.now() - dt.timedelta(days=400)
    group.save()
    assert services.archive_inactive_groups() == 1
    group.refresh_from_db()
    assert group.status == GroupStatus.ARCHIVED
    assert not permissions.can_request_to_join(neighbor, group)
    services.reopen_group(group, by=resident)
    group.refresh_from_db()
    assert group.is_active


def test_personal_data_export_and_erase(member_group, neighbor):
    from beatbridge.core.personal_data import erasers, exporters

    data = exporters()["watch"](neighbor)
    assert data["memberships"][0]["group"] == "Riverside Watch"
    assert erasers()["watch"](neighbor)["watch memberships"] == 1
    assert not member_group.memberships.filter(user=neighbor).exists()
