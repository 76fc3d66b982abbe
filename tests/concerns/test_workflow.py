"""The status workflow: named verbs, the transition table, and who may use them."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from beatbridge.accounts.models import ActivityEntry
from beatbridge.concerns import services
from beatbridge.concerns.models import CloseReason, ConcernStatus, UpdateKind

from .conftest import IN_B111, IN_B112

S = ConcernStatus


def test_full_happy_path_by_beat_officer(make_concern, officer, django_capture_on_commit_callbacks):
    concern = make_concern(contact_email="n@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.acknowledge_concern(concern, by=officer)
        services.start_work(concern, by=officer, note="Extra patrols tonight.")
        services.refer_concern(concern, by=officer, to="Streets and Sanitation")
        services.resolve_concern(concern, by=officer)
        services.close_concern(concern, by=officer)
    concern.refresh_from_db()
    assert concern.status == S.CLOSED
    assert concern.referred_to == "Streets and Sanitation"
    assert concern.first_response_at and concern.resolved_at and concern.closed_at
    statuses = list(
        concern.updates.filter(kind=UpdateKind.STATUS).values_list("new_status", flat=True)
    )
    assert statuses == [
        "submitted",
        "acknowledged",
        "in_progress",
        "referred",
        "resolved",
        "closed",
    ]
    assert concern.updates.get(new_status="in_progress").text == "Extra patrols tonight."
    assert len(mail.outbox) == 5
    assert all(m.to == ["n@example.org"] for m in mail.outbox)
    verbs = set(
        ActivityEntry.objects.filter(target_id=str(concern.pk)).values_list("verb", flat=True)
    )
    assert {"concern.acknowledged", "concern.referred", "concern.resolved"} <= verbs


@pytest.mark.parametrize("role", ["resident", "partner", "analyst", "other_district_officer"])
def test_roles_that_may_not_change_status(make_concern, personas, role):
    concern = make_concern()
    with pytest.raises(PermissionDenied):
        services.acknowledge_concern(concern, by=personas[role])
    with pytest.raises(PermissionDenied):
        services.add_update(concern, by=personas[role], text="hi")
    concern.refresh_from_db()
    assert concern.status == S.SUBMITTED


def test_anonymous_visitor_may_not_change_status(make_concern, anon):
    with pytest.raises(PermissionDenied):
        services.acknowledge_concern(make_concern(), by=anon)


def test_officer_of_another_beat_in_same_district_is_refused(make_concern, officer):
    with pytest.raises(PermissionDenied):
        services.acknowledge_concern(make_concern(where=IN_B112), by=officer)


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_supervisors_and_admins_triage_everywhere(make_concern, personas, role):
    concern = services.acknowledge_concern(make_concern(where=IN_B112), by=personas[role])
    assert concern.status == S.ACKNOWLEDGED


def test_invalid_transitions_are_refused(make_concern, officer):
    concern = make_concern()
    with pytest.raises(ValidationError) as exc:
        services.close_concern(concern, by=officer)  # closing needs resolving first
    assert "status" in exc.value.message_dict
    services.reject_concern(concern, by=officer, reason="Private dispute, not public safety")
    with pytest.raises(ValidationError):
        services.start_work(concern, by=officer)
    concern.refresh_from_db()
    assert concern.status == S.REJECTED
    assert concern.rejection_reason == "Private dispute, not public safety"


def test_reject_needs_reason_and_refer_needs_a_name(make_concern, officer):
    concern = make_concern()
    with pytest.raises(ValidationError):
        services.reject_concern(concern, by=officer, reason="  ")
    with pytest.raises(ValidationError):
        services.refer_concern(concern, by=officer, to="")


def test_duplicate_links_to_the_root_original(make_concern, officer):
    first, second, third = make_concern(), make_concern(), make_concern()
    services.mark_duplicate(second, by=officer, original=first)
    services.mark_duplicate(third, by=officer, original=second)
    third.refresh_from_db()
    assert third.status == S.DUPLICATE and third.duplicate_of == first
    with pytest.raises(ValidationError):
        services.mark_duplicate(first, by=officer, original=third)  # root is itself


def test_close_without_fix_needs_an_honest_reason(make_concern, officer):
    concern = make_concern()
    with pytest.raises(ValidationError):
        services.close_without_fix(concern, by=officer, reason="because")
    services.close_without_fix(concern, by=officer, reason=CloseReason.NOT_POLICE_MATTER)
    concern.refresh_from_db()
    assert concern.status == S.CLOSED_UNFIXED
    assert concern.resolved_at is None  # never counted as fixed
    assert "Not a police matter" in concern.updates.last().text


def test_internal_note_stays_internal(make_concern, officer, django_capture_on_commit_callbacks):
    concern = make_concern(contact_email="n@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_update(
            concern, by=officer, text="Known address; check with vice.", public=False
        )
    assert mail.outbox == []
    note = concern.updates.get(kind=UpdateKind.NOTE)
    assert note.is_public is False
    concern.refresh_from_db()
    assert concern.first_response_at is None  # an internal note is not a response


def test_assign_and_bulk_acknowledge(make_concern, officer, supervisor, resident):
    mine = [make_concern(), make_concern()]
    other = make_concern(where=IN_B112)
    assert services.bulk_acknowledge([*mine, other], by=officer) == 2
    other.refresh_from_db()
    assert other.status == S.SUBMITTED
    services.assign_concern(mine[0], by=supervisor, officer=officer)
    mine[0].refresh_from_db()
    assert mine[0].assigned_to == officer
    with pytest.raises(ValidationError):
        services.assign_concern(mine[0], by=supervisor, officer=resident)
    with pytest.raises(PermissionDenied):
        services.assign_concern(other, by=officer, officer=officer)


def test_overdue_means_no_first_response_within_target(make_concern, officer):
    import datetime as dt

    from django.utils import timezone

    concern = make_concern()
    hours = concern.category.response_target_hours
    later = timezone.now() + dt.timedelta(hours=hours + 1)
    assert services.is_overdue(concern, later)
    assert not services.is_overdue(concern)
    services.acknowledge_concern(concern, by=officer)
    concern.refresh_from_db()
    assert not services.is_overdue(concern, later)


def test_in_beat_point_is_in_officers_beat(make_concern, officer):
    assert make_concern(where=IN_B111).beat.code == "0111"
