"""The slab-free rule's fitted z-lines (edge_core, issue 22): the fit reproduces the
polynomials it is built on, the guard follows its closed form, and the production
EDGE_BEYOND (fitted lines) agrees with every line integrated and with EDGE_HI."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from expdesign.physics.phasespace import edge_core as eco
from expdesign.physics.phasespace import edge_params as ep
from expdesign.physics.phasespace.edge_pair import EdgePair
from expdesign.physics.phasespace.edge_rule import edge_integral

from .conftest import CM, KIN, PM

L, R = 2 * CM, CM


def test_cardinal_reproduces_even_polynomials_of_its_degree():
    """C f_n is the least-squares polynomial through the fitted lines, so any u^a v^(2b)
    with a + 2b <= deg is reproduced exactly anywhere on the disk (and the constant gives
    weights summing to the disk's total weight)."""
    rng = np.random.default_rng(3)
    rad, n_r, n_az, deg = 700.0, 2, 5, 4
    y = rad * np.sqrt(rng.uniform(0, 1, 50))
    phi = rng.uniform(0, np.pi, 50)
    C = eco.cardinal(y, phi, rad, n_r, n_az, deg)
    yn, pn = eco.fit_nodes(rad, n_r, n_az)
    assert len(yn) == 1 + n_r * n_az and np.isclose(yn.max(), rad)
    for a, b in ((0, 0), (1, 0), (4, 0), (2, 1), (0, 2), (1, 1), (3, 0)):
        def f(yy, pp, a=a, b=b):
            return (yy * np.cos(pp) / rad) ** a * (yy * np.sin(pp) / rad) ** (2 * b)
        np.testing.assert_allclose(C @ f(yn, pn), f(y, phi), atol=1e-12)
    # degree 5 is beyond it: u^5 is not reproduced
    u5 = (y * np.cos(phi) / rad) ** 5
    assert np.max(np.abs(C @ (yn * np.cos(pn) / rad) ** 5 - u5)) > 1e-3


def test_core_variation_closed_form_and_tangency():
    """Q_x = 0: r^2 runs from P^2 - k^2 to P^2 over the disk (k = rad / R), so the
    variation is max(k^2 / P^2, (P - sqrt(P^2 - k^2)) / (Q_z - P)); a disk that reaches
    the tangent lines (|Q_x| + k >= P_max) or x = 0 has no bound (inf)."""
    pair = EdgePair(0.05, 0.0, 0.04, 0.0, 0.0, "case1", L, R)  # P_max = 0.04 eV
    P = 0.04
    for rad in (24.0, 400.0):
        k = rad / R
        want = max(k * k / P**2, (P - np.sqrt(P**2 - k * k)) / (0.05 - P))
        assert eco.core_variation(pair, rad) == pytest.approx(want, rel=1e-10)
    assert eco.core_variation(pair, 0.041 * R) == np.inf
    side = EdgePair(0.05, 0.039, 0.04, 0.0, 0.0, "case1", L, R)  # tangent at k = 1e-3
    assert eco.core_variation(side, 0.002 * R) == np.inf
    assert eco.core_variation(EdgePair(0.03, 0.0, 0.04, 0.0, 0.0, "case1", L, R), 24.0) \
        == np.inf  # the sphere reaches x = 0


@pytest.mark.parametrize("th, j", [(178.2, 5), (160.0, 0), (147.6, 1)])
def test_fitted_lines_against_every_line(th, j):
    """The slab-free rule cell_rules picks (EDGE_BEYOND; EDGE_BEYOND_CLOSE at 147.6 deg,
    47 units from the x core), fitted lines out to the guarded radius, against the same
    rule with every z-line integrated: measured <= 2.5e-10 over all 1987 such cells of
    601 angles at lightest 0 / 10 meV NO and 100 meV IO, far below the 1e-6 asked for
    (a degree-3 fit is 1.6e-5..1e-4 off here)."""
    from expdesign.physics.phasespace.edge_cells import cell_rules

    qz, qx = (float(q) for q in KIN.Q(np.radians(th)))
    args = (qz, qx, KIN.eps_ep, PM[j, 0], PM[j, 1], "case1", L, R)
    prm = cell_rules(*args[:5], L, R)[0]
    assert prm in (ep.EDGE_BEYOND, ep.EDGE_BEYOND_CLOSE) and prm.core_fit
    pair = EdgePair(*args)
    y_hi = (abs(qx) + np.sqrt(pair.pmax2)) * R
    assert eco.fit_radius(pair, prm, y_hi) >= 16 * prm.T2  # the fit is used
    v = edge_integral(*args, prm)
    every = edge_integral(*args, replace(prm, core_fit=0))
    np.testing.assert_allclose(v, every, rtol=1e-8, atol=0)


def test_fitted_rule_against_reference_at_its_worst_cell():
    """The EDGE_BEYOND cell farthest from EDGE_HI over all 655 at 10 meV NO (pair (3,3),
    148.5 deg; 5.7e-7 on J_M, as without the fit): within the 1e-6 asked for."""
    qz, qx = KIN.Q(np.radians(148.5))
    args = (float(qz), float(qx), KIN.eps_ep, PM[5, 0], PM[5, 1], "case1", L, R)
    v = edge_integral(*args, ep.EDGE_BEYOND)
    ref = edge_integral(*args, ep.EDGE_HI)
    np.testing.assert_allclose(v, ref, rtol=1e-6, atol=0)


def test_unguarded_core_falls_back_to_every_line():
    """A slab-free cell whose core disk reaches the lines tangent to the sphere (|Q_x| =
    P_max - k_c / 2): no fit, the rule integrates every line (the same numbers)."""
    pmax = np.sqrt(KIN.eps_ep**2 - (PM[5].sum()) ** 2)
    qx = pmax - 0.5 * ep.EDGE_BEYOND.T2 / R
    qz = pmax + 0.01
    args = (qz, qx, KIN.eps_ep, PM[5, 0], PM[5, 1], "case1", L, R)
    pair = EdgePair(*args)
    assert eco.fit_radius(pair, ep.EDGE_BEYOND, 1e9) == 0.0
    a = edge_integral(*args, ep.EDGE_BEYOND)
    b = edge_integral(*args, replace(ep.EDGE_BEYOND, core_fit=0))
    assert np.all(np.isfinite(a)) and a[0] > 0
    np.testing.assert_array_equal(a, b)
