"""Survey statistics: means and proportions with 95% intervals, 0-100 scores, raking.

Pure numpy/scipy (no Django). Used by the surveys app; the methods are written up in
docs/methods.md ("Trust and safety surveys").

- ``mean_ci``: the (weighted) mean with a t interval. Unweighted: s/sqrt(n). Weighted: the
  linearization (sandwich) standard error of a ratio mean, t with n_eff - 1 degrees of freedom.
- ``proportion_ci``: the Wilson score interval, computed on the effective sample size when
  weighted.
- ``score``: a 0-10 mean rescaled to 0-100 (x10), interval rescaled alike.
- ``rake``: iterative proportional fitting of weights to one-dimensional margins, with
  trimming at ``cap`` times the mean weight (rake, trim, rake again until both hold).
- ``kish_neff``: Kish's effective sample size (sum w)^2 / sum w^2.
- ``difference``: the change between two independent estimates with a normal interval and a
  two-sided p-value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

LEVEL = 0.95


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its interval: ``n`` respondents, ``n_eff`` effective."""

    estimate: float
    low: float
    high: float
    se: float
    n: int
    n_eff: float

    def scaled(self, factor: float) -> Estimate:
        return Estimate(
            self.estimate * factor,
            self.low * factor,
            self.high * factor,
            self.se * factor,
            self.n,
            self.n_eff,
        )

    def as_dict(self, digits: int = 2) -> dict:
        return {
            "estimate": round(self.estimate, digits),
            "ci_low": round(self.low, digits),
            "ci_high": round(self.high, digits),
            "se": round(self.se, digits + 2),
            "n": self.n,
            "n_eff": round(self.n_eff, 1),
        }


@dataclass(frozen=True)
class Difference:
    difference: float
    low: float
    high: float
    se: float
    p_value: float

    @property
    def is_significant(self) -> bool:
        return self.p_value < 1 - LEVEL

    def as_dict(self, digits: int = 2) -> dict:
        return {
            "difference": round(self.difference, digits),
            "ci_low": round(self.low, digits),
            "ci_high": round(self.high, digits),
            "p_value": round(self.p_value, 4),
            "significant": self.is_significant,
        }


def _arrays(
    values: Sequence[float], weights: Sequence[float] | None
) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(values, dtype=float)
    w = np.ones_like(y) if weights is None else np.asarray(weights, dtype=float)
    if y.shape != w.shape:
        raise ValueError("values and weights differ in length")
    keep = ~np.isnan(y)
    return y[keep], w[keep]


def kish_neff(weights: Sequence[float] | np.ndarray) -> float:
    """Kish's effective sample size: (sum w)^2 / sum w^2 (equals n for equal weights)."""
    w = np.asarray(weights, dtype=float)
    if w.size == 0 or not np.any(w):
        return 0.0
    return float(w.sum() ** 2 / np.square(w).sum())


def mean_ci(
    values: Sequence[float], weights: Sequence[float] | None = None, level: float = LEVEL
) -> Estimate | None:
    """The mean with a t interval; None with fewer than two answers."""
    y, w = _arrays(values, weights)
    n = int(y.size)
    if n < 2 or w.sum() <= 0:
        return None
    if weights is None:
        mean = float(y.mean())
        se = float(y.std(ddof=1) / np.sqrt(n))
        n_eff = float(n)
    else:
        mean = float(np.sum(w * y) / w.sum())
        # Linearization variance of the ratio mean (with the n/(n-1) correction).
        se = float(np.sqrt(n / (n - 1) * np.sum(np.square(w * (y - mean))) / w.sum() ** 2))
        n_eff = kish_neff(w)
    df = max(n_eff - 1, 1.0)
    half = float(stats.t.ppf(0.5 + level / 2, df)) * se
    return Estimate(mean, mean - half, mean + half, se, n, n_eff)


def proportion_ci(successes: float, n: float, level: float = LEVEL) -> tuple[float, float, float]:
    """Wilson score interval for ``successes`` out of ``n``: (p, low, high)."""
    if n <= 0:
        return (float("nan"), float("nan"), float("nan"))
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (float(p), float(max(0.0, centre - half)), float(min(1.0, centre + half)))


