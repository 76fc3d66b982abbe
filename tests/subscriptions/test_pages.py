"""The settings page, the in-app list and the nav count, for every role."""

import pytest

from beatbridge.subscriptions.models import Delivery, Subscriber, Subscription
from beatbridge.subscriptions.services import publish

ROLES = [
    "resident",
    "partner",
    "officer",
    "other_district_officer",
    "supervisor",
    "analyst",
    "admin_user",
]


def test_anonymous_is_sent_to_sign_in(client, db):
    for path in ["/subscriptions/", "/subscriptions/notifications/"]:
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post("/subscriptions/areas/", {}).status_code == 302
    assert Subscriber.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_every_role_manages_own_settings(role, request, client_for, city):
    user = request.getfixturevalue(role)
    c = client_for(user)
    page = c.get("/subscriptions/")
    assert page.status_code == 200
    assert "Notifications and subscriptions" in page.content.decode()
    added = c.post(
        "/subscriptions/areas/",
        {"a-area": city["b111"].pk, "a-topics": ["announcements", "meeting_reminders"]},
    )
    assert added.status_code == 302
    sub = Subscription.objects.get(subscriber__user=user)
    assert sub.area == city["b111"] and sub.topics == ["announcements", "meeting_reminders"]
    assert "Beat 0111" in c.get("/subscriptions/").content.decode()


def test_settings_save_and_phone_validation(resident, client_for):
    c = client_for(resident)
    bad = c.post(
        "/subscriptions/",
        {
            "s-email_enabled": "on",
            "s-sms_enabled": "on",
            "s-phone": "call me",
            "s-frequency": "daily",
        },
    )
    assert bad.status_code == 400
    assert "Enter a mobile number with its country code" in bad.content.decode()
    missing = c.post("/subscriptions/", {"s-sms_enabled": "on", "s-frequency": "immediate"})
    assert "Enter a mobile number to receive text messages." in missing.content.decode()
    half = c.post("/subscriptions/", {"s-frequency": "immediate", "s-quiet_start": "22:00"})
    assert "Give both times of the quiet hours" in half.content.decode()
    bad_choice = c.post("/subscriptions/", {"s-frequency": "hourly"})
    assert bad_choice.status_code == 400
    ok = c.post(
        "/subscriptions/",
        {
            "s-email_enabled": "on",
            "s-sms_enabled": "on",
            "s-phone": "(312) 555-0100",
            "s-inapp_enabled": "on",
            "s-frequency": "weekly",
            "s-quiet_start": "22:00",
            "s-quiet_end": "07:00",
            "s-personal_topics": ["concern_updates"],
        },
    )
    assert ok.status_code == 302
    sub = Subscriber.objects.get(user=resident)
    assert sub.phone == "+13125550100"
    assert sub.frequency == "weekly" and sub.sms_enabled
    assert sub.quiet_start.hour == 22 and sub.quiet_end.hour == 7
    assert sub.personal_topics == ["concern_updates"]
    assert "Your notification settings are saved." in c.get("/subscriptions/").content.decode()


def test_add_area_bad_input_and_duplicate(resident, client_for, city):
    c = client_for(resident)
    none = c.post("/subscriptions/areas/", {"a-area": city["b111"].pk})
    assert none.status_code == 400 and "Choose at least one topic." in none.content.decode()
    unknown = c.post("/subscriptions/areas/", {"a-area": 999999, "a-topics": ["announcements"]})
    assert unknown.status_code == 400
    c.post("/subscriptions/areas/", {"a-area": "", "a-topics": ["urgent_alerts"]})  # city-wide
    again = c.post("/subscriptions/areas/", {"a-area": "", "a-topics": ["announcements"]})
    assert again.status_code == 400 and "already follow" in again.content.decode()
    assert Subscription.objects.filter(subscriber__user=resident).count() == 1


def test_edit_and_remove_only_own(resident, officer, client_for, city):
    c = client_for(resident)
    c.post("/subscriptions/areas/", {"a-area": city["b111"].pk, "a-topics": ["announcements"]})
    sub = Subscription.objects.get()
    saved = c.post(f"/subscriptions/areas/{sub.pk}/", {f"t{sub.pk}-topics": ["urgent_alerts"]})
    assert saved.status_code == 302
    sub.refresh_from_db()
    assert sub.topics == ["urgent_alerts"]
    # Someone else cannot touch it.
    other = client_for(officer)
    assert other.post(f"/subscriptions/areas/{sub.pk}/", {"remove": "1"}).status_code == 404
    assert c.post(f"/subscriptions/areas/{sub.pk}/", {"remove": "1"}).status_code == 302
    assert not Subscription.objects.exists()


def test_notifications_list_mark_read_and_nav_count(
    beat_subscriber, resident, officer, client_for, city
):
    publish(
        topic="announcements", areas=[city["b111"]], subject="Street fair", text="Saturday", url="/"
    )
    publish(
        topic="urgent_alerts",
        areas=[city["b111"]],
        subject="Gas leak",
        text="Stay in",
        url="/",
        urgent=True,
    )
    c = client_for(resident)
    home = c.get("/").content.decode()
    assert "Notifications (2" in home
    page = c.get("/subscriptions/notifications/").content.decode()
    assert "Street fair" in page and "Gas leak" in page
    first = Delivery.objects.filter(channel="inapp").order_by("pk").first()
    assert c.post("/subscriptions/notifications/", {"id": first.pk}).status_code == 302
    assert Delivery.objects.filter(channel="inapp", read_at__isnull=True).count() == 1
    # Another person's ids are ignored.
    assert client_for(officer).post("/subscriptions/notifications/", {}).status_code == 302
    assert Delivery.objects.filter(channel="inapp", read_at__isnull=True).count() == 1
    assert c.post("/subscriptions/notifications/", {"id": "x"}).status_code == 302
    c.post("/subscriptions/notifications/", {})
    assert not Delivery.objects.filter(read_at__isnull=True, channel="inapp").exists()
    assert "Notifications (" not in c.get("/subscriptions/notifications/").content.decode()
    assert (
        "Street fair"
        not in client_for(officer).get("/subscriptions/notifications/").content.decode()
    )


def test_profile_links_to_settings(resident, client_for):
    assert (
        'href="/subscriptions/"' in client_for(resident).get("/accounts/profile/").content.decode()
    )


def test_spanish_page(resident, client_for):
    c = client_for(resident)
    response = c.get("/subscriptions/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
