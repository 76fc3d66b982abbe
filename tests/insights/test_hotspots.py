# ruff: noqa: S101
"""Gi*, H3 helpers, FDR and the hotspot pipeline (no Django, no database)."""

from __future__ import annotations

import csv
import warnings

import h3
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse, stats

from beatbridge.insights.hotspots import (
    cells_to_str,
    fdr_bh,
    h3_cells,
    hotspot_pipeline,
    kring_weights,
    local_g_star,
)

libpysal = pytest.importorskip("libpysal")
esda_getisord = pytest.importorskip("esda.getisord")
examples = libpysal.examples


def esda_gstar(y: np.ndarray, w, permutations: int = 0, seed: int | None = None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda_getisord.G_Local(
            y, w, transform="B", star=True, permutations=permutations, seed=seed
        )


def to_w(W: sparse.spmatrix):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return libpysal.weights.WSP(sparse.csr_matrix(W)).to_W(silence_warnings=True)


def read_dataset(name: str) -> tuple[np.ndarray, object]:
    """Bundled libpysal examples (shipped in the wheel, no download)."""
    if name == "columbus":
        w = libpysal.io.open(examples.get_path("columbus.gal")).read()
        y = libpysal.io.open(examples.get_path("columbus.dbf")).by_col("CRIME")
    elif name == "baltim":  # k-nearest-neighbour weights: asymmetric
        w = libpysal.io.open(examples.get_path("baltim_k4.gwt")).read()
        y = libpysal.io.open(examples.get_path("baltim.dbf")).by_col("PRICE")
    elif name == "stl":
        w = libpysal.io.open(examples.get_path("stl_hom_rook.gal")).read()
        with open(examples.get_path("stl_hom.csv"), newline="") as fh:
            y = [float(row["HR8893"]) for row in csv.DictReader(fh)]
    else:  # pragma: no cover
        raise KeyError(name)
    return np.asarray(y, dtype=float), w


@pytest.mark.parametrize("name", ["columbus", "baltim", "stl"])
def test_g_star_matches_esda_on_bundled_examples(name: str) -> None:
    y, w = read_dataset(name)
    ours = local_g_star(y, w.sparse)
    ref = esda_gstar(y, w)
    np.testing.assert_allclose(ours.z, ref.Zs, rtol=0, atol=1e-8)
    np.testing.assert_allclose(ours.g, ref.Gs, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.expected, ref.EGs, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.p_norm, 2 * ref.p_norm, rtol=0, atol=1e-8)


def random_binary_graph(n: int, density: float, rng: np.random.Generator) -> sparse.csr_matrix:
    A = sparse.random(n, n, density=density, random_state=rng, format="csr")
    A = ((A + A.T) > 0).astype(float).tolil()
    A.setdiag(0)
    A = A.tocsr()
    A.eliminate_zeros()
    return A


@pytest.mark.parametrize("seed", range(4))
def test_g_star_matches_esda_on_random_graphs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(30, 300))
    W = random_binary_graph(n, float(rng.uniform(0.01, 0.08)), rng)
    y = rng.poisson(rng.uniform(0.5, 8), n).astype(float) if seed % 2 else rng.gamma(2.0, 3, n)
    ours = local_g_star(y, W)
    ref = esda_gstar(y, to_w(W))
    np.testing.assert_allclose(ours.z, ref.Zs, rtol=0, atol=1e-8)


def test_g_star_on_h3_grid_matches_esda() -> None:
    centre = h3.str_to_int(h3.latlng_to_cell(41.88, -87.63, 9))
    cells = np.array(sorted(h3.api.basic_int.grid_disk(centre, 12)), dtype=np.int64)
    W = kring_weights(cells, k=1)
    y = np.random.default_rng(3).poisson(2.0, cells.size).astype(float)
    np.testing.assert_allclose(local_g_star(y, W).z, esda_gstar(y, to_w(W)).Zs, atol=1e-8)


def test_diagonal_and_weight_values_are_ignored() -> None:
    rng = np.random.default_rng(7)
    W = random_binary_graph(60, 0.06, rng)
    y = rng.poisson(3, 60)
    base = local_g_star(y, W).z
    weighted = W.multiply(rng.uniform(0.5, 3.0, W.shape)).tocsr()
    with_diag = weighted + sparse.identity(60) * 4.0
    np.testing.assert_allclose(local_g_star(y, with_diag).z, base, atol=1e-12)
    np.testing.assert_allclose(local_g_star(y, W.toarray()).z, base, atol=1e-12)


def test_constant_values_give_nan() -> None:
    W = random_binary_graph(20, 0.2, np.random.default_rng(1))
    assert np.isnan(local_g_star(np.ones(20), W).z).all()


def test_permutation_p_values_reproducible_and_close_to_esda() -> None:
    y, w = read_dataset("columbus")
    a = local_g_star(y, w.sparse, permutations=999, seed=11)
    b = local_g_star(y, w.sparse, permutations=999, seed=11)
    np.testing.assert_array_equal(a.p_sim, b.p_sim)
    assert a.permutations == 999
    assert a.p_sim is not None
    assert (a.p_sim >= 1 / 1000).all() and (a.p_sim <= 0.5 + 1e-12).all()
    ref = esda_gstar(y, w, permutations=999, seed=11)
    # different random streams: agreement within Monte Carlo noise (sd <= 0.016 here)
    assert np.abs(a.p_sim - ref.p_sim).max() < 0.08
    # and with the normal approximation, roughly
    assert np.corrcoef(a.p_sim, stats.norm.sf(np.abs(a.z)))[0, 1] > 0.9


