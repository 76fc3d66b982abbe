"""The vectorized helpers give exactly what the plain per-value computation gives."""

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from beatbridge.data import parsing


@pytest.mark.parametrize("zone", ["America/Chicago", "Europe/London", "Australia/Lord_Howe", "UTC"])
def test_local_to_utc_matches_zoneinfo_across_dst_changes(zone):
    tz = ZoneInfo(zone)
    rng = np.random.default_rng(5)
    local = np.concatenate(
        [
            rng.integers(0, 2_000_000_000, 5000),
            np.arange(1_710_000_000, 1_710_400_000, 900),  # around spring 2024
            np.arange(1_730_500_000, 1_731_000_000, 900),  # around autumn 2024
        ]
    )
    epoch = dt.datetime(1970, 1, 1)
    expected = [
        s - int(tz.utcoffset(epoch + dt.timedelta(hours=int(s) // 3600)).total_seconds())
        for s in local.tolist()
    ]
    assert parsing.local_to_utc(local, tz).tolist() == expected


def test_copy_time_fields_matches_the_column_helpers():
    rng = np.random.default_rng(7)
    utc = rng.integers(-900_000_000, 4_000_000_000, 2000)
    local = utc - 6 * 3600
    months, weekdays, hours = parsing.local_parts(local)
    expected = [
        f"{when}\t{m}\t{w}\t{h:02d}"
        for when, m, w, h in zip(
            parsing.utc_strings(utc, "+00"),
            months.tolist(),
            weekdays.tolist(),
            hours.tolist(),
            strict=True,
        )
    ]
    assert parsing.copy_time_fields(utc, local, "+00") == expected
    assert parsing.copy_time_fields(utc[:0], local[:0], "") == []


def test_unique_points_and_floats():
    lons = np.array([1.5, 2.0, 1.5, 3.0])
    lats = np.array([4.0, 4.0, 4.0, -1.0])
    ulon, ulat, inverse = parsing.unique_points(lons, lats)
    assert list(zip(ulon[inverse], ulat[inverse], strict=True)) == list(
        zip(lons, lats, strict=True)
    )
    assert len(ulon) == 3
    floats = parsing.parse_floats(["1.5", "", "x", " -2"])
    assert floats[0] == 1.5 and np.isnan(floats[1]) and np.isnan(floats[2]) and floats[3] == -2
