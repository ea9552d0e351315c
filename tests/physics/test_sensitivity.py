"""Sensitivity arithmetic: log differences, positivity maxima, needed values, bands."""

from __future__ import annotations

import math

import numpy as np
import pytest

from expdesign.physics import sensitivity as s


def test_power_law_difference_is_exact_with_zero_error():
    x = 3.0
    for p in (-4.0, 0.5, 2.0):
        e, err, c = s.log_elasticity((x * math.exp(-0.1)) ** p, x**p,
                                     (x * math.exp(0.1)) ** p, 0.1)
        assert e == pytest.approx(p, abs=1e-12)
        assert err == pytest.approx(0.0, abs=1e-12)
        assert c == pytest.approx(0.0, abs=1e-9)


def test_differences_converge_and_the_error_estimate_covers_the_true_error():
    # f = exp(x): d ln f / d ln x = x, exactly
    x0 = 1.7
    prev = None
    for h in (0.2, 0.1, 0.05, 0.025):
        e, err, _ = s.log_elasticity(math.exp(x0 * math.exp(-h)), math.exp(x0),
                                     math.exp(x0 * math.exp(h)), h)
        true = abs(e - x0)
        assert true <= err
        if prev is not None:
            assert true < prev / 3.5  # second order: a factor ~4 per halving
        prev = true


def test_positivity_maxima_match_a_brute_force_search():
    # rho_ee = x, rho_pp = 1 - x (the bound rho_ee + rho_pp <= 1 at equality is the best
    # case), |rho_ep|^2 at its positivity limit x (1 - x)
    x = np.linspace(0, 1, 200001)
    chi2 = x**2 * (x * (1 - x))
    mag = x**3 * (x * (1 - x))
    assert s.MAX_CHI2 == pytest.approx(float(np.max(chi2)), rel=1e-9)
    assert s.MAX_CHI2 == pytest.approx(27 / 256, rel=1e-15)
    assert s.MAX_MAGNETIZATION_FACTOR == pytest.approx(float(np.max(mag)), rel=1e-9)
    # random density matrices of the e-p block never exceed it
    rng = np.random.default_rng(1)
    for _ in range(2000):
        a = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
        rho = a @ a.conj().T
        rho /= np.trace(rho).real
        assert rho[0, 0].real ** 2 * abs(rho[0, 1]) ** 2 <= s.MAX_CHI2 + 1e-12


def test_needed_value_inverts_a_power_law():
    x0, p, ratio = 2.0, -4.0, 1e-6
    x = s.needed_value(x0, p, ratio)
    assert x is not None and (x / x0) ** p == pytest.approx(ratio, rel=1e-12)
    assert s.needed_value(x0, 0.0, ratio) is None


def test_sampled_band_agrees_with_the_linearised_one_for_small_uncertainties():
    spreads = [s.log_spread(1.0, relative=0.01), s.log_spread(5.0, rng=(4.95, 5.05)),
               s.log_spread(1.0, lognormal_sigma=0.005)]
    es, cs = [2.0, -4.0, 1.3], [0.7, -3.0, 5.0]
    lo, mid, hi, dom = s.linear_band(10.0, es, spreads)
    slo, smed, shi = s.sampled_band(10.0, es, cs, spreads, n=200000, seed=3)
    assert dom == 1  # 4 x 0.0058 beats 2 x 0.00995 and 1.3 x 0.005
    for a, b in ((lo, slo), (mid, smed), (hi, shi)):
        assert a == pytest.approx(b, rel=2e-3)
    # large spreads: the curvature makes them differ (the check is not trivially equal)
    big = [s.log_spread(1.0, lognormal_sigma=1.0)]
    l2 = s.linear_band(1.0, [1.0], big)
    s2 = s.sampled_band(1.0, [1.0], [2.0], big, n=50000)
    assert abs(math.log(s2[2] / l2[2])) > 0.3
