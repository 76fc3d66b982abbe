# ruff: noqa: S101
"""Knox test: reproduces the Near Repeat Calculator and a brute-force count."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beatbridge.insights.nearrepeat import band_labels, calculator_bands, knox


def shared_data_dir() -> Path:
    """``shared/data`` next to the checkout (CI) or at /work/shared/data (developers)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return Path("/work/shared/data")


NR_DIR = shared_data_dir() / "nearrepeat"


def brute_force(x, y, t, sb, tb, metric: str) -> np.ndarray:
    """O(n^2) reference count with the same distance formulas and [a, b) bands."""
    x, y, t = (np.asarray(v, dtype=float) for v in (x, y, t))
    i, j = np.triu_indices(x.size, 1)
    dx, dy = x[i] - x[j], y[i] - y[j]
    d = np.abs(dx) + np.abs(dy) if metric == "manhattan" else np.sqrt(dx * dx + dy * dy)
    dtime = np.abs(t[i] - t[j])
    out = np.zeros((len(sb) - 1, len(tb) - 1), dtype=np.int64)
    for a in range(len(sb) - 1):
        in_s = (d >= sb[a]) & (d < sb[a + 1])
        for b in range(len(tb) - 1):
            out[a, b] = np.count_nonzero(in_s & (dtime >= tb[b]) & (dtime < tb[b + 1]))
    return out


# --------------------------------------------------------------------------------------
# Near Repeat Calculator 1.3 output (wsteenbeek/NearRepeat inst/extdata)
# --------------------------------------------------------------------------------------


def load_month1() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ts = [], [], []
    epoch = dt.date(1970, 1, 1)
    with open(NR_DIR / "chicago_be_month1.csv", newline="") as fh:
        for row in csv.reader(fh):
            xs.append(float(row[0]))
            ys.append(float(row[1]))
            ts.append((dt.date.fromisoformat(row[2]) - epoch).days)
    return np.array(xs), np.array(ys), np.array(ts)


def parse_verbose(path: Path) -> dict[tuple[int, int], dict]:
    """Cells of the Calculator's verbose CSV: observed, simulated counts, mean, p."""
    cells: dict[tuple[int, int], dict] = {}
    current = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        m = re.fullmatch(r"Row (\d+) Column (\d+)", line)
        if m:
            current = cells.setdefault((int(m[1]) - 1, int(m[2]) - 1), {})
            continue
        if current is None or "," not in line:
            continue
        key, _, rest = line.partition(",")
        values = [v for v in rest.split(",") if v.strip()]
        if key == "Expected":
            current["expected"] = np.array([float(v) for v in values])
        elif key in ("Observed", "Mean", "P value"):
            current[key.lower()] = float(values[0])
    return cells


def parse_summary_settings(path: Path) -> dict[str, float]:
    text = re.sub(r"<[^>]+>", " ", path.read_text(errors="replace"))
    text = re.sub(r"\s+", " ", text)
    out = {}
    for name in (
        "Iterations requested",
        "Spatial bandwidth",
        "Number of spatial bands",
        "Temporal bandwidth",
        "Number of temporal bands",
    ):
        m = re.search(re.escape(name) + r":\s*([\d.]+)", text)
        assert m, name
        out[name] = float(m[1])
    return out


needs_nr = pytest.mark.skipif(not NR_DIR.is_dir(), reason="shared/data/nearrepeat not found")


