"""Marking an offense category sensitive after its incidents were imported withdraws them from
every public output at once, cached maps included; marking it not sensitive publishes them
again. Staff keep seeing them, and the area counts keep counting them (issue 16, item 3)."""

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from beatbridge.accounts.models import ActivityEntry
from beatbridge.analysis.models import ElevatedRisk, NearRepeatPattern
from beatbridge.data import services
from beatbridge.data.models import Incident, OffenseCategory

from .helpers import HILLTOP, RIVERSIDE, days_ago, import_rows


@pytest.fixture
def published(city, tmp_path):
    """Three assaults (13A, public when imported) and two burglaries (220), all recent, and
    the near-repeat results a refresh would have stored for 13A."""
    import_rows(
        tmp_path,
        [
            ("a1", days_ago(3), "ASSAULT", RIVERSIDE),
            ("a2", days_ago(4), "ASSAULT", RIVERSIDE),
            ("a3", days_ago(5), "ASSAULT", HILLTOP),
            ("b1", days_ago(3), "BURGLARY", HILLTOP),
            ("b2", days_ago(6), "BURGLARY", RIVERSIDE),
        ],
    )
    assault = OffenseCategory.objects.get(code="13A")
    now = timezone.now()
    NearRepeatPattern.objects.create(
        category=assault,
        period_start=now - dt.timedelta(days=365),
        period_end=now,
        n_events=3,
        risk_radius_m=200,
        risk_days=14,
    )
    first = Incident.objects.get(source_id="a1")
    ElevatedRisk.objects.create(
        category=assault,
        incident_id=first.pk,
        center_lon=first.public_lon,
        center_lat=first.public_lat,
        radius_m=200,
        starts_at=first.occurred_at,
        ends_at=now + dt.timedelta(days=10),
        beat=first.beat,
        neighborhood=first.neighborhood,
    )
    return assault


def _body(response) -> str:
    return (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()


def _json_script(html: str, element_id: str):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1)) if found else None


def public_outputs(client) -> dict:
    """What the public gets about assaults (13A) from every output that reads incidents."""
    api = client.get("/api/v1/incidents/").json()
    csv_rows = _body(client.get("/data/incidents.csv")).splitlines()[1:]
    geojson = json.loads(_body(client.get("/data/incidents.geojson")))
    cells = client.get("/data/map.geojson").json()
    cells_13a = client.get("/data/map.geojson", {"category": "13A"})
    hotspots = client.get("/api/v1/insights/hotspots/").json()
    hotspots_13a = client.get("/api/v1/insights/hotspots/", {"category": "13A"})
    hotspot_page = client.get("/insights/hotspots/").content.decode()
    patterns = client.get("/api/v1/insights/near-repeat/").json()
    risks = client.get("/api/v1/insights/elevated-risks/").json()
    area_page = client.get("/areas/neighborhood/1/").content.decode()
    area_map = _json_script(area_page, "area-hotspots")
    return {
        "api": sum(r["category"] == "13A" for r in api["results"]),
        "api_count": api["count"],
        "csv": sum(",13A," in row for row in csv_rows),
        "geojson": sum(f["properties"]["category"] == "13A" for f in geojson["features"]),
        "map_points": sum(f["properties"]["count"] for f in cells["features"]),
        "map_13a": cells_13a.status_code,
        "hotspot_incidents": hotspots["meta"]["incidents"],
        "hotspots_13a": hotspots_13a.status_code,
        "hotspot_page_offers_13a": 'value="13A"' in hotspot_page,
        "patterns": [p["category"] for p in patterns],
        "near_repeat_page": client.get("/insights/near-repeat/13A/").status_code,
        "risks": [r["category"] for r in risks],
        "area_page_zones": 'id="area-risk-zones"' in area_page,
        "area_page_hotspot_incidents": area_map["meta"]["incidents"] if area_map else None,
    }


BEFORE = {
    "api": 3,
    "api_count": 5,
    "csv": 3,
    "geojson": 3,
    "map_points": 5,
    "map_13a": 200,
    "hotspot_incidents": 5,
    "hotspots_13a": 200,
    "hotspot_page_offers_13a": True,
    "patterns": ["13A"],
    "near_repeat_page": 200,
    "risks": ["13A"],
    "area_page_zones": True,
    "area_page_hotspot_incidents": 3,  # Riverside: assaults a1, a2 and burglary b2
}
AFTER = {
    "api": 0,
    "api_count": 2,
    "csv": 0,
    "geojson": 0,
    "map_points": 2,
    "map_13a": 400,  # no longer a public category
    "hotspot_incidents": 2,
    "hotspots_13a": 400,
    "hotspot_page_offers_13a": False,
    "patterns": [],
    "near_repeat_page": 404,
    "risks": [],
    "area_page_zones": False,
    "area_page_hotspot_incidents": 1,
}


