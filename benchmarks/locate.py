"""Place random points in Chicago's 275 police beats: Beatbridge's grid index vs geopandas.

Run: ``python benchmarks/locate.py [--points N] [--seed S] [--repeat R] [--django]``
(needs the ``bench`` extra for geopandas: ``pip install -e '.[bench]'``).

Both sides get the same lon/lat arrays, uniform over the beats' bounding box. geopandas is
timed from the arrays (building the point geometries, then ``sjoin``), with the predicates
``intersects`` and ``within``; the baseline is the faster of the two. Assignments are compared
with the ``intersects`` join: a point it puts in two beats (on a shared border) counts for the
beat with the lowest position, the rule Beatbridge applies. With ``--django`` the beats are
also imported into a throw-away SQLite database and ``locator.locate_many`` is timed through
Django (first call includes reading the areas and building the index).
"""

from __future__ import annotations

import argparse
import atexit
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from beatbridge.areas.spatial_index import PolygonIndex  # noqa: E402


def load_beats() -> tuple[list[str], list[dict]]:
    """Beat codes and GeoJSON geometries, ordered by code (the locator's order)."""
    path = resources.files("beatbridge.demo") / "data" / "beats.geojson.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    features.sort(key=lambda f: str(f["properties"]["beat"]))
    return [str(f["properties"]["beat"]) for f in features], [f["geometry"] for f in features]


def best_of(repeat: int, func):
    """(fastest seconds, last result) over ``repeat`` calls."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def geopandas_join(geometries, lons, lats, predicate: str) -> tuple[float, float, np.ndarray]:
    """(seconds to build points, seconds to sjoin, lowest polygon position per point or -1)."""
    import geopandas as gpd

    polygons = gpd.GeoDataFrame(geometry=list(geometries), crs="EPSG:4326")
    start = time.perf_counter()
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")
    built = time.perf_counter()
    joined = gpd.sjoin(points, polygons, predicate=predicate, how="inner")
    done = time.perf_counter()
    n_poly = len(polygons)
    lowest = np.full(len(lons), n_poly, dtype=np.int64)
    np.minimum.at(lowest, joined.index.to_numpy(), joined["index_right"].to_numpy())
    lowest[lowest == n_poly] = -1
    return built - start, done - built, lowest


def time_django(codes: list[str], lons: np.ndarray, lats: np.ndarray, repeat: int):
    """Import the beats into a temporary database; time ``locate_many`` (cold, then warm)."""
    data_dir = tempfile.mkdtemp(prefix="bb-bench-")
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    os.environ["BEATBRIDGE_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beatbridge.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from beatbridge.areas import locator
    from beatbridge.areas.models import Area
    from beatbridge.areas.services import import_areas

    call_command("migrate", verbosity=0)
    path = resources.files("beatbridge.demo") / "data" / "beats.geojson.gz"
    import_areas(str(path), kind="beat", code_field="beat", name_template="Beat {code}")
    start = time.perf_counter()
    cold = locator.locate_many(lons, lats, kinds=["beat"])["beat"]
    cold_time = time.perf_counter() - start
    warm_time, warm = best_of(repeat, lambda: locator.locate_many(lons, lats, kinds=["beat"]))
    code_of = dict(Area.objects.filter(kind="beat").values_list("id", "code"))
    found = [code_of.get(int(i), "") for i in warm["beat"]]
    assert np.array_equal(cold, warm["beat"])
    return cold_time, warm_time, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--repeat", type=int, default=3, help="best of R runs for each timing")
    parser.add_argument("--django", action="store_true", help="also time locate_many via Django")
    args = parser.parse_args(argv)

    import shapely
    from shapely.geometry import shape

    codes, geojson = load_beats()
    geometries = [shape(g) for g in geojson]
    minx, miny, maxx, maxy = shapely.total_bounds(geometries)
    rng = np.random.default_rng(args.seed)
    lons = rng.uniform(minx, maxx, args.points)
    lats = rng.uniform(miny, maxy, args.points)
    print(
        f"{len(codes)} beats, {int(shapely.get_num_coordinates(geometries).sum())} vertices; "
        f"{args.points:,} uniform random points in the city's bounding box (seed {args.seed})"
    )

    build_time, index = best_of(
        args.repeat, lambda: PolygonIndex.from_geojson(list(range(len(codes))), geojson)
    )
    query_time, ours = best_of(args.repeat, lambda: index.locate(lons, lats))
    print(
        f"beatbridge grid index: {index.nx}x{index.ny} cells, "
        f"{index.border_cells.size} border cells"
    )
    print(f"  build  {build_time:8.3f} s")
    print(f"  locate {query_time:8.3f} s  ({(ours >= 0).sum():,} points in a beat)")

    results = {}
    for predicate in ("intersects", "within"):
        runs = [geopandas_join(geometries, lons, lats, predicate) for _ in range(args.repeat)]
        points_time = min(r[0] for r in runs)
        join_time = min(r[1] for r in runs)
        total_time = min(r[0] + r[1] for r in runs)
        results[predicate] = (points_time, join_time, total_time, runs[-1][2])
        print(
            f"geopandas sjoin predicate={predicate!r}: points {points_time:.3f} s + "
            f"sjoin {join_time:.3f} s = {total_time:.3f} s"
        )
    baseline = min(r[2] for r in results.values())
    baseline_join = min(r[1] for r in results.values())
    reference = results["intersects"][3]
    mismatches = int((ours != reference).sum())
    within_diff = int((results["within"][3] != reference).sum())
    print(
        f"assignments: {mismatches} mismatches vs geopandas intersects (lowest position on "
        f"borders); {within_diff} points differ between geopandas within and intersects"
    )
    print(
        f"ratio: geopandas {baseline:.3f} s / beatbridge {query_time:.3f} s = "
        f"{baseline / query_time:.1f}x faster (sjoin alone, without building points: "
        f"{baseline_join / query_time:.1f}x; including our build: "
        f"{baseline / (build_time + query_time):.2f}x)"
    )

    if args.django:
        cold, warm, found = time_django(codes, lons, lats, args.repeat)
        expected = [codes[i] if i >= 0 else "" for i in ours]
        django_mismatch = sum(a != b for a, b in zip(found, expected, strict=True))
        print(
            f"through Django: locator.locate_many first call (reads areas, builds) {cold:.3f} s, "
            f"then {warm:.3f} s; {django_mismatch} mismatches vs PolygonIndex"
        )
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
