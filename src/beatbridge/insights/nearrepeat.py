"""Near-repeat analysis: the Knox test for space-time clustering.

For every pair of events, the Knox test asks how far apart they are in space and in time,
and counts the pairs in each (space band x time band) cell. To learn what counts to expect
if *when* a crime happened had nothing to do with *where*, the event times are shuffled
among the events many times (a Monte Carlo permutation test) and the pairs are counted
again. A Knox ratio (observed / mean expected) above 1 with a small p-value means more
pairs are close in both space and time than chance would give: a near-repeat pattern.

This follows Ratcliffe's Near Repeat Calculator and the R package ``NearRepeat``
(wsteenbeek/NearRepeat): bands are half-open intervals ``[a, b)`` between consecutive
breakpoints, each unordered pair is counted once, and
``p = (1 + #{simulated >= observed}) / (permutations + 1)``.
:func:`calculator_bands` builds the breakpoints that reproduce the Calculator's tables.

Speed: all pairs closer than the largest finite spatial breakpoint are found once with a
k-d tree, and their space band never changes. Per permutation only the time differences of
those pairs are recomputed and compared with the finite time breakpoints. The "more than"
bands (an infinite last breakpoint) are obtained by subtraction from totals that do not
change under permutation: the number of pairs per space band, and the number of *all* pairs
per time band (counted in ``O(n log n)`` from the sorted times). Pairs are processed in
cache-sized chunks, several permutations at a time (one gather fetches the permuted times of
8 permutations), and the permutations are split over threads (numpy releases the GIL in
these loops).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.spatial import cKDTree

__all__ = ["KnoxResult", "band_labels", "calculator_bands", "knox"]

Metric = Literal["euclidean", "manhattan"]

# Distances below this are "the same location" in calculator_bands().
SAME_LOCATION_TOLERANCE = 1e-6

# Pairs per chunk in the permutation loop (keeps the working arrays in cache).
_CHUNK_PAIRS = 1 << 16


@dataclass(frozen=True)
class KnoxResult:
    """Result of :func:`knox`. Tables have shape ``(n_space_bands, n_time_bands)``.

    Attributes:
        space_breaks, time_breaks: the breakpoints; band ``k`` is
            ``[breaks[k], breaks[k + 1])``.
        observed: number of event pairs in each band combination.
        expected_mean: mean count over the permutations (NaN without permutations).
        expected_median: median count over the permutations.
        knox_ratio: ``observed / expected_mean`` (NaN when both are 0, inf when only the
            expectation is 0).
        p_values: ``(1 + #{simulated >= observed}) / (permutations + 1)``: one-sided
            test for *more* pairs than expected.
        permutations: number of permutations.
        metric: ``"euclidean"`` or ``"manhattan"``.
        n_events: number of events.
        simulated: the simulated tables, shape ``(permutations, n_space, n_time)``,
            when ``keep_simulations=True``; else ``None``.
    """

    space_breaks: np.ndarray
    time_breaks: np.ndarray
    observed: np.ndarray
    expected_mean: np.ndarray
    expected_median: np.ndarray
    knox_ratio: np.ndarray
    p_values: np.ndarray
    permutations: int
    metric: str
    n_events: int
    simulated: np.ndarray | None = None

    def space_labels(self, unit: str = "m") -> list[str]:
        """Human-readable labels of the space bands, e.g. ``'0 to <100 m'``."""
        return band_labels(self.space_breaks, unit)

    def time_labels(self, unit: str = "days") -> list[str]:
        """Human-readable labels of the time bands, e.g. ``'7 to <14 days'``."""
        return band_labels(self.time_breaks, unit)


def band_labels(breaks: Sequence[float] | np.ndarray, unit: str = "") -> list[str]:
    """Labels for half-open bands ``[a, b)``: ``'a to <b unit'``, ``'a unit or more'``."""
    b = np.asarray(breaks, dtype=np.float64)
    suffix = f" {unit}" if unit else ""
    labels = []
    for lo, hi in zip(b[:-1], b[1:], strict=True):
        if np.isinf(hi):
            labels.append(f"{lo:g}{suffix} or more")
        elif lo == 0 and hi <= SAME_LOCATION_TOLERANCE:
            labels.append("same location" if unit != "days" else f"same time{suffix}")
        elif 0 < lo <= SAME_LOCATION_TOLERANCE:
            labels.append(f"over 0 to <{hi:g}{suffix}")
        else:
            labels.append(f"{lo:g} to <{hi:g}{suffix}")
    return labels


def calculator_bands(
    spatial_bandwidth: float,
    n_spatial_bands: int,
    temporal_bandwidth: float,
    n_temporal_bands: int,
    same_location: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Breakpoints that reproduce the Near Repeat Calculator's bands.

    The Calculator labels its bands "1 to 100", "101 to 200", ... (metres) and "0 to 7",
    "8 to 14", ... (days); in the same units these are the half-open intervals
    ``[0, 100)``, ``[100, 200)`` and ``[0, 7)``, ``[7, 14)`` (label "a to b" means
    ``[a - 1, b)``). It adds a "same location" band (distance 0, here
    ``[0, 1e-6)``) before the first spatial band, and a final "more than" band to both
    dimensions (an infinite last breakpoint).

    Returns:
        ``(space_breaks, time_breaks)`` for :func:`knox`.
    """
    sb = [float(spatial_bandwidth) * k for k in range(1, n_spatial_bands + 1)]
    space = ([0.0, SAME_LOCATION_TOLERANCE] if same_location else [0.0]) + sb + [np.inf]
    tb = [float(temporal_bandwidth) * k for k in range(1, n_temporal_bands + 1)]
    time = [0.0, *tb, np.inf]
    return np.asarray(space), np.asarray(time)


def _check_breaks(breaks: Sequence[float] | np.ndarray, name: str) -> np.ndarray:
    b = np.asarray(breaks, dtype=np.float64).ravel()
    if b.size < 2:
        raise ValueError(f"{name} needs at least two breakpoints")
    if np.isnan(b).any() or b[0] < 0 or np.isinf(b[:-1]).any():
        raise ValueError(f"{name} must be >= 0, and only the last may be infinite")
    if np.any(np.diff(b) <= 0):
        raise ValueError(f"{name} must be strictly increasing")
    return b


def _pair_distances(
    x: np.ndarray, y: np.ndarray, i: np.ndarray, j: np.ndarray, metric: Metric
) -> np.ndarray:
    """Distances of the pairs (i, j): ``|dx| + |dy|`` or ``sqrt(dx*dx + dy*dy)``."""
    dx = x[i]
    dx -= x[j]
    dy = y[i]
    dy -= y[j]
    if metric == "manhattan":
        np.abs(dx, out=dx)
        np.abs(dy, out=dy)
    else:
        dx *= dx
        dy *= dy
    dx += dy
    if metric != "manhattan":
        np.sqrt(dx, out=dx)
    return dx


def _close_pairs(
    x: np.ndarray, y: np.ndarray, smax: float, metric: Metric
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs ``i < j`` with distance ``< smax``, in no particular order: (i, j, distance)."""
    empty = (np.empty(0, np.int64), np.empty(0, np.intp), np.empty(0))
    if smax <= 0 or x.size < 2:
        return empty
    tree = cKDTree(np.column_stack([x, y]))
    radius = smax * (1 + 1e-9) + 1e-12  # a little slack; exact filtering below
    pairs = tree.query_pairs(radius, p=1 if metric == "manhattan" else 2, output_type="ndarray")
    if pairs.size == 0:
        return empty
    i, j = pairs[:, 0], pairs[:, 1]  # views
    d = _pair_distances(x, y, i, j, metric)
    keep = d < smax
    if not keep.all():
        i, j, d = i[keep], j[keep], d[keep]
    return i, j, d


def _pairs_below(ts: np.ndarray, c: float) -> int:
    """Number of unordered pairs among *all* events with time difference ``< c``."""
    if c <= 0:
        return 0
    n = ts.size
    ends = np.searchsorted(ts, ts + c, side="left")
    return int((ends - np.arange(1, n + 1)).sum())


_LANES = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


class _Counter:
    """Counts close pairs per (space bin, time bin) for a batch of orderings of the times.

    Pairs are sorted by (space bin, first event) and processed in cache-sized chunks that
    lie within one space bin; the first event's time is then a cheap ``repeat``. Several
    permutations are handled at once (the columns of ``tpk``), so each gather fetches all of
    them together. Per chunk and time breakpoint, pairs with a time gap below the breakpoint
    are counted per permutation by summing the comparison bytes 8 at a time in one
    ``uint64`` (at most 255 rows per partial sum, so no byte overflows into the next).
    """

    def __init__(
        self,
        n: int,
        i: np.ndarray,
        j: np.ndarray,
        sbin: np.ndarray,
        n_sbins: int,
        t_finite: np.ndarray,
        times: np.ndarray,
    ) -> None:
        self.n_sbins = n_sbins
        self.n_tbins = t_finite.size
        key_dtype = np.dtype(np.int32 if n_sbins * n < 2**31 else np.int64)
        key = np.add(np.multiply(sbin, n, dtype=key_dtype), i, dtype=key_dtype)
        order = np.argsort(key)
        self.j = j[order].astype(np.intp, copy=False)
        self.deg = np.bincount(key, minlength=n_sbins * n).reshape(n_sbins, n)
        del key, order
        # time thresholds: count pairs with dt < t_finite[q]; integer gaps: dt < ceil(.)
        self.thresholds: list[float]
        if times.dtype.kind == "i":
            self.thresholds = [int(np.ceil(v)) for v in t_finite]
        else:
            self.thresholds = [float(v) for v in t_finite]
        # permutations per batch: 16 bytes of times per event
        self.batch = max(1, 16 // times.dtype.itemsize)
        # chunks: (space bin, first events i0..i1, pairs p0..p1) of about _CHUNK_PAIRS pairs
        self.chunks: list[tuple[int, int, int, int, int]] = []
        start = 0
        for sb in range(n_sbins):
            ptr = start + np.concatenate([[0], np.cumsum(self.deg[sb])])
            i0 = 0
            while i0 < n:
                i1 = int(np.searchsorted(ptr, ptr[i0] + _CHUNK_PAIRS, side="right")) - 1
                i1 = min(n, max(i1, i0 + 1))
                if ptr[i1] > ptr[i0]:
                    self.chunks.append((sb, i0, i1, int(ptr[i0]), int(ptr[i1])))
                i0 = i1
            start = int(ptr[-1])
        self.max_chunk = max((c[4] - c[3] for c in self.chunks), default=0)

    def count(self, tpk: np.ndarray) -> np.ndarray:
        """Counts for the columns of ``tpk`` (events x K permutations, K in 1, 2, 4, 8):
        pairs per (space bin, time bin) with a time gap below the last finite breakpoint,
        shape (K, n_sbins, n_tbins)."""
        k_perm = tpk.shape[1]
        lane = _LANES[k_perm]
        cum = np.zeros((self.n_sbins, self.n_tbins, k_perm), dtype=np.int64)
        active = [(q, c) for q, c in enumerate(self.thresholds) if c > 0]
        if self.j.size and active:
            mask_buf = np.empty(self.max_chunk * k_perm, dtype=bool)
            partial = np.empty(self.max_chunk // 255 + 1, dtype=lane)
            for sb, i0, i1, p0, p1 in self.chunks:
                a = np.repeat(tpk[i0:i1], self.deg[sb, i0:i1], axis=0)
                b = np.take(tpk, self.j[p0:p1], axis=0)
                np.subtract(a, b, out=a)
                np.abs(a, out=a)
                rows = p1 - p0
                full = rows // 255
                mask = mask_buf[: rows * k_perm].reshape(rows, k_perm)
                packed = mask_buf[: rows * k_perm].view(lane)  # one lane byte per permutation
                for q, c in active:
                    np.less(a, c, out=mask)
                    if full:
                        packed[: full * 255].reshape(full, 255).sum(axis=1, out=partial[:full])
                    partial[full] = packed[full * 255 :].sum(dtype=lane)
                    per_perm = partial[: full + 1].view(np.uint8).reshape(-1, k_perm)
                    cum[sb, q] += per_perm.sum(axis=0, dtype=np.int64)
        counts = np.diff(cum, axis=1, prepend=0)
        return np.ascontiguousarray(counts.transpose(2, 0, 1))


def knox(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    t: Sequence[float] | np.ndarray,
    space_bands: Sequence[float] | np.ndarray,
    time_bands: Sequence[float] | np.ndarray,
    permutations: int = 999,
    seed: int | None = None,
    metric: Metric = "euclidean",
    workers: int | None = None,
    keep_simulations: bool = False,
) -> KnoxResult:
    """Knox test for space-time clustering with a Monte Carlo permutation of the times.

    Args:
        x, y: projected coordinates (e.g. metres), one per event.
        t: event times as numbers (e.g. days since some date). Whole numbers are handled
            exactly with integer arithmetic; fractional times work too.
        space_bands: spatial breakpoints, e.g. ``[0, 100, 200, 300, inf]``. Band ``k`` is
            ``[b[k], b[k+1])``. With a finite last breakpoint, pairs that far apart or
            farther are left out; with ``inf`` they form a final "more than" band. Pairs
            closer than ``b[0]`` are always left out.
        time_bands: temporal breakpoints in the units of ``t``, same conventions.
        permutations: number of random permutations of the times (0: observed only).
        seed: seed for the permutations; results do not depend on ``workers``.
        metric: ``"euclidean"`` (straight line) or ``"manhattan"`` (``|dx| + |dy|``,
            the Near Repeat Calculator's default).
        workers: threads for the permutations (default: number of CPUs, at most 8).
        keep_simulations: also return every simulated table.

    Returns:
        A :class:`KnoxResult`.
    """
    if metric not in ("euclidean", "manhattan"):
        raise ValueError("metric must be 'euclidean' or 'manhattan'")
    if permutations < 0:
        raise ValueError("permutations must be >= 0")
    xs = np.asarray(x, dtype=np.float64).ravel()
    ys = np.asarray(y, dtype=np.float64).ravel()
    tv = np.asarray(t, dtype=np.float64).ravel()
    n = xs.size
    if ys.size != n or tv.size != n:
        raise ValueError("x, y and t must have the same length")
    if not (np.isfinite(xs).all() and np.isfinite(ys).all() and np.isfinite(tv).all()):
        raise ValueError("x, y and t must be finite")
    sb = _check_breaks(space_bands, "space_bands")
    tb = _check_breaks(time_bands, "time_bands")
    s_inf = bool(np.isinf(sb[-1]))
    t_inf = bool(np.isinf(tb[-1]))
    s_fin = sb[:-1] if s_inf else sb
    t_fin = tb[:-1] if t_inf else tb

    # Times: exact integers when possible (int16 keeps the per-pair arrays small).
    if n and np.all(tv == np.floor(tv)) and tv.max() - tv.min() < 2**31 - 1:
        shifted = tv - tv.min()
        times: np.ndarray = shifted.astype(np.int16 if shifted.max() < 2**15 - 1 else np.int64)
    else:
        times = tv - (tv.min() if n else 0.0)

    # Close pairs, found once; their space bin never changes.
    pi, pj, d = _close_pairs(xs, ys, float(s_fin[-1]), metric)
    n_sbins = s_fin.size  # bin 0: closer than s_fin[0]; bin k: [s_fin[k-1], s_fin[k])
    sbin = np.searchsorted(s_fin, d, side="right")
    del d
    pairs_per_sbin = np.bincount(sbin, minlength=n_sbins).astype(np.int64)
    counter = _Counter(n, pi, pj, sbin, n_sbins, t_fin, times)
    del pi, pj, sbin

    # All pairs per time bin (permutation-invariant); only needed for an infinite space band.
    all_per_tbin = None
    if s_inf:
        ts = np.sort(times.astype(np.int64) if times.dtype.kind == "i" else times)
        below = [_pairs_below(ts, c) for c in t_fin]
        total = n * (n - 1) // 2
        all_per_tbin = np.diff(np.asarray([0, *below, total], dtype=np.int64))

    def assemble(C: np.ndarray) -> np.ndarray:
        """(..., n_sbins, n_tbins) counts of pairs with dt < tmax -> output tables."""
        beyond = pairs_per_sbin - C.sum(axis=-1)
        full = np.concatenate([C, beyond[..., None]], axis=-1)
        if all_per_tbin is not None:
            rest = all_per_tbin - full.sum(axis=-2)
            full = np.concatenate([full, rest[..., None, :]], axis=-2)
        ncols = t_fin.size - 1 + (1 if t_inf else 0)
        return full[..., 1:, 1 : 1 + ncols]

    observed = assemble(counter.count(times[:, None])[0])

    shape = observed.shape
    if permutations == 0:
        nan = np.full(shape, np.nan)
        return KnoxResult(
            space_breaks=sb,
            time_breaks=tb,
            observed=observed,
            expected_mean=nan,
            expected_median=nan.copy(),
            knox_ratio=nan.copy(),
            p_values=nan.copy(),
            permutations=0,
            metric=metric,
            n_events=n,
        )

    children = np.random.SeedSequence(seed).spawn(permutations)
    raw = np.empty((permutations, n_sbins, t_fin.size), dtype=np.int64)

    def run(start: int, stop: int) -> None:
        width = counter.batch
        tpk = np.empty((n, width), dtype=times.dtype)
        for b0 in range(start, stop, width):
            b1 = min(stop, b0 + width)
            for col, k in enumerate(range(b0, b1)):
                tpk[:, col] = np.random.default_rng(children[k]).permutation(times)
            tpk[:, b1 - b0 :] = times[:, None]  # padding of a last, partial batch
            raw[b0:b1] = counter.count(tpk)[: b1 - b0]

    n_workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    n_workers = max(1, min(n_workers, permutations))
    if n_workers == 1:
        run(0, permutations)
    else:
        edges = np.linspace(0, permutations, n_workers + 1).astype(int)
        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            futures = [
                pool.submit(run, int(a), int(b)) for a, b in zip(edges[:-1], edges[1:], strict=True)
            ]
            for f in futures:
                f.result()

    sims = assemble(raw)
    expected_mean = sims.mean(axis=0)
    expected_median = np.median(sims, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = observed / expected_mean
    p_values = (1.0 + (sims >= observed).sum(axis=0)) / (permutations + 1.0)
    return KnoxResult(
        space_breaks=sb,
        time_breaks=tb,
        observed=observed,
        expected_mean=expected_mean,
        expected_median=expected_median,
        knox_ratio=ratio,
        p_values=p_values,
        permutations=permutations,
        metric=metric,
        n_events=n,
        simulated=sims if keep_simulations else None,
    )
