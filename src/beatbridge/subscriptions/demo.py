"""Demo data: demo residents follow their home neighborhood (and the city for urgent alerts)
and find a welcome notice in their in-app list."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from beatbridge.accounts.models import User

from .models import Channel, Delivery, DeliveryStatus, Subscription
from .services import set_area_topics, subscriber_for


def load_demo(out: Callable[[str], object] = print) -> None:
    out("Notifications:")
    if Subscription.objects.exists():
        out("  already loaded")
        return
    people = list(User.objects.filter(is_active=True).order_by("pk")[:50])
    for user in people:
        sub = subscriber_for(user)
        set_area_topics(sub, None, ["urgent_alerts"])
        if user.home_neighborhood_id:
            set_area_topics(
                sub,
                user.home_neighborhood,
                ["announcements", "urgent_alerts", "meeting_reminders", "monthly_statistics"],
            )
    queued = 0
    for user in people:  # an in-app welcome only: the demo mails nobody
        Delivery.objects.get_or_create(
            source_key="demo:welcome",
            subscriber=subscriber_for(user),
            channel=Channel.INAPP,
            defaults={
                "topic": "announcements",
                "subject": "Welcome to neighborhood notifications",
                "text": (
                    "Choose the areas and topics you want to hear about, how (email, text "
                    "message, in the app) and when (quiet hours, daily or weekly digests)."
                ),
                "url": "/subscriptions/",
                "status": DeliveryStatus.SENT,
                "sent_at": timezone.now(),
            },
        )
        queued += 1
    out(f"  {len(people)} people subscribed, {queued} welcome notices")
