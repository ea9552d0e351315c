"""Form factors and their one-dimensional rules against scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate

from expdesign.physics.phasespace import formfactors as ff


def test_lorentzian_widths_from_1d_matching():
    d = ff.lorentzian_matching()
    assert np.isclose(d["x_l"], 1.0, rtol=1e-6)
    assert np.isclose(d["y_t"], 32 / (3 * np.pi**2), rtol=1e-5)
    assert np.isclose(d["int_W_2d"], 4 * np.pi, rtol=1e-5)


def test_weighted_rule_integrates_smooth_function():
    from scipy import integrate

    f = lambda x: np.exp(-((x - 3.0) / 200.0) ** 2)  # noqa: E731
    r = ff.weighted_rule("U", 20.0, 1e4, 2, 8)
    ref = sum(integrate.quad(lambda x: ff.U(x) * f(x), a, a + np.pi)[0]
              for a in np.arange(-2000, 2000, np.pi))
    assert np.isclose(np.sum(r.w * f(r.t)), ref, rtol=1e-7)
    g = lambda y: np.exp(-((y / 300.0) ** 2))  # noqa: E731
    rw = ff.weighted_rule("W", 20.0, 1e4, 2, 8)
    refw = sum(integrate.quad(lambda y: ff.W(y) * y * g(y), a, a + np.pi)[0]
               for a in np.arange(0, 3000, np.pi))
    assert np.isclose(np.sum(rw.w * g(rw.t)), refw, rtol=1e-6)


def test_osc1_u_against_quad():
    for a in (4.0, 16.0, 37.3, 500.0):
        ref = integrate.quad(lambda x: -0.5 / x**2, a, np.inf, weight="cos", wvar=2.0)[0]
        assert ff.osc1_u(a) == pytest.approx(ref, rel=1e-6, abs=1e-14)  # QAWF accuracy
