"""Refused pages answer with the site's styled 403 and a way back."""

import pytest


@pytest.mark.parametrize("url", ["/concerns/triage/", "/accounts/partner/"])
def test_refused_is_styled(client_for, resident, url):
    r = client_for(resident).get(url)
    assert r.status_code == 403
    html = r.content.decode()
    assert "<nav" in html or "<main" in html


def test_minutes_page_refused_with_the_styled_page(client_for, resident, officer, city):
    import datetime as dt

    from django.utils import timezone

    from beatbridge.meetings.models import Meeting

    start = timezone.now() + dt.timedelta(days=1)
    m = Meeting.objects.create(
        kind="beat_meeting", title="M", starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    r = client_for(resident).get(f"/meetings/{m.pk}/minutes/")
    assert r.status_code == 403
    assert "Back to the home page" in r.content.decode()
