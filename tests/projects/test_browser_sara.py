"""The journey of the issue: an officer starts a project from a priority, gives an action
item to a partner organization, the partner marks it done, and the public page shows it."""

import pytest

from beatbridge.projects.models import ActionItem, Project
from tests.conftest import browser_login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_partner_public_journey(browser_page, officer, partner, org, priority):
    page = browser_page
    browser_login(page, officer)
    page.goto(f"{page.base_url}/priorities/{priority.pk}/")
    page.get_by_role("link", name="Start a problem-solving project").click()
    page.wait_for_load_state()
    page.locator("textarea[name=statement]").fill("Cars broken into at night on River St.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    project = Project.objects.get(priority=priority)
    assert page.url.endswith(f"/projects/{project.pk}/")

    page.locator("#add-item summary").click()
    form = page.locator("#add-item form")
    form.locator("input[name=title]").fill("Evening program in the lot")
    form.locator("select[name=owner_organization]").select_option(label=org.name)
    form.locator("input[name=due_date]").fill("2026-12-20")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    item = ActionItem.objects.get(project=project)
    assert item.owner_organization == org

    page.context.clear_cookies()
    browser_login(page, partner)
    page.goto(f"{page.base_url}/projects/{project.pk}/")
    row = page.locator(f"li[data-item='{item.pk}']")
    row.locator("select[name=status]").select_option("done")
    row.locator("input[name=note]").fill("Runs Monday to Thursday")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.status == "done"

    page.context.clear_cookies()
    page.goto(f"{page.base_url}/projects/{project.pk}/")
    public = page.locator(f"li[data-item='{item.pk}']")
    assert "Evening program in the lot" in public.inner_text()
    assert "Done" in public.locator(".badge").inner_text()
    assert org.name in page.locator("main").inner_text()
    assert page.locator("form.item-update").count() == 0
