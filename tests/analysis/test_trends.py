"""Trend alerts: a known jump in one neighborhood is flagged, with the month it started."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from beatbridge.analysis import services
from beatbridge.analysis.models import TrendAlert
from beatbridge.analysis.services.common import last_complete_month, month_add

RIVERSIDE = (-87.695, 41.805)  # beat 0111
HILLTOP = (-87.675, 41.805)  # beat 0211


def _mid_month(yyyymm: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(yyyymm // 100, yyyymm % 100, 14, 12))


@pytest.fixture
def series(make_incident):
    """39 complete months: 4 a month everywhere; Riverside jumps to 16 in the last 3."""
    last = last_complete_month()
    for back in range(39):
        month = month_add(last, -back)
        when = _mid_month(month)
        for i in range(16 if back < 3 else 4):
            make_incident("13A", RIVERSIDE[0] + i * 1e-4, RIVERSIDE[1], when)
        for i in range(4):
            make_incident("13A", HILLTOP[0] + i * 1e-4, HILLTOP[1], when)
    return last


def test_known_jump_is_flagged_up_since_the_jump(series, city):
    alerts = services.refresh_trend_alerts()
    overall = {(a.area.kind, a.area.code) for a in alerts if a.category_id is None}
    assert overall == {("neighborhood", "1"), ("beat", "0111")}
    riverside = next(a for a in alerts if a.area == city["riverside"] and a.category_id is None)
    assert riverside.direction == "up" and riverside.ratio == pytest.approx(4.0)
    assert riverside.q <= 0.05
    assert riverside.since_month == month_add(series, -2)
    assert riverside.recent_mean == 16 and riverside.baseline_mean == 4
    # the per-category rows (13A is the top category) agree
    assert TrendAlert.objects.filter(area=city["riverside"], category__code="13A").exists()


def test_refresh_replaces_old_alerts(series):
    services.refresh_trend_alerts()
    n = TrendAlert.objects.count()
    call_command("refresh_insights", "--skip-near-repeat")
    assert TrendAlert.objects.count() == n


def test_too_little_history_gives_no_alerts(make_incident):
    make_incident("13A", *RIVERSIDE, timezone.now() - dt.timedelta(days=40))
    assert services.refresh_trend_alerts() == []


def test_dashboard_lists_officers_own_beats_first(
    series, client_for, officer, other_district_officer
):
    services.refresh_trend_alerts()
    response = client_for(officer).get("/insights/trends/")
    assert response.status_code == 200
    rows = response.context["alerts"]
    assert rows[0]["is_mine"] and rows[0]["alert"].area.code in ("1", "0111")
    html = response.content.decode()
    assert "Significant changes" in html and "yours" in html and "▲" in html
    other = client_for(other_district_officer).get("/insights/trends/")
    assert not any(r["is_mine"] for r in other.context["alerts"])


@pytest.mark.parametrize(
    "persona,status",
    [("anon", 403), ("resident", 403), ("partner", 403), ("officer", 200), ("analyst", 200)],
)
def test_dashboard_and_api_are_for_staff(series, personas, client_for, persona, status):
    user = None if persona == "anon" else personas[persona]
    client = client_for(user)
    assert client.get("/insights/trends/").status_code == status
    api = client.get("/api/v1/insights/trend-alerts/").status_code
    assert api == status if status == 200 else api in (401, 403)
