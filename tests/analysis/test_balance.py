"""The enforcement-balance monitor: the wedge-risk flag on hand-built series, supervisors told
once, responses recorded by supervisors only."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from beatbridge.analysis import providers, services
from beatbridge.analysis.models import WedgeAlert, WedgeResponse
from beatbridge.analysis.services.common import last_complete_month, month_add

RIVERSIDE = (-87.695, 41.805)
HILLTOP = (-87.675, 41.805)


def _when(yyyymm: int, day: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(yyyymm // 100, yyyymm % 100, day, 15))


@pytest.fixture
def enforcement(make_action, personas):
    """15 months: Riverside's minor enforcement jumps from 2 to 12 a month in the last 3."""
    last = last_complete_month()
    for back in range(15):
        month = month_add(last, -back)
        for i in range(12 if back < 3 else 2):
            make_action("90B", RIVERSIDE[0] + i * 1e-4, RIVERSIDE[1], _when(month), synthetic=True)
        for i in range(2):
            make_action("90C", HILLTOP[0] + i * 1e-4, HILLTOP[1], _when(month))
        make_action("35A", RIVERSIDE[0], RIVERSIDE[1], _when(month), kind="arrest")
        # Residents do raise concerns here, only not about what is enforced.
        _concern("streetlight_out", *RIVERSIDE, _when(month, 12))
    return last


def _concern(code, lon, lat, when):
    from beatbridge.areas.locator import locate
    from beatbridge.concerns.models import Category, Concern

    category, _ = Category.objects.get_or_create(
        code=code, defaults={"name_en": code, "name_es": code}
    )
    areas = {a.kind: a for a in locate(lon, lat)}
    return Concern.objects.create(
        category=category,
        description="test",
        lon=lon,
        lat=lat,
        neighborhood=areas.get("neighborhood"),
        beat=areas.get("beat"),
        district=areas.get("district"),
        created_at=when,
    )


