"""Burglaries given in Illinois State Plane (EPSG:26971) land in the beats their lon/lat would."""

import numpy as np
from pyproj import Transformer

from beatbridge.areas.locator import locate_many
from beatbridge.data.importer import import_file
from beatbridge.data.mapping import load_mapping
from beatbridge.data.models import Incident

from .conftest import read_csv


def test_state_plane_rows_land_in_the_same_beats_as_lon_lat(chicago_beats, burglary_slice):
    result = import_file(burglary_slice, load_mapping("chicago_residential_burglary"))
    assert result.imported > 1950
    rows = read_csv(burglary_slice)
    x = np.array([float(r["x"]) for r in rows])
    y = np.array([float(r["y"]) for r in rows])
    lons, lats = Transformer.from_crs("EPSG:26971", "EPSG:4326", always_xy=True).transform(x, y)
    expected = locate_many(lons, lats, kinds=["beat"])["beat"]
    # Compare point by point: same coordinates (to 1e-6 degrees) → same beat.
    stored = {(round(i.lon, 6), round(i.lat, 6)): i.beat_id for i in Incident.objects.all()}
    compared = 0
    for lon, lat, beat in zip(lons, lats, expected, strict=True):
        key = (round(float(lon), 6), round(float(lat), 6))
        if beat >= 0:
            assert stored[key] == beat
            compared += 1
    assert compared == result.imported
    # And the points really are in Chicago, not in metres or swapped.
    assert (
        Incident.objects.filter(lon__lt=-87.5, lon__gt=-88, lat__gt=41.6, lat__lt=42.1).count()
        == result.imported
    )
