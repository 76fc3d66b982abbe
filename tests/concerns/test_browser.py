"""Journey: a visitor reports a concern anonymously on the map, then reads an officer's
update through the secret tracking link."""

import pytest

from beatbridge.concerns import services
from beatbridge.concerns.models import Concern

from .conftest import IN_B111


@pytest.mark.browser
def test_anonymous_report_on_map_then_read_update(
    browser_page, transactional_db, categories, officer
):
    existing = services.submit_concern(
        category="noise",
        description="Bass from the corner house",
        lon=IN_B111[0] + 0.0004,
        lat=IN_B111[1],
    )
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/concerns/new/")
    page.select_option("#id_category", label="Noise")
    page.fill("#id_description", "Loud music every night after midnight")
    page.wait_for_function("() => window.concernMap !== undefined")
    page.locator("#pick-map").scroll_into_view_if_needed()
    point = page.evaluate(
        "([lat, lon]) => { const m = window.concernMap;"
        " m.setView([lat, lon], 16, {animate: false});"
        " const p = m.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
        [IN_B111[1], IN_B111[0]],
    )
    page.locator("#pick-map").click(position={"x": point[0], "y": point[1]})
    assert abs(float(page.input_value("#id_lat")) - IN_B111[1]) < 0.0005
    # The similar-reports fragment appears as soon as category and place are known.
    page.wait_for_selector(f"#similar a[href='/concerns/{existing.pk}/']")
    page.check("#id_anonymous")
    assert page.locator("#contact-fields").is_hidden()
    page.click("#submit-concern")
    page.wait_for_selector("#tracking-link")
    link = page.inner_text("#tracking-link").strip()

    concern = Concern.objects.exclude(pk=existing.pk).get()
    assert concern.is_anonymous and concern.submitted_by is None and concern.contact_email == ""
    assert concern.beat.code == "0111"
    assert link.endswith(f"/concerns/track/#{concern.tracking_token}")
    services.acknowledge_concern(concern, by=officer)
    services.add_update(concern, by=officer, text="We will patrol your block this weekend.")

    # The token is in the fragment: the page's script sends it by POST and drops it from the
    # address bar; the server never sees it in a URL.
    page.goto(link)
    page.wait_for_selector("#concern-status")
    assert "We will patrol your block this weekend." in page.inner_text("main")
    assert page.inner_text("#concern-status") == "Acknowledged"
    assert concern.tracking_token not in page.url
    # The submitter replies from the page: the token goes along in the form, not the URL.
    page.fill("#id_text", "Thank you, it is quieter already.")
    page.click("#reply-heading ~ form button[type=submit]")
    page.wait_for_selector("text=Your reply was sent to the officers.")
    assert concern.tracking_token not in page.url
    assert "Thank you, it is quieter already." in page.inner_text("main")
