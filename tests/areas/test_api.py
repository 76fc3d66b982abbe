"""The areas API: GeoJSON FeatureCollection and the point locator."""

import pytest

from beatbridge.areas import locator

from ..conftest import X0, Y0


@pytest.fixture(autouse=True)
def _fresh_cache():
    locator.invalidate()


def test_areas_is_one_feature_collection_of_every_area(client, city):
    response = client.get("/api/v1/areas/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 7
    beat = next(f for f in data["features"] if f["properties"]["code"] == "0111")
    assert beat["type"] == "Feature"
    assert beat["geometry"]["type"] == "Polygon"
    assert beat["properties"] == {
        "id": city["b111"].pk,
        "kind": "beat",
        "code": "0111",
        "name": "Beat 0111",
        "label": "Beat 0111",
        "parent": "1",
        "parent_kind": "district",
        "population": None,
    }


def test_areas_filtered_by_kind(client, city):
    data = client.get("/api/v1/areas/", {"kind": "beat"}).json()
    assert [f["properties"]["code"] for f in data["features"]] == ["0111", "0112", "0211"]
    bare = client.get("/api/v1/areas/", {"kind": "neighborhood", "geometry": "false"}).json()
    assert [f["properties"]["name"] for f in bare["features"]] == ["Riverside", "Hilltop"]
    assert all(f["geometry"] is None for f in bare["features"])


def test_areas_bad_kind_is_400(client, city):
    response = client.get("/api/v1/areas/", {"kind": "precinct"})
    assert response.status_code == 400
    assert response.json() == {
        "kind": ['Unknown kind "precinct"; use district, beat, sector or neighborhood.']
    }


def test_areas_visible_to_every_persona(client_for, personas):
    for user in [None, *personas.values()]:
        assert client_for(user).get("/api/v1/areas/", {"kind": "district"}).status_code == 200


def test_locate_happy_path(client, city):
    response = client.get("/api/v1/areas/locate/", {"lat": Y0 + 0.005, "lon": X0 + 0.015})
    assert response.status_code == 200
    data = response.json()
    assert data["lat"] == pytest.approx(Y0 + 0.005)
    assert data["lon"] == pytest.approx(X0 + 0.015)
    assert [(a["kind"], a["code"]) for a in data["areas"]] == [
        ("district", "1"),
        ("beat", "0112"),
        ("neighborhood", "2"),
    ]
    assert data["areas"][2]["name"] == "Hilltop"


def test_locate_outside_every_area_is_an_empty_list(client, city):
    response = client.get("/api/v1/areas/locate/", {"lat": "0", "lon": "0"})
    assert response.status_code == 200
    assert response.json() == {"lat": 0.0, "lon": 0.0, "areas": []}


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"lon": "-87.7"}, "lat", "Latitude (lat) is required."),
        ({"lat": "41.8"}, "lon", "Longitude (lon) is required."),
        ({"lat": "north", "lon": "-87.7"}, "lat", "Latitude (lat) must be a finite number"),
        ({"lat": "41.8", "lon": ""}, "lon", "Longitude (lon) must be a finite number"),
        ({"lat": "NaN", "lon": "-87.7"}, "lat", "Latitude (lat) must be a finite number"),
        ({"lat": "41.8", "lon": "inf"}, "lon", "Longitude (lon) must be a finite number"),
        ({"lat": "-Infinity", "lon": "-87.7"}, "lat", "Latitude (lat) must be a finite number"),
        ({"lat": "90.0001", "lon": "-87.7"}, "lat", "Latitude (lat) must be between -90 and 90."),
        ({"lat": "-91", "lon": "-87.7"}, "lat", "Latitude (lat) must be between -90 and 90."),
        ({"lat": "41.8", "lon": "180.5"}, "lon", "Longitude (lon) must be between -180 and 180."),
        ({"lat": "41.8", "lon": "-1e308"}, "lon", "Longitude (lon) must be between -180 and 180."),
        ({"lat": "1" * 2000, "lon": "0"}, "lat", ""),
    ],
)
def test_locate_bad_coordinates_are_400_naming_the_field(client, city, params, field, message):
    response = client.get("/api/v1/areas/locate/", params)
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)


def test_locate_both_missing_names_both_fields(client, city):
    response = client.get("/api/v1/areas/locate/")
    assert response.status_code == 400
    assert set(response.json()) == {"lat", "lon"}


def test_locate_open_to_every_persona(client_for, personas):
    for user in [None, *personas.values()]:
        response = client_for(user).get("/api/v1/areas/locate/", {"lat": Y0 + 0.005, "lon": X0})
        assert response.status_code == 200
        assert [a["code"] for a in response.json()["areas"]] == ["1", "0111", "1"]


def test_schema_describes_the_areas_endpoints(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    locate_params = {p["name"]: p for p in paths["/api/v1/areas/locate/"]["get"]["parameters"]}
    assert locate_params["lat"]["required"] is True
    assert locate_params["lat"]["schema"]["maximum"] == 90
    assert "400" in paths["/api/v1/areas/"]["get"]["responses"]
