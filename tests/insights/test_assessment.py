"""Before/after, difference-in-differences and time patterns against hand-computed figures."""

import math

import pytest

from beatbridge.insights.assessment import before_after, difference_in_differences, time_pattern


def test_before_after_by_hand():
    # 40 incidents in 30 days, then 20 in 20 days: 1.333/day -> 1.0/day, -25 %.
    r = before_after(40, 20, days_before=30, days_after=20)
    assert r.before_rate == pytest.approx(4 / 3)
    assert r.after_rate == pytest.approx(1.0)
    assert r.percent_change == pytest.approx(-25.0)
    assert before_after(0, 3).percent_change is None
    with pytest.raises(ValueError):
        before_after(-1, 3)


def test_difference_in_differences_by_hand():
    # Project area 40 -> 20, comparison 30 -> 27 (equal periods).
    # DiD = (20 - 40) - (27 - 30) = -17; var = 40 + 20 + 30 + 27 = 117; sd = 10.8167;
    # 95 %: -17 ± 1.95996 * 10.8167 = -17 ± 21.200 -> (-38.20, 4.20): includes 0.
    # Ratio (20/40)/(27/30) = 0.5556; log se = sqrt(1/40+1/20+1/30+1/27) = 0.38128;
    # = exp(-0.58779 ± 0.74729) -> (0.2632, 1.1729).
    r = difference_in_differences(40, 20, 30, 27)
    assert r.estimate == pytest.approx(-17)
    assert r.ci_low == pytest.approx(-38.200, abs=1e-3)
    assert r.ci_high == pytest.approx(4.200, abs=1e-3)
    assert r.rate_ratio == pytest.approx(5 / 9)
    se = math.sqrt(1 / 40 + 1 / 20 + 1 / 30 + 1 / 27)
    assert se == pytest.approx(0.38128, abs=1e-5)
    assert r.ratio_ci_low == pytest.approx(0.2632, abs=1e-3)
    assert r.ratio_ci_high == pytest.approx(1.1729, abs=1e-3)
    assert r.verdict == "unclear"
    assert "cannot be sure" in r.reading
    assert "17.0 fewer incidents" in r.reading


def test_difference_in_differences_clear_drop_and_rise():
    # 100 -> 40 against 100 -> 100: DiD = -60, sd = sqrt(340) = 18.44, 95 % (-96.1, -23.9).
    r = difference_in_differences(100, 40, 100, 100)
    assert r.estimate == -60
    assert r.ci_high == pytest.approx(-60 + 1.959964 * math.sqrt(340), abs=1e-3)
    assert r.verdict == "helped"
    assert "likely helped" in r.reading
    assert difference_in_differences(40, 100, 100, 100).verdict == "worse"
    assert difference_in_differences(0, 0, 0, 0).verdict == "no_data"


def test_difference_in_differences_per_day_when_periods_differ():
    # 60 in 30 days -> 20 in 20 days (2.0 -> 1.0/day); comparison 30 -> 20 (1.0 -> 1.0).
    # DiD = -1.0/day; var = (60+30)/900 + (20+20)/400 = 0.2; sd = 0.4472.
    r = difference_in_differences(60, 20, 30, 20, days_before=30, days_after=20)
    assert r.estimate == pytest.approx(-1.0)
    assert r.ci_high - r.estimate == pytest.approx(1.959964 * math.sqrt(0.2), abs=1e-4)
    assert "per day" in r.reading


def test_time_pattern_by_hand():
    # Five events: Mon 22h, Mon 22h, Fri 22h, Fri 23h, Sun 3h.
    p = time_pattern([0, 0, 4, 4, 6], [22, 22, 22, 23, 3])
    assert p.total == 5
    assert p.by_hour[22] == 3 and p.by_hour[23] == 1 and p.by_hour[3] == 1
    assert sum(p.by_hour) == 5
    assert p.by_weekday == [2, 0, 0, 0, 2, 0, 1]
    assert p.grid[0][22] == 2 and p.grid[4][23] == 1
    assert p.peak_hour == 22
    assert p.peak_weekday == 0  # ties go to the first (Monday)
    # Weekday chi-square by hand: expected 5/7 each;
    # sum(o^2/e) - n = (4 + 4 + 1) * 7/5 - 5 = 7.6
    from scipy import stats

    assert p.weekday_p_value == pytest.approx(stats.chi2.sf(7.6, 6))


def test_time_pattern_empty_and_bad_input():
    p = time_pattern([], [])
    assert p.total == 0 and p.peak_hour is None and p.hour_p_value is None
    with pytest.raises(ValueError):
        time_pattern([7], [1])
    with pytest.raises(ValueError):
        time_pattern([1, 2], [1])
