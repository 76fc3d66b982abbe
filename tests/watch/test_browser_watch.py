"""A member opens the group page on a phone and a desktop and signs up for a walk."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from beatbridge.watch import services
from tests.conftest import browser_login

SHOTS = os.environ.get("WATCH_SCREENSHOTS", "")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_signs_up_for_a_walk(browser_page, member_group, neighbor, resident):
    group = member_group
    slot = services.add_patrol_slot(
        group, weekday=3, start_time=dt.time(19), minutes=60, meeting_point="Corner", by=resident
    )
    start = timezone.now() + dt.timedelta(days=5)
    services.add_event(
        group,
        title="Watch meeting",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        location="Library",
        by=resident,
    )
    services.post_announcement(group, title="Welcome", body="First walk next week.", by=resident)
    page = browser_page
    if SHOTS:
        page.goto(page.base_url + group.get_absolute_url())
        page.screenshot(path=f"{SHOTS}/watch-public-1280.png", full_page=True)
    browser_login(page, neighbor)
    page.goto(page.base_url + group.get_absolute_url())
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/watch-member-1280.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{SHOTS}/watch-member-390.png", full_page=True)
    page.get_by_role("button", name="Sign up").first.click()
    page.wait_for_load_state()
    assert "You are signed up" in page.content()
    assert slot.signups.filter(user=neighbor).count() == 1
