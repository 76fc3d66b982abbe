"""Fixtures for the data app: slices of the real Chicago files, the real beats, small CSVs."""

import csv
import gzip
from pathlib import Path

import pytest

CHICAGO = Path("/work/shared/data/chicago")
DEMO_DATA = Path(__file__).resolve().parents[2] / "src" / "beatbridge" / "demo" / "data"
ASSAULTS = CHICAGO / "aggravated_assaults_2010_2019.csv.gz"
BURGLARY = CHICAGO / "residential_burglary_2014_2017.csv.gz"


def slice_csv(source: Path, dest: Path, rows: int = 2000) -> Path:
    """The header and first ``rows`` rows of a (gzipped) CSV."""
    with (
        gzip.open(source, "rt", encoding="utf-8", newline="") as fh,
        open(dest, "w", encoding="utf-8", newline="") as out,
    ):
        for i, line in enumerate(fh):
            if i > rows:
                break
            out.write(line)
    return dest


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def chicago_beats(db):
    """The real Chicago police beats (and districts as their parents)."""
    from beatbridge.areas.services import import_areas

    import_areas(
        DEMO_DATA / "districts.geojson.gz",
        kind="district",
        code_field="district",
        name_template="District {code}",
    )
    import_areas(
        DEMO_DATA / "beats.geojson.gz",
        kind="beat",
        code_field="beat",
        parent_kind="district",
        name_template="Beat {code}",
    )


@pytest.fixture
def assault_slice(tmp_path):
    return slice_csv(ASSAULTS, tmp_path / "assaults.csv")


@pytest.fixture
def burglary_slice(tmp_path):
    return slice_csv(BURGLARY, tmp_path / "burglary.csv")


SIMPLE_MAPPING = """
[source]
name = "test-source"
kind = "incidents"

[columns]
id = "id"
date = "date"
date_format = "%Y-%m-%d %H:%M"
time_zone = "America/Chicago"
offense = "offense"
lon = "lon"
lat = "lat"
block = "block"

[offenses.map]
"ASSAULT" = "13A"
"BURGLARY" = "220"
"LOITERING" = { category = "90B", minor = true }
"RAPE" = "11A"
"DOMESTIC BATTERY" = "13B-DV"
"THEFT" = "23H"
"""


@pytest.fixture
def simple_mapping():
    from beatbridge.data.mapping import load_mapping

    return load_mapping("test.toml", text=SIMPLE_MAPPING)
