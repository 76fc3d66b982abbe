"""Fixtures for meetings tests: a beat meeting for beat 0111 and helpers to make more."""

import datetime as dt

import pytest
from django.utils import timezone

from beatbridge.meetings import services
from beatbridge.meetings.models import MeetingKind


def confirmed_rsvp(meeting, **kwargs):
    """An RSVP whose owner followed the emailed confirmation link (as most tests need)."""
    reservation = services.rsvp(meeting, **kwargs)
    if not reservation.needs_confirmation:
        return reservation
    return services.confirm_rsvp(services.confirmation_token(reservation))


def local(y, m, d, hh=18, mm=30):
    return dt.datetime(y, m, d, hh, mm, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def make_meeting(city, officer):
    def make(*, starts_at=None, hours=1.5, areas=None, by=None, **details):
        starts_at = starts_at or (timezone.now() + dt.timedelta(days=7)).replace(
            second=0, microsecond=0
        )
        details.setdefault("kind", MeetingKind.BEAT_MEETING)
        details.setdefault("title", "Beat 0111 meeting")
        details.setdefault("address", "1 Main St")
        return services.schedule_meeting(
            areas=areas or [city["b111"]],
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=hours),
            by=by or officer,
            **details,
        )

    return make


@pytest.fixture
def meeting(make_meeting):
    return make_meeting(capacity=2, lon=-87.695, lat=41.805)


@pytest.fixture
def category(db):
    from beatbridge.concerns.models import Category

    return Category.objects.get_or_create(
        code="graffiti", defaults={"name_en": "Graffiti", "name_es": "Grafiti"}
    )[0]


def started(meeting):
    """Move the meeting to have begun an hour ago (results are recorded only from then on)."""
    now = timezone.now()
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1)
    )
    meeting.refresh_from_db()
    return meeting
