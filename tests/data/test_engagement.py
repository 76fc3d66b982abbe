"""Officers log engagement (page, API, service); other apps use log_engagement()."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from beatbridge.accounts.models import ActivityEntry
from beatbridge.data.models import EngagementActivity
from beatbridge.data.services import log_engagement


def _when(hours_ago=2):
    return timezone.now() - dt.timedelta(hours=hours_ago)


def test_officer_logs_own_engagement(officer, city):
    entry = log_engagement(officer, "foot_patrol", _when(), 45, city["b111"], note="Main St")
    assert (entry.officer, entry.minutes, entry.area) == (officer, 45, city["b111"])
    assert ActivityEntry.objects.filter(verb="data.engagement_logged", actor=officer).exists()


def test_other_apps_relog_the_same_source_without_double_counting(officer, city):
    log_engagement(
        officer, "meeting", _when(), 60, city["riverside"], source_ref="meetings.Meeting:7"
    )
    log_engagement(
        officer, "meeting", _when(), 90, city["riverside"], source_ref="meetings.Meeting:7"
    )
    assert EngagementActivity.objects.get().minutes == 90


def test_supervisor_may_log_for_an_officer_but_officers_not_for_each_other(
    officer, other_district_officer, supervisor, city
):
    log_engagement(officer, "school_visit", _when(), 30, city["b111"], by=supervisor)
    with pytest.raises(PermissionDenied):
        log_engagement(
            officer, "school_visit", _when(), 30, city["b111"], by=other_district_officer
        )


@pytest.mark.parametrize("role", ["resident", "partner", "analyst"])
def test_non_officers_cannot_log(personas, city, role):
    with pytest.raises(PermissionDenied):
        log_engagement(personas[role], "foot_patrol", _when(), 30, city["b111"])


@pytest.mark.parametrize(
    ("kind", "minutes", "when", "field"),
    [
        ("dancing", 30, "ok", "kind"),
        ("foot_patrol", 0, "ok", "minutes"),
        ("foot_patrol", 30, "future", "started_at"),
    ],
)
def test_bad_input_is_refused_per_field(officer, city, kind, minutes, when, field):
    started = _when() if when == "ok" else timezone.now() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as info:
        log_engagement(officer, kind, started, minutes, city["b111"])
    assert field in info.value.message_dict


def test_form_page(officer, city, client_for):
    client = client_for(officer)
    assert client.get("/data/engagement/new/").status_code == 200
    response = client.post(
        "/data/engagement/new/",
        {
            "kind": "business_check",
            "area": city["b111"].pk,
            "started_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "minutes": "40",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert EngagementActivity.objects.get().kind == "business_check"
    bad = client.post("/data/engagement/new/", {"kind": "business_check", "minutes": "-5"})
    assert bad.status_code == 400
    assert "errorlist" in bad.content.decode()


@pytest.mark.parametrize("role", ["resident", "partner", "analyst"])
def test_form_page_refuses_non_officers(personas, client_for, role):
    assert client_for(personas[role]).get("/data/engagement/new/").status_code == 403


def test_form_page_sends_anonymous_to_sign_in(db, client):
    assert client.get("/data/engagement/new/").status_code == 302


def test_api(officer, resident, city, client_for):
    payload = {
        "kind": "foot_patrol",
        "started_at": _when().isoformat(),
        "minutes": 25,
        "area_kind": "beat",
        "area_code": "0111",
        "note": "evening walk",
    }
    response = client_for(officer).post(
        "/api/v1/engagement/", payload, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["minutes"] == 25
    assert client_for(officer).get("/api/v1/engagement/").json()[0]["note"] == "evening walk"
    bad = client_for(officer).post(
        "/api/v1/engagement/", {**payload, "area_code": "9999"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert (
        client_for(resident)
        .post("/api/v1/engagement/", payload, content_type="application/json")
        .status_code
        == 403
    )
    assert client_for(None).get("/api/v1/engagement/").status_code in (401, 403)


def test_engagement_hours_show_on_the_area_page(officer, city, client):
    log_engagement(officer, "foot_patrol", _when(), 90, city["riverside"])
    page = client.get("/areas/neighborhood/1/").content.decode()
    assert "1.5 hours in the last 90 days" in page


def test_engagement_form_starts_at_the_officers_beat(
    client_for, city, officer, other_district_officer
):
    for person, beat in ((officer, city["b111"]), (other_district_officer, city["b211"])):
        response = client_for(person).get("/data/engagement/new/")
        assert response.context["form"]["area"].value() == beat.pk
        assert f'<option value="{beat.pk}" selected>' in response.content.decode()


def test_engagement_form_without_an_assignment_starts_empty(client_for, supervisor):
    response = client_for(supervisor).get("/data/engagement/new/")
    assert response.context["form"]["area"].value() is None
