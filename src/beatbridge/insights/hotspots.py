"""Hot and cold spots: Getis-Ord Gi* on an H3 hexagon grid, with FDR control.

The central function, :func:`local_g_star`, computes the same statistic as PySAL esda's
``G_Local(y, w, star=True, transform="B")`` (z-scores ``.Zs`` agree to floating-point
precision), but with one sparse matrix-vector product instead of esda's weights-object
machinery, which makes it a few hundred times faster on large grids.

:func:`hotspot_pipeline` goes from incident points (longitude/latitude) to hot and cold
H3 cells: points are counted per cell, the grid is the cells that have incidents plus
their k-ring neighbours (with zero counts), Gi* z-scores get two-sided normal p-values,
and the Benjamini-Hochberg procedure controls the false discovery rate.

H3 cell ids are handled as 64-bit integers (``numpy.int64``; every valid H3 index fits),
use :func:`cells_to_str` for the usual hexadecimal strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from typing import Any

import h3
import numpy as np
from h3.api import basic_int as h3int
from scipy import sparse, stats

from .fdr import fdr_bh

__all__ = [
    "GStarResult",
    "HotspotResult",
    "cells_to_str",
    "fdr_bh",
    "h3_cells",
    "hotspot_pipeline",
    "kring_weights",
    "local_g_star",
]


@dataclass(frozen=True)
class GStarResult:
    """Result of :func:`local_g_star`; every array has one entry per unit.

    Attributes:
        z: Gi* z-scores (esda's ``Zs``). Positive: the unit and its neighbours together
            hold more than their share of the total; negative: less.
        g: the Gi* statistic, (own value + neighbours' values) / total (esda's ``Gs``).
        expected: expected value of ``g`` under spatial randomness (esda's ``EGs``).
        variance: variance of ``g`` under spatial randomness (esda's ``VGs``).
        p_norm: two-sided p-values from the normal approximation, ``2 * sf(|z|)``.
            (esda's ``p_norm`` is the one-sided ``sf(|z|)``, half of this.)
        p_sim: pseudo p-values from conditional permutation when ``permutations > 0``,
            else ``None``. Folded like esda's default ("directed"):
            ``(1 + min(larger, permutations - larger)) / (permutations + 1)`` where
            ``larger`` counts simulated values >= the observed one, so it is a one-sided
            p-value in the direction the observed value points to.
        permutations: number of permutations used for ``p_sim``.
    """

    z: np.ndarray
    g: np.ndarray
    expected: np.ndarray
    variance: np.ndarray
    p_norm: np.ndarray
    p_sim: np.ndarray | None = None
    permutations: int = 0


@dataclass(frozen=True)
class HotspotResult:
    """Result of :func:`hotspot_pipeline`; every array has one entry per grid cell.

    Attributes:
        cells: H3 cell ids as ``int64`` (sorted ascending); see :func:`cells_to_str`.
        counts: incidents per cell (0 for neighbour cells without incidents).
        z: Gi* z-scores.
        p: two-sided normal p-values of ``z``.
        q: Benjamini-Hochberg adjusted p-values (q-values).
        label: ``"hot"``, ``"cold"`` or ``"none"``: hot/cold when ``q <= alpha`` and
            ``z`` is positive/negative.
        resolution: H3 resolution of the grid.
        k: k-ring radius of the neighbourhood.
        alpha: false discovery rate used for the labels.
    """

    cells: np.ndarray
    counts: np.ndarray
    z: np.ndarray
    p: np.ndarray
    q: np.ndarray
    label: np.ndarray
    resolution: int
    k: int
    alpha: float

    def cell_strings(self) -> list[str]:
        """The cell ids as H3 hexadecimal strings."""
        return cells_to_str(self.cells)

    def to_records(self) -> list[dict[str, Any]]:
        """One plain ``dict`` per cell (JSON-friendly Python types)."""
        return [
            {
                "cell": c,
                "count": int(n),
                "z": float(z),
                "p": float(p),
                "q": float(q),
                "label": str(lab),
            }
            for c, n, z, p, q, lab in zip(
                self.cell_strings(),
                self.counts,
                self.z,
                self.p,
                self.q,
                self.label,
                strict=True,
            )
        ]


# --------------------------------------------------------------------------------------
# Gi*
# --------------------------------------------------------------------------------------


def _binary_offdiagonal(W: Any, n: int) -> sparse.csr_matrix:
    """Binary CSR copy of ``W`` with the diagonal removed (any non-zero weight -> 1)."""
    A = sparse.coo_matrix(W)
    if A.shape != (n, n):
        raise ValueError(f"W has shape {A.shape}, expected ({n}, {n}) to match y")
    keep = (A.row != A.col) & (A.data != 0)
    rows = A.row[keep]
    cols = A.col[keep]
    out = sparse.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    out.sum_duplicates()
    out.data[:] = 1.0
    return out


def local_g_star(
    y: Sequence[float] | np.ndarray,
    W: Any,
    permutations: int = 0,
    seed: int | None = None,
) -> GStarResult:
    """Getis-Ord Gi* z-scores with binary weights (each unit counts itself).

    Same statistic as esda's ``G_Local(y, w, star=True, transform="B")``: with
    ``W* = W + I`` (binary weights plus a self-weight of 1), ``n`` units and
    ``S = sum(y)``::

        g_i   = (W* y)_i / S
        E[g_i] = c_i / n                                   (c_i = neighbours + 1)
        V[g_i] = c_i (n - c_i) / ((n - 1) n^2) * s^2 / ybar^2
        z_i   = (g_i - E[g_i]) / sqrt(V[g_i])

    where ``ybar`` and ``s^2 = mean(y^2) - ybar^2`` are the mean and (population)
    variance over *all* units, including unit ``i`` (the "star" convention).

    Args:
        y: one value per unit (e.g. incident counts).
        W: spatial weights, any scipy.sparse matrix/array or dense array of shape
            ``(n, n)``. Non-zero entries are treated as 1 (binary weights) and the
            diagonal is ignored -- the self-weight of 1 is added here.
        permutations: if > 0, also compute conditional-permutation pseudo p-values
            (``p_sim``): for each unit, its own value is kept and its neighbours' values
            are drawn at random, without replacement, from the other units (the same
            random draw is shared by all units in one permutation, as esda does).
            Costs about ``permutations * n * max_neighbours`` operations.
        seed: seed for the permutations (``numpy.random.default_rng``).

    Returns:
        A :class:`GStarResult`. Units whose z-score is undefined (all ``y`` equal, or
        ``n < 2``) get NaN.
    """
    yv = np.asarray(y, dtype=np.float64).ravel()
    n = yv.size
    A = _binary_offdiagonal(W, n)
    lag = A @ yv + yv
    card = np.diff(A.indptr).astype(np.float64) + 1.0

    total = yv.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / n
        variance_y = (yv * yv).sum() / n - mean * mean
        g = lag / total
        expected = card / n
        variance = card * (n - card) / (n - 1) / (n * n) * (variance_y / (mean * mean))
        z = (g - expected) / np.sqrt(variance)
    p_norm = 2.0 * stats.norm.sf(np.abs(z))

    p_sim = None
    if permutations > 0 and n > 1:
        p_sim = _permutation_p(yv, A, lag, permutations, seed)
    return GStarResult(
        z=z,
        g=g,
        expected=expected,
        variance=variance,
        p_norm=p_norm,
        p_sim=p_sim,
        permutations=permutations if p_sim is not None else 0,
    )


def _permutation_p(
    y: np.ndarray,
    A: sparse.csr_matrix,
    observed_lag: np.ndarray,
    permutations: int,
    seed: int | None,
) -> np.ndarray:
    """Conditional-permutation pseudo p-values, folded like esda's default."""
    n = y.size
    deg = np.diff(A.indptr)
    kmax = int(deg.max()) if n else 0
    rng = np.random.default_rng(seed)
    groups = [(int(d), np.flatnonzero(deg == d)) for d in np.unique(deg) if d > 0]
    larger = np.zeros(n, dtype=np.int64)
    for _ in range(permutations):
        # kmax distinct ids among the n - 1 *other* units; id m stands for unit m when
        # m < i and for unit m + 1 otherwise (i.e. unit i itself is skipped).
        ids = rng.choice(n - 1, size=kmax, replace=False) if kmax else np.empty(0, np.int64)
        sim = y.copy()
        for d, units in groups:
            first = ids[:d]
            cand = first[None, :] + (first[None, :] >= units[:, None])
            sim[units] += y[cand].sum(axis=1)
        larger += sim >= observed_lag
    folded = np.minimum(larger, permutations - larger)
    return (folded + 1.0) / (permutations + 1.0)


# --------------------------------------------------------------------------------------
# H3 helpers
# --------------------------------------------------------------------------------------


def _as_int_cells(cells: Sequence[Any] | np.ndarray) -> np.ndarray:
    arr = np.asarray(cells)
    if arr.dtype.kind in "USO":
        return np.fromiter(
            (h3.str_to_int(str(c)) if isinstance(c, str) else int(c) for c in arr.ravel()),
            dtype=np.int64,
            count=arr.size,
        )
    return arr.astype(np.int64, copy=False).ravel()


def cells_to_str(cells: Sequence[int] | np.ndarray) -> list[str]:
    """H3 cell ids (integers) as hexadecimal strings, e.g. ``'882664c1a9fffff'``."""
    return [h3.int_to_str(int(c)) for c in np.asarray(cells).ravel()]


def h3_cells(
    lons: Sequence[float] | np.ndarray,
    lats: Sequence[float] | np.ndarray,
    resolution: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Count points per H3 cell.

    Args:
        lons, lats: WGS84 longitudes and latitudes (degrees). Points with a non-finite
            coordinate are skipped.
        resolution: H3 resolution (0-15; 8 is about 0.74 km² per cell, 9 about 0.1 km²).

    Returns:
        ``(cells, counts)``: the distinct cells as sorted ``int64`` ids, and the number of
        points in each.
    """
    lon = np.asarray(lons, dtype=np.float64).ravel()
    lat = np.asarray(lats, dtype=np.float64).ravel()
    if lon.shape != lat.shape:
        raise ValueError("lons and lats must have the same length")
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.all():
        lon, lat = lon[ok], lat[ok]
    count = lon.size
    raw = np.fromiter(
        map(h3int.latlng_to_cell, lat.tolist(), lon.tolist(), repeat(int(resolution), count)),
        dtype=np.int64,
        count=count,
    )
    cells, counts = np.unique(raw, return_counts=True)
    return cells, counts.astype(np.int64)


def _disks(cells: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """All cells within ``k`` steps of each cell: (lengths per cell, flat ids)."""
    disks = list(map(h3int.grid_disk, cells.tolist(), repeat(int(k), cells.size)))
    lengths = np.fromiter(map(len, disks), dtype=np.int64, count=len(disks))
    flat = np.fromiter(chain.from_iterable(disks), dtype=np.int64, count=int(lengths.sum()))
    return lengths, flat


def kring_weights(cells: Sequence[Any] | np.ndarray, k: int = 1) -> sparse.csr_matrix:
    """Binary k-ring contiguity weights between the given H3 cells.

    ``W[i, j] = 1`` when cell ``j`` is within ``k`` grid steps of cell ``i`` (and is one
    of ``cells``), 0 otherwise; no self-links. Row/column order follows ``cells``.

    Args:
        cells: distinct H3 cells of one resolution, as ints or hexadecimal strings.
        k: neighbourhood radius in grid steps (1: the 6 adjacent hexagons).

    Returns:
        A symmetric ``scipy.sparse.csr_matrix`` of float64 ones.
    """
    ids = _as_int_cells(cells)
    n = ids.size
    if n == 0:
        return sparse.csr_matrix((0, 0))
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    if n > 1 and np.any(sorted_ids[1:] == sorted_ids[:-1]):
        raise ValueError("cells must be distinct")
    lengths, flat = _disks(ids, k)
    rows = np.repeat(np.arange(n), lengths)
    pos = np.minimum(np.searchsorted(sorted_ids, flat), n - 1)
    hit = sorted_ids[pos] == flat
    rows = rows[hit]
    cols = order[pos[hit]]
    off = rows != cols
    rows, cols = rows[off], cols[off]
    return sparse.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))


# --------------------------------------------------------------------------------------
# Pipeline
# --------------------------------------------------------------------------------------


def hotspot_pipeline(
    lons: Sequence[float] | np.ndarray,
    lats: Sequence[float] | np.ndarray,
    resolution: int = 8,
    alpha: float = 0.05,
    k: int = 1,
    study_cells: Sequence[Any] | np.ndarray | None = None,
) -> HotspotResult:
    """From incident points to FDR-controlled hot and cold H3 cells.

    Steps: count points per H3 cell at ``resolution``; build the grid (see below);
    Gi* z-scores with binary k-ring weights (:func:`local_g_star`); two-sided normal
    p-values; Benjamini-Hochberg at ``alpha`` over all cells of the grid.

    The grid: by default every cell with at least one incident plus all cells within
    ``k`` steps of those (count 0), so that a busy cell is compared with its quiet
    surroundings and quiet cells inside the area can show up as cold spots. Without a
    boundary the rim of that grid lies outside the area with data (a lake shore, the city
    limit), and cells there can come out "cold" only because nothing is recorded beyond.
    Pass ``study_cells`` (e.g. ``h3.polygon_to_cells`` of the city boundary at the same
    resolution) to use exactly those cells as the grid instead; points outside them are
    then left out.

    Returns:
        A :class:`HotspotResult` (cells sorted by id).
    """
    inc_cells, inc_counts = h3_cells(lons, lats, resolution)
    if study_cells is not None:
        cells = np.unique(_as_int_cells(study_cells))
        inside = np.isin(inc_cells, cells)
        inc_cells, inc_counts = inc_cells[inside], inc_counts[inside]
    else:
        _, ring = _disks(inc_cells, k)
        cells = np.unique(np.concatenate([inc_cells, ring]))
    if cells.size == 0:
        empty_f = np.empty(0)
        return HotspotResult(
            cells=np.empty(0, np.int64),
            counts=np.empty(0, np.int64),
            z=empty_f,
            p=empty_f,
            q=empty_f,
            label=np.empty(0, dtype="<U4"),
            resolution=resolution,
            k=k,
            alpha=alpha,
        )
    counts = np.zeros(cells.size, dtype=np.int64)
    counts[np.searchsorted(cells, inc_cells)] = inc_counts
    W = kring_weights(cells, k)
    z = local_g_star(counts, W).z
    p = 2.0 * stats.norm.sf(np.abs(z))
    reject, q = fdr_bh(p, alpha)
    label = np.full(cells.size, "none", dtype="<U4")
    label[reject & (z > 0)] = "hot"
    label[reject & (z < 0)] = "cold"
    return HotspotResult(
        cells=cells,
        counts=counts,
        z=z,
        p=p,
        q=q,
        label=label,
        resolution=resolution,
        k=k,
        alpha=alpha,
    )