@needs_nr
def test_reproduces_near_repeat_calculator() -> None:
    verbose = next(NR_DIR.glob("chicago_be_month1_NRverbose_*.csv"))
    summary = next(NR_DIR.glob("chicago_be_month1_NRsummary_*.htm"))
    cfg = parse_summary_settings(summary)
    # What the Calculator was run with (and what the table below assumes).
    assert cfg == {
        "Iterations requested": 19,
        "Spatial bandwidth": 100,
        "Number of spatial bands": 3,
        "Temporal bandwidth": 7,
        "Number of temporal bands": 3,
    }
    calc = parse_verbose(verbose)
    n_rows = 1 + int(cfg["Number of spatial bands"]) + 1  # same location, bands, more than
    n_cols = int(cfg["Number of temporal bands"]) + 1  # bands, more than
    assert set(calc) == {(r, c) for r in range(n_rows) for c in range(n_cols)}

    x, y, t = load_month1()
    assert x.size == 970
    sb, tb = calculator_bands(
        cfg["Spatial bandwidth"],
        int(cfg["Number of spatial bands"]),
        cfg["Temporal bandwidth"],
        int(cfg["Number of temporal bands"]),
    )
    np.testing.assert_array_equal(sb, [0, 1e-6, 100, 200, 300, np.inf])
    np.testing.assert_array_equal(tb, [0, 7, 14, 21, np.inf])
    res = knox(
        x, y, t, sb, tb, permutations=999, seed=20190923, metric="manhattan",
        keep_simulations=True,
    )  # fmt: skip
    assert res.observed.shape == (n_rows, n_cols)

    calc_obs = np.array([[calc[r, c]["observed"] for c in range(n_cols)] for r in range(n_rows)])
    np.testing.assert_array_equal(res.observed, calc_obs.astype(np.int64))
    assert res.observed.sum() == 970 * 969 // 2

    # Expected (mean of permutations): the Calculator used only 19 iterations, so compare
    # within Monte Carlo noise, using the spread of our 999 simulated tables.
    assert res.simulated is not None
    sd = res.simulated.std(axis=0, ddof=1)
    calc_mean = np.array([[calc[r, c]["mean"] for c in range(n_cols)] for r in range(n_rows)])
    se = np.sqrt(sd**2 * (1 / 19 + 1 / 999)) + 0.05
    assert (np.abs(res.expected_mean - calc_mean) <= 4 * se).all()
    calc_ratio = calc_obs / calc_mean
    se_ratio = res.observed * se / res.expected_mean**2
    assert (np.abs(res.knox_ratio - calc_ratio) <= 4 * se_ratio + 1e-9).all()

    # Significance classes agree for the finite spatial bands: the Calculator's best
    # possible p (1/20) <-> ours well below 0.05; its p >= 0.45 <-> ours not significant.
    calc_p = np.array([[calc[r, c]["p value"] for c in range(n_cols)] for r in range(n_rows)])
    finite = slice(0, n_rows - 1)
    assert (res.p_values[finite][calc_p[finite] <= 0.05] < 0.05).all()
    assert (res.p_values[finite][calc_p[finite] >= 0.45] > 0.1).all()
    # near repeats: same location and 1-100 m within 7 days
    assert res.knox_ratio[0, 0] > 1.4 and res.knox_ratio[1, 0] > 1.4


# --------------------------------------------------------------------------------------
# Brute force on small random data
# --------------------------------------------------------------------------------------


def breaks_strategy(max_value: int, allow_inf: st.SearchStrategy[bool]):
    return st.tuples(
        st.lists(st.integers(0, max_value), min_size=2, max_size=5, unique=True),
        allow_inf,
    ).map(lambda v: sorted(v[0]) + ([np.inf] if v[1] else []))


@settings(max_examples=120, deadline=None)
@given(
    n=st.integers(0, 40),
    seed=st.integers(0, 2**32 - 1),
    sb=breaks_strategy(12, st.booleans()),
    tb=breaks_strategy(10, st.booleans()),
    metric=st.sampled_from(["euclidean", "manhattan"]),
)
def test_observed_matches_brute_force(n, seed, sb, tb, metric) -> None:
    rng = np.random.default_rng(seed)
    # small integer grids: many ties exactly on the breakpoints
    x = rng.integers(0, 8, n).astype(float)
    y = rng.integers(0, 8, n).astype(float)
    t = rng.integers(0, 12, n).astype(float)
    res = knox(x, y, t, sb, tb, permutations=0, metric=metric)
    np.testing.assert_array_equal(res.observed, brute_force(x, y, t, sb, tb, metric))
    assert np.isnan(res.expected_mean).all() and res.permutations == 0


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    sb=breaks_strategy(60, st.booleans()),
    tb=breaks_strategy(30, st.booleans()),
)
def test_fractional_times_and_coordinates(seed, sb, tb) -> None:
    rng = np.random.default_rng(seed)
    n = 60
    x, y = rng.uniform(0, 100, n), rng.uniform(0, 100, n)
    t = rng.uniform(0, 40, n)
    for metric in ("euclidean", "manhattan"):
        res = knox(x, y, t, sb, tb, permutations=0, metric=metric)
        np.testing.assert_array_equal(res.observed, brute_force(x, y, t, sb, tb, metric))


