"""Trend changes per area: seasonal comparisons, FDR control, and Poisson change points.

Input everywhere is a 2-D array of monthly counts, one row per area and one column per
month (oldest first, no gaps), plus each column's calendar month (1-12 or 0-11; only
equality matters).

- :func:`seasonal_change` compares the most recent months with the *same calendar months*
  of the previous years, so that a summer rise is not mistaken for a trend. The test is
  an exact conditional Poisson test (``method="poisson"``) or a negative-binomial test
  that allows for extra month-to-month variation (``method="negbin"``).
- :func:`detect_changes` applies it to every area, controls the false discovery rate
  across areas with Benjamini-Hochberg, and locates the most likely level shift in each
  area's series with :func:`poisson_changepoint` (seasonality removed).
- :func:`poisson_changepoint` and :func:`binary_segmentation` find level shifts in a
  single count series by maximum likelihood.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats

from .fdr import fdr_bh

__all__ = [
    "ChangeDetection",
    "ChangePoint",
    "SeasonalChange",
    "binary_segmentation",
    "detect_changes",
    "estimate_dispersion",
    "poisson_changepoint",
    "seasonal_change",
]

Method = Literal["poisson", "negbin"]


@dataclass(frozen=True)
class SeasonalChange:
    """Result of :func:`seasonal_change`; arrays have one entry per area.

    Attributes:
        ratio: recent monthly mean / baseline monthly mean (inf when the baseline is 0 and
            the recent months are not; NaN when both are 0).
        p: two-sided p-value for "the recent rate equals the baseline rate".
        direction: ``"up"``, ``"down"`` or ``"flat"`` (ratio above, below or equal to 1 or
            undefined); says nothing about significance.
        recent_mean: mean count per recent month.
        baseline_mean: mean count per baseline month.
        recent_columns: the columns used as "recent".
        baseline_columns: the columns used as the seasonal baseline.
        method: ``"poisson"`` or ``"negbin"``.
        dispersion: negative-binomial dispersion ``alpha`` (``var = mu + alpha mu^2`` per
            month) used by ``"negbin"``; 0 for ``"poisson"``.
    """

    ratio: np.ndarray
    p: np.ndarray
    direction: np.ndarray
    recent_mean: np.ndarray
    baseline_mean: np.ndarray
    recent_columns: np.ndarray
    baseline_columns: np.ndarray
    method: str
    dispersion: float


@dataclass(frozen=True)
class ChangePoint:
    """Most likely single level shift in a count series (:func:`poisson_changepoint`).

    Attributes:
        index: first month of the new level (``-1`` if the series is too short).
        statistic: likelihood-ratio statistic ``2 (logL_split - logL_flat)``.
        rate_before, rate_after: the fitted monthly levels (relative to ``exposure``).
    """

    index: int
    statistic: float
    rate_before: float
    rate_after: float


@dataclass(frozen=True)
class ChangeDetection:
    """Result of :func:`detect_changes`; arrays have one entry per area.

    Attributes:
        significant: the seasonal change is a discovery at false discovery rate ``alpha``.
        direction: ``"up"`` / ``"down"`` for significant areas, ``"none"`` otherwise.
        ratio, p: from :func:`seasonal_change`.
        q: Benjamini-Hochberg adjusted p-values.
        change_point: index of the first month of a new level, or ``-1`` when no level
            shift beats the penalty.
        change_statistic: the likelihood-ratio statistic of that shift.
        alpha: the false discovery rate used.
    """

    significant: np.ndarray
    direction: np.ndarray
    ratio: np.ndarray
    p: np.ndarray
    q: np.ndarray
    change_point: np.ndarray
    change_statistic: np.ndarray
    alpha: float


# --------------------------------------------------------------------------------------
# Seasonal comparison
# --------------------------------------------------------------------------------------


def _as_counts(counts: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
    c = np.asarray(counts, dtype=np.float64)
    if c.ndim == 1:
        c = c[None, :]
    if c.ndim != 2:
        raise ValueError("counts must be a 2-D array (areas x months)")
    if np.isnan(c).any() or (c < 0).any() or (c != np.floor(c)).any():
        raise ValueError("counts must be non-negative whole numbers without NaN")
    return c


def _windows(months: np.ndarray, n_months: int, recent: int, years: int) -> tuple[np.ndarray, ...]:
    if months.size != n_months:
        raise ValueError("months must have one entry per column of counts")
    if not 0 < recent < n_months:
        raise ValueError("recent must be between 1 and the number of months - 1")
    recent_cols = np.arange(n_months - recent, n_months)
    start = max(0, n_months - recent - 12 * years)
    earlier = np.arange(start, n_months - recent)
    baseline_cols = earlier[np.isin(months[earlier], months[recent_cols])]
    if baseline_cols.size == 0:
        raise ValueError("no earlier months with the same calendar months as the recent ones")
    return recent_cols, baseline_cols


def _two_sided(cdf: np.ndarray, sf_minus: np.ndarray) -> np.ndarray:
    """Doubled smaller tail: ``min(1, 2 min(P(X <= o), P(X >= o)))``."""
    return np.minimum(1.0, 2.0 * np.minimum(cdf, sf_minus))


def estimate_dispersion(
    history: Sequence[Sequence[float]] | np.ndarray,
    months: Sequence[int] | np.ndarray | None = None,
) -> float:
    """Pooled negative-binomial dispersion ``alpha`` from past monthly counts.

    Each area (row) gets its own level; with ``months`` (calendar month of each column) the
    expected count also follows the seasonal profile pooled over all areas, so that
    ordinary seasonal swings are not mistaken for overdispersion. Moment estimator:
    ``alpha = (sum (x - mu)^2 * T / (T - 1) - sum mu) / sum mu^2``, at least 0.
    """
    h = np.asarray(history, dtype=np.float64)
    if h.ndim != 2 or h.shape[1] < 2:
        return 0.0
    n_cols = h.shape[1]
    if months is None:
        factors = np.ones(n_cols)
    else:
        factors = _seasonal_factors(h, np.asarray(months).ravel())
    level = h.sum(axis=1) / factors.sum()
    mu = level[:, None] * factors[None, :]
    denom = float((mu * mu).sum())
    if denom <= 0:
        return 0.0
    resid = float(((h - mu) ** 2).sum()) * n_cols / (n_cols - 1)
    return max(0.0, (resid - float(mu.sum())) / denom)


def seasonal_change(
    counts: Sequence[Sequence[float]] | np.ndarray,
    months: Sequence[int] | np.ndarray,
    recent: int = 3,
    years: int = 3,
    method: Method = "poisson",
    dispersion: float | None = None,
) -> SeasonalChange:
    """Compare the last ``recent`` months with the same months of the previous years.

    The baseline is every earlier month, within ``years`` years before the recent window,
    whose calendar month is one of the recent calendar months (with a complete monthly
    series: the same three months one, two and three years ago).

    ``method="poisson"``: with ``O`` events in ``m_r`` recent months and ``B`` events in
    ``m_b`` baseline months, under "no change" ``O`` given ``O + B`` is
    Binomial(``O + B``, ``m_r / (m_r + m_b)``): an exact test that also accounts for the
    uncertainty of the baseline.

    ``method="negbin"``: counts vary more than Poisson from month to month in practice
    (overdispersion), which makes the Poisson test raise too many alarms. Here each month
    is negative binomial with the same mean within the window and variance
    ``mu + alpha mu^2``; then, given ``O + B``, ``O`` is beta-binomial with parameters
    ``m_r / alpha`` and ``m_b / alpha`` (the exact conditional test, which becomes the
    Poisson one as ``alpha -> 0``). ``alpha`` is ``dispersion`` or, by default,
    :func:`estimate_dispersion` of all months before the recent window (with the pooled
    seasonal profile removed).

    p-values are two-sided: twice the smaller tail probability, at most 1.

    Args:
        counts: areas x months counts (a 1-D array is one area).
        months: calendar month of each column.
        recent: number of most recent months to test.
        years: how many years back to look for baseline months.
        method: ``"poisson"`` or ``"negbin"``.
        dispersion: fixed ``alpha`` for ``"negbin"`` (estimated when ``None``).

    Returns:
        A :class:`SeasonalChange`.
    """
    c = _as_counts(counts)
    mo = np.asarray(months).ravel()
    recent_cols, baseline_cols = _windows(mo, c.shape[1], recent, years)
    m_r = float(recent_cols.size)
    m_b = float(baseline_cols.size)
    obs = c[:, recent_cols].sum(axis=1)
    base = c[:, baseline_cols].sum(axis=1)
    recent_mean = obs / m_r
    baseline_mean = base / m_b
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = recent_mean / baseline_mean

    if method == "poisson":
        alpha = 0.0
        total = obs + base
        share = m_r / (m_r + m_b)
        p = _two_sided(stats.binom.cdf(obs, total, share), stats.binom.sf(obs - 1, total, share))
        p = np.where(total == 0, 1.0, p)
    elif method == "negbin":
        if dispersion is None:
            first = int(recent_cols[0])
            alpha = estimate_dispersion(c[:, :first], mo[:first])
        else:
            alpha = float(dispersion)
        total = obs + base
        if alpha < 1e-8:
            share = m_r / (m_r + m_b)
            cdf = stats.binom.cdf(obs, total, share)
            sf = stats.binom.sf(obs - 1, total, share)
        else:
            a, b = m_r / alpha, m_b / alpha
            cdf = stats.betabinom.cdf(obs, total, a, b)
            sf = stats.betabinom.sf(obs - 1, total, a, b)
        p = np.where(total == 0, 1.0, _two_sided(cdf, sf))
    else:
        raise ValueError("method must be 'poisson' or 'negbin'")

    direction = np.full(c.shape[0], "flat", dtype="<U4")
    with np.errstate(invalid="ignore"):
        direction[ratio > 1] = "up"
        direction[ratio < 1] = "down"
    return SeasonalChange(
        ratio=ratio,
        p=np.asarray(p, dtype=np.float64),
        direction=direction,
        recent_mean=recent_mean,
        baseline_mean=baseline_mean,
        recent_columns=recent_cols,
        baseline_columns=baseline_cols,
        method=method,
        dispersion=alpha,
    )


# --------------------------------------------------------------------------------------
# Change points
# --------------------------------------------------------------------------------------


def _xlogx_over(x: np.ndarray, e: np.ndarray) -> np.ndarray:
    """``x log(x / e) - x`` with ``0 log 0 = 0`` (Poisson log-likelihood at the MLE)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(x > 0, x * np.log(x / e), 0.0) - x
    return out


