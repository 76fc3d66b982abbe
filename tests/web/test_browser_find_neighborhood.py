"""A visitor finds their neighborhood on the home page and sees its officers (real browser)."""

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_finds_neighborhood_and_sees_officers(browser_page, city, officer):
    page = browser_page
    page.goto(page.base_url + "/")
    page.get_by_label("Neighborhood, address, crossing streets or ZIP code").fill("Riverside")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/areas/neighborhood/1/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Riverside")
    officers = page.locator("[data-beat='0111'] .officer-name")
    assert officers.all_inner_texts() == ["Officer Olivia"]
    # The map is drawn from the bundled Leaflet (no CDN): the area outline is on it.
    page.wait_for_selector("#area-map path.leaflet-interactive", timeout=10000)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_clicks_neighborhood_on_map(browser_page, city):
    page = browser_page
    page.goto(page.base_url + "/")
    page.wait_for_selector("#home-map path.leaflet-interactive", timeout=10000)
    page.locator("#home-map path.leaflet-interactive").first.click(force=True)
    page.wait_for_url("**/areas/neighborhood/*/")
    assert page.get_by_role("heading", level=1).inner_text() in ("Riverside", "Hilltop")
