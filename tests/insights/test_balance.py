# ruff: noqa: S101
"""The wedge-risk rule on hand-built series: every branch true and false."""

from __future__ import annotations

import numpy as np
import pytest

from beatbridge.insights.balance import WedgeThresholds, wedge_risk, wedge_risk_areas

NAN = float("nan")
BASE_MINOR = [4.0, 4.4, 3.8, 4.1, 4.2, 3.9, 4.0, 4.3, 3.7, 4.1, 4.0, 4.2]  # 12 months
UP_MINOR = BASE_MINOR + [7.5, 8.1, 7.9]  # last 3 months: about double
FLAT_MINOR = BASE_MINOR + [4.1, 3.9, 4.2]
TRUST_FALLING = [NAN] * 5 + [0.62] + [NAN] * 5 + [0.60] + [NAN, NAN, 0.48]
TRUST_STEADY = [NAN] * 5 + [0.62] + [NAN] * 5 + [0.60] + [NAN, NAN, 0.60]
CONCERN_FLAT = [5.0] * 15
CONCERN_RISING = [5.0] * 12 + [9.0, 11.0, 10.0]


def test_flag_when_enforcement_up_and_trust_down_and_no_demand() -> None:
    r = wedge_risk(UP_MINOR, TRUST_FALLING, CONCERN_FLAT)
    assert r.flag
    assert r.reasons == ["minor_enforcement_up", "trust_down", "no_resident_demand"]
    assert r.minor_up and r.trust_down and r.no_resident_demand
    assert r.baseline == pytest.approx(np.mean(BASE_MINOR))
    assert r.recent == pytest.approx(np.mean(UP_MINOR[-3:]))
    assert r.ratio == pytest.approx(r.recent / r.baseline)
    assert r.z > 2 and r.p < 0.025 and r.test == "z"
    assert (r.trust_latest, r.trust_previous) == (0.48, 0.60)
    assert r.notes == []


def test_flag_when_trust_down_even_if_residents_ask_for_enforcement() -> None:
    r = wedge_risk(UP_MINOR, TRUST_FALLING, CONCERN_RISING)
    assert r.flag
    assert r.reasons == ["minor_enforcement_up", "trust_down"]
    assert not r.no_resident_demand


def test_flag_when_no_demand_even_if_trust_is_steady() -> None:
    r = wedge_risk(UP_MINOR, TRUST_STEADY, CONCERN_FLAT)
    assert r.flag
    assert r.reasons == ["minor_enforcement_up", "no_resident_demand"]
    assert not r.trust_down


def test_no_flag_when_trust_steady_and_residents_ask() -> None:
    r = wedge_risk(UP_MINOR, TRUST_STEADY, CONCERN_RISING)
    assert not r.flag
    assert r.reasons == ["minor_enforcement_up"]


def test_no_flag_without_rise_in_minor_enforcement() -> None:
    r = wedge_risk(FLAT_MINOR, TRUST_FALLING, CONCERN_FLAT)
    assert not r.flag
    assert not r.minor_up
    assert r.reasons == ["trust_down", "no_resident_demand"]


def test_rise_needs_both_significance_and_size() -> None:
    # very regular baseline: a 10 % rise is "significant" but too small to count
    steady = [4.0, 4.01, 3.99] * 4 + [4.4, 4.4, 4.4]
    r = wedge_risk(steady, TRUST_FALLING, CONCERN_FLAT)
    assert r.z > 2 and not r.minor_up and not r.flag
    loose = WedgeThresholds(min_rise_ratio=1.05)
    assert wedge_risk(steady, TRUST_FALLING, CONCERN_FLAT, loose).flag
    # a noisy baseline: doubling of the mean is not significant at z >= 2
    noisy = [0.5, 9.0, 1.0, 8.0, 0.2, 7.5, 1.5, 9.5, 0.4, 8.5, 1.0, 0.9, 8.0, 9.0, 8.5]
    r2 = wedge_risk(noisy, TRUST_FALLING, CONCERN_FLAT)
    assert r2.ratio > 1.9 and r2.z < 2 and not r2.flag
    assert wedge_risk(noisy, TRUST_FALLING, CONCERN_FLAT, WedgeThresholds(rise_z=1.5)).flag


def test_trust_thresholds_relative_and_absolute() -> None:
    small_drop = [NAN] * 11 + [0.60] + [NAN, NAN, 0.58]  # -0.02, about 3 %
    assert not wedge_risk(UP_MINOR, small_drop, CONCERN_RISING).trust_down
    rel = wedge_risk(UP_MINOR, small_drop, CONCERN_RISING, WedgeThresholds(trust_drop_rel=0.02))
    assert rel.trust_down and rel.flag
    r = wedge_risk(UP_MINOR, small_drop, CONCERN_RISING, WedgeThresholds(trust_drop_abs=0.01))
    assert r.trust_down and r.flag
    on_100_scale = [NAN] * 11 + [71.0] + [NAN, NAN, 64.0]
    assert wedge_risk(UP_MINOR, on_100_scale, CONCERN_RISING).trust_down


