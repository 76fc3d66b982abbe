from beatbridge.subscriptions.demo import load_demo
from beatbridge.subscriptions.models import Delivery, Subscription


def test_demo_subscribes_people_once(resident, officer, city):
    load_demo(out=lambda *a: None)
    assert Subscription.objects.filter(subscriber__user=resident, area=city["riverside"]).exists()
    assert Subscription.objects.filter(subscriber__user=officer, area=None).exists()
    welcome = Delivery.objects.filter(source_key="demo:welcome", channel="inapp")
    assert welcome.count() == 2  # one in-app welcome each, and no email
    from django.core import mail

    assert mail.outbox == []
    count = Subscription.objects.count()
    load_demo(out=lambda *a: None)
    assert Subscription.objects.count() == count
