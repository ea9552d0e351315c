"""The edge sphere of one cell: crossings of lines and rays, and g on and off it."""

from __future__ import annotations

import numpy as np
import pytest

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


def test_fused_sums_equal_the_two_body_function():
    """EdgePair's one-pass sums (issue 22) against kinematics.two_body node by node, down
    to threshold (M^2 -> (m1+m2)^2) and for a massless pair."""
    from expdesign.physics.phasespace.edge_pair import EdgePair
    from expdesign.physics.phasespace.kinematics import two_body

    rng = np.random.default_rng(5)
    eps = KIN.eps_ep
    for m1, m2 in ((0.01, 0.0513), (0.0, 0.0), (0.05, 0.05)):
        pair = EdgePair(1.0, 0.3, eps, m1, m2, "case1", 2 * CM, CM)
        p2 = pair.pmax2 * (1 - np.concatenate([rng.random(200), 10.0 ** -np.arange(4, 13)]))
        sp2 = p2 * rng.random(p2.size)
        w = rng.normal(size=p2.size)
        gD, gM = two_body(p2, sp2, eps, m1, m2)
        got = pair._sums(p2, sp2, w)
        assert got[0] == pytest.approx(np.sum(w * gD), rel=1e-12)
        assert got[1] == pytest.approx(np.sum(w * gM), rel=1e-12, abs=0.0)


def test_paired_square_roots_equal_four_principal_roots():
    """_sqrt4: sqrt((a+dz)(b-dz)) sqrt((c+dz)(d-dz)) = sqrt(a+dz) sqrt(b-dz) sqrt(c+dz)
    sqrt(d-dz) for Im dz > 0, including real parts of either sign (both sides of every
    branch cut) and dz next to the real axis."""
    from expdesign.physics.phasespace.edge_pair import _sqrt4

    rng = np.random.default_rng(7)
    a, b, c, d = (rng.normal(scale=50, size=4000) for _ in range(4))
    dz = rng.normal(scale=20, size=4000) * 0 + 1j * 10.0 ** rng.uniform(-8, 3, 4000)
    dz = dz + rng.choice([0.0, 1.0], 4000) * rng.normal(scale=30, size=4000)
    ref = np.sqrt(a + dz) * np.sqrt(b - dz) * np.sqrt(c + dz) * np.sqrt(d - dz)
    np.testing.assert_allclose(_sqrt4(a, b, c, d, dz), ref, rtol=1e-12)