def weighted_proportion_ci(
    indicator: Sequence[bool], weights: Sequence[float] | None = None, level: float = LEVEL
) -> Estimate | None:
    """A (weighted) share with the Wilson interval computed on the effective sample size."""
    x = np.asarray(indicator, dtype=float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    n = int(x.size)
    if n == 0 or w.sum() <= 0:
        return None
    p = float(np.sum(w * x) / w.sum())
    n_eff = float(n) if weights is None else kish_neff(w)
    _, low, high = proportion_ci(p * n_eff, n_eff, level)
    se = float(np.sqrt(p * (1 - p) / n_eff)) if n_eff else float("nan")
    return Estimate(p, low, high, se, n, n_eff)


def score(
    values: Sequence[float], weights: Sequence[float] | None = None, level: float = LEVEL
) -> Estimate | None:
    """A 0-100 score from 0-10 answers: the mean times ten, with its interval."""
    est = mean_ci(values, weights, level)
    if est is None:
        return None
    scaled = est.scaled(10.0)
    return Estimate(
        scaled.estimate,
        max(0.0, scaled.low),
        min(100.0, scaled.high),
        scaled.se,
        scaled.n,
        scaled.n_eff,
    )


def row_mean(rows: Sequence[Sequence[float | None]]) -> list[float]:
    """Each respondent's mean over the items they answered (NaN when none), e.g. respect and
    listen for the Trust score."""
    out = []
    for row in rows:
        vals = [float(v) for v in row if v is not None and not np.isnan(float(v))]
        out.append(float(np.mean(vals)) if vals else float("nan"))
    return out


def difference(a: Estimate, b: Estimate, level: float = LEVEL) -> Difference:
    """b - a for two independent estimates (two waves), normal interval and p-value."""
    diff = b.estimate - a.estimate
    se = float(np.hypot(a.se, b.se))
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = float(2 * stats.norm.sf(abs(diff) / se)) if se > 0 else (0.0 if diff else 1.0)
    return Difference(diff, diff - z * se, diff + z * se, se, p)


def distribution(
    values: Sequence[object], categories: Sequence[object], weights: Sequence[float] | None = None
) -> list[dict]:
    """Count and (weighted) share of each category, in the order given."""
    vals = list(values)
    w = np.ones(len(vals)) if weights is None else np.asarray(weights, dtype=float)
    total = float(w.sum())
    out = []
    for cat in categories:
        mask = np.array([v == cat for v in vals], dtype=bool)
        count = int(mask.sum())
        share = float(w[mask].sum() / total) if total else 0.0
        out.append({"value": cat, "count": count, "share": share})
    return out


def trim(weights: np.ndarray, cap: float, max_rounds: int = 100) -> np.ndarray:
    """Cap weights (mean 1) at ``cap`` and give the excess to the uncapped ones, repeating
    until none is above the cap; the total is kept."""
    w = np.asarray(weights, dtype=float).copy()
    total = w.sum()
    if cap * w.size < total:  # the cap cannot hold the total: equal weights are the closest
        return np.full_like(w, total / w.size)
    for _ in range(max_rounds):
        over = w > cap
        if not over.any():
            break
        w[over] = cap
        free = ~over & (w < cap)
        rest = w[free].sum()
        if rest <= 0:
            break
        w[free] *= (total - w[~free].sum()) / rest
    return w


@dataclass(frozen=True)
class RakeResult:
    weights: np.ndarray
    iterations: int
    converged: bool
    max_margin_error: float
    n_eff: float
    trimmed: int


def _margin_error(
    labels: Mapping[str, Sequence[object] | np.ndarray],
    margins: Mapping[str, Mapping[Any, float]],
    w: np.ndarray,
) -> float:
    worst = 0.0
    for var, targets in margins.items():
        lab = np.asarray(labels[var], dtype=object)
        known = np.isin(lab, list(targets))
        base = w[known].sum()
        if base <= 0:
            continue
        total = sum(targets.values())
        for cat, target in targets.items():
            got = w[lab == cat].sum() / base
            worst = max(worst, abs(got - target / total))
    return float(worst)


def rake(
    labels: Mapping[str, Sequence[object]],
    margins: Mapping[str, Mapping[object, float]],
    *,
    base_weights: Sequence[float] | None = None,
    cap: float | None = 5.0,
    max_iter: int = 200,
    tol: float = 1e-8,
) -> RakeResult:
    """Rake weights to one-dimensional margins by iterative proportional fitting.

    ``labels[var]`` is each respondent's category on ``var``; ``margins[var]`` maps category to
    its population count (or share; only proportions matter). A respondent whose category is
    not in the margins (e.g. "prefer not to say") is left out of that variable's adjustment:
    the margin is applied to the respondents with a known category, scaled to their current
    weight. Categories in the margins with no respondent are dropped (their share spread over
    the rest). Weights are normalized to mean 1; with ``cap``, any weight above ``cap`` is set to
    ``cap`` and raking resumes, so the result meets the cap and the margins as closely as both
    allow.
    """
    n = len(next(iter(labels.values()))) if labels else 0
    w = np.ones(n) if base_weights is None else np.asarray(base_weights, dtype=float).copy()
    if n == 0:
        return RakeResult(w, 0, True, 0.0, 0.0, 0)
    lab = {var: np.asarray(labels[var], dtype=object) for var in margins}
    # Drop empty sample cells: their population share cannot be represented.
    usable: dict[str, dict[Any, float]] = {}
    for var, targets in margins.items():
        present = {c: float(t) for c, t in targets.items() if t > 0 and np.any(lab[var] == c)}
        if present:
            usable[var] = present
    converged = False
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007
        previous = w.copy()
        for var, targets in usable.items():
            total = sum(targets.values())
            known = np.isin(lab[var], list(targets))
            base = w[known].sum()
            for cat, target in targets.items():
                mask = lab[var] == cat
                have = w[mask].sum()
                if have > 0:
                    w[mask] *= (target / total) * base / have
        w *= n / w.sum()
        if cap is not None:
            w = trim(w, cap)
        if np.max(np.abs(w - previous)) < tol:
            converged = True
            break
    trimmed = 0 if cap is None else int(np.sum(w >= cap - 1e-9))
    return RakeResult(
        w, iterations, converged, _margin_error(lab, usable, w), kish_neff(w), trimmed
    )
