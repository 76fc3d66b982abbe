"""End-to-end journeys in Debian's chromium, one per role, at phone and desktop width
(issues 13 and 17). Other browser tests walk the anonymous tipster (concerns/
test_tips_browser.py), the officer's meeting cycle (meetings/test_browser_meeting_cycle.py)
and the survey in Spanish (surveys/test_browser.py); these tie the rest together: the
resident, the supervisor, and the officer's referral worked by a partner."""

import datetime as dt

import pytest
from django.utils import timezone

from beatbridge.concerns import services as concern_services
from beatbridge.concerns.models import Concern
from beatbridge.meetings import services as meeting_services
from beatbridge.meetings.models import RSVP
from beatbridge.subscriptions.models import Subscription
from tests.conftest import browser_login

from ..concerns.conftest import IN_B111, categories  # noqa: F401


def _no_sideways_scroll(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width + 1, page.url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_resident_reports_supports_rsvps_and_follows(
    browser_page,
    city,
    officer,
    resident,
    categories,  # noqa: F811
    width,
):
    other = concern_services.submit_concern(
        category="noise", description="Bass from the corner house", lon=IN_B111[0], lat=IN_B111[1]
    )
    start = (timezone.now() + dt.timedelta(days=5)).replace(second=0, microsecond=0)
    meeting = meeting_services.schedule_meeting(
        areas=[city["b111"], city["riverside"]],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        by=officer,
        kind="beat_meeting",
        title="Beat 0111 community meeting",
        address="Riverside Library",
    )
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, resident)

    # Reports a concern (the coordinates typed, as without JavaScript's map).
    page.goto(page.base_url + "/concerns/new/")
    _no_sideways_scroll(page, width)
    page.select_option("#id_category", label="Noise")
    page.fill("#id_description", "Fireworks on River Road every weekend night")
    page.evaluate(
        "([lat, lon]) => { document.querySelector('#id_lat').value = lat;"
        " document.querySelector('#id_lon').value = lon; }",
        [IN_B111[1], IN_B111[0] + 0.0003],
    )
    page.click("#submit-concern")
    page.wait_for_load_state()
    mine = Concern.objects.get(description__startswith="Fireworks")
    assert mine.submitted_by == resident and mine.beat.code == "0111"
    assert "your concern was received" in page.inner_text("main")
    assert "Beat 0111" in page.inner_text("main")

    # Supports a neighbor's concern.
    page.goto(page.base_url + f"/concerns/{other.pk}/")
    page.click("#support-button")
    page.wait_for_load_state()
    assert other.supports.filter(user=resident).count() == 1
    page.reload()  # a refresh does not support twice
    assert other.supports.count() == 1

    # RSVPs to the beat meeting.
    page.goto(page.base_url + meeting.get_absolute_url())
    _no_sideways_scroll(page, width)
    page.get_by_role("button", name="I'm coming").click()
    page.wait_for_load_state()
    assert "You're coming" in page.locator(".messages").inner_text()
    assert RSVP.objects.filter(meeting=meeting, user=resident).count() == 1

    # Follows the neighborhood's announcements and alerts.
    page.goto(page.base_url + "/subscriptions/")
    _no_sideways_scroll(page, width)
    page.select_option("#id_a-area", label="Riverside (Neighborhood)")
    page.locator("input[name=a-topics][value=urgent_alerts]").check()
    page.locator("input[name=a-topics][value=announcements]").check()
    page.locator("main form button[type=submit]", has_text="Follow").click()
    page.wait_for_load_state()
    followed = Subscription.objects.get(subscriber__user=resident, area=city["riverside"])
    assert set(followed.topics) == {"urgent_alerts", "announcements"}
    assert "Riverside" in page.inner_text("main")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_supervisor_reads_the_balance_monitor_and_survey_results(
    browser_page, city, supervisor, width
):
    from beatbridge.surveys import services as survey_services

    from ..surveys.conftest import fill

    survey = survey_services.create_survey(
        title_en="Neighborhood survey", title_es="Encuesta", by=supervisor
    )
    survey_services.add_standard_module(survey, by=supervisor)
    today = timezone.localdate()
    wave = survey_services.open_wave(
        survey,
        name="Wave 1",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        by=supervisor,
    )
    fill(wave, 12)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, supervisor)
    assert "/priorities/dashboard/" in page.url  # supervisors land on their dashboard

    page.goto(page.base_url + "/insights/balance/")
    _no_sideways_scroll(page, width)
    assert page.locator("h1").inner_text() == "Enforcement balance"
    page.get_by_role("link", name="Riverside").first.click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Enforcement balance in Riverside" in main and "The rule" in main

    page.goto(page.base_url + f"/surveys/results/{wave.pk}/")
    _no_sideways_scroll(page, width)
    main = page.inner_text("main")
    assert "Safety score" in main and "Trust score" in main
    chart = page.locator("img.survey-chart")  # the chart, with the same figures in a table
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("table.survey-scores").count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_officer_refers_and_the_partner_works_it(
    browser_page,
    city,
    officer,
    partner,
    categories,  # noqa: F811
    width,
):
    """The partnership loop: an officer refers a resident's concern from triage to a partner
    organization chosen from the list; a member of it signs in to the partner home, accepts,
    posts a public update, marks it done, and closes the action item a meeting gave it."""
    from beatbridge.accounts.models import Membership
    from beatbridge.meetings.models import ActionItem, ActionItemStatus, Meeting, Minutes

    from ..factories import OrganizationFactory

    org = OrganizationFactory(name="Riverside Youth League")
    Membership.objects.create(organization=org, user=partner)
    concern = concern_services.submit_concern(
        category="vandalism-graffiti",
        description="Tags on the viaduct wall at River Road",
        lon=IN_B111[0],
        lat=IN_B111[1],
    )
    held = timezone.now() - dt.timedelta(days=3)
    meeting = Meeting.objects.create(
        kind="beat_meeting",
        title="Beat 0111 October meeting",
        starts_at=held,
        ends_at=held + dt.timedelta(hours=1),
        host_officer=officer,
        host_organization=org,
    )
    meeting.areas.add(city["b111"])
    item = ActionItem.objects.create(
        minutes=Minutes.objects.create(meeting=meeting),
        description="Walk the viaduct with the youth league",
        owner_organization=org,
    )
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})

    # The officer lands on triage, finds the concern and refers it.
    browser_login(page, officer)
    assert "/concerns/triage/" in page.url
    _no_sideways_scroll(page, width)
    assert "Tags on the viaduct" in page.inner_text("main")
    page.goto(page.base_url + f"/concerns/{concern.pk}/manage/")
    _no_sideways_scroll(page, width)
    page.select_option("#refer-to", label=f"{org.name} ({org.get_kind_display()})")
    page.fill("#note-refer", "The youth league paints over tags with the block club.")
    page.locator("form[aria-labelledby=action-refer] button[type=submit]").click()
    page.wait_for_load_state()
    concern.refresh_from_db()
    assert concern.referred_organization == org

    # A member of the organization signs in to the partner home.
    page.context.clear_cookies()
    browser_login(page, partner)
    assert "/accounts/partner/" in page.url
    _no_sideways_scroll(page, width)
    card = page.locator(f"#referral-{concern.pk}")
    assert "waiting for you to accept" in card.inner_text()
    card.get_by_role("button", name="Accept").click()
    page.wait_for_load_state()
    card = page.locator(f"#referral-{concern.pk}")
    assert "accepted" in card.inner_text()
    card.locator(f"#update-{concern.pk}").fill("We booked the paint crew for Saturday.")
    card.get_by_role("button", name="Add public update").click()
    page.wait_for_load_state()
    card = page.locator(f"#referral-{concern.pk}")
    card.locator(f"#done-{concern.pk}").fill("Painted over on Saturday.")
    card.get_by_role("button", name="Mark done").click()
    page.wait_for_load_state()
    assert page.locator(f"#referral-{concern.pk}").count() == 0  # no longer waiting

    page.locator(f"#action-{item.pk}").get_by_role("button", name="Mark done").click()
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE
    assert "Done" in page.locator(f"#action-{item.pk}").inner_text()

    # Residents read the partner's work on the concern's public page.
    page.context.clear_cookies()
    page.goto(page.base_url + f"/concerns/{concern.pk}/")
    public = page.inner_text("main")
    assert "We booked the paint crew for Saturday." in public
    assert "Painted over on Saturday." in public