def test_kring_weights_structure() -> None:
    centre = h3.str_to_int(h3.latlng_to_cell(41.88, -87.63, 8))
    cells = np.array(h3.api.basic_int.grid_disk(centre, 3), dtype=np.int64)
    rng = np.random.default_rng(0)
    cells = cells[rng.permutation(cells.size)]
    W = kring_weights(cells, k=1)
    assert W.shape == (cells.size, cells.size)
    assert (W != W.T).nnz == 0
    assert W.diagonal().sum() == 0
    assert set(np.unique(W.data)) == {1.0}
    deg = np.asarray(W.sum(axis=1)).ravel()
    inner = np.isin(cells, h3.api.basic_int.grid_disk(centre, 2))
    assert (deg[inner] == 6).all()
    assert (deg[~inner] < 6).all()
    i = int(np.flatnonzero(cells == centre)[0])
    neighbours = set(cells[W[i].indices].tolist())
    assert neighbours == set(h3.api.basic_int.grid_ring(centre, 1))
    W2 = kring_weights(cells, k=2)
    assert np.asarray(W2.sum(axis=1)).ravel()[i] == 18
    as_str = kring_weights(cells_to_str(cells), k=1)
    assert (as_str != W).nnz == 0
    with pytest.raises(ValueError):
        kring_weights(np.r_[cells, cells[:1]])


def test_h3_cells_counts() -> None:
    rng = np.random.default_rng(5)
    lons = rng.uniform(-87.8, -87.6, 500)
    lats = rng.uniform(41.8, 41.9, 500)
    lons[3] = np.nan
    cells, counts = h3_cells(lons, lats, 8)
    assert counts.sum() == 499
    assert (np.diff(cells) > 0).all()
    expected: dict[int, int] = {}
    for lon, lat in zip(lons, lats, strict=True):
        if np.isfinite(lon):
            c = h3.str_to_int(h3.latlng_to_cell(lat, lon, 8))
            expected[c] = expected.get(c, 0) + 1
    assert dict(zip(cells.tolist(), counts.tolist(), strict=True)) == expected
    assert cells_to_str(cells[:1])[0] == h3.int_to_str(int(cells[0]))


def test_fdr_bh_known_values() -> None:
    p = np.array([0.01, 0.04, 0.03, 0.005, 0.5, np.nan])
    reject, q = fdr_bh(p, 0.05)
    np.testing.assert_allclose(q[:5], [0.025, 0.05, 0.05, 0.025, 0.5])
    assert np.isnan(q[5]) and not reject[5]
    assert reject.tolist() == [True, True, True, True, False, False]
    reject2, _ = fdr_bh(p, 0.03)
    assert reject2.tolist() == [True, False, False, True, False, False]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=60),
    st.floats(0.001, 0.5),
)
def test_fdr_bh_matches_scipy_and_step_up(p: list[float], alpha: float) -> None:
    pv = np.asarray(p)
    reject, q = fdr_bh(pv, alpha)
    np.testing.assert_allclose(q, stats.false_discovery_control(pv, method="bh"), atol=1e-12)
    # step-up definition: reject p_(i) for i <= max{i : p_(i) <= i alpha / m}
    m = pv.size
    srt = np.sort(pv)
    ok = np.flatnonzero(srt <= np.arange(1, m + 1) * alpha / m)
    n_rej = ok[-1] + 1 if ok.size else 0
    assert reject.sum() == n_rej
    if n_rej:
        assert pv[reject].max() <= srt[n_rej - 1]


def test_pipeline_finds_planted_cluster() -> None:
    rng = np.random.default_rng(2024)
    n_bg = 40_000
    lons = rng.uniform(-87.80, -87.60, n_bg)
    lats = rng.uniform(41.80, 41.95, n_bg)
    hot_lon, hot_lat = -87.70, 41.875
    lons = np.r_[lons, hot_lon + rng.normal(0, 0.002, 1500)]
    lats = np.r_[lats, hot_lat + rng.normal(0, 0.0015, 1500)]
    res = hotspot_pipeline(lons, lats, resolution=9, alpha=0.05, k=1)
    n = res.cells.size
    for arr in (res.counts, res.z, res.p, res.q, res.label):
        assert arr.shape == (n,)
    assert res.counts.sum() == lons.size
    assert (np.diff(res.cells) > 0).all()
    hot_cell = h3.str_to_int(h3.latlng_to_cell(hot_lat, hot_lon, 9))
    assert res.label[np.searchsorted(res.cells, hot_cell)] == "hot"
    hot = res.cells[res.label == "hot"]
    # every hot cell is near the planted cluster
    dist = [h3.api.basic_int.grid_distance(hot_cell, int(c)) for c in hot]
    assert max(dist) <= 3
    assert set(np.unique(res.label)) <= {"hot", "cold", "none"}
    assert (res.q >= res.p - 1e-15).all()
    rec = res.to_records()[0]
    assert set(rec) == {"cell", "count", "z", "p", "q", "label"}


def test_pipeline_with_study_cells_has_no_false_hotspots_on_uniform_points() -> None:
    rng = np.random.default_rng(99)
    lons = rng.uniform(-87.80, -87.60, 60_000)
    lats = rng.uniform(41.80, 41.95, 60_000)
    poly = h3.LatLngPoly([(41.81, -87.79), (41.81, -87.61), (41.94, -87.61), (41.94, -87.79)])
    study = h3.h3shape_to_cells(poly, 8)
    res = hotspot_pipeline(lons, lats, resolution=8, study_cells=study)
    assert res.cells.size == len(study)
    assert (res.label == "none").mean() > 0.97
    default = hotspot_pipeline(lons, lats, resolution=8)
    assert default.cells.size > res.cells.size  # incident cells plus their neighbours
    assert (default.counts == 0).any()


def test_pipeline_empty_input() -> None:
    res = hotspot_pipeline([], [], resolution=8)
    assert res.cells.size == 0 and res.label.size == 0
