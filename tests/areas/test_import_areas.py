"""Importing areas from GeoJSON: command and service, validation, all-or-nothing, updates."""

import gzip
import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from shapely.geometry import box, mapping

from beatbridge.accounts.models import ActivityEntry
from beatbridge.areas.models import Area, AreaKind
from beatbridge.areas.services import AreaImportError, import_areas

BOWTIE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}


def feature(code, name, geometry, **extra):
    props = {"code": code, "name": name, **extra}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def sectors():
    return collection(
        feature("S1", "North", mapping(box(-87.70, 41.80, -87.69, 41.81)), pop=1200),
        feature("S2", "South", mapping(box(-87.69, 41.80, -87.68, 41.81)), pop=900),
        feature("S3", "East", mapping(box(-87.68, 41.80, -87.67, 41.81))),
    )


def write(tmp_path, data, name="areas.geojson"):
    path = tmp_path / name
    if name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            json.dump(data, fh)
    else:
        path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def run_command(path, *args):
    out = StringIO()
    call_command(
        "import_areas", path, "--kind", "sector", "--code-field", "code", *args, stdout=out
    )
    return out.getvalue()


def stored():
    return {a.code: a for a in Area.objects.filter(kind=AreaKind.SECTOR)}


def test_command_imports_a_good_file(db, tmp_path):
    output = run_command(
        write(tmp_path, sectors(), "s.geojson.gz"),
        "--name-field",
        "name",
        "--population-field",
        "pop",
    )
    assert "3 created, 0 updated, 0 unchanged" in output
    areas = stored()
    assert sorted(areas) == ["S1", "S2", "S3"]
    assert areas["S1"].name == "North"
    assert areas["S1"].population == 1200
    assert areas["S3"].population is None
    assert areas["S2"].geometry["type"] == "Polygon"
    assert (areas["S2"].min_lon, areas["S2"].max_lon) == pytest.approx((-87.69, -87.68))


def test_service_imports_a_good_collection(db, admin_user):
    summary = import_areas(
        sectors(), kind="sector", code_field="code", name_template="Sector {code}", by=admin_user
    )
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    assert stored()["S2"].name == "Sector S2"
    entry = ActivityEntry.objects.get(verb="areas.imported")
    assert entry.actor == admin_user
    assert entry.data == {"kind": "sector", "created": 3, "updated": 0}


def test_service_refuses_non_admins(personas):
    for persona in ["resident", "partner", "officer", "supervisor", "analyst"]:
        with pytest.raises(PermissionDenied):
            import_areas(sectors(), kind="sector", code_field="code", by=personas[persona])
    assert stored() == {}


