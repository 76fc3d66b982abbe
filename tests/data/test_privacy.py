"""Public data never exposes an exact point; sensitive offenses are never listed or mapped."""

import json

import pytest

from beatbridge.data.models import Incident

from .helpers import HILLTOP, RIVERSIDE, days_ago, import_rows

PUBLIC_URLS = [
    "/api/v1/incidents/",
    "/api/v1/incidents/?area_kind=neighborhood&area_code=1",
    "/data/incidents.csv",
    "/data/incidents.geojson",
    "/data/map.geojson",
    "/data/map.geojson?area_kind=beat&area_code=0111",
    "/areas/neighborhood/1/",
    "/data/city/",
    "/api/v1/crime-stats/?area_kind=neighborhood&area_code=1",
]


@pytest.fixture
def incidents(city, tmp_path):
    import_rows(
        tmp_path,
        [
            ("a1", days_ago(3), "ASSAULT", RIVERSIDE),
            ("a2", days_ago(5), "BURGLARY", HILLTOP),
            ("s1", days_ago(4), "RAPE", RIVERSIDE),
            ("s2", days_ago(6), "DOMESTIC BATTERY", HILLTOP),
        ],
    )
    return Incident.objects.all()


def _body(response) -> str:
    return (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()


def test_generalized_location_is_a_cell_centre_not_the_point(incidents):
    assert incidents.count() == 4  # the checks below must not run over nothing
    for incident in incidents:
        assert (incident.public_lon, incident.public_lat) != (incident.lon, incident.lat)
        assert abs(incident.public_lon - incident.lon) < 0.002
        assert abs(incident.public_lat - incident.lat) < 0.002
        assert len(incident.h3_cell) == 15


def test_points_in_the_same_cell_share_one_public_location(city, tmp_path):
    import_rows(
        tmp_path,
        [
            ("p1", days_ago(1), "ASSAULT", ("-87.69510", "41.80510")),
            ("p2", days_ago(1), "ASSAULT", ("-87.69530", "41.80490")),
        ],
    )
    p1, p2 = Incident.objects.get(source_id="p1"), Incident.objects.get(source_id="p2")
    assert p1.h3_cell == p2.h3_cell
    assert (p1.public_lon, p1.public_lat) == (p2.public_lon, p2.public_lat)


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_exact_coordinate_in_public_responses(incidents, client, url):
    response = client.get(url)
    assert response.status_code == 200
    body = _body(response)
    for incident in incidents:
        for exact in (incident.lon, incident.lat):
            assert repr(exact) not in body
            assert f"{exact:.5f}" not in body


@pytest.mark.parametrize("url", PUBLIC_URLS[:6])
def test_sensitive_incidents_are_not_listed_or_mapped(incidents, client, url):
    body = _body(client.get(url))
    sensitive = incidents.filter(is_sensitive=True)
    assert sensitive.count() == 2
    for incident in sensitive:
        assert incident.h3_cell not in body or incident.h3_cell in {
            i.h3_cell for i in incidents.filter(is_sensitive=False)
        }
        assert f'"id":{incident.pk},' not in body.replace(" ", "")
    assert "11A" not in body and "13B-DV" not in body


def test_public_api_lists_only_safe_incidents(incidents, client):
    data = client.get("/api/v1/incidents/").json()
    assert {r["category"] for r in data["results"]} == {"13A", "220"}
    assert data["count"] == 2
    geo = json.loads(_body(client.get("/data/map.geojson")))
    assert sum(f["properties"]["count"] for f in geo["features"]) == 2


def test_sensitive_offenses_still_count_in_area_statistics(incidents, client):
    data = client.get("/api/v1/crime-stats/?area_kind=neighborhood&area_code=1").json()
    codes = {row["code"]: row["last28"] for row in data["categories"]}
    assert codes["11A"] == 1 and codes["13A"] == 1
    page = client.get("/areas/neighborhood/1/").content.decode()
    assert "Rape" in page  # counted in the table, never on the map


def test_filter_form_rejects_nonsense_with_400(incidents, client):
    response = client.get("/data/map.geojson?since=2024-05-01&until=2024-01-01")
    assert response.status_code == 400
    assert "since" in response.json()["errors"]
    assert client.get("/api/v1/incidents/?since=notadate").status_code == 400
    assert client.get("/api/v1/incidents/?area_kind=beat&area_code=9999").status_code == 400
