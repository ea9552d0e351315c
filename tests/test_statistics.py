"""Tests of expdesign.statistics against closed forms and limits."""

from __future__ import annotations

import math

import numpy as np
import pytest

from expdesign import statistics as st


def test_asimov_small_signal_limit():
    for s, b in [(1.0, 1e4), (0.3, 50.0)]:
        assert st.asimov_significance(s, b) == pytest.approx(s / math.sqrt(b), rel=s / b)


def test_asimov_hand_value():
    # s = b = 1: sqrt(2 (2 ln 2 - 1)) = sqrt(0.77259) = 0.87897
    assert st.asimov_significance(1.0, 1.0) == pytest.approx(0.87897, rel=1e-4)


def test_counting_time_solves_z():
    s, b = 0.2, 3.0
    t = st.counting_time_for_significance(s, b, z=5.0, n_min=0.0)
    assert st.asimov_significance(s * t, b * t) == pytest.approx(5.0, rel=1e-10)
    # s << b: t = z^2 b / s^2
    t2 = st.counting_time_for_significance(1e-3, 10.0, n_min=0.0)
    assert t2 == pytest.approx(25 * 10.0 / 1e-6, rel=1e-3)


def test_background_free_time_scales_as_inverse_rate():
    t1 = st.counting_time_for_significance(2.0, 0.0)
    t2 = st.counting_time_for_significance(4.0, 0.0)
    assert t1 == pytest.approx(1.5) and t2 == pytest.approx(t1 / 2)


def test_magnetometer_time():
    # t = (z S / B)^2 / 2 ; noise^2 / signal^2 scaling
    t = st.magnetometer_time_for_snr(1e-15, 1e-14, z=5.0)
    assert t == pytest.approx(0.5 * 50.0**2)
    assert st.magnetometer_time_for_snr(1e-15, 2e-14) == pytest.approx(4 * t)
    assert st.magnetometer_time_for_snr(2e-15, 1e-14) == pytest.approx(t / 4)
    assert 1e-15 / st.magnetometer_noise(1e-14, t) == pytest.approx(5.0)


def test_magnetometer_noise_convention_by_simulation():
    # white noise of one-sided PSD S^2 sampled at fs has variance S^2 fs / 2;
    # the mean of N = t fs samples then has sigma = S / sqrt(2 t)
    rng = np.random.default_rng(1)
    asd, fs, t = 2.0, 1000.0, 0.5
    n = int(t * fs)
    x = rng.normal(0.0, asd * math.sqrt(fs / 2), size=(4000, n)).mean(axis=1)
    assert x.std() == pytest.approx(st.magnetometer_noise(asd, t), rel=0.05)


def test_accumulation_cycle():
    # carry-over: mean = rate T1 duty, by brute-force ODE integration as well
    rate, t1, per, tg = 2.0, 0.3, 0.1, 0.04
    c = st.accumulation_cycle(rate, t1, per, tg)
    assert c.mean == pytest.approx(rate * t1 * tg / per)
    dt = 1e-5
    m, acc, n_per = 0.0, 0.0, int(round(per / dt))
    for k in range(60 * n_per):
        src = rate if (k % n_per) * dt < tg else 0.0
        m += dt * (src - m / t1)
        if k >= 59 * n_per:
            acc += m * dt
    assert acc / per == pytest.approx(c.mean, rel=2e-3)
    # reset, T1 -> infinity, generation all cycle: linear ramp, mean = rate P / 2
    r = st.accumulation_cycle(rate, 1e9, per, reset=True)
    assert r.mean == pytest.approx(rate * per / 2, rel=1e-6)
    assert r.peak == pytest.approx(rate * per, rel=1e-6)


def test_delta_chi2_linear_in_time():
    a = np.array([1.0, 2.0, 3.0])
    b = np.array([1.5, 2.0, 2.0])
    d1 = st.delta_chi2_counting(a, b)
    assert d1 == pytest.approx(0.25 / 1.5 + 1 / 2.0)
    assert st.delta_chi2_counting(7 * a, 7 * b) == pytest.approx(7 * d1)
    t = st.time_for_delta_chi2(d1, 25.0)
    assert st.delta_chi2_counting(t * a, t * b) == pytest.approx(25.0)


def test_magnetometer_delta_chi2():
    d = st.delta_chi2_rate_magnetometer([1.0, 0.0], [0.0, 0.0], asd=2.0)
    assert d == pytest.approx(2 * 1.0 / 4.0)
    assert st.delta_chi2_gaussian([1.0], [0.0], 0.5) == pytest.approx(4.0)


