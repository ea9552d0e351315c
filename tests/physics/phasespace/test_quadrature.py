"""Gauss-Legendre helpers: exactness, read-only caching, and the maps the rules use."""

from __future__ import annotations

import numpy as np
import pytest

from expdesign.physics.phasespace import quadrature as q


def test_gauss_legendre_is_exact_and_read_only():
    x, w = q.gauss_legendre(7)
    assert np.isclose(np.sum(w * x**12), 2 / 13, rtol=1e-14)
    with pytest.raises(ValueError, match='assignment destination is read\\-only'):
        x[0] = 0.0
    assert q.gauss_legendre(7)[0] is x  # cached


def test_maps():
    s, w = q.gauss_legendre_01(9)
    assert np.isclose(np.sum(w * s**4), 1 / 5, rtol=1e-14)
    t, wt = q.tau_rule(12)
    assert np.isclose(np.sum(wt * np.sin(t)), 2.0, rtol=1e-13)
    ph, wph = q.half_azimuth_rule(16)
    assert np.all((ph > 0) & (ph < np.pi)) and np.isclose(wph.sum(), 2 * np.pi)
    # the half-azimuth map equals the pi/2 (x + 1), pi w form bit for bit
    x, wx = q.gauss_legendre(16)
    np.testing.assert_array_equal(ph, np.pi / 2 * (x + 1))
    np.testing.assert_array_equal(wph, np.pi * wx)


def test_ladder_rounds_up():
    assert len(q.gauss_legendre_ladder(1)[0]) == 16
    assert len(q.gauss_legendre_ladder(17)[0]) == 21
    k, w = q.gauss_legendre_on(2.0, 5.0, 30)
    assert len(k) >= 30 and np.isclose(np.sum(w * k**3), (5.0**4 - 2.0**4) / 4)


@pytest.mark.parametrize("n", [16, 171, 1612])
def test_scipy_nodes_match_numpy_and_integrate_cosines_exactly(n):
    """The nodes (scipy.special.roots_legendre since issue 22) against numpy's leggauss (an
    independent eigenvalue route) and against int_-1^1 cos(a x) dx = 2 sin(a) / a up to
    a ~ 2n/3, where the rule is still exact to rounding."""
    x, w = q.gauss_legendre(n)
    xn, wn = np.polynomial.legendre.leggauss(n)
    np.testing.assert_allclose(x, xn, rtol=0, atol=1e-15)
    np.testing.assert_allclose(w, wn, rtol=1e-7, atol=0)  # the end weights differ most
    for a in (1.0, n / 3, 2 * n / 3):
        assert abs(w @ np.cos(a * x) - 2 * np.sin(a) / a) < 2e-12
