"""The locator: exact answers (vs brute force), deterministic borders, cache refresh."""

import datetime as dt
import gzip
import json
from importlib import resources

import numpy as np
import pytest
import shapely
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import box, mapping, shape

from beatbridge.areas import locator
from beatbridge.areas.models import Area, AreaKind
from beatbridge.areas.spatial_index import PolygonIndex

from ..conftest import X0, Y0


def brute_force(geometries, lons, lats) -> np.ndarray:
    """Lowest position of a polygon that covers each point (boundary included), else -1."""
    points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
    out = np.full(len(points), -1)
    for pos in range(len(geometries) - 1, -1, -1):
        out[shapely.covers(geometries[pos], points)] = pos
    return out


@pytest.fixture(scope="module")
def chicago():
    path = resources.files("beatbridge.demo") / "data" / "beats.geojson.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    features.sort(key=lambda f: f["properties"]["beat"])
    geometries = [shape(f["geometry"]) for f in features]
    return geometries, PolygonIndex(list(range(len(geometries))), geometries)


# -- pure index: real Chicago beats ------------------------------------------------------------

CHICAGO = (-87.940114, 41.644555, -87.524137, 42.023031)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.floats(CHICAGO[0] - 0.01, CHICAGO[2] + 0.01),
            st.floats(CHICAGO[1] - 0.01, CHICAGO[3] + 0.01),
        ),
        min_size=1,
        max_size=200,
    )
)
def test_chicago_random_points_match_brute_force(chicago, points):
    geometries, index = chicago
    lons, lats = np.array(points).T
    assert index.locate(lons, lats).tolist() == brute_force(geometries, lons, lats).tolist()


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_chicago_vertices_and_points_near_borders(chicago, data):
    """Beat corners lie on two to four beats; tiny nudges land just inside or outside."""
    geometries, index = chicago
    vertices = shapely.get_coordinates(geometries)
    picks = data.draw(st.lists(st.integers(0, len(vertices) - 1), min_size=1, max_size=50))
    nudge = data.draw(st.sampled_from([0.0, 1e-12, -1e-9, 1e-7]))
    lons = vertices[picks, 0] + nudge
    lats = vertices[picks, 1] - nudge
    assert index.locate(lons, lats).tolist() == brute_force(geometries, lons, lats).tolist()


def test_chicago_many_points_match_brute_force(chicago):
    geometries, index = chicago
    rng = np.random.default_rng(7)
    lons = rng.uniform(CHICAGO[0], CHICAGO[2], 20_000)
    lats = rng.uniform(CHICAGO[1], CHICAGO[3], 20_000)
    expected = brute_force(geometries, lons, lats)
    assert (index.locate(lons, lats) == expected).all()
    assert (expected >= 0).sum() > 5_000  # the test is not vacuous


# -- pure index: synthetic squares with exact shared borders -----------------------------------

SIDE = 0.25  # a binary fraction: lattice points are exact floats, exactly on the borders


