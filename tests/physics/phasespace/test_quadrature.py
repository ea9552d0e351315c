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
    x, wx = np.polynomial.legendre.leggauss(16)
    np.testing.assert_array_equal(ph, np.pi / 2 * (x + 1))
    np.testing.assert_array_equal(wph, np.pi * wx)


def test_ladder_rounds_up():
    assert len(q.gauss_legendre_ladder(1)[0]) == 16
    assert len(q.gauss_legendre_ladder(17)[0]) == 21
    k, w = q.gauss_legendre_on(2.0, 5.0, 30)
    assert len(k) >= 30 and np.isclose(np.sum(w * k**3), (5.0**4 - 2.0**4) / 4)
