"""The offline geocoder: house numbers along gazetteer blocks, intersections, ZIP codes."""

import json

import pytest
from shapely.geometry import box, mapping

from beatbridge.areas import geocoder
from beatbridge.areas.models import StreetBlock
from beatbridge.areas.services import AreaImportError
from beatbridge.areas.zips import import_zips
from tests.conftest import X0, Y0

# A street running east-west at Y0+0.005 ("W HOWARD ST"), numbers growing westward; one
# running north-south at X0+0.015 ("N GLENWOOD AVE"). Blocks are 0.002 degrees long.
LAT_HOWARD = Y0 + 0.005
LON_GLENWOOD = X0 + 0.015


def _block(label, lon, lat, half=0.001, along="x", points=5):
    if along == "x":
        return (label, points, lon - half, lat, lon + half, lat, lon, lat)
    return (label, points, lon, lat - half, lon, lat + half, lon, lat)


@pytest.fixture
def gazetteer(city):
    rows = [
        # W HOWARD: 015XX east of 016XX east of 017XX (westward numbers).
        _block("015XX W HOWARD ST", X0 + 0.025, LAT_HOWARD),
        _block("016XX W HOWARD ST", X0 + 0.023, LAT_HOWARD),
        _block("017XX W HOWARD ST", X0 + 0.021, LAT_HOWARD),
        _block("016XX W HOWARD ST", 0, 0),  # duplicate label: the first one wins
        _block("074XX N GLENWOOD AVE", LON_GLENWOOD, Y0 + 0.003, along="y"),
        _block("075XX N GLENWOOD AVE", LON_GLENWOOD, Y0 + 0.005, along="y"),
        _block("076XX N GLENWOOD AVE", LON_GLENWOOD, Y0 + 0.007, along="y"),
        _block("not a block", X0, Y0),
    ]
    assert geocoder.rebuild_gazetteer(rows) == 6
    return rows


def test_rebuild_replaces_the_gazetteer(gazetteer):
    assert StreetBlock.objects.get(label="016XX W HOWARD ST").street == "HOWARD"
    geocoder.rebuild_gazetteer([_block("001XX E MAIN ST", X0, Y0)])
    assert list(StreetBlock.objects.values_list("label", flat=True)) == ["001XX E MAIN ST"]


def test_house_number_is_interpolated_along_the_block(gazetteer):
    start = geocoder.geocode_address("1600 W Howard St")
    middle = geocoder.geocode_address("1650 west howard street")
    end = geocoder.geocode_address("1699 W. Howard, Chicago, IL")
    assert start.label == "016XX W HOWARD ST"
    assert middle.lon == pytest.approx(X0 + 0.023, abs=1e-6)
    assert middle.lat == pytest.approx(LAT_HOWARD, abs=1e-6)
    # Numbers grow westward: 1600 is the east end, 1699 near the west end.
    assert start.lon == pytest.approx(X0 + 0.024, abs=1e-4)
    assert end.lon == pytest.approx(X0 + 0.022, abs=1e-4)


def test_a_lone_block_uses_the_direction_prefix(city):
    geocoder.rebuild_gazetteer([_block("012XX W MORSE AVE", X0 + 0.01, Y0 + 0.002)])
    east_end = geocoder.geocode_address("1200 W Morse Ave")
    west_end = geocoder.geocode_address("1290 W Morse Ave")
    assert east_end.lon > west_end.lon


@pytest.mark.parametrize(
    "text",
    ["", "Howard St", "9900 W Howard St", "1600 W Nowhere St", "1600", "60626", "a & b"],
)
def test_unknown_addresses_are_not_placed(gazetteer, text):
    assert geocoder.geocode_address(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Howard and Glenwood",
        "W Howard St & N Glenwood Ave",
        "glenwood at howard",
        "Howard/Glenwood",
    ],
)
def test_intersections_meet_where_the_streets_cross(gazetteer, text):
    found = geocoder.geocode_intersection(text)
    assert found.how == "intersection"
    assert found.lon == pytest.approx(LON_GLENWOOD, abs=2e-4)
    assert found.lat == pytest.approx(LAT_HOWARD, abs=2e-4)


def test_streets_that_never_meet_are_no_intersection(city):
    geocoder.rebuild_gazetteer(
        [_block("001XX W A ST", X0, Y0), _block("001XX W B ST", X0 + 0.05, Y0 + 0.05)]
    )
    assert geocoder.geocode_intersection("A St and B St") is None
    assert geocoder.geocode_intersection("A St and A St") is None


def test_zip_codes_come_from_an_uploaded_file(city, tmp_path):
    assert geocoder.geocode_text("60626") is None
    path = tmp_path / "zips.geojson"
    feature = {"type": "Feature", "properties": {"zip": "60626"},
               "geometry": mapping(box(X0, Y0, X0 + 0.01, Y0 + 0.01))}  # fmt: skip
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    assert import_zips(path) == (1, 0)
    assert import_zips(path) == (0, 1)
    found = geocoder.geocode_text("60626-1234")
    assert found.how == "zip"
    assert X0 < found.lon < X0 + 0.01


def test_a_bad_zip_file_is_refused_whole(city, tmp_path):
    path = tmp_path / "zips.geojson"
    bad = {"type": "Feature", "properties": {"zip": "6062"}, "geometry": mapping(box(0, 0, 1, 1))}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [bad]}))
    with pytest.raises(AreaImportError, match="5-digit"):
        import_zips(path)
    (tmp_path / "junk.geojson").write_text("not json")
    with pytest.raises(AreaImportError):
        import_zips(tmp_path / "junk.geojson")


def test_typed_concern_places_use_the_geocoder(gazetteer):
    from beatbridge.concerns.geo import geocode

    lon, lat = geocode("Howard and Glenwood")
    assert lon == pytest.approx(LON_GLENWOOD, abs=2e-4)
    assert lat == pytest.approx(LAT_HOWARD, abs=2e-4)


@pytest.mark.django_db
def test_the_gazetteer_is_rebuilt_after_an_incident_import(city, tmp_path):
    from beatbridge.data.services import run_import

    csv = tmp_path / "incidents.csv"
    csv.write_text(
        "id,date,offense,block,lon,lat\n"
        f"1,2026-01-05 10:00,THEFT,016XX W HOWARD ST,{X0 + 0.004},{Y0 + 0.005}\n"
        f"2,2026-01-06 11:00,THEFT,016XX W HOWARD ST,{X0 + 0.006},{Y0 + 0.005}\n"
    )
    mapping_file = tmp_path / "m.toml"
    mapping_file.write_text(
        '[source]\nname = "t"\nkind = "incidents"\nformat = "csv"\n'
        '[columns]\nkey = ["id"]\ndate = "date"\ndate_format = "%Y-%m-%d %H:%M"\n'
        'time_zone = "America/Chicago"\nlon = "lon"\nlat = "lat"\nblock = "block"\n'
        '[offenses]\nconstant = "23H"\nconstant_text = "Theft"\n'
    )
    run, result = run_import(csv, mapping_file)
    assert result is not None, run.error
    block = StreetBlock.objects.get(label="016XX W HOWARD ST")
    assert block.points == 2
    assert block.lon == pytest.approx(X0 + 0.005)