def test_combined_settings():
    assert st.combined_delta_chi2_rate([1.0, 3.0]) == pytest.approx(2.0)
    assert st.combined_delta_chi2_rate([1.0, 3.0], [0.25, 0.75]) == pytest.approx(2.5)
    with pytest.raises(ValueError, match='fractions must be >='):
        st.combined_delta_chi2_rate([1.0, 3.0], [0.5, 0.6])


def test_profile_interval_linear_model():
    # linear predictions: Delta chi^2 = t c (m - m0)^2 with c = sum slope^2 / mu0 -> +-1/sqrt(tc)
    grid = np.linspace(0.0, 0.1, 401)
    pred = lambda m: np.array([1 + 10 * m, 2 - 5 * m])  # noqa: E731
    t = 100.0
    iv = st.profile_interval(grid, pred, 0.05, t)
    c = t * (100 / 1.5 + 25 / 1.75)
    assert iv.lower == pytest.approx(0.05 - 1 / math.sqrt(c), abs=2e-5)
    assert iv.upper == pytest.approx(0.05 + 1 / math.sqrt(c), abs=2e-5)
    assert not iv.lower_open and not iv.upper_open
    # grid array input gives the same
    arr = np.array([pred(m) for m in grid])
    iv2 = st.profile_interval(grid, arr, 0.05, t)
    assert iv2.lower == pytest.approx(iv.lower, abs=1e-9)
    # short exposure: interval open at both ends
    iv3 = st.profile_interval(grid, pred, 0.05, 1e-3)
    assert iv3.lower_open and iv3.upper_open


def test_profile_interval_free_norm_kills_pure_scale():
    grid = np.linspace(0.5, 2.0, 31)
    pred = lambda m: m * np.array([1.0, 2.0, 3.0])  # noqa: E731
    iv = st.profile_interval(grid, pred, 1.0, 1e6, kind="magnetometer", asd=1.0,
                             free_norm=True)
    assert iv.lower_open and iv.upper_open
    assert np.allclose(iv.dchi2, 0.0, atol=1e-12)


def test_profile_interval_sequential_settings():
    # two angle settings, magnetometer, time fractions f = (0.25, 0.75) of T:
    # Delta chi^2 = 2 T (f1 a1^2 + f2 a2^2) (m - m0)^2 / S^2 with slopes a1 = 3, a2 = 1
    grid = np.linspace(0.0, 1.0, 2001)
    pred = lambda m: np.array([3 * m, 1 * m + 2])  # noqa: E731
    big_t, asd = 10.0, 2.0
    f = np.array([0.25, 0.75])
    iv = st.profile_interval(grid, pred, 0.5, big_t * f, kind="magnetometer", asd=asd)
    c = 2 * big_t * (f[0] * 9 + f[1] * 1) / asd**2
    assert iv.upper - 0.5 == pytest.approx(1 / math.sqrt(c), abs=1e-5)
    # same number from the per-setting rates and combined_delta_chi2_rate
    d_rate = [2 * 9 / asd**2, 2 * 1 / asd**2]  # per unit (m - m0)^2, per second on it
    assert big_t * st.combined_delta_chi2_rate(d_rate, f) == pytest.approx(c)


def test_counting_is_the_poisson_likelihood_ratio():
    """2 [r_A - r_B + r_B ln(r_B/r_A)] (truth r_B), by hand; Pearson to second order; 2 r_A
    for an empty truth bin; finite (not Pearson's r_A^2/r_B) as the truth falls to zero."""
    from expdesign.statistics import delta_chi2_rate_counting_with_empty as f

    lr = 2 * (3.0 - 2.0 + 2.0 * math.log(2.0 / 3.0))  # 0.37814
    assert f(np.array([3.0]), np.array([2.0])) == pytest.approx(lr, rel=1e-14)
    assert f(np.array([3.0]), np.array([2.0])) == pytest.approx(0.378139, abs=1e-6)
    # small differences: Pearson (a - t)^2 / t
    assert f(np.array([2.001]), np.array([2.0])) == pytest.approx(1e-6 / 2.0, rel=1e-3)
    # empty truth bin: the Poisson limit 2 mu_alt
    assert f(np.array([3.0, 1.5]), np.array([2.0, 0.0])) == pytest.approx(lr + 3.0)
    assert f(np.array([0.0]), np.array([0.0])) == 0.0
    # next to a threshold the truth's rate -> 0: the ratio -> 2 r_A, Pearson would be 1e12
    assert f(np.array([1.0]), np.array([1e-12])) == pytest.approx(2.0, rel=1e-9)
    # the alternative expects nothing: the conservative Pearson bound r_B
    assert f(np.array([0.0]), np.array([4.0])) == 4.0
    # a large common background (signals 1e-15 on 1 /s): no cancellation, Pearson's value
    b, sa, sb = 1.0, 3e-15, 2e-15
    d = (b + sa) - (b + sb)  # the difference as the rounded rates carry it
    assert f(np.array([b + sa]), np.array([b + sb])) == pytest.approx(d * d / (b + sb),
                                                                      rel=1e-9)
    # the series and the direct form meet at |u| = 1e-3
    for u in (0.999e-3, 1.001e-3, -0.999e-3, -1.001e-3):
        assert f(np.array([1.0 + u]), np.array([1.0])) == pytest.approx(
            2 * (u - math.log1p(u)), rel=1e-10)


