"""Digests group waiting messages; producers: concern updates to supporters, meeting
reminders to area subscribers, monthly statistics per area."""

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from beatbridge.subscriptions.digests import send_digests
from beatbridge.subscriptions.models import Delivery, DeliveryStatus
from beatbridge.subscriptions.producers import publish_meeting_reminders
from beatbridge.subscriptions.services import publish, set_area_topics, subscriber_for
from beatbridge.subscriptions.statistics import publish_monthly_statistics


def _announce(city, subject, topic="announcements", area="b111"):
    return publish(
        topic=topic, areas=[city[area]], subject=subject, text=f"{subject} text", url="/"
    )


def test_daily_digest_groups_waiting_messages_once(beat_subscriber, city, run_on_commit):
    beat_subscriber.frequency = "daily"
    beat_subscriber.save()
    set_area_topics(beat_subscriber, None, ["monthly_statistics", "announcements"])
    with run_on_commit():
        _announce(city, "Street fair")
        _announce(city, "Park cleanup")
    assert mail.outbox == []
    assert send_digests() == 1
    (digest,) = mail.outbox
    assert "2 new messages" in digest.subject
    assert "Street fair" in digest.body and "Park cleanup" in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    assert set(Delivery.objects.filter(channel="email").values_list("status", flat=True)) == {
        DeliveryStatus.SENT
    }
    assert send_digests() == 0  # a re-run sends nothing again
    assert len(mail.outbox) == 1


def test_weekly_digest_waits_for_monday_and_a_week(beat_subscriber, city):
    beat_subscriber.frequency = "weekly"
    beat_subscriber.save()
    _announce(city, "Street fair")
    tuesday = dt.datetime(2026, 12, 1, 13, 0, tzinfo=dt.UTC)
    monday = dt.datetime(2026, 12, 7, 13, 0, tzinfo=dt.UTC)
    assert send_digests(now=tuesday) == 0
    assert send_digests(now=monday) == 1
    _announce(city, "Another")
    assert send_digests(now=monday + dt.timedelta(days=1), frequencies=["weekly"]) == 0
    assert send_digests(now=monday + dt.timedelta(days=7)) == 1


def test_failing_digest_is_retried(beat_subscriber, city, monkeypatch):
    beat_subscriber.frequency = "daily"
    beat_subscriber.save()
    _announce(city, "Street fair")
    from django.core.mail import EmailMultiAlternatives

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    assert send_digests() == 0
    delivery = Delivery.objects.get(channel="email")
    assert delivery.status == DeliveryStatus.QUEUED
    assert delivery.attempts == 1 and delivery.last_error == "ConnectionRefusedError"
    monkeypatch.undo()
    assert send_digests() == 1


def test_send_digests_command(beat_subscriber, city, capsys):
    beat_subscriber.frequency = "daily"
    beat_subscriber.save()
    _announce(city, "Street fair")
    call_command("send_digests", "--dry-run")
    assert "would send 1 digest(s)" in capsys.readouterr().out
    assert mail.outbox == []
    call_command("send_digests", "--frequency", "daily")
    assert "sent 1 digest(s)" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_concern_update_reaches_supporters_and_keeps_reporter_email(
    make_concern, resident, partner, officer, run_on_commit
):
    from beatbridge.concerns import services as concerns

    with run_on_commit():
        concern = make_concern(contact_email="reporter@example.org")
        concerns.support_concern(concern, by=resident)
        concerns.support_concern(concern, by=partner)
    mail.outbox.clear()
    with run_on_commit():
        concerns.acknowledge_concern(concern, by=officer, note="We are on it.")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert "reporter@example.org" in recipients  # the existing email is kept
    assert "resident@example.org" in recipients and "partner@example.org" in recipients
    inapp = Delivery.objects.filter(channel="inapp", topic="concern_updates")
    assert set(inapp.values_list("subscriber__user__email", flat=True)) == {
        "resident@example.org",
        "partner@example.org",
    }


def test_meeting_reminders_for_area_subscribers_once(make_meeting, resident, city, run_on_commit):
    set_area_topics(subscriber_for(resident), city["d1"], ["meeting_reminders"])
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    make_meeting(starts_at=tomorrow.replace(hour=18, minute=30, second=0, microsecond=0))
    make_meeting(
        starts_at=tomorrow.replace(hour=18, minute=30, second=0, microsecond=0),
        areas=[city["b211"]],
        title="Other district",
    )
    mail.outbox.clear()
    with run_on_commit():
        assert publish_meeting_reminders() == 2  # email + in-app, own district only
        assert publish_meeting_reminders() == 0  # hourly re-run: nothing new
    (reminder,) = [m for m in mail.outbox if m.to == ["resident@example.org"]]
    assert reminder.subject == "Tomorrow: Beat 0111 meeting"
    assert "1 Main St" in reminder.body


def test_monthly_statistics_per_area_exact(resident, officer, city, run_on_commit):
    set_area_topics(subscriber_for(resident), city["b111"], ["monthly_statistics"])
    set_area_topics(subscriber_for(officer), city["d1"], ["monthly_statistics"])
    with run_on_commit():
        queued = publish_monthly_statistics(today=dt.date(2026, 12, 2))
    assert queued == 4  # two people, email + in-app each, one message each
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Beat 0111: crime statistics for November 2026",
        "District 1: crime statistics for November 2026",
    ]
    assert "incidents were recorded" in mail.outbox[0].body
    with run_on_commit():
        assert publish_monthly_statistics(today=dt.date(2026, 12, 20)) == 0  # once a month
    call_command("send_monthly_statistics", "--dry-run")


def test_concern_update_failure_never_reaches_the_officer(
    make_concern, officer, monkeypatch, run_on_commit
):
    from beatbridge.concerns import services as concerns
    from beatbridge.subscriptions import producers

    def broken(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(producers, "_concern_updated", broken)
    concern = make_concern(contact_email="reporter@example.org")
    with run_on_commit():
        concerns.acknowledge_concern(concern, by=officer, note="We are on it.")
    concern.refresh_from_db()
    assert concern.status == "acknowledged"
