"""Make incidents at known times in the small test city (through the real importer)."""

import datetime as dt

from django.utils import timezone

from beatbridge.data.importer import import_file
from beatbridge.data.mapping import load_mapping

from .conftest import SIMPLE_MAPPING, write_csv

RIVERSIDE = ("-87.6951234", "41.8051234")  # beat 0111, district 1, Riverside
HILLTOP = ("-87.6851234", "41.8051234")  # beat 0112, district 1, Hilltop


def import_rows(tmp_path, rows, name="rows.csv"):
    """rows: (id, local datetime, offense, (lon, lat))."""
    data = [
        [rid, when.strftime("%Y-%m-%d %H:%M"), offense, lon, lat, ""]
        for rid, when, offense, (lon, lat) in rows
    ]
    path = write_csv(tmp_path / name, ["id", "date", "offense", "lon", "lat", "block"], data)
    return import_file(path, load_mapping("t.toml", text=SIMPLE_MAPPING))


def days_ago(days: int, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(timezone.localdate() - dt.timedelta(days=days), dt.time(hour, 30))
