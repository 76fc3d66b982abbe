"""The Content-Security-Policy in a real browser (issue 16, item 6): the key pages run with
no violation (no inline script or style is left) and their maps and htmx still work."""

import pytest

from tests.analysis.conftest import make_incident, offense  # noqa: F401 (fixtures)
from tests.analysis.test_hotspots import incidents  # noqa: F401 (fixture)
from tests.concerns.conftest import categories  # noqa: F401 (fixture)

# Recorded before any page script runs (an init script is not subject to the page's CSP).
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " at " +
    (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


class CSPWatch:
    """Collects the policy violations a page reports (events and console messages)."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(WATCH)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console.append(f"page error: {exc}"))

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def violations(self):
        events = self.page.evaluate("() => window.__csp || []")
        found, self.console = [*events, *self.console], []
        return found


def visit(page, url, ready):
    page.goto(page.base_url + url)
    page.wait_for_load_state("load")
    if ready:
        page.wait_for_selector(ready, timeout=10000)
    page.wait_for_timeout(150)  # late violations (fetches, htmx) are reported too


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("incidents")
def test_key_pages_run_under_the_strict_policy(browser_page, city, live_server):
    page = browser_page
    watch = CSPWatch(page)
    pages = [
        ("/", "#home-map path.leaflet-interactive"),
        ("/areas/neighborhood/1/", "#area-map path.leaflet-interactive"),
        ("/concerns/", "#concern-map.leaflet-container"),
        ("/insights/hotspots/", "#hotspot-map path.leaflet-interactive"),
        ("/insights/near-repeat/", "main h1"),
        ("/data/city/", "#incident-map path.leaflet-interactive"),
        ("/admin/login/", "#login-form"),
        ("/api/v1/meetings/", "body"),  # DRF's browsable API, if enabled
    ]
    for url, ready in pages:
        visit(page, url, ready)
        assert watch.violations() == [], url
    response = page.request.get(page.base_url + "/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("categories")
def test_concern_form_map_and_htmx_work_under_the_policy(browser_page, city):
    page = browser_page
    watch = CSPWatch(page)
    visit(page, "/concerns/new/", "#pick-map.leaflet-container")
    with page.expect_response("**/concerns/similar/**") as similar:
        page.select_option("#id_category", index=1)
    assert similar.value.status == 200
    page.locator("#pick-map").click(position={"x": 120, "y": 90})
    assert page.input_value("#id_lat") and page.input_value("#id_lon")
    assert page.locator("#location-status").inner_text() == "Place chosen on the map."
    assert page.locator("head style").count() == 0  # htmx added no <style>
    assert watch.violations() == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_and_api_docs_load(browser_page, city, admin_user):
    from tests.conftest import browser_login

    page = browser_page
    watch = CSPWatch(page)
    browser_login(page, admin_user)
    visit(page, "/admin/", "#content-main")
    visit(page, "/admin/meetings/meeting/add/", "#meeting_form")
    assert watch.violations() == []
    # Swagger UI and Redoc start with an inline script: their pages alone allow it.
    visit(page, "/api/docs/", "#swagger-ui .info")
    assert watch.violations() == []
    visit(page, "/api/redoc/", "h1")
    # Redoc's template also asks for Google's fonts and Redoc's logo: third-party requests
    # stay blocked (the page falls back to local fonts).
    third_party = ("fonts.googleapis.com", "cdn.redoc.ly")
    assert [v for v in watch.violations() if not any(h in v for h in third_party)] == []
