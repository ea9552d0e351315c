"""The in-plane density against the direct eq. (17) phase-space volume."""

from __future__ import annotations

import numpy as np

from expdesign.physics import phasespace as ps


def test_inplane_density_integrates_to_eq17_volume():
    """int h(P) d^2P = int dE1 p1 p2 int dth1 dth2 |sin th1 sin th2| D (no form factor)."""
    eps, m1, m2 = 1.5896, 0.05, 0.2
    # direct: Gauss in E1, theta1, theta2
    xe, we = np.polynomial.legendre.leggauss(60)
    E1 = m1 + (eps - m2 - m1) * (xe + 1) / 2
    wE = we * (eps - m2 - m1) / 2
    E2 = eps - E1
    p1 = np.sqrt(E1**2 - m1**2)
    p2 = np.sqrt(E2**2 - m2**2)
    xt, wt = np.polynomial.legendre.leggauss(64)
    # split [-pi, pi] at the kinks 0 of |sin|
    th = np.concatenate([-np.pi * (xt + 1) / 2, np.pi * (xt + 1) / 2])
    wth = np.concatenate([np.pi / 2 * wt, np.pi / 2 * wt])
    t1, t2 = np.meshgrid(th, th, indexing="ij")
    w12 = np.outer(wth, wth)
    ang = np.abs(np.sin(t1) * np.sin(t2))
    direct = 0.0
    for k in range(len(E1)):
        D = E1[k] * E2[k] - p1[k] * p2[k] * (np.cos(t1 - t2) - 2 * np.cos(t1) * np.cos(t2))
        direct += wE[k] * p1[k] * p2[k] * np.sum(w12 * ang * D)
    # via h in polar coordinates
    pmax = np.sqrt(eps**2 - (m1 + m2) ** 2)
    xr, wr = np.polynomial.legendre.leggauss(200)
    r = pmax * (xr + 1) / 2
    wrr = wr * pmax / 2 * r
    xs, ws = np.polynomial.legendre.leggauss(128)
    psi = np.pi * (xs + 1) / 2  # [0, pi], symmetric
    R_, S_ = np.meshgrid(r, psi, indexing="ij")
    hD, _ = ps.inplane_two_body(R_ * np.cos(S_), R_ * np.sin(S_), eps, m1, m2, "case1", 24)
    via_h = 2 * np.sum(np.outer(wrr, np.pi / 2 * ws) * hD)
    assert np.isclose(via_h, direct, rtol=2e-3)
