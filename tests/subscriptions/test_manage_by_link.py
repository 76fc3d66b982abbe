"""Email-only subscribers change what they receive from the link in every message: no
account, the key in the link is the authority (issue 12)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from beatbridge.subscriptions.models import Frequency, Subscriber, Subscription
from beatbridge.subscriptions.services import publish, set_area_topics

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_sub(city):
    sub = Subscriber.objects.create(email="neighbor@example.org", confirmed_at=timezone.now())
    set_area_topics(sub, city["riverside"], ["urgent_alerts"])
    return sub


def _url(sub):
    return f"/subscriptions/manage/{sub.unsubscribe_key}/"


def test_every_message_links_to_the_subscribers_own_page(city, email_sub, run_on_commit):
    with run_on_commit():
        sent = publish(
            topic="urgent_alerts",
            areas=[city["riverside"]],
            subject="Flood warning",
            text="Move cars off River Rd.",
            url="/",
            urgent=True,
            source_key="m1",
        )
    assert sent == 1
    (message,) = mail.outbox
    link = re.search(r"Change what you receive: (\S+)", message.body).group(1)
    assert link.endswith(_url(email_sub))
    assert _url(email_sub) in message.alternatives[0][0]
    page = Client().get(link.removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200  # no sign-in
    assert "neighbor@example.org" in page.content.decode()


def test_account_holders_messages_link_to_their_settings(resident):
    from beatbridge.subscriptions.emails import settings_url
    from beatbridge.subscriptions.services import subscriber_for

    assert settings_url(subscriber_for(resident)).endswith("/subscriptions/")


def test_changes_topics_adds_and_removes_areas(client, city, email_sub):
    sub_row = email_sub.subscriptions.get()
    r = client.post(
        f"{_url(email_sub)}areas/{sub_row.pk}/",
        {f"t{sub_row.pk}-topics": ["urgent_alerts", "announcements"]},
    )
    assert r.status_code == 302 and r["Location"] == _url(email_sub)
    sub_row.refresh_from_db()
    assert set(sub_row.topics) == {"urgent_alerts", "announcements"}

    r = client.post(
        f"{_url(email_sub)}areas/",
        {"a-area": city["hilltop"].pk, "a-topics": ["meeting_reminders"]},
    )
    assert r.status_code == 302
    assert email_sub.subscriptions.get(area=city["hilltop"]).topics == ["meeting_reminders"]

    r = client.post(f"{_url(email_sub)}areas/{sub_row.pk}/", {"remove": "1"})
    assert r.status_code == 302
    assert not Subscription.objects.filter(pk=sub_row.pk).exists()


def test_bad_input_is_a_form_error_not_a_500(client, city, email_sub):
    r = client.post(f"{_url(email_sub)}areas/", {"a-area": city["riverside"].pk})
    assert r.status_code == 400
    assert "Choose at least one topic." in r.content.decode()
    r = client.post(_url(email_sub), {"s-frequency": "daily", "s-quiet_start": "22:00"})
    assert r.status_code == 400
    assert "Give both times of the quiet hours, or neither." in r.content.decode()


def test_sets_digest_and_quiet_hours(client, email_sub):
    r = client.post(
        _url(email_sub),
        {"s-frequency": Frequency.WEEKLY, "s-quiet_start": "22:00", "s-quiet_end": "07:00"},
    )
    assert r.status_code == 302
    email_sub.refresh_from_db()
    assert email_sub.frequency == Frequency.WEEKLY
    assert email_sub.quiet_start.hour == 22 and email_sub.quiet_end.hour == 7


def test_unsubscribed_address_can_come_back(client, email_sub):
    email_sub.is_active = False
    email_sub.save()
    page = client.get(_url(email_sub)).content.decode()
    assert "You are unsubscribed" in page
    r = client.post(_url(email_sub), {"s-frequency": Frequency.IMMEDIATE})
    assert r.status_code == 302
    email_sub.refresh_from_db()
    assert email_sub.is_active


def test_unsubscribe_button_on_the_page(client, email_sub):
    page = client.get(_url(email_sub)).content.decode()
    assert f'action="/subscriptions/unsubscribe/{email_sub.unsubscribe_key}/"' in page


@pytest.mark.parametrize("case", ["unknown", "unconfirmed", "account"])
def test_other_keys_are_not_found(client, city, resident, case):
    from beatbridge.subscriptions.services import subscriber_for

    if case == "unknown":
        key = "x" * 40
    elif case == "unconfirmed":
        key = Subscriber.objects.create(email="new@example.org").unsubscribe_key
    else:
        key = subscriber_for(resident).unsubscribe_key
    assert client.get(f"/subscriptions/manage/{key}/").status_code == 404
    assert client.post(f"/subscriptions/manage/{key}/areas/", {}).status_code == 404


def test_cannot_edit_another_subscribers_row(client, city, email_sub):
    other = Subscriber.objects.create(email="other@example.org", confirmed_at=timezone.now())
    row = set_area_topics(other, city["hilltop"], ["urgent_alerts"])
    row = other.subscriptions.get()
    r = client.post(f"{_url(email_sub)}areas/{row.pk}/", {"remove": "1"})
    assert r.status_code == 404
    assert Subscription.objects.filter(pk=row.pk).exists()


def test_page_is_not_cached(client, email_sub):
    r = client.get(_url(email_sub))
    assert "no-cache" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]
