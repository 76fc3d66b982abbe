# ruff: noqa: S101
"""Seasonal trend tests, FDR across areas, and Poisson change points."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from beatbridge.insights.trends import (
    binary_segmentation,
    detect_changes,
    estimate_dispersion,
    poisson_changepoint,
    seasonal_change,
)

N_MONTHS = 48
MONTHS = np.arange(N_MONTHS) % 12 + 1  # Jan 2021 .. Dec 2024
SEASON = 1 + 0.4 * np.sin(2 * np.pi * (MONTHS - 4) / 12)  # summer peak


def flat_areas(rng: np.random.Generator, n_areas: int, seasonal: bool = True) -> np.ndarray:
    level = rng.uniform(2, 30, n_areas)[:, None]
    lam = level * (SEASON[None, :] if seasonal else np.ones(N_MONTHS)[None, :])
    return rng.poisson(lam)


def test_baseline_uses_same_calendar_months() -> None:
    counts = np.ones((2, N_MONTHS))
    res = seasonal_change(counts, MONTHS, recent=3, years=3)
    assert res.recent_columns.tolist() == [45, 46, 47]
    assert res.baseline_columns.tolist() == [9, 10, 11, 21, 22, 23, 33, 34, 35]
    assert MONTHS[res.baseline_columns].tolist() == [10, 11, 12] * 3
    res2 = seasonal_change(counts, MONTHS - 1, recent=2, years=1)  # 0-11 works too
    assert res2.baseline_columns.tolist() == [34, 35]
    np.testing.assert_allclose(res.ratio, 1.0)
    np.testing.assert_allclose(res.p, 1.0)
    with pytest.raises(ValueError):
        seasonal_change(counts[:, :5], MONTHS[:5], recent=3)  # no earlier same months


def test_poisson_p_value_is_exact_conditional_binomial() -> None:
    counts = np.zeros((1, N_MONTHS))
    counts[0, [9, 10, 11, 21, 22, 23, 33, 34, 35]] = 10  # baseline 90 over 9 months
    counts[0, 45:] = [20, 18, 22]  # 60 over 3 months
    res = seasonal_change(counts, MONTHS)
    p_ref = stats.binomtest(60, 150, 3 / 12).pvalue
    # binomtest's two-sided p sums equally unlikely outcomes; ours doubles the tail
    tail = 2 * stats.binom.sf(59, 150, 0.25)
    assert res.p[0] == pytest.approx(min(1.0, tail))
    assert res.p[0] < 1e-3 and p_ref < 1e-3
    assert res.ratio[0] == pytest.approx(2.0)
    assert res.direction.tolist() == ["up"]


def test_detects_rises_and_falls_among_flat_areas() -> None:
    rng = np.random.default_rng(1)
    counts = flat_areas(rng, 60).astype(float)
    counts[:3, 45:] *= 3  # three areas triple in the last three months
    counts[3, 45:] = np.round(counts[3, 45:] * 0.1)  # one area nearly stops
    level = counts[3, :45].mean()
    assert level > 5
    for method in ("poisson", "negbin"):
        res = detect_changes(counts, MONTHS, alpha=0.05, method=method)
        assert res.significant[:3].all(), method
        assert res.direction[:3].tolist() == ["up"] * 3
        if counts[3, :45].sum() > 0:
            assert res.significant[3] and res.direction[3] == "down"
        assert res.significant[4:].sum() <= 1
        assert (res.direction[~res.significant] == "none").all()
        assert (res.q >= res.p - 1e-15).all()


@pytest.mark.parametrize("method", ["poisson", "negbin"])
def test_false_alarms_on_flat_poisson_series_within_fdr(method: str) -> None:
    """Under no change anywhere, BH keeps P(any area flagged) <= alpha."""
    alpha, n_seeds = 0.05, 150
    flagged_any, flagged_frac = [], []
    for seed in range(n_seeds):
        rng = np.random.default_rng(seed)
        counts = flat_areas(rng, 40)
        res = detect_changes(counts, MONTHS, alpha=alpha, method=method)
        flagged_any.append(res.significant.any())
        flagged_frac.append(res.significant.mean())
    rate = float(np.mean(flagged_any))
    # binomial noise over 150 seeds: sd about 0.018
    assert rate <= alpha + 0.03, rate
    assert float(np.mean(flagged_frac)) <= alpha


def test_negbin_controls_false_alarms_under_overdispersion() -> None:
    alpha, n_seeds = 0.05, 150
    any_pois, any_nb = [], []
    for seed in range(n_seeds):
        rng = np.random.default_rng(1000 + seed)
        mu = rng.uniform(2, 30, 40)[:, None] * SEASON[None, :]
        size = 3.0  # alpha = 1/3: variance well above the mean
        counts = rng.negative_binomial(size, size / (size + mu))
        any_pois.append(detect_changes(counts, MONTHS, method="poisson").significant.any())
        any_nb.append(detect_changes(counts, MONTHS, method="negbin").significant.any())
    assert np.mean(any_nb) <= alpha + 0.03
    assert np.mean(any_pois) > 0.5  # why the negative-binomial option exists


def test_estimate_dispersion() -> None:
    rng = np.random.default_rng(4)
    mu = rng.uniform(5, 40, 200)[:, None] * np.ones(60)
    nb = rng.negative_binomial(2.0, 2.0 / (2.0 + mu))
    assert estimate_dispersion(nb) == pytest.approx(0.5, rel=0.15)
    assert estimate_dispersion(rng.poisson(mu)) < 0.02
    assert estimate_dispersion(np.zeros((3, 10))) == 0.0
    seasonal = rng.poisson(mu[:, :48] * SEASON[None, :])
    assert estimate_dispersion(seasonal) > 0.04  # seasonality looks like overdispersion...
    assert estimate_dispersion(seasonal, MONTHS) < 0.02  # ...unless it is modelled


@pytest.mark.parametrize("seed", range(10))
def test_changepoint_located_within_one_month(seed: int) -> None:
    rng = np.random.default_rng(seed)
    brk = int(rng.integers(12, 36))
    series = np.r_[rng.poisson(6, brk), rng.poisson(15, N_MONTHS - brk)]
    cp = poisson_changepoint(series)
    assert abs(cp.index - brk) <= 1
    assert cp.rate_after > cp.rate_before
    assert cp.statistic > 3 * np.log(N_MONTHS)


def test_changepoint_with_seasonal_exposure_and_detect_changes() -> None:
    rng = np.random.default_rng(11)
    counts = flat_areas(rng, 30)
    counts[0, :40] = rng.poisson(8 * SEASON[:40])
    counts[0, 40:] = rng.poisson(24 * SEASON[40:])
    res = detect_changes(counts, MONTHS)
    assert abs(int(res.change_point[0]) - 40) <= 1
    assert res.significant[0] and res.direction[0] == "up"
    # flat areas rarely show a level shift above the penalty
    assert (res.change_point[1:] >= 0).mean() <= 0.15


def test_changepoint_edge_cases() -> None:
    assert poisson_changepoint([3, 4]).index == -1
    flat = poisson_changepoint(np.full(24, 5))
    assert flat.statistic == pytest.approx(0.0, abs=1e-9)
    zeros = poisson_changepoint(np.r_[np.zeros(10), np.full(10, 4)])
    assert zeros.index == 10 and zeros.rate_before == 0
    with pytest.raises(ValueError):
        poisson_changepoint([1, 2, 3], exposure=[1, 0, 1])


def test_binary_segmentation_finds_two_shifts() -> None:
    rng = np.random.default_rng(5)
    series = np.r_[rng.poisson(5, 20), rng.poisson(18, 15), rng.poisson(5, 13)]
    cuts = binary_segmentation(series)
    assert len(cuts) == 2
    assert abs(cuts[0] - 20) <= 1 and abs(cuts[1] - 35) <= 1
    assert binary_segmentation(series, max_changes=1) in ([cuts[0]], [cuts[1]])
    assert binary_segmentation(rng.poisson(10, 48)) == []


def test_input_validation() -> None:
    with pytest.raises(ValueError):
        seasonal_change(np.full((2, N_MONTHS), -1.0), MONTHS)
    with pytest.raises(ValueError):
        seasonal_change(np.full((2, N_MONTHS), 1.5), MONTHS)
    with pytest.raises(ValueError):
        seasonal_change(np.ones((2, N_MONTHS)), MONTHS[:-1])
    with pytest.raises(ValueError):
        seasonal_change(np.ones((2, N_MONTHS)), MONTHS, method="gaussian")  # type: ignore[arg-type]
