"""publish(): who receives a message, on which channels, once; quiet hours and digests."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from beatbridge.subscriptions.models import Delivery, DeliveryStatus, Subscriber
from beatbridge.subscriptions.services import publish, quiet_until, set_area_topics

CHICAGO = ZoneInfo("America/Chicago")


def _publish(city, **kw):
    args = {
        "topic": "announcements",
        "areas": [city["b111"]],
        "subject": "Street fair Saturday",
        "text": "Come along.",
        "url": "/areas/beat/0111/",
    }
    args.update(kw)
    return publish(**args)


def test_area_subscriber_gets_email_and_inapp(beat_subscriber, city, run_on_commit):
    with run_on_commit():
        assert _publish(city, source_key="a:1") == 2
    rows = {d.channel: d for d in Delivery.objects.all()}
    assert rows["email"].status == DeliveryStatus.SENT
    assert rows["email"].attempts == 1
    assert rows["inapp"].status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["resident@example.org"]
    assert mail.outbox[0].subject == "Street fair Saturday"
    assert rows["email"].url.endswith("/areas/beat/0111/")
    assert rows["email"].url.startswith("http")


def test_same_source_key_never_delivers_twice(beat_subscriber, city, run_on_commit):
    with run_on_commit():
        assert _publish(city, source_key="a:1") == 2
        assert _publish(city, source_key="a:1") == 0
    assert Delivery.objects.count() == 2
    assert len(mail.outbox) == 1


def test_district_message_reaches_beat_subscriber_not_other_district(beat_subscriber, city):
    assert _publish(city, areas=[city["d1"]]) == 2
    assert _publish(city, areas=[city["d2"]]) == 0
    assert _publish(city, areas=[city["b112"]]) == 0


def test_city_wide_subscriber_gets_every_area(officer, city):
    from beatbridge.subscriptions.services import subscriber_for

    set_area_topics(subscriber_for(officer), None, ["announcements"])
    assert _publish(city, areas=[city["d2"]]) == 2


def test_topic_not_followed_is_not_sent(beat_subscriber, city):
    assert _publish(city, topic="monthly_statistics") == 0


def test_unconfirmed_email_only_subscriber_gets_nothing(city):
    sub = Subscriber.objects.create(email="someone@example.org")
    set_area_topics(sub, city["b111"], ["announcements"])
    assert _publish(city) == 0
    sub.confirmed_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    sub.save()
    assert _publish(city) == 1  # email only: no account, no in-app list


def test_explicit_users_and_their_opt_out(resident, city):
    kw = {"topic": "concern_updates", "subject": "s", "text": "t", "url": "/"}
    assert publish(users=[resident], source_key="c:1", **kw) == 2
    sub = Subscriber.objects.get(user=resident)
    sub.personal_topics = []
    sub.save()
    assert publish(users=[resident], source_key="c:2", **kw) == 0


def test_inactive_subscriber_gets_nothing(beat_subscriber, city):
    beat_subscriber.is_active = False
    beat_subscriber.save()
    assert _publish(city) == 0


def test_unknown_topic_is_a_programming_error(city):
    with pytest.raises(ValueError):
        publish(topic="gossip", subject="s", text="t", url="/")


def test_publish_never_raises_when_recording_fails(beat_subscriber, city, monkeypatch):
    from beatbridge.subscriptions import services

    def broken(*a, **k):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(services, "_record", broken)
    assert _publish(city) == 0


# ------------------------------------------------------------------ quiet hours


def _at(hh, mm=0, day=3):
    return dt.datetime(2026, 12, day, hh, mm, tzinfo=CHICAGO)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (_at(23, 30), _at(7, 0, day=4)),  # evening: until tomorrow morning
        (_at(3, 0), _at(7, 0)),  # night: until this morning
        (_at(12, 0), None),  # daytime: not quiet
        (_at(7, 0), None),  # the end is not quiet any more
    ],
)
def test_quiet_until_over_midnight(beat_subscriber, now, expected):
    beat_subscriber.quiet_start = dt.time(22, 0)
    beat_subscriber.quiet_end = dt.time(7, 0)
    assert quiet_until(beat_subscriber, now) == expected


def test_quiet_hours_same_day_window(beat_subscriber):
    beat_subscriber.quiet_start = dt.time(13, 0)
    beat_subscriber.quiet_end = dt.time(15, 0)
    assert quiet_until(beat_subscriber, _at(14, 0)) == _at(15, 0)
    assert quiet_until(beat_subscriber, _at(16, 0)) is None


def test_quiet_hours_defer_email_but_not_urgent_alerts(beat_subscriber, city, run_on_commit):
    from django.utils import timezone

    now = timezone.now().astimezone(CHICAGO)
    # A quiet window that contains "now" (two hours either side).
    beat_subscriber.quiet_start = (
        (now - dt.timedelta(hours=2)).time().replace(second=0, microsecond=0)
    )
    beat_subscriber.quiet_end = (
        (now + dt.timedelta(hours=2)).time().replace(second=0, microsecond=0)
    )
    beat_subscriber.save()
    with run_on_commit():
        _publish(city, source_key="quiet")
        _publish(city, topic="urgent_alerts", urgent=True, subject="Gas leak", source_key="urgent")
    quiet = Delivery.objects.get(source_key="quiet", channel="email")
    assert quiet.status == DeliveryStatus.QUEUED
    assert quiet.send_after > timezone.now() + dt.timedelta(hours=1)
    assert [m.subject for m in mail.outbox] == ["Gas leak"]
    # The sweep after the quiet hours sends it.
    from beatbridge.subscriptions.delivery import send_due

    assert send_due(now=quiet.send_after + dt.timedelta(minutes=1)) == 1
    assert [m.subject for m in mail.outbox] == ["Gas leak", "Street fair Saturday"]


def test_digest_subscriber_waits_for_digest_sms_skipped(beat_subscriber, city, run_on_commit):
    beat_subscriber.frequency = "daily"
    beat_subscriber.sms_enabled = True
    beat_subscriber.phone = "+13125550100"
    beat_subscriber.save()
    with run_on_commit():
        assert _publish(city) == 3
    rows = {d.channel: d for d in Delivery.objects.all()}
    assert rows["email"].in_digest and rows["email"].status == DeliveryStatus.QUEUED
    assert rows["sms"].status == DeliveryStatus.SKIPPED
    assert rows["inapp"].status == DeliveryStatus.SENT
    assert mail.outbox == []


def test_neighborhoods_and_beats_reach_each_other_by_overlap(resident, officer, city):
    from beatbridge.subscriptions.services import subscriber_for

    set_area_topics(subscriber_for(resident), city["riverside"], ["announcements"])
    set_area_topics(subscriber_for(officer), city["hilltop"], ["announcements"])
    kw = {"topic": "announcements", "subject": "s", "text": "t", "url": "/"}

    def reached(area):
        key = f"overlap:{area}"
        publish(areas=[city[area]], source_key=key, **kw)
        return set(
            Delivery.objects.filter(source_key=key, channel="inapp").values_list(
                "subscriber__user__email", flat=True
            )
        )

    assert reached("b111") == {"resident@example.org"}  # Riverside lies in beat 0111
    assert reached("b211") == {"officer@example.org"}  # Hilltop covers beat 0211
    assert reached("d2") == {"officer@example.org"}
    assert reached("d1") == {"resident@example.org", "officer@example.org"}
    beat_follower = Subscriber.objects.create(
        email="b@example.org", confirmed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    set_area_topics(beat_follower, city["b112"], ["announcements"])
    publish(areas=[city["riverside"]], source_key="n1", **kw)
    assert not Delivery.objects.filter(source_key="n1", subscriber=beat_follower).exists()
    publish(areas=[city["hilltop"]], source_key="n2", **kw)
    assert Delivery.objects.filter(source_key="n2", subscriber=beat_follower).exists()
