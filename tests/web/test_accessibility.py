"""WCAG 2.1 A/AA checks with axe-core in a real browser (Debian chromium)."""

from pathlib import Path

import pytest

AXE = (Path(__file__).parent.parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGES = [
    "/",
    "/?q=zzz",
    "/areas/neighborhood/1/",
    "/areas/beat/0111/",
    "/areas/district/1/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password-reset/",
    "/accounts/organizations/",
    "/about/",
]


def axe_violations(page, url):
    page.goto(page.base_url + url)
    page.wait_for_load_state("load")
    page.evaluate(AXE)  # not a <script> tag: the CSP allows no inline script
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(
            n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
            for n in v["nodes"][:3]
        )
        for v in result["violations"]
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_pages_have_no_wcag_violations(browser_page, city, officer, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    problems = {}
    for url in PAGES:
        found = axe_violations(page, url)
        if found:
            problems[url] = found
    assert problems == {}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_keyboard_user_reaches_main_content_first(browser_page, city):
    page = browser_page
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Skip to main content" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
