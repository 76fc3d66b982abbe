"""Every row is imported or reported: the reject file names the row and the reason."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from beatbridge.data.importer import import_file
from beatbridge.data.models import ImportRun, Incident

from .conftest import SIMPLE_MAPPING, read_csv, write_csv

IN = ("-87.695", "41.805")  # inside beat 0111 / Riverside of the test city


def test_bad_rows_go_to_the_reject_file(city, simple_mapping, tmp_path):
    header = ["id", "date", "offense", "lon", "lat", "block"]
    rows = [
        ["1", "2024-03-01 10:00", "ASSAULT", *IN, "001XX W MAIN ST"],
        ["2", "", "ASSAULT", *IN, ""],
        ["3", "yesterday", "ASSAULT", *IN, ""],
        ["4", "2024-02-30 10:00", "ASSAULT", *IN, ""],
        ["5", "2024-03-01 10:00", "ASSAULT", "", "41.8", ""],
        ["6", "2024-03-01 10:00", "ASSAULT", "-90.5", "38.6", ""],
        ["7", "2024-03-01 10:00", "JAYWALKING", *IN, ""],
        ["1", "2024-03-02 10:00", "ASSAULT", *IN, ""],
        ["", "2024-03-02 10:00", "ASSAULT", *IN, ""],
        ["10", "2024-03-02 10:00", "ASSAULT", *IN],
        ["11", "2024-03-02 11:00", "loitering ", *IN, ""],
    ]
    path = write_csv(tmp_path / "in.csv", header, rows)
    result = import_file(path, simple_mapping, reject_file=tmp_path / "rejects.csv")
    assert (result.rows, result.imported, result.rejected) == (11, 2, 9)
    rejects = read_csv(tmp_path / "rejects.csv")
    assert [(r["row"], r["reason"]) for r in rejects] == [
        ("2", "missing date"),
        ("3", "unparseable date"),
        ("4", "unparseable date"),
        ("5", "missing or unparseable coordinates"),
        ("6", "coordinates outside the areas"),
        ("7", "unknown category"),
        ("8", "duplicate source id in file"),
        ("9", "missing source id"),
        ("10", "wrong number of fields"),
    ]
    assert rejects[1]["date"] == "yesterday"  # the original row follows the reason
    loiter = Incident.objects.get(source_id="11")
    assert loiter.category.code == "90B" and loiter.is_minor
    first = Incident.objects.get(source_id="1")
    assert first.block == "001XX W MAIN ST" and first.beat == city["b111"]
    assert first.neighborhood == city["riverside"] and first.district == city["d1"]
    assert first.occurred_at == dt.datetime(2024, 3, 1, 16, 0, tzinfo=dt.UTC)


def test_command_prints_counts_and_reject_path(city, tmp_path, capsys):
    mapping = tmp_path / "m.toml"
    mapping.write_text(SIMPLE_MAPPING)
    path = write_csv(
        tmp_path / "in.csv",
        ["id", "date", "offense", "lon", "lat", "block"],
        [["1", "2024-03-01 10:00", "ASSAULT", *IN, ""], ["2", "bad", "ASSAULT", *IN, ""]],
    )
    call_command(
        "import_incidents",
        str(path),
        "--mapping",
        str(mapping),
        "--reject-file",
        str(tmp_path / "r.csv"),
    )
    out = capsys.readouterr().out
    assert "imported 1 / updated 0 / unchanged 0 / rejected 1" in out
    assert "unparseable date: 1" in out
    assert str(tmp_path / "r.csv") in out
    run = ImportRun.objects.get()
    assert (run.status, run.imported, run.rejected) == ("done", 1, 1)


def test_dry_run_saves_nothing(city, tmp_path, capsys):
    mapping = tmp_path / "m.toml"
    mapping.write_text(SIMPLE_MAPPING)
    path = write_csv(
        tmp_path / "in.csv",
        ["id", "date", "offense", "lon", "lat", "block"],
        [["1", "2024-03-01 10:00", "ASSAULT", *IN, ""]],
    )
    call_command("import_incidents", str(path), "--mapping", str(mapping), "--dry-run")
    assert "imported 1" in capsys.readouterr().out
    assert Incident.objects.count() == 0


@pytest.mark.parametrize("problem", ["missing-file", "missing-column", "wrong-kind"])
def test_command_fails_clearly(city, tmp_path, problem):
    mapping = tmp_path / "m.toml"
    mapping.write_text(SIMPLE_MAPPING)
    path = write_csv(tmp_path / "in.csv", ["id", "date", "lon", "lat"], [["1", "x", "1", "2"]])
    command = "import_incidents"
    if problem == "missing-file":
        path = tmp_path / "nope.csv"
    if problem == "wrong-kind":
        command = "import_enforcement"
    with pytest.raises(CommandError) as info:
        call_command(command, str(path), "--mapping", str(mapping))
    expected = {
        "missing-file": "File not found",
        "missing-column": "has no column(s) offense",
        "wrong-kind": "for incidents, not enforcement",
    }[problem]
    assert expected in str(info.value)
    assert ImportRun.objects.get().status == "failed"


def test_geojson_format(city, tmp_path):
    import json

    from beatbridge.data.mapping import load_mapping

    text = SIMPLE_MAPPING.replace('lon = "lon"\nlat = "lat"\n', "").replace(
        'kind = "incidents"', 'kind = "incidents"\nformat = "geojson"'
    )
    mapping = load_mapping("g.toml", text=text)
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [-87.695, 41.805]},
                "properties": {
                    "id": 1,
                    "date": "2024-03-01 10:00",
                    "offense": "THEFT",
                    "block": "x",
                },
            },
            {
                "type": "Feature",
                "geometry": None,
                "properties": {
                    "id": 2,
                    "date": "2024-03-01 10:00",
                    "offense": "THEFT",
                    "block": "x",
                },
            },
        ],
    }
    path = tmp_path / "in.geojson"
    path.write_text(json.dumps(data))
    result = import_file(path, mapping)
    assert (result.imported, result.rejected) == (1, 1)
    assert Incident.objects.get().category.code == "23H"