def test_permutation_invariants_and_determinism() -> None:
    rng = np.random.default_rng(1)
    n = 300
    x, y = rng.uniform(0, 2000, n), rng.uniform(0, 2000, n)
    t = rng.integers(0, 120, n)
    sb, tb = [0, 100, 250, 500, np.inf], [0, 7, 14, 30, np.inf]
    a = knox(x, y, t, sb, tb, permutations=49, seed=5, workers=1, keep_simulations=True)
    b = knox(x, y, t, sb, tb, permutations=49, seed=5, workers=2, keep_simulations=True)
    assert a.simulated is not None and b.simulated is not None
    np.testing.assert_array_equal(a.simulated, b.simulated)
    np.testing.assert_array_equal(a.p_values, b.p_values)
    sims = a.simulated
    assert sims.shape == (49, 4, 4)
    total = n * (n - 1) // 2
    assert (sims.sum(axis=(1, 2)) == total).all()
    # a pair's distance never changes; the multiset of time gaps never changes either
    assert (sims.sum(axis=2) == a.observed.sum(axis=1)).all()
    assert (sims.sum(axis=1) == a.observed.sum(axis=0)).all()
    np.testing.assert_allclose(a.expected_mean, sims.mean(axis=0))
    np.testing.assert_allclose(a.expected_median, np.median(sims, axis=0))
    np.testing.assert_allclose(a.knox_ratio, a.observed / a.expected_mean)
    expected_p = (1 + (sims >= a.observed).sum(axis=0)) / 50
    np.testing.assert_allclose(a.p_values, expected_p)
    assert ((a.p_values >= 1 / 50) & (a.p_values <= 1)).all()
    c = knox(x, y, t, sb, tb, permutations=49, seed=6)
    assert not np.array_equal(c.expected_mean, a.expected_mean)


def test_constant_times_give_observed_table_in_every_permutation() -> None:
    rng = np.random.default_rng(2)
    n = 80
    x, y = rng.uniform(0, 500, n), rng.uniform(0, 500, n)
    t = np.zeros(n)  # all at the same time: every permutation gives the observed table
    sb, tb = [0, 50, 100, 200], [0, 1, 5]
    res = knox(x, y, t, sb, tb, permutations=20, seed=1, keep_simulations=True)
    assert res.simulated is not None
    assert (res.simulated == res.observed).all()
    assert (res.p_values == 1.0).all()
    np.testing.assert_allclose(res.knox_ratio[:, 0], 1.0)
    assert np.isnan(res.knox_ratio[:, 1]).all()  # 0 / 0
    np.testing.assert_array_equal(res.observed, brute_force(x, y, t, sb, tb, "euclidean"))


def test_detects_planted_near_repeats() -> None:
    rng = np.random.default_rng(3)
    n = 400
    x, y = rng.uniform(0, 5000, n), rng.uniform(0, 5000, n)
    t = rng.integers(0, 365, n).astype(float)
    # 60 follow-up events within 50 m and 3 days of an earlier one
    src = rng.integers(0, n, 60)
    x = np.r_[x, x[src] + rng.uniform(-30, 30, 60)]
    y = np.r_[y, y[src] + rng.uniform(-30, 30, 60)]
    t = np.r_[t, t[src] + rng.integers(0, 3, 60)]
    res = knox(x, y, t, [0, 100, 200, np.inf], [0, 7, 14, np.inf], permutations=199, seed=0)
    assert res.knox_ratio[0, 0] > 3
    assert res.p_values[0, 0] == 1 / 200
    assert abs(res.knox_ratio[-1, -1] - 1) < 0.01  # the bulk of the pairs
    assert res.p_values[0, -1] > 0.5  # close in space, far apart in time: no excess


def test_labels_and_validation() -> None:
    assert band_labels([0, 1e-6, 100, np.inf], "m") == [
        "same location",
        "over 0 to <100 m",
        "100 m or more",
    ]
    assert band_labels([0, 7, 14], "days") == ["0 to <7 days", "7 to <14 days"]
    x = np.arange(5.0)
    for bad in ([0], [0, 0], [5, 1], [-1, 3], [0, np.inf, 5], [0, np.nan]):
        with pytest.raises(ValueError):
            knox(x, x, x, bad, [0, 1], permutations=0)
    with pytest.raises(ValueError):
        knox(x, x, x, [0, 1], [0, 1], metric="chebyshev")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        knox(x, x[:3], x, [0, 1], [0, 1])
    with pytest.raises(ValueError):
        knox(x, x, x * np.nan, [0, 1], [0, 1])


def test_no_close_pairs_and_single_event() -> None:
    res = knox([0.0], [0.0], [0.0], [0, 10, np.inf], [0, 5, np.inf], permutations=9, seed=1)
    assert (res.observed == 0).all()
    far = knox([0, 1000.0], [0, 0.0], [0, 1.0], [0, 10], [0, 5], permutations=9, seed=1)
    assert far.observed.tolist() == [[0]]
    only_inf = knox([0, 1000.0], [0, 0.0], [0, 1.0], [0, np.inf], [0, np.inf], permutations=0)
    assert only_inf.observed.tolist() == [[1]]
