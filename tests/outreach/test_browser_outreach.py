"""Browser: a visitor reads the neighborhood page's announcements and follows one to its
share panel, on a phone and a desktop; feed links are discoverable in the page head."""

import os

import pytest

from beatbridge.outreach import demo, services

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("OUTREACH_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_neighborhood_page_and_announcement(browser_page, officer, supervisor, city):
    demo.load_resources(out=lambda *_: None)
    services.update_officer_profile(
        officer, by=officer, languages="English, Spanish", about="Beat 0111 since 2020."
    )
    services.post_announcement(
        by=supervisor,
        title="Heat advisory: cooling centers open",
        body="Libraries and park field houses are open as cooling centers until 9 pm.",
        category="safety_alert",
        is_citywide=True,
    )
    a = services.post_announcement(
        by=officer,
        title="Street fair on River St this Saturday",
        body="Food, music and a bike safety check from noon to 6 pm. River St is closed to cars.",
        category="event",
        areas=[city["riverside"]],
    )
    page = browser_page
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(page.base_url + "/areas/neighborhood/1/")
        feeds = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
        assert feeds.count() >= 2
        assert page.locator("#announcements-heading").is_visible()
        _shot(page, f"neighborhood-{width}")
        page.get_by_role("link", name="Street fair on River St this Saturday").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/outreach/announcements/{a.pk}/")
        short = page.locator("#share-short").input_value()
        assert len(short) <= 280 and short.endswith(f"/outreach/announcements/{a.pk}/")
        _shot(page, f"announcement-{width}")
        page.goto(page.base_url + "/outreach/resources/?q=policia")
        assert page.get_by_role("link", name="Sus derechos si lo detiene la policía").is_visible()
        _shot(page, f"resources-{width}")


def test_outreach_pages_pass_axe(browser_page, officer, city):
    from tests.web.test_accessibility import axe_violations

    demo.load_resources(out=lambda *_: None)
    a = services.post_announcement(
        by=officer, title="Street fair", body="Saturday.", category="event", areas=[city["b111"]]
    )
    pages = [
        "/outreach/announcements/",
        f"/outreach/announcements/{a.pk}/",
        "/outreach/resources/?q=home",
        "/outreach/resources/home-security-checklist/",
        "/outreach/share/neighborhood/1/",
    ]
    for url in pages:
        assert axe_violations(browser_page, url) == [], url
