"""The edge sphere of one cell: crossings of lines and rays, and g on and off it."""

from __future__ import annotations

import numpy as np

from expdesign.physics.phasespace.edge_pair import EdgePair

from .conftest import CM, KIN, PM


def _pair(deg: float, j: int) -> EdgePair:
    qz, qx = KIN.Q(np.radians(deg))
    return EdgePair(float(qz), float(qx), KIN.eps_ep, PM[j, 0], PM[j, 1], "case1", 2 * CM, CM)


def test_line_and_ray_crossings_lie_on_the_sphere():
    pair = _pair(146.0, 1)
    y, phi = np.array([3.0, 40.0]), np.array([0.4, 2.0])
    xb = pair.x_breaks(y, phi)
    xa_b = np.stack(pair.line_roots(y, phi)[:2], axis=-1)
    np.testing.assert_allclose(xb, xa_b, rtol=1e-14)
    for k in range(2):
        for x in xb[k]:
            if np.isfinite(x):
                pz = pair.qz - 2 * x / pair.L
                kp = y[k] / pair.R
                p2 = pz**2 + (pair.qx - kp * np.cos(phi[k])) ** 2 + (kp * np.sin(phi[k])) ** 2
                assert np.isclose(p2, pair.pmax2, rtol=1e-9)
    yb = pair.y_breaks(np.array([0.0]), np.array([0.1]))
    assert np.all(np.isnan(yb) | (yb > 0))


def test_g_sum_vanishes_outside_the_sphere():
    pair = _pair(100.0, 0)
    far = pair.g_sum(np.array([[1e9]]), np.array([[0.0]]), np.array([[0.0]]), np.ones((1, 1)))
    assert np.all(far == 0.0)
    inside = pair.g_sum(np.array([[0.0]]), np.array([[0.0]]), np.array([[0.0]]),
                        np.ones((1, 1)))
    assert inside[0] > 0 and inside[1] < 0