def test_marking_a_category_sensitive_withdraws_it_from_every_public_output(
    published, client, admin_user
):
    assert public_outputs(client) == BEFORE  # read (and cached) while 13A was public

    services.set_category_sensitive(published, True, by=admin_user)

    assert public_outputs(client) == AFTER
    # The incidents' copied flag follows in the same transaction.
    assert not Incident.objects.filter(category=published, is_sensitive=False).exists()
    entry = ActivityEntry.objects.get(verb="data.category_sensitive_set")
    assert entry.actor == admin_user and entry.data["sensitive"] is True
    assert entry.data["incidents"] == 3


def test_marking_it_not_sensitive_publishes_it_again(published, client, admin_user):
    services.set_category_sensitive(published, True, by=admin_user)
    assert public_outputs(client) == AFTER
    services.set_category_sensitive(published, False, by=admin_user)
    assert public_outputs(client) == BEFORE
    assert not Incident.objects.filter(category=published, is_sensitive=True).exists()


def test_area_counts_still_count_it_and_staff_still_see_it(
    published, client, client_for, personas, admin_user
):
    services.set_category_sensitive(published, True, by=admin_user)
    stats = client.get("/api/v1/crime-stats/?area_kind=neighborhood&area_code=1").json()
    row = next(r for r in stats["categories"] if r["code"] == "13A")
    assert row["last28"] == 2 and row["is_sensitive"] is True
    exact = client_for(personas["officer"]).get("/api/v1/incidents/exact/").json()
    assert sum(r["category"] == "13A" for r in exact["results"]) == 3
    staff_map = client_for(personas["analyst"]).get("/api/v1/insights/hotspots/").json()
    assert staff_map["meta"]["incidents"] == 5


def test_a_zone_started_by_a_newly_sensitive_sub_category_is_withdrawn(
    published, client, admin_user
):
    """The 13A pattern's zone was opened by an incident of a local sub-category of 13A; that
    sub-category alone becomes sensitive: 13A stays public, the zone does not."""
    local = OffenseCategory.objects.create(
        code="13A-X", name_en="Local", name_es="Local", group="A", parent=published, is_local=True
    )
    Incident.objects.filter(source_id="a1").update(category=local)
    assert client.get("/api/v1/insights/elevated-risks/").json()[0]["category"] == "13A"
    services.set_category_sensitive(local, True, by=admin_user)
    assert client.get("/api/v1/insights/elevated-risks/").json() == []
    assert client.get("/api/v1/insights/near-repeat/").json()[0]["category"] == "13A"


def test_the_admin_change_form_and_the_list_actions_take_effect_at_once(
    published, client, client_for, admin_user
):
    admin = client_for(admin_user)
    url = f"/admin/data/offensecategory/{published.pk}/change/"
    form = {
        "code": "13A",
        "name_en": published.name_en,
        "name_es": published.name_es,
        "group": published.group,
        "crime_against": published.crime_against,
        "parent": "",
        "is_sensitive": "on",
    }
    assert admin.post(url, form).status_code == 302
    assert public_outputs(client) == AFTER
    assert ActivityEntry.objects.filter(verb="data.category_sensitive_set").count() == 1

    changelist = "/admin/data/offensecategory/"
    response = admin.post(
        changelist, {"action": "mark_not_sensitive", "_selected_action": [published.pk]}
    )
    assert response.status_code == 302
    assert public_outputs(client) == BEFORE
    assert not Incident.objects.filter(category=published, is_sensitive=True).exists()


def test_a_bulk_update_or_a_plain_save_also_keeps_the_copy_in_step(published, client):
    OffenseCategory.objects.filter(code__in=["13A", "220"]).update(is_sensitive=True)
    assert Incident.objects.filter(is_sensitive=False).count() == 0
    assert client.get("/api/v1/incidents/").json()["count"] == 0
    burglary = OffenseCategory.objects.get(code="220")
    burglary.is_sensitive = False
    burglary.save()
    assert Incident.objects.filter(is_sensitive=False, category=burglary).count() == 2
    assert client.get("/api/v1/incidents/").json()["count"] == 2


def test_public_outputs_read_the_flag_even_when_the_copy_is_stale(published, client):
    """However the flag was set (a raw update, a fixture), the copy is not what is trusted."""
    from django.db import connection

    table = OffenseCategory._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET is_sensitive = %s WHERE code = %s", [True, "13A"])  # noqa: S608
    assert Incident.objects.filter(category=published, is_sensitive=False).count() == 3
    assert public_outputs(client) == AFTER


@pytest.mark.parametrize("role", ["resident", "officer", "supervisor", "analyst"])
def test_only_administrators_may_change_the_flag(published, personas, role):
    with pytest.raises(PermissionDenied):
        services.set_category_sensitive(published, True, by=personas[role])
    published.refresh_from_db()
    assert published.is_sensitive is False
    assert not Incident.objects.filter(is_sensitive=True).exists()
