"""Exact locations are for police staff only, and every read is audit-logged."""

import pytest

from beatbridge.accounts.models import ActivityEntry
from beatbridge.data.models import Incident

from .helpers import RIVERSIDE, days_ago, import_rows

URL = "/api/v1/incidents/exact/"


@pytest.fixture
def incidents(city, tmp_path):
    import_rows(
        tmp_path,
        [("a1", days_ago(1), "ASSAULT", RIVERSIDE), ("s1", days_ago(2), "RAPE", RIVERSIDE)],
    )


@pytest.mark.parametrize("role", ["officer", "supervisor", "analyst", "admin"])
def test_staff_read_exact_points_and_each_read_is_logged(incidents, personas, client_for, role):
    user = personas[role]
    data = client_for(user).get(URL).json()
    assert data["count"] == 2  # staff see sensitive incidents too
    exact = {i.pk: (i.lon, i.lat) for i in Incident.objects.all()}
    for row in data["results"]:
        assert (row["exact_lon"], row["exact_lat"]) == exact[row["id"]]
    reads = ActivityEntry.objects.filter(actor=user, verb="read", is_read=True)
    assert reads.count() == 2
    assert {r.target_id for r in reads} == {str(pk) for pk in exact}


@pytest.mark.parametrize("role", ["resident", "partner"])
def test_residents_and_partners_are_refused(incidents, personas, client_for, role):
    response = client_for(personas[role]).get(URL)
    assert response.status_code == 403
    assert "exact_lon" not in response.content.decode()


def test_anonymous_is_refused(incidents, client):
    assert client.get(URL).status_code in (401, 403)
    assert not ActivityEntry.objects.filter(verb="read").exists()


def test_admin_site_incident_view_is_audited(incidents, admin_user, client_for):
    incident = Incident.objects.first()
    response = client_for(admin_user).get(f"/admin/data/incident/{incident.pk}/change/")
    assert response.status_code == 200
    assert ActivityEntry.objects.filter(
        actor=admin_user, verb="read", target_id=str(incident.pk)
    ).exists()


def test_offense_categories_endpoint_is_public(db, client):
    data = client.get("/api/v1/offense-categories/").json()
    codes = {c["code"]: c for c in data}
    assert codes["13A"]["group"] == "A" and codes["13B-DV"]["parent"] == "13B"
    assert codes["11A"]["is_sensitive"] is True


def test_endpoints_are_in_the_openapi_schema(db, client):
    schema = client.get("/api/schema/?format=json").json()
    for path in [
        "/api/v1/incidents/",
        "/api/v1/incidents/exact/",
        "/api/v1/crime-stats/",
        "/api/v1/offense-categories/",
        "/api/v1/engagement/",
    ]:
        assert path in schema["paths"]
