"""axe-core (WCAG 2.1 A/AA) on every public page family and the main staff pages, in Debian's
chromium, at phone and desktop width: no serious or critical violation (issue 13)."""

import pytest

from tests.conftest import browser_login

from .test_accessibility import axe_violations

PUBLIC = [
    "/concerns/",
    "/concerns/new/",
    "/tips/new/",
    "/tips/c/",
    "/meetings/",
    "/projects/",
    "/priorities/area/neighborhood/1/",
    "/data/city/",
    "/insights/",
    "/insights/hotspots/",
    "/insights/near-repeat/",
    "/insights/methods/",
    "/no-such-page/",
]
OFFICER = ["/concerns/triage/", "/tips/inbox/", "/data/engagement/new/", "/insights/trends/"]
SUPERVISOR = ["/insights/balance/", "/priorities/dashboard/", "/surveys/", "/insights/needs/"]


def _serious(page, urls):
    problems = {}
    for url in urls:
        found = [v for v in axe_violations(page, url) if "(serious)" in v or "(critical)" in v]
        assert page.url == page.base_url + url, f"{url} went to {page.url}"  # not a sign-in page
        if found:
            problems[url] = found
    return problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_public_pages_have_no_serious_violations(browser_page, city, officer, width):
    browser_page.set_viewport_size({"width": width, "height": 900})
    assert _serious(browser_page, PUBLIC) == {}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_pages_have_no_serious_violations(browser_page, city, officer, supervisor):
    browser_login(browser_page, officer)
    problems = _serious(browser_page, OFFICER)
    browser_page.context.clear_cookies()
    browser_login(browser_page, supervisor)
    problems |= _serious(browser_page, SUPERVISOR)
    assert problems == {}
