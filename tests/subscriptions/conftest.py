"""Fixtures for notification tests: subscribers, and the concern/meeting helpers."""

import pytest

from beatbridge.subscriptions.services import set_area_topics, subscriber_for
from tests.concerns.conftest import categories, make_concern, noise  # noqa: F401
from tests.meetings.conftest import make_meeting  # noqa: F401


@pytest.fixture
def beat_subscriber(resident, city):
    """Rosa follows beat 0111 for announcements and urgent alerts (email + in-app)."""
    sub = subscriber_for(resident)
    set_area_topics(sub, city["b111"], ["announcements", "urgent_alerts"])
    return sub


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Execute on-commit callbacks (sending) as the test's transaction never commits."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
