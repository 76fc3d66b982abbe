"""Enforcement balance: the "wedge risk" rule.

Heavy enforcement of minor offences that residents did not ask for, or that coincides with
falling trust, can drive a wedge between police and the community. This module turns that
concern into a transparent, pure rule over an area's monthly series:

    flag = minor enforcement rose significantly above its own baseline
           AND (trust fell  OR  residents are not asking for that enforcement)

Every threshold lives in :class:`WedgeThresholds`, so a partnership can see and agree on
them. The result lists the reason codes that held, so a flag can always be explained.

Reason codes (in :attr:`WedgeRisk.reasons`, only those that hold):
``"minor_enforcement_up"``, ``"trust_down"``, ``"no_resident_demand"``.
Data notes (in :attr:`WedgeRisk.notes`): ``"insufficient_baseline"``, ``"trust_unknown"``,
``"concern_unknown"``, and, when the optional series are given, ``"engagement_down"`` and
``"serious_enforcement_flat"`` (context only; they never change the flag).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

__all__ = ["WedgeRisk", "WedgeThresholds", "wedge_risk", "wedge_risk_areas"]

Series = Sequence[float] | np.ndarray


@dataclass(frozen=True)
class WedgeThresholds:
    """Configurable thresholds of the wedge-risk rule (defaults in brackets).

    Attributes:
        recent_months: months that count as "recent" [3].
        baseline_months: months before those that form the baseline [12].
        min_baseline_months: fewer non-missing baseline months -> no flag [6].
        rise_z: the rise of minor enforcement must reach this z-score [2.0, about a
            one-sided p of 0.023].
        min_rise_ratio: ... and the recent mean must be at least this multiple of the
            baseline mean, so tiny but very regular rises do not count [1.25].
        trust_drop_abs: trust fell when the latest survey score is below the previous one
            by more than this, in the score's own units; ``None`` to use the relative
            threshold instead [None].
        trust_drop_rel: ... by more than this fraction of the previous score [0.05].
        concern_rise_ratio: residents are not asking for the enforcement when their
            recent concerns about those offences are at most this multiple of the baseline
            (flat or down) [1.10].
        concern_floor: ... or when recent concerns are below this level per month, in the
            concern series' units; ``None`` to skip [None].
        min_concern_total: the clause is judged only when residents raised at least this many
            concerns over the baseline and recent months together, counted in the
            ``concern_activity_series`` (all their concerns, of any category). Without that
            series, the concern series must hold something above zero. Below it there is not
            enough concern data: note ``concern_unknown`` and the clause does not hold
            ("0.0 vs 0.0" is silence, not a judgement) [1].
        engagement_drop_ratio: note ``engagement_down`` when recent engagement hours are
            below this multiple of the baseline [0.9].
        serious_flat_ratio: note ``serious_enforcement_flat`` when minor enforcement is up
            but serious enforcement is at most this multiple of its baseline [1.1].
    """

    recent_months: int = 3
    baseline_months: int = 12
    min_baseline_months: int = 6
    rise_z: float = 2.0
    min_rise_ratio: float = 1.25
    trust_drop_abs: float | None = None
    trust_drop_rel: float = 0.05
    concern_rise_ratio: float = 1.10
    concern_floor: float | None = None
    min_concern_total: float = 1.0
    engagement_drop_ratio: float = 0.9
    serious_flat_ratio: float = 1.1


@dataclass(frozen=True)
class WedgeRisk:
    """Result of :func:`wedge_risk` for one area.

    Attributes:
        flag: the rule fired.
        reasons: the conditions that held (see module docstring).
        minor_up, trust_down, no_resident_demand: the three conditions.
        baseline: mean minor-enforcement rate over the baseline months.
        recent: mean minor-enforcement rate over the recent months.
        ratio: ``recent / baseline`` (inf if the baseline is 0 and recent is not).
        z: z-score of the rise (positive = up).
        p: one-sided p-value of the rise.
        test: ``"poisson"`` (counts from ``population``) or ``"z"`` (rates only).
        trust_latest, trust_previous: the two most recent trust scores in the window.
        concern_recent, concern_baseline: mean resident concern over the two windows.
        notes: data-quality and context codes.
    """

    flag: bool
    reasons: list[str]
    minor_up: bool
    trust_down: bool
    no_resident_demand: bool
    baseline: float
    recent: float
    ratio: float
    z: float
    p: float
    test: str
    trust_latest: float | None = None
    trust_previous: float | None = None
    concern_recent: float | None = None
    concern_baseline: float | None = None
    notes: list[str] = field(default_factory=list)


def _vec(values: Series | None, n: int, name: str) -> np.ndarray | None:
    if values is None:
        return None
    arr = np.asarray(values, dtype=np.float64).ravel()
    if arr.size != n:
        raise ValueError(f"{name} must have one value per month ({n})")
    return arr


def _nanmean(a: np.ndarray) -> float | None:
    finite = a[~np.isnan(a)]
    return float(finite.mean()) if finite.size else None


def _rise_test(
    recent: np.ndarray,
    base: np.ndarray,
    recent_pop: np.ndarray | None,
    base_pop: np.ndarray | None,
) -> tuple[float, float, str]:
    """(z, one-sided p, test name) for "recent minor-enforcement rate above baseline"."""
    if recent_pop is not None and base_pop is not None:
        # Rates per 1,000 residents -> counts; exact conditional Poisson test with the
        # person-months of each window as exposure.
        obs = float(np.rint((recent * recent_pop / 1000.0).sum()))
        bas = float(np.rint((base * base_pop / 1000.0).sum()))
        share = recent_pop.sum() / (recent_pop.sum() + base_pop.sum())
        total = obs + bas
        p = 1.0 if total == 0 else float(stats.binom.sf(obs - 1, total, share))
        z = float(stats.norm.isf(p)) if p < 1 else float("-inf")
        return z, p, "poisson"
    diff = recent.mean() - base.mean()
    sd = base.std(ddof=1) if base.size > 1 else 0.0
    se = sd * np.sqrt(1.0 / recent.size + 1.0 / base.size)
    if se > 0:
        z = float(diff / se)
    else:
        z = float("inf") if diff > 0 else (float("-inf") if diff < 0 else 0.0)
    return z, float(stats.norm.sf(z)), "z"


def wedge_risk(
    minor_rate_series: Series,
    trust_series: Series,
    concern_series: Series,
    thresholds: WedgeThresholds | None = None,
    *,
    population: float | Series | None = None,
    serious_rate_series: Series | None = None,
    engagement_series: Series | None = None,
    concern_activity_series: Series | None = None,
) -> WedgeRisk:
    """Apply the wedge-risk rule to one area's monthly series (oldest month first).

    Args:
        minor_rate_series: minor-offence enforcement actions per 1,000 residents, per month.
            NaN months are ignored.
        trust_series: trust score per month, NaN in months without a survey.
        concern_series: residents' concerns about the same offences per month (count or
            rate); NaN for months without data.
        thresholds: a :class:`WedgeThresholds` (defaults if ``None``).
        population: residents (one number, or one per month). When given, rates are turned
            back into counts and the rise is tested with an exact Poisson test; otherwise a
            z-score against the baseline months' spread is used.
        serious_rate_series: serious-offence enforcement per 1,000 residents (context).
        engagement_series: engagement hours per month (context).
        concern_activity_series: all concerns residents raised in the area per month, of
            any category; judges whether there is concern data at all (see
            ``min_concern_total``).

    Returns:
        A :class:`WedgeRisk`. The window is the last ``recent_months`` months, and the
        ``baseline_months`` before them.
    """
    th = thresholds or WedgeThresholds()
    minor = np.asarray(minor_rate_series, dtype=np.float64).ravel()
    n = minor.size
    trust = _vec(trust_series, n, "trust_series")
    concern = _vec(concern_series, n, "concern_series")
    serious = _vec(serious_rate_series, n, "serious_rate_series")
    engagement = _vec(engagement_series, n, "engagement_series")
    activity = _vec(concern_activity_series, n, "concern_activity_series")
    pop: np.ndarray | None = None
    if population is not None:
        pop_arr = np.asarray(population, dtype=np.float64)
        pop = np.full(n, float(pop_arr)) if pop_arr.ndim == 0 else _vec(pop_arr, n, "population")
    if th.recent_months < 1 or th.baseline_months < 1:
        raise ValueError("recent_months and baseline_months must be positive")
    if n <= th.recent_months:
        raise ValueError("series must be longer than recent_months")

    r0 = n - th.recent_months
    b0 = max(0, r0 - th.baseline_months)
    recent_idx = np.arange(r0, n)
    base_idx = np.arange(b0, r0)
    notes: list[str] = []

    # 1. Minor enforcement up?
    rec_ok = recent_idx[~np.isnan(minor[recent_idx])]
    base_ok = base_idx[~np.isnan(minor[base_idx])]
    if base_ok.size < th.min_baseline_months or rec_ok.size == 0:
        notes.append("insufficient_baseline")
        minor_up = False
        baseline = float(minor[base_ok].mean()) if base_ok.size else float("nan")
        recent = float(minor[rec_ok].mean()) if rec_ok.size else float("nan")
        z, p, test = float("nan"), float("nan"), "none"
    else:
        baseline = float(minor[base_ok].mean())
        recent = float(minor[rec_ok].mean())
        pr = pop[rec_ok] if pop is not None else None
        pb = pop[base_ok] if pop is not None else None
        z, p, test = _rise_test(minor[rec_ok], minor[base_ok], pr, pb)
        ratio_ok = recent >= th.min_rise_ratio * baseline and recent > 0
        minor_up = bool(z >= th.rise_z and ratio_ok)
    if baseline > 0:
        ratio = recent / baseline
    elif baseline == 0:
        ratio = float("inf") if recent > 0 else float("nan")
    else:
        ratio = float("nan")

    # 2. Trust down? (the two most recent surveys inside the window)
    window = np.arange(b0, n)
    t_idx = window[~np.isnan(trust[window])] if trust is not None else np.empty(0, int)
    trust_latest = trust_previous = None
    trust_down = False
    if t_idx.size >= 2 and trust is not None:
        trust_latest = float(trust[t_idx[-1]])
        trust_previous = float(trust[t_idx[-2]])
        if th.trust_drop_abs is not None:
            drop = th.trust_drop_abs
        else:
            drop = th.trust_drop_rel * abs(trust_previous)
        trust_down = trust_latest < trust_previous - drop
    else:
        notes.append("trust_unknown")
        if t_idx.size == 1 and trust is not None:
            trust_latest = float(trust[t_idx[-1]])

    # 3. Residents not asking for it?
    concern_recent = _nanmean(concern[recent_idx]) if concern is not None else None
    concern_baseline = _nanmean(concern[base_idx]) if concern is not None else None
    no_demand = False
    evidence = activity if activity is not None else concern
    window_total = (
        float(np.nansum(evidence[np.arange(b0, n)])) if evidence is not None else float("nan")
    )
    if concern_recent is None:
        notes.append("concern_unknown")
    elif not (window_total >= th.min_concern_total if activity is not None else window_total > 0):
        notes.append("concern_unknown")
    else:
        if concern_baseline is not None:
            no_demand = concern_recent <= th.concern_rise_ratio * concern_baseline
        if th.concern_floor is not None and concern_recent < th.concern_floor:
            no_demand = True
        if concern_baseline is None and th.concern_floor is None:
            notes.append("concern_unknown")

    # Context (never changes the flag).
    if engagement is not None:
        e_rec, e_base = _nanmean(engagement[recent_idx]), _nanmean(engagement[base_idx])
        if e_rec is not None and e_base is not None and e_rec < th.engagement_drop_ratio * e_base:
            notes.append("engagement_down")
    if serious is not None and minor_up:
        s_rec, s_base = _nanmean(serious[recent_idx]), _nanmean(serious[base_idx])
        if s_rec is not None and s_base is not None and s_rec <= th.serious_flat_ratio * s_base:
            notes.append("serious_enforcement_flat")

    reasons = [
        code
        for code, holds in (
            ("minor_enforcement_up", minor_up),
            ("trust_down", trust_down),
            ("no_resident_demand", no_demand),
        )
        if holds
    ]
    return WedgeRisk(
        flag=bool(minor_up and (trust_down or no_demand)),
        reasons=reasons,
        minor_up=bool(minor_up),
        trust_down=bool(trust_down),
        no_resident_demand=bool(no_demand),
        baseline=baseline,
        recent=recent,
        ratio=ratio,
        z=z,
        p=p,
        test=test,
        trust_latest=trust_latest,
        trust_previous=trust_previous,
        concern_recent=concern_recent,
        concern_baseline=concern_baseline,
        notes=notes,
    )


def wedge_risk_areas(
    minor_rates: np.ndarray,
    trust: np.ndarray,
    concerns: np.ndarray,
    thresholds: WedgeThresholds | None = None,
    *,
    population: np.ndarray | None = None,
) -> list[WedgeRisk]:
    """:func:`wedge_risk` for each row of ``areas x months`` arrays.

    ``population`` may be ``None``, one value per area, or an ``areas x months`` array.
    """
    m = np.atleast_2d(np.asarray(minor_rates, dtype=np.float64))
    tr = np.atleast_2d(np.asarray(trust, dtype=np.float64))
    co = np.atleast_2d(np.asarray(concerns, dtype=np.float64))
    if not (m.shape == tr.shape == co.shape):
        raise ValueError("minor_rates, trust and concerns must have the same shape")
    pop = None if population is None else np.asarray(population, dtype=np.float64)
    out = []
    for a in range(m.shape[0]):
        pa = None if pop is None else (pop[a] if pop.ndim else float(pop))
        out.append(wedge_risk(m[a], tr[a], co[a], thresholds, population=pa))
    return out
