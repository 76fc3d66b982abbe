"""The insight pages in a real browser: the map draws, and axe finds no WCAG violations."""

import os
from pathlib import Path

import pytest

from beatbridge.analysis import services

from .test_balance import enforcement  # noqa: F401 (fixture)
from .test_hotspots import incidents  # noqa: F401 (fixture)
from .test_trends import series  # noqa: F401 (fixture)

SHOTS = Path(__file__).parent.parent.parent / "screenshots"


def _login(page, email):
    from beatbridge.accounts.models import User
    from tests.conftest import browser_login

    browser_login(page, User.objects.get(email=email))  # staff then type their TOTP code


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("incidents", "series", "enforcement")
def test_hotspots_trends_and_balance_pages(browser_page, supervisor):
    from tests.web.test_accessibility import axe_violations

    services.refresh_trend_alerts()
    services.refresh_wedge_alerts()
    page = browser_page
    page.goto(page.base_url + "/insights/hotspots/")
    page.wait_for_selector("#hotspot-map path.leaflet-interactive")
    assert page.locator("#hotspot-map path.leaflet-interactive").count() >= 1
    _login(page, supervisor.email)
    for name, url in (
        ("hotspots", "/insights/hotspots/"),
        ("trends", "/insights/trends/"),
        ("balance", "/insights/balance/1/"),
    ):
        assert axe_violations(page, url) == [], url
        if os.environ.get("BEATBRIDGE_SCREENSHOTS") and SHOTS.is_dir():
            for width, height, tag in ((1280, 900, "desktop"), (390, 844, "phone")):
                page.set_viewport_size({"width": width, "height": height})
                page.goto(page.base_url + url)
                page.wait_for_timeout(300)
                page.screenshot(path=str(SHOTS / f"analysis-test-{name}-{tag}.png"), full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})
    assert "Significant changes" in page.goto(page.base_url + "/insights/trends/").text()
