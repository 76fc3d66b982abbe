"""Survey statistics against known values, and raking against a hand-checked example and
the ``ipfn`` package's iterative proportional fitting."""

import numpy as np
import pytest

from beatbridge.insights import surveys as s


def test_mean_ci_of_one_to_ten_matches_the_t_interval():
    est = s.mean_ci(list(range(1, 11)))
    # mean 5.5, sd 3.0277, se 0.9574, t(9, .975) = 2.2622
    assert est.estimate == pytest.approx(5.5)
    assert est.se == pytest.approx(0.957427, abs=1e-6)
    assert est.low == pytest.approx(3.334149, abs=1e-5)
    assert est.high == pytest.approx(7.665851, abs=1e-5)
    assert est.n == 10 and est.n_eff == 10


def test_mean_ci_needs_two_answers_and_ignores_missing():
    assert s.mean_ci([7]) is None
    est = s.mean_ci([2, float("nan"), 4])
    assert est.n == 2 and est.estimate == pytest.approx(3.0)


def test_weighted_mean_with_equal_weights_equals_unweighted():
    vals = [3, 5, 8, 9, 10, 2]
    a, b = s.mean_ci(vals), s.mean_ci(vals, [2.0] * 6)
    assert b.estimate == pytest.approx(a.estimate)
    assert b.se == pytest.approx(a.se)
    assert b.n_eff == pytest.approx(6)


def test_wilson_interval_known_values():
    # Wilson 95% for 8 of 10: 0.4902 to 0.9433 (Newcombe 1998, Table I style values).
    p, low, high = s.proportion_ci(8, 10)
    assert p == 0.8
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)
    p, low, high = s.proportion_ci(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)


def test_score_is_mean_times_ten_with_interval_clipped():
    est = s.score(list(range(1, 11)))
    assert est.estimate == pytest.approx(55.0)
    assert est.low == pytest.approx(33.34149, abs=1e-4)
    top = s.score([10, 10, 10, 9])
    assert top.high <= 100.0


def test_trust_row_mean_uses_answered_items():
    assert s.row_mean([(8, 6), (None, 4), (None, None)])[:2] == [7.0, 4.0]
    assert np.isnan(s.row_mean([(None, None)])[0])


def test_kish_effective_sample_size():
    assert s.kish_neff([1, 1, 1, 1]) == pytest.approx(4)
    # (1+1+2)^2 / (1+1+4) = 16/6
    assert s.kish_neff([1, 1, 2]) == pytest.approx(16 / 6)


def test_two_wave_difference_interval_and_p_value():
    a = s.Estimate(50, 0, 0, 3.0, 100, 100)
    b = s.Estimate(60, 0, 0, 4.0, 100, 100)
    d = s.difference(a, b)
    assert d.difference == 10 and d.se == pytest.approx(5.0)
    assert d.low == pytest.approx(10 - 1.959964 * 5, abs=1e-5)
    assert d.p_value == pytest.approx(0.0455, abs=1e-4)
    assert d.is_significant
    assert not s.difference(a, s.Estimate(51, 0, 0, 4.0, 100, 100)).is_significant


def test_distribution_counts_and_shares():
    out = s.distribution([1, 1, 2, 3], [1, 2, 3, 4])
    assert [r["count"] for r in out] == [2, 1, 1, 0]
    assert out[0]["share"] == 0.5


def test_rake_hand_checked_two_by_two():
    # 4 respondents: sex (m, m, f, f), age (y, o, y, o); one extra young man.
    sex = ["m", "m", "m", "f", "f"]
    age = ["y", "y", "o", "y", "o"]
    margins = {"sex": {"m": 50, "f": 50}, "age": {"y": 50, "o": 50}}
    res = s.rake({"sex": sex, "age": age}, margins, cap=None)
    w = res.weights
    assert res.converged
    assert res.max_margin_error < 1e-6
    # By hand: the fixed point has the two young men equal (a), the old man b, young woman c,
    # old woman d with 2a+b = c+d (sex) and 2a+c = b+d (age) => b = c; symmetric solution
    # a = 0.75*b... check the margins and the total directly.
    total = w.sum()
    assert total == pytest.approx(5)
    assert w[:3].sum() / total == pytest.approx(0.5)
    assert (w[0] + w[1] + w[3]) / total == pytest.approx(0.5)
    assert w[0] == pytest.approx(w[1])
    assert w[2] == pytest.approx(w[3])


def test_rake_leaves_prefer_not_to_say_out_of_that_margin():
    sex = ["m", "m", "f", "x"]
    res = s.rake({"sex": sex}, {"sex": {"m": 1, "f": 1}}, cap=None)
    w = res.weights
    assert (w[0] + w[1]) == pytest.approx(w[2])
    assert res.max_margin_error < 1e-9


def test_rake_trims_weights_at_the_cap():
    # One woman among nine men, population half and half: untrimmed weight would be 5.
    sex = ["m"] * 9 + ["f"]
    res = s.rake({"sex": sex}, {"sex": {"m": 1, "f": 1}}, cap=3.0)
    assert res.weights.max() <= 3.0 + 1e-9
    assert res.trimmed == 1
    assert res.n_eff < 10
    untrimmed = s.rake({"sex": sex}, {"sex": {"m": 1, "f": 1}}, cap=None)
    assert untrimmed.weights.max() == pytest.approx(5.0)


def test_rake_matches_ipfn_on_random_data():
    ipfn_mod = pytest.importorskip("ipfn.ipfn")
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(7)
    n = 400
    age = rng.choice(["18-34", "35-54", "55+"], size=n, p=[0.2, 0.4, 0.4])
    race = rng.choice(["a", "b", "c", "d"], size=n, p=[0.4, 0.3, 0.2, 0.1])
    m_age = {"18-34": 300.0, "35-54": 400.0, "55+": 300.0}
    m_race = {"a": 250.0, "b": 250.0, "c": 300.0, "d": 200.0}
    ours = s.rake({"age": age, "race": race}, {"age": m_age, "race": m_race}, cap=None, tol=1e-12)
    df = pd.DataFrame({"age": age, "race": race, "total": np.ones(n)})
    scale = n / 1000.0
    agg_age = pd.Series({k: v * scale for k, v in m_age.items()}).rename_axis("age")
    agg_race = pd.Series({k: v * scale for k, v in m_race.items()}).rename_axis("race")
    fitted = ipfn_mod.ipfn(
        df,
        [agg_age, agg_race],
        [["age"], ["race"]],
        weight_col="total",
        convergence_rate=1e-12,
        max_iteration=1000,
    ).iteration()
    assert ours.converged
    np.testing.assert_allclose(ours.weights, fitted["total"].to_numpy(), rtol=1e-6)
