"""Journeys: a visitor subscribes by email on a phone, confirms, and receives the next urgent
alert; a resident manages their notifications. Screenshots go to BEATBRIDGE_SCREENSHOTS."""

import os
import re

import pytest
from django.core import mail

from beatbridge.subscriptions.services import publish, set_area_topics, subscriber_for

SHOTS = os.environ.get("BEATBRIDGE_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.mark.browser
def test_visitor_subscribes_confirms_and_gets_the_urgent_alert(browser_page, city):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/subscriptions/email/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    shot(page, "subscribe-390")
    page.fill("input[name=email]", "visitor@example.org")
    page.select_option("select[name=area]", label="Riverside (Neighborhood)")
    page.locator("input[name=topics][value=urgent_alerts]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/email/sent/")
    (confirmation,) = mail.outbox
    link = re.search(r"http://\S+/subscriptions/confirm/\S+/", confirmation.body).group(0)
    path = link.split("/subscriptions/", 1)[1]
    page.goto(page.base_url + "/subscriptions/" + path)
    shot(page, "confirm-390")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/confirmed/")
    mail.outbox.clear()
    publish(
        topic="urgent_alerts",
        areas=[city["riverside"]],
        subject="Flood warning for Riverside",
        text="Move cars off River Rd tonight.",
        url="/",
        urgent=True,
        source_key="browser:flood",
    )
    assert [m.subject for m in mail.outbox] == ["Flood warning for Riverside"]
    assert mail.outbox[0].to == ["visitor@example.org"]
    unsubscribe = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(page.base_url + "/subscriptions/" + unsubscribe.split("/subscriptions/", 1)[1])
    shot(page, "unsubscribe-390")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/unsubscribed/")


@pytest.mark.browser
def test_resident_manages_notifications(browser_page, resident, city):
    from tests.conftest import browser_login

    sub = subscriber_for(resident)
    set_area_topics(sub, city["b111"], ["announcements", "urgent_alerts"])
    set_area_topics(sub, None, ["monthly_statistics"])
    publish(
        topic="announcements",
        areas=[city["b111"]],
        subject="Street fair on Saturday",
        text="Main St closes from 10 to 4.",
        url="/",
    )
    page = browser_page
    browser_login(page, resident)
    for width, height in [(1280, 900), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(page.base_url + "/subscriptions/")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        shot(page, f"settings-{width}")
        page.goto(page.base_url + "/subscriptions/notifications/")
        shot(page, f"notifications-{width}")
    page.locator("main form button[type=submit]").first.click()  # mark all read
    page.wait_for_load_state()
    assert "new" not in page.locator("main").inner_text().split()


@pytest.mark.browser
def test_pages_have_no_serious_accessibility_problems(browser_page, resident, city):
    from tests.conftest import browser_login
    from tests.web.test_accessibility import axe_violations

    page = browser_page
    publish(topic="concern_updates", subject="Update", text="Fixed.", url="/", users=[resident])
    public = ["/subscriptions/email/", "/subscriptions/confirm/x/", "/subscriptions/unsubscribe/x/"]
    problems = {}
    for url in public:
        found = [v for v in axe_violations(page, url) if "(serious)" in v or "(critical)" in v]
        if found:
            problems[url] = found
    browser_login(page, resident)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for url in ["/subscriptions/", "/subscriptions/notifications/"]:
            found = [v for v in axe_violations(page, url) if "(serious)" in v or "(critical)" in v]
            if found:
                problems[f"{url}@{width}"] = found
    assert problems == {}
