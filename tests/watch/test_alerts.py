"""Alerts: watched categories in or near the area, generalized text, dedupe, sensitive."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from beatbridge.analysis.models import ElevatedRisk
from beatbridge.data.models import ImportRun, ImportStatus
from beatbridge.subscriptions.models import Delivery
from beatbridge.watch import alerts
from beatbridge.watch.models import WatchAlert

pytestmark = pytest.mark.django_db

INSIDE = (-87.6953, 41.8047)
NEAR = (-87.6896, 41.8051)  # about 35 m east of Riverside's edge
FAR = (-87.672, 41.805)


def _run(started):
    return ImportRun.objects.create(
        kind="incidents",
        file_name="x.csv",
        status=ImportStatus.DONE,
        started_at=started,
        finished_at=timezone.now(),
    )


def test_import_alerts_members_generalized_once(member_group, make_incident, neighbor):
    started = timezone.now() - dt.timedelta(seconds=5)
    inside = make_incident("220", *INSIDE)
    near = make_incident("220", *NEAR)
    make_incident("220", *FAR)
    make_incident("13A", *INSIDE)  # not watched
    make_incident("220", *INSIDE, when=timezone.now() - dt.timedelta(days=60))  # too old
    sent = alerts.alert_groups_for_import(_run(started))
    rows = list(WatchAlert.objects.filter(group=member_group))
    assert {r.item_key for r in rows} == {f"incident:{inside.pk}", f"incident:{near.pk}"}
    assert sent[member_group.pk] == rows[0].deliveries
    texts = " ".join(r.text for r in rows)
    deliveries = Delivery.objects.filter(topic="watch_alerts")
    texts += " ".join(d.text + d.subject for d in deliveries)
    for inc in (inside, near):
        for value in (inc.lon, inc.lat, inc.public_lon, inc.public_lat):
            assert f"{value:.3f}" not in texts and str(value) not in texts
    assert not re.search(r"-?\d+\.\d{3,}", texts)
    assert "SECRET" not in texts and "Jane" not in texts and "Residence" not in texts
    assert "in Riverside" in texts and "near Riverside" in texts
    assert "Lock doors" in texts  # burglary prevention advice
    # A re-import (another run over the same rows) does not alert again.
    before = Delivery.objects.count()
    assert alerts.alert_groups_for_import(_run(started)) == {}
    assert WatchAlert.objects.count() == 2 and Delivery.objects.count() == before


def test_members_receive_delivery(member_group, make_incident, neighbor):
    started = timezone.now() - dt.timedelta(seconds=5)
    make_incident("220", *INSIDE)
    alerts.alert_groups_for_import(_run(started))
    assert Delivery.objects.filter(topic="watch_alerts", subscriber__user=neighbor).exists()


def test_sensitive_and_dry_run_do_not_alert(member_group, make_incident, category):
    started = timezone.now() - dt.timedelta(seconds=5)
    cat = category("220")
    make_incident("220", *INSIDE, sensitive=False)
    cat.is_sensitive = True
    cat.save()
    assert alerts.alert_groups_for_import(_run(started)) == {}
    run = _run(started)
    run.is_dry_run = True
    assert alerts.alert_groups_for_import(run) == {}


def test_signal_after_import_alerts(
    member_group, make_incident, django_capture_on_commit_callbacks
):
    started = timezone.now() - dt.timedelta(seconds=5)
    make_incident("220", *INSIDE)
    with django_capture_on_commit_callbacks(execute=True):
        _run(started)
    assert WatchAlert.objects.filter(group=member_group).count() == 1


def test_risk_zone_covering_area_alerts(member_group, make_incident, category):
    inc = make_incident("220", *NEAR)
    now = timezone.now()
    risk = ElevatedRisk.objects.create(
        category=category("220"),
        incident_id=inc.pk,
        center_lon=inc.public_lon,
        center_lat=inc.public_lat,
        radius_m=300,
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=7),
    )
    far = ElevatedRisk.objects.create(
        category=category("220"),
        incident_id=inc.pk + 1000,
        center_lon=FAR[0],
        center_lat=FAR[1],
        radius_m=100,
        starts_at=now - dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=7),
    )
    alerts.alert_groups_for_risks([risk, far])
    rows = WatchAlert.objects.filter(group=member_group)
    assert [r.item_key for r in rows] == [f"risk:{risk.pk}"]
    assert "Elevated risk" in rows[0].text and str(risk.center_lon) not in rows[0].text
    assert alerts.alert_groups_for_risks() == {}  # once per zone


def test_new_elevated_risk_zones_signal_alerts(
    member_group, make_incident, category, django_capture_on_commit_callbacks
):
    from beatbridge.analysis.models import NearRepeatPattern
    from beatbridge.analysis.services import update_elevated_risks

    inc = make_incident("220", *INSIDE)
    now = timezone.now()
    pattern = NearRepeatPattern.objects.create(
        category=category("220"),
        period_start=now - dt.timedelta(days=365),
        period_end=now,
        risk_radius_m=200,
        risk_days=14,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert update_elevated_risks(pattern, now=now) == 1
    keys = list(WatchAlert.objects.filter(group=member_group).values_list("item_key", flat=True))
    risk = ElevatedRisk.objects.get(incident_id=inc.pk)
    assert f"risk:{risk.pk}" in keys