def _scan(x: np.ndarray, e: np.ndarray, min_size: int) -> tuple[int, float]:
    n = x.size
    if n < 2 * min_size:
        return -1, 0.0
    cx = np.concatenate([[0.0], np.cumsum(x)])
    ce = np.concatenate([[0.0], np.cumsum(e)])
    taus = np.arange(min_size, n - min_size + 1)
    left = _xlogx_over(cx[taus], ce[taus])
    right = _xlogx_over(cx[-1] - cx[taus], ce[-1] - ce[taus])
    full = _xlogx_over(np.asarray(cx[-1]), np.asarray(ce[-1]))
    lr = 2.0 * (left + right - full)
    k = int(np.argmax(lr))
    return int(taus[k]), float(max(lr[k], 0.0))


def _prepare_series(
    series: Sequence[float] | np.ndarray, exposure: Sequence[float] | np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(series, dtype=np.float64).ravel()
    e = np.ones_like(x) if exposure is None else np.asarray(exposure, dtype=np.float64).ravel()
    if e.shape != x.shape:
        raise ValueError("exposure must have the same length as series")
    if (e <= 0).any() or (x < 0).any():
        raise ValueError("series must be >= 0 and exposure > 0")
    return x, e


def poisson_changepoint(
    series: Sequence[float] | np.ndarray,
    exposure: Sequence[float] | np.ndarray | None = None,
    min_size: int = 2,
) -> ChangePoint:
    """Most likely single level shift in a Poisson count series.

    For every split ``tau`` (each side at least ``min_size`` months) the series is modelled
    as Poisson with level ``r1 * exposure`` before and ``r2 * exposure`` from ``tau`` on;
    the split with the largest likelihood-ratio statistic against a constant level wins.
    ``exposure`` (e.g. seasonal factors or population) defaults to 1 per month.

    The statistic is *not* chi-squared distributed (it is a maximum over splits); compare it
    with a penalty such as ``3 log(n)`` (as :func:`detect_changes` does) or calibrate it by
    simulation.
    """
    x, e = _prepare_series(series, exposure)
    tau, lr = _scan(x, e, min_size)
    if tau < 0:
        rate = float(x.sum() / e.sum()) if x.size else float("nan")
        return ChangePoint(index=-1, statistic=0.0, rate_before=rate, rate_after=rate)
    before = float(x[:tau].sum() / e[:tau].sum())
    after = float(x[tau:].sum() / e[tau:].sum())
    return ChangePoint(index=tau, statistic=lr, rate_before=before, rate_after=after)


def binary_segmentation(
    series: Sequence[float] | np.ndarray,
    exposure: Sequence[float] | np.ndarray | None = None,
    penalty: float | None = None,
    min_size: int = 2,
    max_changes: int | None = None,
) -> list[int]:
    """Several level shifts by binary segmentation with a Poisson likelihood ratio.

    Split the series at its best change point if the statistic exceeds ``penalty``
    (default ``3 log(n)``), then repeat on each part; stop when no part has a split above
    the penalty or ``max_changes`` is reached (strongest splits first).

    Returns:
        Sorted indices of the first month of each new level.
    """
    x, e = _prepare_series(series, exposure)
    pen = 3.0 * np.log(max(x.size, 2)) if penalty is None else float(penalty)
    found: list[int] = []
    segments = [(0, x.size)]
    while segments and (max_changes is None or len(found) < max_changes):
        best = None
        for seg_i, (a, b) in enumerate(segments):
            tau, lr = _scan(x[a:b], e[a:b], min_size)
            if tau >= 0 and lr > pen and (best is None or lr > best[0]):
                best = (lr, seg_i, a + tau)
        if best is None:
            break
        _, seg_i, cut = best
        a, b = segments.pop(seg_i)
        segments.extend([(a, cut), (cut, b)])
        found.append(cut)
    return sorted(found)


def _seasonal_factors(c: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Pooled multiplicative seasonal factor of each column (mean 1 over the calendar)."""
    overall = c.mean()
    factors = np.ones(c.shape[1])
    if overall <= 0:
        return factors
    col_means = c.mean(axis=0)
    for m in np.unique(months):
        cols = months == m
        f = col_means[cols].mean() / overall
        factors[cols] = f if f > 0 else 1.0
    return factors


# --------------------------------------------------------------------------------------
# All areas
# --------------------------------------------------------------------------------------


def detect_changes(
    counts: Sequence[Sequence[float]] | np.ndarray,
    months: Sequence[int] | np.ndarray,
    alpha: float = 0.05,
    recent: int = 3,
    years: int = 3,
    method: Method = "poisson",
    dispersion: float | None = None,
    min_size: int = 3,
    penalty: float | None = None,
    deseasonalize: bool = True,
) -> ChangeDetection:
    """Flag areas whose recent months differ from their seasonal baseline.

    Runs :func:`seasonal_change` on every area, then the Benjamini-Hochberg procedure across
    areas: on average at most a fraction ``alpha`` of the flagged areas are false alarms.
    Independently, each area's whole series is scanned with :func:`poisson_changepoint`,
    using pooled seasonal factors as exposure when ``deseasonalize`` is set; the change
    point is reported when its statistic exceeds ``penalty`` (default ``3 log(n_months)``).

    Returns:
        A :class:`ChangeDetection`.
    """
    c = _as_counts(counts)
    mo = np.asarray(months).ravel()
    sc = seasonal_change(c, mo, recent=recent, years=years, method=method, dispersion=dispersion)
    significant, q = fdr_bh(sc.p, alpha)
    direction = np.full(c.shape[0], "none", dtype="<U4")
    with np.errstate(invalid="ignore"):
        direction[significant & (sc.ratio > 1)] = "up"
        direction[significant & (sc.ratio < 1)] = "down"

    exposure = _seasonal_factors(c, mo) if deseasonalize else np.ones(c.shape[1])
    pen = 3.0 * np.log(max(c.shape[1], 2)) if penalty is None else float(penalty)
    cps = np.full(c.shape[0], -1, dtype=np.int64)
    stat = np.zeros(c.shape[0])
    for a in range(c.shape[0]):
        tau, lr = _scan(c[a], exposure, min_size)
        stat[a] = lr
        if tau >= 0 and lr > pen:
            cps[a] = tau
    return ChangeDetection(
        significant=significant,
        direction=direction,
        ratio=sc.ratio,
        p=sc.p,
        q=q,
        change_point=cps,
        change_statistic=stat,
        alpha=alpha,
    )
