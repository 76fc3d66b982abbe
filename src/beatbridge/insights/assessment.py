"""Assessing a problem-solving response from counts: before/after, difference-in-differences,
and the time-of-day / day-of-week pattern of incidents and concerns.

Pure numpy/scipy, no Django: the projects app passes counts and hours in, figures come out.

Counts are treated as Poisson, so a count's variance is the count itself. When the before and
after periods differ in length, counts are turned into rates per day first (a count ``n`` over
``d`` days has rate ``n / d`` and variance ``n / d**2``).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _z(level: float) -> float:
    return float(stats.norm.ppf(0.5 + level / 2))


@dataclass(frozen=True)
class BeforeAfter:
    before: int
    after: int
    before_rate: float
    after_rate: float
    change: float  # after_rate - before_rate
    percent_change: float | None  # None when there was nothing before

    def as_dict(self) -> dict:
        return asdict(self)


def before_after(
    before: int, after: int, days_before: float = 1, days_after: float = 1
) -> BeforeAfter:
    """Counts and per-day rates before and after; change in rate and percent change."""
    if before < 0 or after < 0 or days_before <= 0 or days_after <= 0:
        raise ValueError("counts must be >= 0 and periods > 0 days")
    rb, ra = before / days_before, after / days_after
    pct = (ra - rb) / rb * 100 if rb > 0 else None
    return BeforeAfter(int(before), int(after), rb, ra, ra - rb, pct)


@dataclass(frozen=True)
class DiffInDiff:
    treated: BeforeAfter
    comparison: BeforeAfter
    estimate: float  # (treated after - before) - (comparison after - before), in the unit of rates
    ci_low: float
    ci_high: float
    rate_ratio: float | None  # (Ta/Tb)/(Ca/Cb): 0.8 = 20 % fewer than the trend predicts
    ratio_ci_low: float | None
    ratio_ci_high: float | None
    level: float
    verdict: str  # "helped", "worse", "unclear", "no_data"
    reading: str

    def as_dict(self) -> dict:
        d = asdict(self)
        d["treated"], d["comparison"] = self.treated.as_dict(), self.comparison.as_dict()
        return d


def difference_in_differences(
    treated_before: int,
    treated_after: int,
    comparison_before: int,
    comparison_after: int,
    *,
    days_before: float = 1,
    days_after: float = 1,
    level: float = 0.95,
    unit: str = "incidents",
) -> DiffInDiff:
    """The difference-in-differences estimate with a normal-approximation confidence interval.

    Absolute estimate: ``(Ta - Tb) - (Ca - Cb)`` on per-day rates, variance the sum of the four
    Poisson variances. Relative estimate: the ratio of rate ratios, with the usual log-scale
    interval ``exp(log r ± z sqrt(1/Ta + 1/Tb + 1/Ca + 1/Cb))`` (only when no count is 0).
    """
    t = before_after(treated_before, treated_after, days_before, days_after)
    c = before_after(comparison_before, comparison_after, days_before, days_after)
    z = _z(level)
    estimate = (t.after_rate - t.before_rate) - (c.after_rate - c.before_rate)
    variance = (treated_before + comparison_before) / days_before**2 + (
        treated_after + comparison_after
    ) / days_after**2
    half = z * math.sqrt(variance)
    low, high = estimate - half, estimate + half
    counts = (treated_before, treated_after, comparison_before, comparison_after)
    ratio = ratio_low = ratio_high = None
    if all(n > 0 for n in counts):
        ratio = (t.after_rate / t.before_rate) / (c.after_rate / c.before_rate)
        se = math.sqrt(sum(1 / n for n in counts))
        ratio_low = math.exp(math.log(ratio) - z * se)
        ratio_high = math.exp(math.log(ratio) + z * se)
    if sum(counts) == 0:
        verdict = "no_data"
    elif high < 0:
        verdict = "helped"
    elif low > 0:
        verdict = "worse"
    else:
        verdict = "unclear"
    reading = plain_reading(estimate, low, high, verdict, ratio, level, unit, days_after)
    return DiffInDiff(
        t, c, estimate, low, high, ratio, ratio_low, ratio_high, level, verdict, reading
    )


def plain_reading(
    estimate: float,
    low: float,
    high: float,
    verdict: str,
    ratio: float | None,
    level: float,
    unit: str,
    days_after: float = 1,
) -> str:
    """One or two sentences a resident can follow (English; the page translates verdicts).

    With ``days_after`` = 1 the figures are counts over the after period (the before count
    scaled to its length); otherwise they are per day."""
    if verdict == "no_data":
        return (
            f"There were no {unit} in either area in either period, so there is nothing to compare."
        )
    per = "" if days_after == 1 else " per day"
    size = abs(estimate)
    pct = (
        f" (about {abs(1 - ratio) * 100:.0f} % {'fewer' if ratio < 1 else 'more'})" if ratio else ""
    )
    direction = "fewer" if estimate < 0 else "more"
    core = (
        f"After the response started there were about {size:.1f} {direction} {unit}{per} in the "
        f"project area than the change in the comparison area would predict{pct}."
    )
    conf = f"{level * 100:.0f} %"
    if verdict == "helped":
        return (
            core + f" The drop is larger than chance alone usually gives ({conf} interval "
            f"{low:.1f} to {high:.1f}): it likely helped."
        )
    if verdict == "worse":
        return (
            core + f" The rise is larger than chance alone usually gives ({conf} interval "
            f"{low:.1f} to {high:.1f}): it got worse."
        )
    return core + (
        f" But the {conf} interval runs from {low:.1f} to {high:.1f}, which includes no change: "
        "we cannot be sure the response made a difference."
    )


@dataclass(frozen=True)
class TimePattern:
    by_hour: list[int]  # 24 counts, hour 0..23
    by_weekday: list[int]  # 7 counts, Monday..Sunday
    grid: list[list[int]]  # 7 x 24
    peak_hour: int | None
    peak_weekday: int | None
    hour_p_value: float | None  # chi-square test of "every hour equally likely"
    weekday_p_value: float | None
    total: int

    def as_dict(self) -> dict:
        return asdict(self)


def _uniform_p(counts: np.ndarray) -> float | None:
    if counts.sum() < 5:
        return None
    return float(stats.chisquare(counts).pvalue)


def time_pattern(weekdays: list[int] | np.ndarray, hours: list[int] | np.ndarray) -> TimePattern:
    """Counts by hour of day and day of week (0 = Monday), their 7×24 grid, the peaks, and a
    chi-square p-value for whether the counts differ from an even spread."""
    wd = np.asarray(weekdays, dtype=int)
    hr = np.asarray(hours, dtype=int)
    if wd.shape != hr.shape:
        raise ValueError("weekdays and hours must have the same length")
    if wd.size and (wd.min() < 0 or wd.max() > 6 or hr.min() < 0 or hr.max() > 23):
        raise ValueError("weekday must be 0..6 and hour 0..23")
    grid = np.zeros((7, 24), dtype=int)
    np.add.at(grid, (wd, hr), 1)
    by_hour, by_weekday = grid.sum(axis=0), grid.sum(axis=1)
    total = int(grid.sum())
    return TimePattern(
        by_hour=by_hour.tolist(),
        by_weekday=by_weekday.tolist(),
        grid=grid.tolist(),
        peak_hour=int(by_hour.argmax()) if total else None,
        peak_weekday=int(by_weekday.argmax()) if total else None,
        hour_p_value=_uniform_p(by_hour),
        weekday_p_value=_uniform_p(by_weekday),
        total=total,
    )
