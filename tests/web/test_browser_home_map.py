"""A visitor types an address on the home page and the pick map centres there (real browser)."""

import pytest

from beatbridge.areas import geocoder
from tests.conftest import X0, Y0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_map_centres_on_the_typed_address(browser_page, city):
    geocoder.rebuild_gazetteer(
        [("016XX W HOWARD ST", 3, X0 + 0.004, Y0 + 0.005, X0 + 0.006, Y0 + 0.005,
          X0 + 0.005, Y0 + 0.005)]
    )  # fmt: skip
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page.base_url + "/")
    page.get_by_label("Neighborhood, address, crossing streets or ZIP code").fill(
        "1650 W Howard St"
    )
    page.get_by_role("button", name="Search").click()
    label = page.locator("#home-map .leaflet-tooltip", has_text="1650 W Howard St")
    label.wait_for(timeout=10000)
    page.wait_for_timeout(500)  # the view settles
    box = page.locator("#home-map").bounding_box()
    marker = page.locator("#home-map path.leaflet-interactive").last.bounding_box()
    assert abs(marker["x"] + marker["width"] / 2 - (box["x"] + box["width"] / 2)) < 3
    assert abs(marker["y"] + marker["height"] / 2 - (box["y"] + box["height"] / 2)) < 3
    assert errors == []
