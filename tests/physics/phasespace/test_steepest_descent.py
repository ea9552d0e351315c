"""Numerical steepest descent for the oscillating tails against scipy.quad on the real axis."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scipy import integrate

from expdesign.physics import phasespace as ps
from expdesign.physics.phasespace import edge_params as ep
from expdesign.physics.phasespace import steepest_descent, tails
from expdesign.physics.phasespace.edge_pair import EdgePair

from .conftest import CM, KIN, MASSES, PM


def _line_quad(pair, y, phi, T, k):
    """int_{|x|>T} (U - U_avg)(x) g(x) dx on one z-line by scipy.quad (QAWO, cos 2x),
    pieces of <= 20 units, graded towards both chord ends."""
    xa, xb = (float(v[0]) for v in pair.line_roots(np.array([y]), np.array([phi]))[:2])

    def f(x):
        return pair.g_sum(np.array([[x]]), np.array([[y]]), np.array([[phi]]),
                          np.array([[1.0]]))[k] / (2 * x * x)

    tot = 0.0
    for lo, hi in ((max(xa, T), xb), (xa, min(xb, -T))):
        if not hi > lo:
            continue
        d = np.geomspace(1e-4, min(200.0, hi - lo), 25)
        pts = np.unique(np.concatenate([np.linspace(lo, hi, int((hi - lo) / 20) + 2),
                                        lo + d, hi - d]))
        pts = pts[(pts >= lo) & (pts <= hi)]
        for a, b in zip(pts[:-1], pts[1:], strict=True):
            tot -= integrate.quad(f, a, b, weight="cos", wvar=2.0, epsabs=0, epsrel=1e-12,
                                  limit=200)[0]
    return tot


@pytest.mark.filterwarnings("ignore::scipy.integrate.IntegrationWarning")
@pytest.mark.parametrize("j", [0, 1, 5])
def test_steepest_descent_line_tail_against_qawo(j):
    """The oscillating part of U along z-lines (numerical steepest descent from both chord
    ends, g continued through its factorised sqrt(lambda)) against scipy.quad's QAWO on the
    real axis, at L = 2R = 0.02 cm (chords of ~1600 form-factor units), forbidden side;
    lightest masses 10 meV and 0 (then m1 m2 = 0 for pair (12): the zeros of M^2 set the
    path grading)."""
    Lm = 0.02 * CM
    for masses in (MASSES, (0.0, 0.0086, 0.0502)):
        pm = ps.pair_masses(masses)
        qz, qx = KIN.Q(np.radians(150.0))
        pair = EdgePair(float(qz), float(qx), KIN.eps_ep, pm[j, 0], pm[j, 1], "case1",
                        Lm, Lm / 2)
        pmax = np.sqrt(pair.pmax2)
        # 6 nodes per path panel (production: 5, which leaves 1.4e-6 of this oscillating
        # part, ~1e-9 of the cell, in the extreme m1 = 0 case where M^2 = 0 lies 0.01
        # units beyond the chord end)
        prm = replace(ep.EDGE_BEYOND, sd_deg=6)
        for y, phi in ((0.5, 0.3), (7.0, 2.0)):
            sd = steepest_descent.sd_osc_u(pair, np.array([y]), np.array([phi]), np.ones(1), prm,
                              (qz + pmax) * Lm / 2, (pmax - qz) * Lm / 2, False)
            for k in range(2):
                ref = _line_quad(pair, y, phi, prm.T, k)
                if ref == 0.0:
                    assert sd[k] == 0.0
                else:
                    assert sd[k] == pytest.approx(ref, rel=1e-6)


@pytest.mark.filterwarnings("ignore::scipy.integrate.IntegrationWarning")
def test_steepest_descent_ray_tail_against_quad():
    """The oscillating part of W along rays in the K_perp plane (Hankel envelope on the
    paths) against scipy.quad of 2 (J1^2 - Y1^2)/y g on the real axis, L = 2R = 0.02 cm:
    1e-6 with 6 nodes per path panel (the method), 5e-6 with the production EDGE_FORB's 4
    (issue 22: these rays are a small part of J; the cells' J stay within 2.6e-7 of
    EDGE_HI, tests/physics/phasespace/test_edge_cells.py)."""
    for rule, tol in ((replace(ep.EDGE_FORB, sd_deg=6), 1e-6), (ep.EDGE_FORB, 5e-6)):
        _ray_tails_against_quad(rule, tol)


def _ray_tails_against_quad(rule: ep.EdgeParams, tol: float) -> None:
    Lm = 0.02 * CM
    qz, qx = KIN.Q(np.radians(146.0))
    for j in (0, 5):
        pair = EdgePair(float(qz), float(qx), KIN.eps_ep, PM[j, 0], PM[j, 1], "case1", Lm,
                        Lm / 2)
        n_checked = 0
        for x, phi in ((0.5, 0.3), (3.0, 2.9), (-20.0, 0.1)):
            X, P = np.array([x]), np.array([phi])
            sd = steepest_descent.sd_osc_w(pair, X, P, np.ones(1), rule)
            ya, yb = (float(v[0]) for v in pair.ray_roots(X, P)[:2])
            lo, hi = max(ya, rule.T2), yb
            if not hi > lo:
                assert np.all(sd == 0.0)
                continue
            n_checked += 1
            d = np.geomspace(1e-4, min(100.0, hi - lo), 25)
            pts = np.unique(np.concatenate([np.linspace(lo, hi, int((hi - lo) / 3) + 2),
                                            lo + d, hi - d]))
            pts = pts[(pts >= lo) & (pts <= hi)]
            for k in range(2):
                def f(y, k=k, pair=pair, X=X, P=P):
                    return pair.g_sum(X[:, None], np.array([[y]]), P[:, None],
                                      np.array([[1.0]]))[k] * tails.osc_w(y)
                ref = sum(integrate.quad(f, a, b, epsabs=0, epsrel=1e-12, limit=200)[0]
                          for a, b in zip(pts[:-1], pts[1:], strict=True))
                assert sd[k] == pytest.approx(ref, rel=tol)
        assert n_checked >= 1
