"""Hotspot maps: a hand-built cluster is found; sensitive offenses never reach public maps."""

import datetime as dt

import numpy as np
import pytest
from django.utils import timezone

from beatbridge.analysis import services

CLUSTER = (-87.695, 41.805)  # inside Riverside / beat 0111
SENSITIVE_SPOT = (-87.675, 41.805)  # inside Hilltop / beat 0211


@pytest.fixture
def incidents(make_incident):
    rng = np.random.default_rng(7)
    now = timezone.now()
    for _ in range(120):  # a burglary cluster a few blocks wide
        make_incident(
            "220",
            CLUSTER[0] + rng.normal(0, 0.0012),
            CLUSTER[1] + rng.normal(0, 0.0008),
            now - dt.timedelta(days=int(rng.integers(1, 60))),
        )
    for _ in range(40):
        make_incident(
            "220",
            -87.70 + rng.uniform(0, 0.03),
            41.80 + rng.uniform(0, 0.01),
            now - dt.timedelta(days=int(rng.integers(1, 60))),
        )
    for _ in range(30):  # a sensitive cluster elsewhere
        make_incident(
            "11A",
            SENSITIVE_SPOT[0] + rng.normal(0, 0.0002),
            SENSITIVE_SPOT[1] + rng.normal(0, 0.0002),
            now - dt.timedelta(days=int(rng.integers(1, 60))),
        )


def _cells(result, label):
    return {
        f["properties"]["cell"] for f in result["features"] if f["properties"]["label"] == label
    }


def test_cluster_is_a_hot_spot_and_sensitive_cluster_is_absent(incidents):
    import h3

    result = services.hotspot_map(services.default_query())
    assert result["meta"]["incidents"] == 160  # the 30 sensitive incidents are left out
    hot = _cells(result, "hot")
    assert h3.latlng_to_cell(CLUSTER[1], CLUSTER[0], 9) in hot
    assert h3.latlng_to_cell(SENSITIVE_SPOT[1], SENSITIVE_SPOT[0], 9) not in hot
    top = result["meta"]["top"][0]
    assert top["count"] >= 30 and top["z"] > 3 and top["q"] <= 0.05


def test_hotspot_page_shows_map_legend_table_and_method(client, incidents):
    response = client.get("/insights/hotspots/", {"category": "220", "resolution": "9"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="hotspot-map"' in html and "Hot spot" in html and "Cold spot" in html
    assert "Strongest hot spots" in html and '<th scope="row">1</th>' in html
    assert "/insights/methods/" in html
    # each top row links to its hexagon on the map; jargon explained; a next step (issue 17)
    top = response.context["result"]["meta"]["top"][0]["cell"]
    assert f'data-cell="{top}"' in html and "Show on map" in html
    assert "<abbr title=" in html and "What to do next" in html
    # sensitive categories are not offered to the public
    assert 'value="11A"' not in html


def test_area_hotspot_page_uses_the_area(client, incidents):
    response = client.get("/insights/hotspots/neighborhood/1/")
    assert response.status_code == 200
    assert response.context["result"]["meta"]["area"] == "neighborhood:1"
    from beatbridge.data.models import Incident

    in_area = Incident.objects.filter(neighborhood__code="1", is_sensitive=False).count()
    assert response.context["result"]["meta"]["incidents"] == in_area > 100


def test_public_cannot_map_a_sensitive_category(client, client_for, incidents, analyst):
    assert client.get("/insights/hotspots/", {"category": "11A"}).status_code == 400
    api = client.get("/api/v1/insights/hotspots/", {"category": "11A"})
    assert api.status_code == 400 and "category" in api.json()
    staff = client_for(analyst).get("/api/v1/insights/hotspots/", {"category": "11A"})
    assert staff.status_code == 200 and staff.json()["meta"]["incidents"] == 30


@pytest.mark.parametrize(
    "params,field",
    [
        ({"resolution": "3"}, "resolution"),
        ({"start": "2025-05-01", "end": "2025-01-01"}, "end"),
        ({"start": "not-a-date"}, "start"),
        ({"area": "moon:1"}, "area"),
    ],
)
def test_bad_input_is_a_400_with_field_errors(client, incidents, params, field):
    api = client.get("/api/v1/insights/hotspots/", params)
    assert api.status_code == 400 and field in api.json()
    if field != "area":
        assert client.get("/insights/hotspots/", params).status_code == 400


def test_api_is_geojson_with_polygons(client, incidents):
    data = client.get("/api/v1/insights/hotspots/", {"category": "220"}).json()
    assert data["type"] == "FeatureCollection"
    feature = data["features"][0]
    assert feature["geometry"]["type"] == "Polygon"
    ring = feature["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 7
    assert -88 < ring[0][0] < -87 and 41 < ring[0][1] < 42  # [lon, lat]


def test_results_are_cached_until_the_data_change(
    incidents, make_incident, django_assert_max_num_queries
):
    query = services.default_query()
    first = services.hotspot_map(query)
    with django_assert_max_num_queries(3):  # the version lookups only
        assert services.hotspot_map(services.default_query()) == first


def test_neighborhood_page_has_the_hotspot_section(client, incidents):
    html = client.get("/areas/neighborhood/1/").content.decode()
    assert "Hotspots and prevention" in html
    assert "/insights/hotspots/neighborhood/1/" in html


def test_neighborhood_page_without_hot_spots_says_so(client, make_incident):
    """Scattered incidents, no cluster: the page says there is none instead of pointing at
    red hexagons that are not on the map (issue 17)."""
    rng = np.random.default_rng(3)
    now = timezone.now()
    for _ in range(12):
        make_incident(
            "220",
            -87.70 + rng.uniform(0, 0.03),
            41.80 + rng.uniform(0, 0.01),
            now - dt.timedelta(days=int(rng.integers(1, 60))),
        )
    html = client.get("/areas/neighborhood/1/").content.decode()
    assert "Hotspots and prevention" in html
    assert "No significant hot spot since" in html
    assert "Red hexagons on the map above." not in html


def test_insights_index_shows_each_tools_headline(incidents, client, client_for, supervisor):
    """The index tiles carry each tool's headline figure (issue 17); staff-only tools' figures
    stay off the public index."""
    public = client.get("/insights/").content.decode()
    assert "hot spots since" in public or "hot spot since" in public
    assert "Not computed yet." in public
    assert "rising," not in public and "flagged last month" not in public
    staff = client_for(supervisor).get("/insights/").content.decode()
    assert "0 rising, 0 falling" in staff and "0 areas flagged last month" in staff
