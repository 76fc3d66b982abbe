"""Stored DOM XSS on the public meeting page (issue 16, item 6): a walk-through issue
described as ``<img src=x onerror=...>`` reached Leaflet's ``bindTooltip(string)``, which
puts a string in as HTML. Labels are now text, and the page runs under a strict CSP."""

import os
from pathlib import Path

import pytest

from beatbridge.meetings import services
from tests.web.test_browser_csp import CSPWatch

PAYLOAD = "<img src=x onerror=window.__xss=1>"
SHOTS = Path(os.environ.get("BEATBRIDGE_SHOTS_DIR", "/tmp/bb-shots"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_issue_label_is_text_not_html(browser_page, make_meeting, officer, category):
    walk = make_meeting(kind="walk_through", title=f"Walk {PAYLOAD}", lon=-87.695, lat=41.805)
    services.record_route(walk, route="-87.699, 41.801; -87.695, 41.805", by=officer)
    services.record_walkthrough_issue(
        walk, category=category, description=PAYLOAD, lon=-87.697, lat=41.803, by=officer
    )
    page = browser_page
    watch = CSPWatch(page)
    page.goto(f"{page.base_url}/meetings/{walk.pk}/")
    page.wait_for_selector("#meeting-map path.leaflet-interactive")
    marker = page.locator("#meeting-map path.leaflet-interactive").last
    marker.hover(force=True)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == f"Graffiti: {PAYLOAD}"
    assert tooltip.locator("img").count() == 0
    assert page.locator("#meeting-map img[src='x']").count() == 0
    assert page.evaluate("() => window.__xss") is None
    # The marker's title and the list below show the text too.
    assert page.locator(f"#meeting-map [title='Walk {PAYLOAD}']").count() == 1
    assert PAYLOAD in page.locator("#issues-heading + ul").inner_text()
    assert watch.violations() == []

    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(200)
        page.screenshot(path=str(SHOTS / f"meeting-walkthrough-{width}.png"), full_page=True)
    assert page.evaluate("() => window.__xss") is None
