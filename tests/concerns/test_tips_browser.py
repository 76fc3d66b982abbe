"""In a real browser: a visitor sends an anonymous tip, an officer asks a question, and the
visitor reads it with the code and answers. Set BEATBRIDGE_SCREENSHOTS=dir to keep pictures."""

import os
import re
from pathlib import Path

import pytest

from beatbridge.concerns.models import Tip

SHOTS = os.environ.get("BEATBRIDGE_SCREENSHOTS")
AXE = (Path(__file__).parent.parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _axe(page) -> list[str]:
    """WCAG 2.1 A/AA violations on the page as it is now (after a POST too)."""
    page.evaluate(AXE)  # not a <script> tag: the CSP allows no inline script
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})" for v in result["violations"]]


def _shot(page, name):
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert _axe(page) == [], name
    page.set_viewport_size({"width": 1280, "height": 900})
    if not SHOTS:
        return
    os.makedirs(SHOTS, exist_ok=True)
    for label, size in (
        ("phone", {"width": 390, "height": 844}),
        ("desktop", {"width": 1280, "height": 900}),
    ):
        page.set_viewport_size(size)
        page.screenshot(path=os.path.join(SHOTS, f"tips-{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _login(page, email):
    from beatbridge.accounts.models import User
    from tests.conftest import browser_login

    browser_login(page, User.objects.get(email=email))  # staff then type their TOTP code


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_anonymous_tip_conversation_in_the_browser(browser_page, city, officer, supervisor):
    page = browser_page
    page.goto(page.base_url + "/tips/new/")
    _shot(page, "form")
    page.fill("#id_body", "A grey sedan drops off packages at the corner store every evening.")
    page.fill("#id_location_text", "Riverside")
    page.check("#id_understood")
    page.click("main form button[type=submit]")
    code = page.inner_text("#tip-code").strip()
    assert re.fullmatch(r"[A-Z2-9]{5}(-[A-Z2-9]{5}){3}", code)
    link = page.inner_text(".secret-link").strip()
    assert link == f"{page.base_url}/tips/c/#{code}"  # the code in the fragment, never a path
    _shot(page, "code")
    tip = Tip.objects.get()
    assert tip.is_anonymous and tip.submitted_by is None

    # An officer of the district reads it in the inbox and asks a question.
    staff = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    officer_page = staff.new_page()
    officer_page.base_url = page.base_url
    _login(officer_page, officer.email)
    officer_page.goto(page.base_url + "/tips/inbox/")
    _shot(officer_page, "inbox")
    officer_page.click(f"text=Tip #{tip.pk}")
    officer_page.fill("#id_body", "Thank you. Which store, and around what time?")
    officer_page.click("text=Send to the tipster")
    assert "Which store" in officer_page.content()
    _shot(officer_page, "detail")
    staff.close()

    # The tipster comes back by typing the code.
    page.goto(page.base_url + "/tips/c/")
    _shot(page, "lookup")
    page.fill("#id_code", code.lower())
    page.click("main form button[type=submit]")
    assert "Which store, and around what time?" in page.content()
    page.fill("#id_body", "The one on 5th, around 7pm.")
    page.click("main form button[type=submit]")
    # POST, then back to /tips/c/#CODE, whose script posts the code from the fragment again.
    page.wait_for_selector("text=The one on 5th, around 7pm.")
    _shot(page, "conversation")
    assert tip.messages.filter(from_tipster=True).count() == 1

    # The secret link opens the same conversation: its script posts the code from the
    # fragment and removes it from the address bar.
    page.goto("about:blank")
    page.goto(link)
    page.wait_for_selector("#conv-heading")
    assert "The one on 5th, around 7pm." in page.content()
    assert page.url == page.base_url + "/tips/c/"