BAD_FEATURES = [
    (
        feature("S9", "Bowtie", BOWTIE),
        "feature #4 (code='S9'): invalid geometry (Self-intersection",
    ),
    (feature("S9", "Nothing", None), "feature #4 (code='S9'): empty geometry"),
    (
        feature("S9", "Hollow", {"type": "Polygon", "coordinates": []}),
        "feature #4 (code='S9'): empty geometry",
    ),
    (
        feature("S9", "A line", {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
        "feature #4 (code='S9'): geometry must be a Polygon or MultiPolygon",
    ),
    (
        {
            "type": "Feature",
            "properties": {"name": "No code"},
            "geometry": mapping(box(0, 0, 1, 1)),
        },
        "feature #4: missing field 'code'",
    ),
    (
        feature("S9", "", mapping(box(0, 0, 1, 1))),
        "feature #4 (code='S9'): missing field 'name'",
    ),
    (
        feature("S1", "Again", mapping(box(0, 0, 1, 1))),
        "feature #4 (code='S1'): duplicate code 'S1' (also feature #1)",
    ),
    (
        feature("S9", "Projected", mapping(box(1_160_000, 1_900_000, 1_161_000, 1_901_000))),
        "feature #4 (code='S9'): coordinates are not WGS84",
    ),
    (
        {"type": "Feature", "properties": ["not", "a", "dict"], "geometry": None},
        "feature #4: missing field 'code'",
    ),
]


@pytest.mark.parametrize("bad, message", BAD_FEATURES)
def test_command_rejects_a_bad_feature_and_imports_nothing(db, tmp_path, bad, message):
    data = sectors()
    data["features"].append(bad)
    with pytest.raises(CommandError) as excinfo:
        run_command(write(tmp_path, data), "--name-field", "name")
    assert "Nothing was imported" in str(excinfo.value)
    assert message in str(excinfo.value)
    assert stored() == {}


@pytest.mark.parametrize("bad, message", BAD_FEATURES)
def test_service_rejects_a_bad_feature_and_imports_nothing(db, bad, message):
    data = sectors()
    data["features"].append(bad)
    with pytest.raises(AreaImportError) as excinfo:
        import_areas(data, kind="sector", code_field="code", name_field="name")
    assert any(message in error for error in excinfo.value.errors)
    assert stored() == {}


def test_every_bad_feature_is_named_at_once(db):
    data = sectors()
    data["features"][0]["geometry"] = BOWTIE
    data["features"][2]["properties"]["code"] = "S2"
    with pytest.raises(AreaImportError) as excinfo:
        import_areas(data, kind="sector", code_field="code")
    assert len(excinfo.value.errors) == 2
    assert excinfo.value.errors[0].startswith("feature #1 (code='S1'): invalid geometry")
    assert excinfo.value.errors[1].startswith("feature #3 (code='S2'): duplicate code")


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json at all", "is not valid JSON"),
        (json.dumps({"type": "Feature"}), "not a GeoJSON FeatureCollection"),
        (json.dumps(collection()), "has no features"),
    ],
)
def test_command_rejects_unreadable_files(db, tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run_command(str(path))
    with pytest.raises(CommandError, match="File not found"):
        run_command(str(tmp_path / "missing.geojson"))


def test_update_changes_only_what_changed(db, tmp_path):
    run_command(write(tmp_path, sectors()), "--name-field", "name")
    before = stored()
    data = sectors()
    data["features"][0]["properties"]["name"] = "North Side"
    data["features"][1]["geometry"] = mapping(box(-87.69, 41.80, -87.685, 41.805))
    data["features"].append(feature("S4", "West", mapping(box(-87.71, 41.80, -87.70, 41.81))))
    output = run_command(write(tmp_path, data), "--name-field", "name")
    assert "1 created, 2 updated, 1 unchanged" in output
    after = stored()
    assert after["S1"].name == "North Side"
    assert after["S2"].max_lon == pytest.approx(-87.685)
    assert after["S2"].geometry == json.loads(json.dumps(data["features"][1]["geometry"]))
    assert after["S3"].updated_at == before["S3"].updated_at
    assert after["S3"].name == "East"
    assert {code: a.pk for code, a in after.items() if code != "S4"} == {
        code: a.pk for code, a in before.items()
    }
    # The same file again: nothing changes.
    assert "0 created, 0 updated, 4 unchanged" in run_command(
        write(tmp_path, data), "--name-field", "name"
    )


def test_a_bad_update_leaves_the_existing_set_alone(db, tmp_path):
    run_command(write(tmp_path, sectors()), "--name-field", "name")
    data = sectors()
    data["features"][0]["properties"]["name"] = "Renamed"
    data["features"][2]["geometry"] = BOWTIE
    with pytest.raises(CommandError, match="feature #3"):
        run_command(write(tmp_path, data), "--name-field", "name")
    assert stored()["S1"].name == "North"


def test_parent_kind_links_beats_to_districts(db, tmp_path):
    districts = collection(
        {"type": "Feature", "properties": {"dist": 1}, "geometry": mapping(box(0, 0, 2, 1))},
        {"type": "Feature", "properties": {"dist": 2}, "geometry": mapping(box(2, 0, 4, 1))},
    )
    beats = collection(
        {"type": "Feature", "properties": {"beat": "0111"}, "geometry": mapping(box(0, 0, 1, 1))},
        {"type": "Feature", "properties": {"beat": "0112"}, "geometry": mapping(box(1, 0, 2, 1))},
        {"type": "Feature", "properties": {"beat": "0211"}, "geometry": mapping(box(2, 0, 4, 1))},
        {"type": "Feature", "properties": {"beat": "0999"}, "geometry": mapping(box(9, 9, 10, 10))},
    )
    call_command(
        "import_areas",
        write(tmp_path, districts, "d.geojson"),
        "--kind",
        "district",
        "--code-field",
        "dist",
        stdout=StringIO(),
    )
    out = StringIO()
    call_command(
        "import_areas",
        write(tmp_path, beats, "b.geojson"),
        "--kind",
        "beat",
        "--code-field",
        "beat",
        "--parent-kind",
        "district",
        stdout=out,
    )
    assert "3 linked to a district" in out.getvalue()
    parents = {
        a.code: a.parent.code if a.parent else None for a in Area.objects.filter(kind="beat")
    }
    assert parents == {"0111": "1", "0112": "1", "0211": "2", "0999": None}
    assert Area.objects.get(kind="district", code="1").name == "1"  # name defaults to code


def test_parent_kind_without_parents_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="No areas of kind 'district'"):
        run_command(write(tmp_path, sectors()), "--parent-kind", "district")
    assert stored() == {}
