"""Announcements reach the right subscribers through the subscriptions app (real Delivery
rows, no mock): urgent alerts at once, others for digests; areas elsewhere get nothing."""

from beatbridge.outreach import services
from beatbridge.subscriptions.models import Delivery
from beatbridge.subscriptions.services import set_area_topics, subscriber_for


def test_urgent_alert_and_announcement_reach_area_subscribers_only(
    resident, partner, officer, city, django_capture_on_commit_callbacks
):
    near = subscriber_for(resident)
    set_area_topics(near, city["riverside"], ["announcements", "urgent_alerts"])
    far = subscriber_for(partner)
    set_area_topics(far, city["hilltop"], ["announcements", "urgent_alerts"])
    with django_capture_on_commit_callbacks(execute=True):
        alert = services.post_announcement(
            by=officer,
            title="Gas leak on River St",
            body="Stay away from River St between 1st and 3rd.",
            category="safety_alert",
            is_urgent=True,
            areas=[city["riverside"]],
        )
        services.post_announcement(
            by=officer,
            title="Street fair",
            body="Saturday at noon.",
            category="event",
            areas=[city["riverside"]],
        )
    mine = Delivery.objects.filter(subscriber=near)
    urgent = mine.filter(topic="urgent_alerts")
    assert urgent.exists() and all(d.urgent for d in urgent)
    assert urgent.first().subject == "Gas leak on River St"
    assert urgent.first().url.endswith(f"/outreach/announcements/{alert.pk}/")
    assert mine.filter(topic="announcements", subject="Street fair").exists()
    assert not Delivery.objects.filter(subscriber=far).exists()


def test_a_failing_subscriptions_app_never_loses_the_announcement(
    officer, city, monkeypatch, django_capture_on_commit_callbacks
):
    import beatbridge.subscriptions.services as subs
    from beatbridge.outreach.models import Announcement

    def broken(**kwargs):
        raise RuntimeError("subscriptions database table missing")

    monkeypatch.setattr(subs, "publish", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_announcement(
            by=officer, title="Kept", body="b", category="event", areas=[city["b111"]]
        )
    assert Announcement.objects.filter(title="Kept").exists()  # and no exception reached us
