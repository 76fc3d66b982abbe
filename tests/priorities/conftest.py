import datetime as dt

import pytest
from django.utils import timezone

from beatbridge.meetings import services as meeting_services


@pytest.fixture
def beat_meeting(city, officer):
    def make(days_from_now: float, title="Beat 0111 meeting"):
        start = (timezone.now() + dt.timedelta(days=days_from_now)).replace(microsecond=0)
        return meeting_services.schedule_meeting(
            areas=[city["b111"]],
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            by=officer,
            kind="beat_meeting",
            title=title,
            address="Library",
        )

    return make
