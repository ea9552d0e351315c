"""Tails of the form factors against scipy and the Bessel functions."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, special

from expdesign.physics.phasespace import formfactors as ff
from expdesign.physics.phasespace import tails


def test_osc1_w_against_scipy_quad():
    # formfactors.osc1_w_quad integrates 2 (J1^2 - Y1^2)/y with scipy.quad period by period
    for a in (8.0, 16.0, 24.0, 50.0, 100.0):
        assert tails.osc1_w(a) == pytest.approx(ff.osc1_w_quad(a), rel=1e-4, abs=2e-9)
    # and it is the derivative-consistent antiderivative: Osc1(a) - Osc1(b) = int_a^b osc
    a, b = 30.0, 47.0
    direct = integrate.quad(lambda y: 2 * (special.j1(y) ** 2 - special.y1(y) ** 2) / y, a, b,
                            limit=200)[0]
    assert tails.osc1_w(a) - tails.osc1_w(b) == pytest.approx(direct, rel=1e-7, abs=1e-12)


def test_avg_w_series_matches_bessel():
    y = np.geomspace(20.0, 1e6, 500)
    exact = 2 * (special.j1(y) ** 2 + special.y1(y) ** 2) / y
    assert np.max(np.abs(tails.avg_w(y) / exact - 1)) < 2e-9


def test_hankel_envelope_series():
    z = np.concatenate([16 + np.linspace(0, 30, 7) * 1j, 61 + np.linspace(0, 5, 4) * 1j,
                        [400 + 0j, 1e4 + 2j]])
    h = special.hankel1e(1, z)
    for zz, hh in zip(z, h, strict=True):  # each |z| range picks its own term count
        assert abs(tails.env_w(np.array([zz]))[0] / (2 * hh * hh / zz) - 1) < 1e-10