def test_mass_interval_halfwidth():
    from expdesign.statistics import mass_interval_halfwidth

    assert mass_interval_halfwidth(0.0) == 5e-3
    assert mass_interval_halfwidth(0.05) == pytest.approx(0.025)


def test_counting_time_not_reachable_when_significance_underflows():
    """s = 1e-300 /s on b = 1e18 /s: Z(s, b) ~ s / sqrt(b) underflows to 0; the time is
    inf (not reachable), not a ZeroDivisionError (found by the Planner fuzz test)."""
    assert st.counting_time_for_significance(1e-300, 1e18) == math.inf
    # just above the underflow the closed form s/sqrt(b) still holds: t = z^2 b / s^2
    t = st.counting_time_for_significance(1e-3, 1e6, n_min=0.0)
    assert t == pytest.approx(25.0 * 1e6 / 1e-6, rel=1e-6)


def test_per_setting_terms_sum_to_the_binned_statistics():
    """Issue 22: the per-setting Delta chi^2 terms used by studies, elementwise, sum to the
    binned statistics the Plan uses (including empty truth bins)."""
    rng = np.random.default_rng(3)
    a = rng.uniform(0.0, 5.0, 40)
    t = np.concatenate([rng.uniform(0.5, 5.0, 30), np.zeros(10)])
    per = st.delta_chi2_settings_counting(a, t)
    assert per.shape == a.shape and np.all(per >= 0)
    assert per.sum() == pytest.approx(st.delta_chi2_rate_counting_with_empty(a, t),
                                      rel=1e-13)
    assert per[-1] == pytest.approx(2 * a[-1])  # empty truth bin: 2 mu_A
    b_a, b_t = rng.normal(size=12), rng.normal(size=12)
    per_b = st.delta_chi2_settings_magnetometer(b_a, b_t, 0.7)
    assert per_b.sum() == pytest.approx(st.delta_chi2_rate_magnetometer(b_a, b_t, 0.7),
                                        rel=1e-13)
    for i in (0, 5):
        assert per_b[i] == pytest.approx(st.delta_chi2_rate_magnetometer(
            b_a[i:i + 1], b_t[i:i + 1], 0.7), rel=1e-13)


def test_gaussian_delta_chi2_saturates_instead_of_overflowing():
    """A magnetometer of 1e-300 T/sqrt(Hz) (a valid spec, found by the schema fuzz):
    (B_A - B_B)^2 / S^2 leaves the float range; Delta chi^2 saturates at DCHI2_MAX (the
    exposure reads as instant) without a warning, and ordinary values are unchanged."""
    import warnings

    from expdesign import statistics as st

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = st.delta_chi2_gaussian(np.array([-3.55e-54]), np.array([-4.91e-54]), 7e-301)
        per = st.delta_chi2_settings_magnetometer(np.array([-3.55e-54, 2e-60]),
                                                  np.array([-4.91e-54, 2e-60]), 1e-300)
        rate = st.delta_chi2_rate_magnetometer(np.array([-3.55e-54]),
                                               np.array([-4.91e-54]), 1e-300)
    assert big == st.DCHI2_MAX and rate == st.DCHI2_MAX
    assert per[0] == st.DCHI2_MAX and per[1] == 0.0
    assert st.delta_chi2_gaussian(np.array([1.0, 2.0]), np.zeros(2), 0.5) == 20.0
    np.testing.assert_array_equal(
        st.delta_chi2_settings_magnetometer(np.array([3.0]), np.array([1.0]), 2.0), [2.0])
