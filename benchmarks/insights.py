"""Benchmarks for beatbridge.insights, each against a baseline measured in the same run.

Run from the repository root::

    python benchmarks/insights.py           # full sizes (a few minutes)
    python benchmarks/insights.py --quick   # smaller sizes (well under a minute)

1. Gi* on ~250,000 H3 cells with k-ring weights: ours vs esda ``G_Local`` (no permutations).
2. Knox test on the 45,319 Chicago residential burglaries (space bands 0-200-...-1000 m,
   time bands 0-7-14-21-28 days, 999 permutations): ours vs a straightforward numpy
   implementation that recounts every close pair per permutation (searchsorted + bincount;
   run on fewer permutations and extrapolated linearly; the output says so).
3. Hotspot pipeline from 1,000,000 random points in Chicago's bounding box: ours vs the same
   steps done the straightforward way (h3 string API per point, a Counter, a dict-based
   k-ring, esda ``G_Local``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import os
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import h3  # noqa: E402
from scipy import sparse, stats  # noqa: E402
from scipy.spatial import cKDTree  # noqa: E402

from beatbridge.insights.hotspots import (  # noqa: E402
    fdr_bh,
    hotspot_pipeline,
    kring_weights,
    local_g_star,
)
from beatbridge.insights.nearrepeat import knox  # noqa: E402

CHICAGO_BBOX = (-87.94, 41.64, -87.52, 42.03)


def shared_data_dir() -> Path:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return Path("/work/shared/data")


def timed(fn, *args, repeat: int = 1, **kwargs):
    """(best wall time over ``repeat`` runs, last result)."""
    best = float("inf")
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        best = min(best, time.perf_counter() - t0)
    return best, out


def esda_g_local(y, w):
    from esda.getisord import G_Local

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return G_Local(y, w, transform="B", star=True, permutations=0)


def to_libpysal_w(W):
    import libpysal

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return libpysal.weights.WSP(sparse.csr_matrix(W)).to_W(silence_warnings=True)


# --------------------------------------------------------------------------------------
# 1. Gi*
# --------------------------------------------------------------------------------------


def bench_gstar(quick: bool) -> None:
    rings = 81 if quick else 288  # 3k(k+1)+1 cells: 19,927 or 249,697
    centre = h3.str_to_int(h3.latlng_to_cell(41.85, -87.68, 10))
    cells = np.array(sorted(h3.api.basic_int.grid_disk(centre, rings)), dtype=np.int64)
    t_w, W = timed(kring_weights, cells, 1)
    y = np.random.default_rng(0).poisson(2.0, cells.size).astype(float)
    t_ours, ours = timed(local_g_star, y, W, repeat=5)
    t_conv, w = timed(to_libpysal_w, W)
    t_esda, ref = timed(esda_g_local, y, w)
    dz = float(np.nanmax(np.abs(ours.z - ref.Zs)))
    print(f"[Gi*] {cells.size:,} H3 cells (res 10, k=1 ring weights, no permutations)")
    print(f"  weights (kring_weights, shared by both): {t_w:.3f} s")
    print(f"  ours  local_g_star:                      {t_ours:.4f} s (best of 5)")
    conv = f"(+ {t_conv:.2f} s building the libpysal W, not counted)"
    print(f"  esda  G_Local(star=True, transform='B'):  {t_esda:.3f} s {conv}")
    print(f"  speed-up: {t_esda / t_ours:.0f}x   max |z_ours - z_esda| = {dz:.1e}")


# --------------------------------------------------------------------------------------
# 2. Knox
# --------------------------------------------------------------------------------------


def load_burglaries() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    path = shared_data_dir() / "chicago" / "residential_burglary_2014_2017.csv.gz"
    xs, ys, ts = [], [], []
    epoch = dt.date(2014, 1, 1)
    with gzip.open(path, "rt", newline="") as fh:
        for row in csv.DictReader(fh):
            xs.append(float(row["x"]))
            ys.append(float(row["y"]))
            day, month, year = (int(v) for v in row["date_single"].split("/"))
            ts.append((dt.date(year, month, day) - epoch).days)
    return np.array(xs), np.array(ys), np.array(ts, dtype=float)


def knox_baseline(x, y, t, sb, tb, permutations: int, seed: int) -> tuple[np.ndarray, float]:
    """Straightforward numpy: find the close pairs once, then per permutation recompute
    every close pair's time gap, bin it (searchsorted) and count (bincount)."""
    sb, tb = np.asarray(sb, dtype=float), np.asarray(tb, dtype=float)
    ns, nt = sb.size - 1, tb.size - 1
    pairs = cKDTree(np.column_stack([x, y])).query_pairs(sb[-1], output_type="ndarray")
    i, j = pairs[:, 0], pairs[:, 1]
    d = np.hypot(x[i] - x[j], y[i] - y[j])
    sbin = np.searchsorted(sb, d, side="right") - 1
    keep = (sbin >= 0) & (sbin < ns)
    i, j, sbin = i[keep], j[keep], sbin[keep]

    def count(times: np.ndarray) -> np.ndarray:
        tbin = np.searchsorted(tb, np.abs(times[i] - times[j]), side="right") - 1
        ok = (tbin >= 0) & (tbin < nt)
        return np.bincount(sbin[ok] * nt + tbin[ok], minlength=ns * nt).reshape(ns, nt)

    observed = count(t)
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    for _ in range(permutations):
        count(rng.permutation(t))
    per_perm = (time.perf_counter() - t0) / max(permutations, 1)
    return observed, per_perm