def test_trust_unknown_with_fewer_than_two_surveys() -> None:
    one = [NAN] * 14 + [0.3]
    r = wedge_risk(UP_MINOR, one, CONCERN_RISING)
    assert not r.trust_down and not r.flag
    assert "trust_unknown" in r.notes and r.trust_latest == 0.3 and r.trust_previous is None
    # still flagged through the other branch
    assert wedge_risk(UP_MINOR, one, CONCERN_FLAT).flag
    # surveys older than the analysis window are not used
    old = [0.9, 0.2] + [NAN] * 28
    r_old = wedge_risk(BASE_MINOR * 2 + [7.5, 8.1, 7.9, 8.0, 7.7, 8.2], old, [5.0] * 30)
    assert "trust_unknown" in r_old.notes and not r_old.trust_down


def test_concern_floor_and_unknown_concerns() -> None:
    rising_but_tiny = [0.0] * 12 + [0.2, 0.4, 0.3]
    assert not wedge_risk(UP_MINOR, TRUST_STEADY, rising_but_tiny).no_resident_demand
    floor = WedgeThresholds(concern_floor=1.0)
    r = wedge_risk(UP_MINOR, TRUST_STEADY, rising_but_tiny, floor)
    assert r.no_resident_demand and r.flag
    unknown = wedge_risk(UP_MINOR, TRUST_STEADY, [NAN] * 15)
    assert not unknown.no_resident_demand and not unknown.flag
    assert "concern_unknown" in unknown.notes
    assert wedge_risk(UP_MINOR, TRUST_STEADY, [NAN] * 15, floor).notes == ["concern_unknown"]


def test_poisson_test_with_population() -> None:
    # 20,000 residents: rate 4 per 1,000 is 80 actions a month
    r = wedge_risk(UP_MINOR, TRUST_STEADY, CONCERN_FLAT, population=20_000)
    assert r.test == "poisson" and r.minor_up and r.flag and r.p < 1e-10
    # 200 residents: the same rates are under one action a month, too few to tell
    small = wedge_risk(UP_MINOR, TRUST_STEADY, CONCERN_FLAT, population=200)
    assert small.test == "poisson" and not small.minor_up and not small.flag
    per_month = np.full(15, 20_000.0)
    same = wedge_risk(UP_MINOR, TRUST_STEADY, CONCERN_FLAT, population=per_month)
    assert same.p == pytest.approx(r.p)


def test_insufficient_baseline_and_validation() -> None:
    short = [NAN] * 8 + [4.0, 4.0, 4.1, 4.0] + [9.0, 9.0, 9.0]
    r = wedge_risk(short, TRUST_FALLING, CONCERN_FLAT)
    assert not r.flag and "insufficient_baseline" in r.notes
    with pytest.raises(ValueError):
        wedge_risk(UP_MINOR, TRUST_FALLING[:-1], CONCERN_FLAT)
    with pytest.raises(ValueError):
        wedge_risk([1.0, 2.0, 3.0], [NAN] * 3, [1.0] * 3)


def test_context_notes_do_not_change_the_flag() -> None:
    engagement = [20.0] * 12 + [10.0, 11.0, 9.0]
    serious = [1.0] * 15
    r = wedge_risk(
        UP_MINOR,
        TRUST_STEADY,
        CONCERN_RISING,
        engagement_series=engagement,
        serious_rate_series=serious,
    )
    assert not r.flag
    assert r.notes == ["engagement_down", "serious_enforcement_flat"]


def test_zero_baseline() -> None:
    zero = [0.0] * 12 + [2.0, 3.0, 2.5]
    r = wedge_risk(zero, TRUST_FALLING, CONCERN_FLAT)
    assert r.ratio == float("inf") and r.minor_up and r.flag


def test_many_areas() -> None:
    minor = np.array([UP_MINOR, FLAT_MINOR, UP_MINOR])
    trust = np.array([TRUST_FALLING, TRUST_FALLING, TRUST_STEADY])
    concern = np.array([CONCERN_RISING, CONCERN_FLAT, CONCERN_RISING])
    results = wedge_risk_areas(minor, trust, concern)
    assert [r.flag for r in results] == [True, False, False]
    with_pop = wedge_risk_areas(minor, trust, concern, population=np.array([2e4, 2e4, 2e4]))
    assert [r.test for r in with_pop] == ["poisson"] * 3
    with pytest.raises(ValueError):
        wedge_risk_areas(minor, trust[:, :-1], concern)


def test_no_concern_data_means_the_clause_is_unknown() -> None:
    """All-zero concerns (nobody used the platform) do not count as "not asking"; with the
    activity series, other concerns make the silence about these offenses meaningful."""
    silent = wedge_risk(UP_MINOR, TRUST_STEADY, [0.0] * 15)
    assert not silent.no_resident_demand and not silent.flag
    assert "concern_unknown" in silent.notes
    active = wedge_risk(UP_MINOR, TRUST_STEADY, [0.0] * 15, concern_activity_series=[2.0] * 15)
    assert active.no_resident_demand and active.flag and "concern_unknown" not in active.notes
    few = WedgeThresholds(min_concern_total=40)
    r = wedge_risk(UP_MINOR, TRUST_STEADY, [0.0] * 15, few, concern_activity_series=[2.0] * 15)
    assert not r.no_resident_demand and "concern_unknown" in r.notes
