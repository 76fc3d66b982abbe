"""No overbooking when many people RSVP at the same moment (threads, real transactions)."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from beatbridge.meetings import services
from beatbridge.meetings.models import RSVPStatus

from .conftest import confirmed_rsvp

PEOPLE = 12
CAPACITY = 5


def _run_concurrently(func, n):
    barrier = threading.Barrier(n)
    errors = []

    def worker(i):
        try:
            barrier.wait()
            func(i)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_rsvps_never_overbook(city, officer):
    start = timezone.now() + dt.timedelta(days=3)
    meeting = services.schedule_meeting(
        areas=[city["b111"]],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        by=officer,
        kind="beat_meeting",
        title="Busy meeting",
        address="Hall",
        capacity=CAPACITY,
    )
    errors = _run_concurrently(
        lambda i: confirmed_rsvp(meeting, name=f"P{i}", email=f"p{i}@example.org"), PEOPLE
    )
    assert errors == []
    assert meeting.rsvps.filter(status=RSVPStatus.CONFIRMED).count() == CAPACITY
    assert meeting.rsvps.filter(status=RSVPStatus.WAITLISTED).count() == PEOPLE - CAPACITY

    # Concurrent cancellations promote exactly as many as cancelled, never more.
    confirmed = list(meeting.rsvps.filter(status=RSVPStatus.CONFIRMED))
    errors = _run_concurrently(lambda i: services.cancel_rsvp(confirmed[i]), 3)
    assert errors == []
    assert meeting.rsvps.filter(status=RSVPStatus.CONFIRMED).count() == CAPACITY
    assert meeting.rsvps.filter(status=RSVPStatus.WAITLISTED).count() == PEOPLE - CAPACITY - 3
