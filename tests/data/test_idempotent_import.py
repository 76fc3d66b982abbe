"""Re-importing the same file changes nothing; a changed row updates."""

from beatbridge.data.importer import import_file
from beatbridge.data.mapping import load_mapping
from beatbridge.data.models import Incident


def test_reimport_real_slice_changes_nothing(chicago_beats, assault_slice):
    mapping = load_mapping("chicago_aggravated_assaults")
    first = import_file(assault_slice, mapping)
    before = {i.source_id: (i.updated_at, i.row_hash) for i in Incident.objects.all()}
    second = import_file(assault_slice, mapping)
    assert (second.imported, second.updated, second.rejected) == (0, 0, first.rejected)
    assert second.unchanged == first.imported
    after = {i.source_id: (i.updated_at, i.row_hash) for i in Incident.objects.all()}
    assert after == before


def test_changed_row_updates_and_new_row_inserts(chicago_beats, assault_slice, tmp_path):
    mapping = load_mapping("chicago_aggravated_assaults")
    first = import_file(assault_slice, mapping)
    lines = assault_slice.read_text().splitlines()
    # Row 1: the kind of place changes (not part of the key) → update, not a new incident.
    assert lines[1] == "2010-01-01 00:05,residence,-87.6277,41.7922,2"
    lines[1] = "2010-01-01 00:05,street,-87.6277,41.7922,2"
    lines.append("2010-03-01 12:00,street,-87.6277,41.7922,2")
    changed = tmp_path / "changed.csv"
    changed.write_text("\n".join(lines) + "\n")
    second = import_file(changed, mapping)
    assert (second.imported, second.updated) == (1, 1)
    assert second.unchanged == first.imported - 1
    assert Incident.objects.count() == first.imported + 1
    row = Incident.objects.get(local_month=201001, local_hour=0, lon=-87.6277, lat=41.7922)
    assert row.premise == "street"


def test_identical_rows_are_kept_apart_and_stay_stable(city, tmp_path):
    from .conftest import write_csv

    mapping = load_mapping(
        "m.toml",
        text="[source]\nname='dups'\n[columns]\ndate='d'\ndate_format='%Y-%m-%d'\n"
        "lon='x'\nlat='y'\n[offenses]\nconstant='220'\n",
    )
    rows = [["2024-01-05", "-87.695", "41.805"]] * 3
    path = write_csv(tmp_path / "d.csv", ["d", "x", "y"], rows)
    assert import_file(path, mapping).imported == 3
    again = import_file(path, mapping)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)
