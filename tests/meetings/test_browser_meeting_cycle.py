"""The meeting cycle in a real browser: a resident RSVPs, the officer takes attendance,
reports back on a priority and publishes the minutes, and the resident sees "you said, we
did" on the neighborhood page."""

import datetime as dt

import pytest
from django.utils import timezone

from beatbridge.meetings import services
from beatbridge.priorities import services as priority_services


def login(page, email):
    from beatbridge.accounts.models import User
    from tests.conftest import browser_login

    browser_login(page, User.objects.get(email=email))  # staff then type their TOTP code


def logout(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_rsvp_attendance_minutes_and_you_said_we_did(browser_page, city, officer, resident):
    start = (timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0)
    meeting = services.schedule_meeting(
        areas=[city["b111"], city["riverside"]],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1, minutes=30),
        by=officer,
        kind="beat_meeting",
        title="Beat 0111 community meeting",
        address="Riverside Library",
        capacity=30,
    )
    priority = priority_services.propose_priority(
        city["b111"],
        title="Speeding on River Road",
        description="Cars race past the school",
        by=resident,
    )
    priority_services.confirm_priorities(city["b111"], chosen=[priority], by=officer)
    page = browser_page

    # A resident RSVPs.
    login(page, resident.email)
    page.goto(f"{page.base_url}/meetings/{meeting.pk}/")
    assert page.get_by_label("Your name").input_value() == "Rosa Resident"
    page.get_by_role("button", name="I'm coming").click()
    page.wait_for_load_state()
    assert "You're coming" in page.locator(".messages").inner_text()
    logout(page)

    # The meeting begins (results are recorded only from then on); the officer takes
    # attendance: ticks the resident and adds a walk-in.
    from .conftest import started

    started(meeting)
    login(page, officer.email)
    page.goto(f"{page.base_url}/meetings/{meeting.pk}/sign-in/")
    page.get_by_label("Rosa Resident").check()
    page.locator("#id_walkin-0-name").fill("Walter Walk-in")
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state()
    assert page.locator("#attended-count").inner_text() == "2"

    # Minutes: decisions, a report-back on the priority, approval.
    page.goto(f"{page.base_url}/meetings/{meeting.pk}/minutes/")
    page.locator("#id_m-decisions").fill("Keep speeding on River Road as a priority.")
    page.get_by_role("button", name="Save minutes").click()
    page.wait_for_load_state()
    form = page.locator(f"article[aria-labelledby='prio-{priority.pk}'] form")
    form.locator(f"#id_p{priority.pk}-what_was_done").fill("Speed trailer and 40 citations")
    form.locator(f"#id_p{priority.pk}-done_by").fill("Officer Olivia and CDOT")
    form.locator(f"#id_p{priority.pk}-outcome").select_option("better")
    form.get_by_role("button", name="Record report-back").click()
    page.wait_for_load_state()
    assert "Report-back recorded" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Approve and publish").click()
    page.wait_for_load_state()
    assert "Keep speeding on River Road" in page.locator("main").inner_text()
    logout(page)

    # The resident sees the published minutes and "you said, we did".
    login(page, resident.email)
    page.goto(f"{page.base_url}/meetings/{meeting.pk}/")
    assert "Attendance:" in page.content() and "Speed trailer and 40 citations" in page.content()
    page.goto(f"{page.base_url}/areas/neighborhood/1/")
    item = page.locator(f"[data-priority='{priority.pk}']")
    assert "Speeding on River Road" in item.inner_text()
    assert "We did: Speed trailer and 40 citations" in item.locator(".report-back").inner_text()
    assert "Better" in item.inner_text()
    # The page announces its calendar feed.
    feed = page.locator("head link[rel=alternate][type='text/calendar']")
    assert feed.get_attribute("href") == "/meetings/feeds/area/neighborhood/1.ics"