def test_rise_without_resident_demand_is_flagged_and_supervisors_told_once(
    enforcement, city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alerts = services.refresh_wedge_alerts()
    assert [a.area for a in alerts] == [city["riverside"]]
    alert = alerts[0]
    assert alert.reasons == ["minor_enforcement_up", "no_resident_demand"]
    assert alert.is_synthetic and alert.month == enforcement
    assert alert.figures["ratio"] == pytest.approx(6.0)
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@example.org", "supervisor@example.org"]
    assert "Riverside" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.refresh_wedge_alerts()  # still flagged: same alert, nobody told twice
    assert WedgeAlert.objects.count() == 1 and len(mail.outbox) == 2


def test_resident_demand_and_no_trust_drop_means_no_flag(enforcement, city):
    last = enforcement
    for back in range(15):  # concerns about loitering rise with the enforcement
        for i in range(10 if back < 3 else 1):
            _concern("loitering", *RIVERSIDE, _when(month_add(last, -back), 3 + i))
    risk, alert = services.check_area(city["riverside"])
    assert risk.minor_up and not risk.no_resident_demand and "trust_unknown" in risk.notes
    assert not risk.flag and alert is None


def test_trust_drop_from_a_survey_provider_flags(enforcement, city):
    last = enforcement
    for back in range(15):
        for i in range(10 if back < 3 else 1):
            _concern("loitering", *RIVERSIDE, _when(month_add(last, -back), 3 + i))
    providers.register_trust_provider(
        lambda area, months: {months[-7]: 3.9, months[-1]: 3.1} if area.code == "1" else {}
    )
    risk, alert = services.check_area(city["riverside"])
    assert risk.flag and risk.reasons == ["minor_enforcement_up", "trust_down"]
    assert alert is not None


def test_page_shows_numbers_rule_history_and_synthetic_label(enforcement, client_for, supervisor):
    services.refresh_wedge_alerts()
    response = client_for(supervisor).get("/insights/balance/1/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wedge risk" in html and "Synthetic data." in html
    assert "per 1,000 residents" in html and "The rule" in html
    assert '<svg role="img"' in html and html.count('class="recent"') == 3
    assert "Trust: unknown" in html
    overview = client_for(supervisor).get("/insights/balance/").content.decode()
    assert "Riverside" in overview and "Hilltop" in overview and "synthetic" in overview


def test_population_unknown_is_said(enforcement, client_for, supervisor, city):
    city["riverside"].population = None
    city["riverside"].save()
    html = client_for(supervisor).get("/insights/balance/1/").content.decode()
    assert "population is unknown" in html


def test_supervisor_records_a_response(enforcement, client_for, supervisor):
    alert = services.refresh_wedge_alerts()[0]
    url = f"/insights/balance/1/alerts/{alert.pk}/respond/"
    client = client_for(supervisor)
    assert client.post(url, {"action": "  "}).status_code == 400
    response = client.post(url, {"action": "Met the beat team; paused the loitering sweeps."})
    assert response.status_code == 302
    stored = WedgeResponse.objects.get(alert=alert)
    assert stored.by == supervisor and "loitering sweeps" in stored.action
    assert "paused the loitering sweeps" in client.get("/insights/balance/1/").content.decode()


@pytest.mark.parametrize(
    "persona,view,respond",
    [
        ("anon", 403, 403),
        ("resident", 403, 403),
        ("partner", 403, 403),
        ("officer", 200, 403),  # serves Riverside: may read, not respond
        ("other_district_officer", 403, 403),
        ("analyst", 200, 403),
        ("supervisor", 200, 400),  # allowed; 400 because the empty form is invalid
        ("admin", 200, 400),
    ],
)
def test_who_may_see_and_respond(enforcement, personas, client_for, persona, view, respond):
    alert = services.refresh_wedge_alerts()[0]
    client = client_for(None if persona == "anon" else personas[persona])
    assert client.get("/insights/balance/1/").status_code == view
    assert client.get("/api/v1/insights/balance/1/").status_code in (
        (200,) if view == 200 else (401, 403)
    )
    assert client.post(f"/insights/balance/1/alerts/{alert.pk}/respond/", {}).status_code == respond


def test_officer_overview_lists_only_served_neighborhoods(enforcement, client_for, officer):
    rows = client_for(officer).get("/insights/balance/").context["rows"]
    assert [r["area"].code for r in rows] == ["1"]


def test_api_series(enforcement, client_for, analyst):
    data = client_for(analyst).get("/api/v1/insights/balance/1/").json()
    assert len(data["months"]) == 24 and data["minor"][-1] == 12 and data["is_synthetic"]
    assert data["wedge_risk"]["flag"] is True and data["trust"][-1] is None
    # months before the first enforcement record are unknown, not zero
    assert data["minor"][:9] == [None] * 9 and data["minor"][9] == 2


def test_thresholds_are_configurable(enforcement, city, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "INSIGHTS": {"WEDGE_THRESHOLDS": {"rise_z": 50}}}
    risk, alert = services.check_area(city["riverside"])
    assert not risk.minor_up and alert is None
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "INSIGHTS": {"WEDGE_THRESHOLDS": {"nope": 1}}}
    with pytest.raises(ImproperlyConfigured):
        services.check_area(city["riverside"])


def test_no_concern_data_is_not_enough_to_say_residents_are_not_asking(
    make_action, personas, city, client_for, supervisor
):
    """Where nobody raised any concern, "0.0 vs 0.0" is silence: the clause does not fire,
    the area is not flagged, and the page says there is not enough data (issue 17)."""
    last = last_complete_month()
    for back in range(15):
        month = month_add(last, -back)
        for i in range(12 if back < 3 else 2):
            make_action("90B", RIVERSIDE[0] + i * 1e-4, RIVERSIDE[1], _when(month))
    risk, alert = services.check_area(city["riverside"])
    assert risk.minor_up
    assert not risk.no_resident_demand and not risk.flag and alert is None
    assert "concern_unknown" in risk.notes
    page = client_for(supervisor).get(f"/insights/balance/{city['riverside'].code}/")
    assert "not enough data" in page.content.decode()
    assert "Residents are not asking" not in page.content.decode()
