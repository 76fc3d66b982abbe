"""publish(): who receives a message, on which channels, once."""

import pytest
from django.core import mail

from beatbridge.subscriptions.models import Delivery, DeliveryStatus, Subscriber
from beatbridge.subscriptions.services import publish, set_area_topics, subscriber_for


@pytest.fixture
def beat_subscriber(resident, city):
    sub = subscriber_for(resident)
    set_area_topics(sub, city["b111"], ["announcements", "urgent_alerts"])
    return sub


def _publish(city, **kw):
    args = dict(
        topic="announcements",
        areas=[city["b111"]],
        subject="Street fair Saturday",
        text="Come along.",
        url="/areas/beat/0111/",
    )
    args.update(kw)
    return publish(**args)


def test_area_subscriber_gets_email_and_inapp(
    beat_subscriber, city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _publish(city, source_key="a:1") == 2
    rows = {d.channel: d for d in Delivery.objects.all()}
    assert rows["email"].status == DeliveryStatus.SENT
    assert rows["inapp"].status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["resident@example.org"]
    assert rows["email"].url == "http://127.0.0.1:8000/areas/beat/0111/" or rows[
        "email"
    ].url.endswith("/areas/beat/0111/")


def test_same_source_key_never_delivers_twice(
    beat_subscriber, city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _publish(city, source_key="a:1") == 2
        assert _publish(city, source_key="a:1") == 0
    assert Delivery.objects.count() == 2
    assert len(mail.outbox) == 1


def test_district_message_reaches_beat_subscriber_not_other_district(
    beat_subscriber, city, django_capture_on_commit_callbacks
):
    assert _publish(city, areas=[city["d1"]]) == 2
    assert _publish(city, areas=[city["d2"]]) == 0
    assert _publish(city, areas=[city["b112"]]) == 0


def test_topic_not_followed_is_not_sent(beat_subscriber, city):
    assert _publish(city, topic="monthly_statistics") == 0


def test_explicit_users(resident, officer, city):
    assert (
        publish(
            topic="concern_updates",
            subject="s",
            text="t",
            url="/",
            users=[resident],
            source_key="c:1",
        )
        == 2
    )
    sub = Subscriber.objects.get(user=resident)
    sub.personal_topics = []
    sub.save()
    assert (
        publish(
            topic="concern_updates",
            subject="s",
            text="t",
            url="/",
            users=[resident],
            source_key="c:2",
        )
        == 0
    )


def test_unknown_topic_is_a_programming_error(city):
    with pytest.raises(ValueError):
        publish(topic="gossip", subject="s", text="t", url="/")
