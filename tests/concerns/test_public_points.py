"""An anonymous concern's point is public only as its block, generalized exactly as
incidents are (the centre of its H3 resolution-10 cell); staff see the exact point. The probe
read the exact point of anonymous reports off the API, the map, Open311 and the page."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from beatbridge.concerns.geo import haversine_m
from beatbridge.data.parsing import generalize

from .conftest import IN_B111, IN_B112

EXACT = IN_B111
GLON, GLAT = (float(v[0]) for v in generalize(np.array([EXACT[0]]), np.array([EXACT[1]]))[:2])


@pytest.fixture
def anonymous(make_concern):
    return make_concern(where=EXACT, anonymous=True)


@pytest.fixture
def named(make_concern, resident):
    return make_concern(where=IN_B112, by=resident, contact_email="r@example.org")


def test_the_block_point_is_not_the_exact_point():
    assert (GLON, GLAT) != EXACT
    assert 1 < haversine_m(*EXACT, GLON, GLAT) < 100


def test_api_list_and_detail(client, client_for, anonymous, named, officer, analyst):
    rows = {r["id"]: r for r in client.get("/api/v1/concerns/").json()["results"]}
    assert (rows[anonymous.pk]["lon"], rows[anonymous.pk]["lat"]) == (GLON, GLAT)
    assert (rows[named.pk]["lon"], rows[named.pk]["lat"]) == IN_B112  # a named reporter
    detail = client.get(f"/api/v1/concerns/{anonymous.pk}/").json()
    assert (detail["lon"], detail["lat"]) == (GLON, GLAT)
    for staff in (officer, analyst):
        detail = client_for(staff).get(f"/api/v1/concerns/{anonymous.pk}/").json()
        assert (detail["lon"], detail["lat"]) == EXACT


def test_public_map_geojson(client, client_for, anonymous, named, officer):
    def points(c):
        features = c.get("/concerns/map.geojson", {"status": "all"}).json()["features"]
        return {f["properties"]["id"]: tuple(f["geometry"]["coordinates"]) for f in features}

    public = points(client)
    assert public[anonymous.pk] == (round(GLON, 5), round(GLAT, 5))
    assert public[named.pk] == IN_B112
    assert points(client_for(officer))[anonymous.pk] == EXACT


def test_open311_requests_json_and_xml(client, anonymous, named):
    listed = {r["service_request_id"]: r for r in client.get("/open311/v2/requests.json").json()}
    assert (listed[anonymous.pk]["long"], listed[anonymous.pk]["lat"]) == (GLON, GLAT)
    assert (listed[named.pk]["long"], listed[named.pk]["lat"]) == IN_B112
    one = client.get(f"/open311/v2/requests/{anonymous.pk}.json").json()[0]
    assert (one["long"], one["lat"]) == (GLON, GLAT)
    root = ET.fromstring(client.get(f"/open311/v2/requests/{anonymous.pk}.xml").content)
    request = root.find("request")
    assert float(request.findtext("long")) == GLON
    assert float(request.findtext("lat")) == GLAT
    body = client.get("/open311/v2/requests.xml").content.decode()
    assert f"<long>{EXACT[0]}</long>" not in body  # (the named concern shares the latitude)


def test_concern_page(client, client_for, anonymous, officer):
    page = client.get(f"/concerns/{anonymous.pk}/")
    assert page.context["point"] == [GLON, GLAT]
    assert f"[{EXACT[0]}, {EXACT[1]}]" not in page.content.decode()
    assert client_for(officer).get(f"/concerns/{anonymous.pk}/").context["point"] == list(EXACT)


def test_distances_to_an_anonymous_concern_are_to_its_block(
    client, client_for, anonymous, noise, officer
):
    """Distances from chosen places would trilaterate the exact point: the public get the
    distance to the block, so asking at the exact point does not answer 0 m."""
    query = {"category": "noise", "lat": EXACT[1], "lon": EXACT[0]}
    found = client.get("/api/v1/concerns/nearby/", query).json()
    assert [r["id"] for r in found] == [anonymous.pk]
    to_block = round(haversine_m(*EXACT, GLON, GLAT), 1)
    assert found[0]["distance_m"] == to_block
    assert (found[0]["lon"], found[0]["lat"]) == (GLON, GLAT)
    staff = client_for(officer).get("/api/v1/concerns/nearby/", query).json()
    assert staff[0]["distance_m"] == 0.0
    fragment = client.get(
        "/concerns/similar/", {"category": noise.pk, "lat": EXACT[1], "lon": EXACT[0]}
    )
    assert [round(d, 1) for _c, d in fragment.context["suggestions"]] == [to_block]