def bench_knox(quick: bool) -> None:
    x, y, t = load_burglaries()
    sb = [0, 200, 400, 600, 800, 1000]
    tb = [0, 7, 14, 21, 28]
    perms = 99 if quick else 999
    base_perms = 3 if quick else 10
    c0 = time.process_time()
    t_ours, res = timed(knox, x, y, t, sb, tb, permutations=perms, seed=1)
    cpu_ours = time.process_time() - c0
    t0 = time.perf_counter()
    observed, per_perm = knox_baseline(x, y, t, sb, tb, base_perms, seed=1)
    setup = time.perf_counter() - t0 - per_perm * base_perms
    t_base = setup + per_perm * perms
    same = np.array_equal(observed, res.observed)
    bands = "space 0-200-400-600-800-1000 m (euclidean), time 0-7-14-21-28 days"
    print(f"[Knox] {x.size:,} burglaries, {bands}, {perms} permutations")
    cpu = f"(CPU time, all threads: {cpu_ours:.1f} s)"
    print(f"  ours  knox():                  {t_ours:.2f} s  {cpu}")
    extra = (
        f"(extrapolated: ran {base_perms} permutations at {per_perm * 1000:.0f} ms each, "
        f"x{perms}, + {setup:.2f} s setup)"
    )
    print(f"  baseline (plain numpy):        {t_base:.1f} s  {extra}")
    print(f"  speed-up: {t_base / t_ours:.1f}x   observed tables identical: {same}")
    first = f"{res.knox_ratio[0, 0]:.3f} (p = {res.p_values[0, 0]:.3f})"
    print(f"  Knox ratio, 0-200 m x 0-7 days: {first}")


# --------------------------------------------------------------------------------------
# 3. Pipeline
# --------------------------------------------------------------------------------------


def pipeline_baseline(lons, lats, resolution: int, alpha: float, k: int):
    """The same steps, written the straightforward way."""
    points = zip(lons, lats, strict=True)
    counts = Counter(h3.latlng_to_cell(la, lo, resolution) for lo, la in points)
    cells = set(counts)
    for c in list(counts):
        cells.update(h3.grid_disk(c, k))
    order = sorted(cells)
    index = {c: n for n, c in enumerate(order)}
    neighbours = {
        index[c]: {index[o]: 1.0 for o in h3.grid_disk(c, k) if o != c and o in index}
        for c in order
    }
    import libpysal

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = libpysal.weights.W(neighbours, silence_warnings=True)
    y = np.array([counts.get(c, 0) for c in order], dtype=float)
    z = esda_g_local(y, w).Zs
    p = 2 * stats.norm.sf(np.abs(z))
    reject, q = fdr_bh(p, alpha)
    return order, z, reject


def bench_pipeline(quick: bool) -> None:
    n = 100_000 if quick else 1_000_000
    rng = np.random.default_rng(42)
    lon0, lat0, lon1, lat1 = CHICAGO_BBOX
    lons = rng.uniform(lon0, lon1, n)
    lats = rng.uniform(lat0, lat1, n)
    t_ours, res = timed(hotspot_pipeline, lons, lats, 8, 0.05, 1, repeat=3)
    t_base, (order, z, reject) = timed(pipeline_baseline, lons, lats, 8, 0.05, 1)
    same = len(order) == res.cells.size and np.allclose(z, res.z, equal_nan=True)
    values, freq = np.unique(res.label, return_counts=True)
    labels = {str(v): int(f) for v, f in zip(values, freq, strict=True)}
    print(f"[Pipeline] {n:,} random points in Chicago's bbox -> H3 res 8, k=1, BH alpha 0.05")
    print(f"  ours  hotspot_pipeline():                  {t_ours:.2f} s (best of 3)")
    print(f"  baseline (h3 per point + Counter + esda):  {t_base:.2f} s")
    summary = f"{res.cells.size:,} cells, labels {labels}, same z: {same}"
    print(f"  speed-up: {t_base / t_ours:.1f}x   {summary}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    size = "quick" if args.quick else "full"
    print(f"beatbridge.insights benchmarks ({size} sizes; {os.cpu_count()} CPUs, load {load:.1f})")
    bench_gstar(args.quick)
    bench_knox(args.quick)
    bench_pipeline(args.quick)


if __name__ == "__main__":
    main()