def squares_in_order(order):
    return [
        box(
            -1 + (i % 6) * SIDE,
            1 + (i // 6) * SIDE,
            -1 + (i % 6 + 1) * SIDE,
            1 + (i // 6 + 1) * SIDE,
        )
        for i in order
    ]


lattice = st.integers(-4, 28).map(lambda k: k / 16)  # steps of 1/16, borders every 4 steps


@settings(max_examples=60, deadline=None)
@given(
    order=st.permutations(list(range(36))),
    points=st.lists(st.tuples(lattice, lattice), min_size=1, max_size=100),
    cells=st.sampled_from([None, 16, 64, 4096]),
)
def test_squares_on_borders_and_corners_lowest_position_wins(order, points, cells):
    squares = squares_in_order(order)
    index = PolygonIndex(list(range(36)), squares, cells=cells)
    lons = np.array([-1 + x for x, _ in points])
    lats = np.array([1 + y for _, y in points])
    assert index.locate(lons, lats).tolist() == brute_force(squares, lons, lats).tolist()


def test_corner_shared_by_four_squares_goes_to_lowest_position():
    order = [7, 1, 0, 6] + [i for i in range(36) if i not in (0, 1, 6, 7)]
    squares = squares_in_order(order)
    index = PolygonIndex([100 + i for i in range(36)], squares)
    corner = (-1 + SIDE, 1 + SIDE)  # shared by squares 0, 1, 6 and 7
    assert index.locate([corner[0]], [corner[1]]).tolist() == [0]
    assert index.locate_keys([corner[0]], [corner[1]]).tolist() == [100]
    edge = (-1 + SIDE, 1 + SIDE / 2)  # between squares 0 (position 2) and 1 (position 1)
    assert index.locate([edge[0]], [edge[1]]).tolist() == [1]


@settings(max_examples=60, deadline=None)
@given(
    boxes=st.lists(
        st.tuples(lattice, lattice, st.integers(1, 12), st.integers(1, 12)),
        min_size=1,
        max_size=6,
    ),
    points=st.lists(st.tuples(lattice, lattice), min_size=1, max_size=60),
)
def test_overlapping_polygons_and_holes_match_brute_force(boxes, points):
    """Overlaps (and a ring with a hole) are not partitions; the answer is still exact."""
    geoms = [box(x, y, x + w / 16, y + h / 16) for x, y, w, h in boxes]
    geoms.append(box(-0.5, -0.5, 2, 2).difference(box(0, 0, 1, 1)))
    index = PolygonIndex(list(range(len(geoms))), geoms)
    lons, lats = np.array(points, dtype=float).T
    assert index.locate(lons, lats).tolist() == brute_force(geoms, lons, lats).tolist()


def test_non_finite_points_and_empty_inputs():
    index = PolygonIndex([1], [box(0, 0, 1, 1)])
    result = index.locate([np.nan, np.inf, 0.5, -np.inf], [0.5, 0.5, np.nan, 0.5])
    assert result.tolist() == [-1, -1, -1, -1]
    assert index.locate([], []).tolist() == []
    assert PolygonIndex([], []).locate([0.5], [0.5]).tolist() == [-1]
    with pytest.raises(ValueError, match="same shape"):
        index.locate([0.5, 0.6], [0.5])


# -- through Django: locate() and locate_many() -------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_cache():
    locator.invalidate()
    yield
    locator.invalidate()


def _area(kind, code, geometry, name=None):
    area = Area(kind=kind, code=code, name=name or code)
    area.set_geometry(mapping(geometry))
    area.save()
    return area


def test_locate_returns_one_area_per_kind_in_kind_order(city):
    found = locator.locate(X0 + 0.005, Y0 + 0.005)
    assert found == [city["d1"], city["b111"], city["riverside"]]


def test_locate_point_on_shared_borders_goes_to_lowest_code(city):
    # x = X0 + 0.01 is the border of beats 0111 | 0112 and of Riverside | Hilltop.
    assert locator.locate(X0 + 0.01, Y0 + 0.005) == [city["d1"], city["b111"], city["riverside"]]
    # x = X0 + 0.02 is the border of districts 1 | 2 and beats 0112 | 0211.
    assert locator.locate(X0 + 0.02, Y0 + 0.005) == [city["d1"], city["b112"], city["hilltop"]]


def test_border_rule_does_not_depend_on_import_order(db):
    later = _area(AreaKind.SECTOR, "B", box(0, 0, 1, 1))
    earlier = _area(AreaKind.SECTOR, "A", box(1, 0, 2, 1))
    assert later.pk < earlier.pk
    assert locator.locate(1.0, 0.5) == [earlier]


def test_locate_outside_every_area_is_empty(city):
    assert locator.locate(0.0, 0.0) == []


@pytest.mark.parametrize(
    "lon, lat, message",
    [
        (float("nan"), 41.8, "finite"),
        (-87.7, float("inf"), "finite"),
        (-87.7, 91.0, "Latitude"),
        (-181.0, 41.8, "Longitude"),
    ],
)
def test_locate_rejects_bad_coordinates(db, lon, lat, message):
    with pytest.raises(ValueError, match=message):
        locator.locate(lon, lat)


def test_locate_many_returns_area_ids_per_kind(city):
    lons = [X0 + 0.005, X0 + 0.015, X0 + 0.025, 0.0]
    lats = [Y0 + 0.005] * 4
    found = locator.locate_many(lons, lats)
    assert list(found) == ["district", "beat", "neighborhood"]
    assert found["beat"].tolist() == [city["b111"].pk, city["b112"].pk, city["b211"].pk, -1]
    assert found["district"].tolist() == [city["d1"].pk, city["d1"].pk, city["d2"].pk, -1]
    only = locator.locate_many(lons, lats, kinds=["neighborhood", "sector"])
    assert list(only) == ["neighborhood", "sector"]
    assert only["sector"].tolist() == [-1, -1, -1, -1]
    hood = [city["riverside"].pk, city["hilltop"].pk, city["hilltop"].pk, -1]
    assert only["neighborhood"].tolist() == hood
    with pytest.raises(ValueError, match="same length"):
        locator.locate_many([1.0, 2.0], [1.0])


def test_cache_refreshes_when_an_area_is_saved_or_deleted(city):
    point = (X0 + 0.005, Y0 + 0.005)
    assert city["b111"] in locator.locate(*point)
    city["b111"].set_geometry(mapping(box(X0 + 1, Y0, X0 + 1.01, Y0 + 0.01)))
    city["b111"].save()
    assert [a.kind for a in locator.locate(*point)] == ["district", "neighborhood"]
    new = _area(AreaKind.BEAT, "0113", box(X0, Y0, X0 + 0.01, Y0 + 0.01))
    assert new in locator.locate(*point)
    new.delete()
    assert [a.kind for a in locator.locate(*point)] == ["district", "neighborhood"]


def test_cache_refreshes_when_another_process_changes_areas(city, monkeypatch):
    """No signal reaches this process; the database fingerprint tells it."""
    point = (X0 + 0.005, Y0 + 0.005)
    assert city["b111"] in locator.locate(*point)
    monkeypatch.setattr(locator, "invalidate", lambda: None)  # as if in another process
    moved = mapping(box(X0 + 1, Y0, X0 + 1.01, Y0 + 0.01))
    later = timezone.now() + dt.timedelta(seconds=1)
    Area.objects.filter(pk=city["b111"].pk).update(geometry=moved, updated_at=later)
    assert city["b111"] not in locator.locate(*point)
    Area.objects.filter(pk=city["b112"].pk).delete()
    assert locator.locate_many([X0 + 0.015], [Y0 + 0.005])["beat"].tolist() == [-1]
    extra = Area(kind=AreaKind.BEAT, code="0999", name="x", geometry=mapping(box(0, 0, 1, 1)))
    Area.objects.bulk_create([extra])
    assert locator.locate_many([0.5], [0.5])["beat"].tolist() != [-1]


def test_warm_cache_costs_one_query_and_no_rebuild(city, django_assert_num_queries, monkeypatch):
    locator.locate_many([X0], [Y0])  # build
    builds = []
    original = PolygonIndex.from_geojson
    monkeypatch.setattr(
        locator.PolygonIndex, "from_geojson", lambda *a: builds.append(a) or original(*a)
    )
    with django_assert_num_queries(1):
        locator.locate_many(np.full(1000, X0 + 0.005), np.full(1000, Y0 + 0.005))
    assert builds == []
    # A neighborhood changed elsewhere: only the neighborhood index is rebuilt.
    later = timezone.now() + dt.timedelta(seconds=1)
    Area.objects.filter(pk=city["hilltop"].pk).update(name="Hilltop Heights", updated_at=later)
    locator.locate_many([X0], [Y0])
    assert [ids for ids, _geoms in builds] == [[city["riverside"].pk, city["hilltop"].pk]]
