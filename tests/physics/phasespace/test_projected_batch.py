"""The vectorised projected rule against the cell-by-cell one, and its hypothesis axis."""

from __future__ import annotations

import numpy as np
import pytest

from expdesign.physics.neutrino import PAIRS
from expdesign.physics.phasespace import er_ylf_kinematics, pair_masses
from expdesign.physics.phasespace import projected as pj
from expdesign.physics.phasespace import projected_batch as pb

CM = 5.0677307e4  # eV^-1
R, L = 1 * CM, 2 * CM
# angles on both sides of the Er edges (the allowed side, within 1 degree, and beyond)
THETA = np.radians([20.0, 48.2, 58.79, 59.2, 64.0, 69.8, 144.5])
SETS = [(0.01, 0.01324, 0.05182), (0.0, 0.00865, 0.0502), (0.0, 0.0, 0.05)]


@pytest.mark.parametrize("masses", SETS)
@pytest.mark.parametrize("spin", ["z", "average"])
def test_batch_equals_cell_by_cell(masses, spin):
    kin = er_ylf_kinematics()
    a = pj.distribution_projected_loop(THETA, masses, R, L, spin=spin, kin=kin)
    geom = pb.projected_geometry(THETA, R, L, spin, kin)
    d, m, ed, em = pb.projected_integrals(geom, pair_masses(masses)[None], error=True,
                                          far_core=False)
    b = pj.PairIntegrals(THETA, d[0], m[0], ed[0], em[0], "projected")
    # the default (far-core product rule off the edges) agrees to the rule's accuracy
    c = pj.distribution_projected(THETA, masses, R, L, spin=spin, kin=kin)
    floor = 1e-3 * np.abs(a.dirac).max()
    assert np.max(np.abs(c.dirac - a.dirac) / np.maximum(np.abs(a.dirac), floor)) < 1e-6
    assert np.all(np.isfinite(c.err_dirac)) and c.err_dirac.max() < 1e-5 * floor * 1e3
    sd = float(np.abs(a.dirac).max())
    sm = max(float(np.abs(a.majorana).max()), 1e-300)
    for x, y, scale in ((a.dirac, b.dirac, sd), (a.majorana, b.majorana, sm),
                        (a.err_dirac, b.err_dirac, sd), (a.err_majorana, b.err_majorana, sm)):
        assert np.max(np.abs(x - y)) <= 1e-12 * scale


def test_hypothesis_axis_and_four_masses():
    kin = er_ylf_kinematics()
    geom = pb.projected_geometry(THETA, R, L, "z", kin)
    assert pb.projected_geometry(THETA, R, L, "z", kin) is geom  # cached
    pm = np.stack([pair_masses(m) for m in SETS])
    d, m, ed, em = pb.projected_integrals(geom, pm, error=False)
    assert d.shape == (3, len(THETA), 6) and not ed.any() and not em.any()
    for h in range(len(SETS)):
        d1, m1, _, _ = pb.projected_integrals(geom, pm[h:h + 1])
        np.testing.assert_array_equal(d[h], d1[0])
        np.testing.assert_array_equal(m[h], m1[0])
    # a fourth mass: 10 pairs, the first six those of the three light states
    four = np.array([0.01, 0.01324, 0.05182, 1.0])
    idx = [(i, j) for i in range(4) for j in range(i, 4)]
    pm4 = np.array([[[four[i], four[j]] for i, j in idx]])
    d4, _, _, _ = pb.projected_integrals(geom, pm4)
    assert d4.shape == (1, len(THETA), 10) and np.all(np.isfinite(d4))
    ref = pb.projected_integrals(geom, pair_masses(four[:3])[None])[0][0]
    for col, pair in enumerate(PAIRS):
        np.testing.assert_allclose(d4[0][:, idx.index(tuple(pair))], ref[:, col], rtol=1e-13)


def test_heavy_pair_is_closed_and_zero():
    # m_i + m_j > eps: the pair cannot be emitted at any angle
    geom = pb.projected_geometry(THETA, R, L, "z", er_ylf_kinematics())
    d, m, _, _ = pb.projected_integrals(geom, np.array([[[1.0, 1.0]]]))
    assert np.all(d == 0) and np.all(m == 0)


def test_bad_shape_is_refused():
    geom = pb.projected_geometry(THETA, R, L, "z", er_ylf_kinematics())
    with pytest.raises(ValueError, match=r"must be \(H, P, 2\)"):
        pb.projected_integrals(geom, np.zeros((6, 2)))


def test_far_core_rule_is_exact_off_the_edges():
    """Off the edges (edge >= 2 core half-widths away) the cached product rule of the core
    agrees with the piecewise rule at 8x its orders to 1e-8 (the piecewise rule at the
    default orders is 4e-7 off there)."""
    kin = er_ylf_kinematics()
    pm = np.stack([pair_masses(m) for m in SETS])
    geom = pb.projected_geometry(np.radians(np.linspace(40.0, 75.0, 11)), R, L, "z", kin)
    ref = pb.projected_integrals(geom, pm, n_core=320, n_tail=384, far_core=False)[0]
    got = pb.projected_integrals(geom, pm)[0]
    assert np.max(np.abs(got / ref - 1)) < 1e-8


def test_rule_converges():
    """Default orders (n_core 40, n_tail 48) against 8x both, on the shipped Er window
    (within 1 degree of the edges) and over 0-180 deg: the issue-22 accuracy targets,
    <= 1e-4 near the edges and <= 1e-6 elsewhere (relative, floor 1e-3 of the peak); with
    the smoothstep tail map the tails converge too (plain log-k Gauss left ~2e-5)."""
    kin = er_ylf_kinematics()
    pm = np.stack([pair_masses(m) for m in SETS])
    for lo, hi, tol in ((144.3, 144.615, 1e-5), (40.0, 75.0, 1e-6), (0.0, 180.0, 1e-5)):
        geom = pb.projected_geometry(np.radians(np.linspace(lo, hi, 13)), R, L, "z", kin)
        ref = pb.projected_integrals(geom, pm, n_core=320, n_tail=384, far_core=False)[0]
        got = pb.projected_integrals(geom, pm)[0]
        floor = 1e-3 * np.abs(ref).max(axis=1, keepdims=True)
        assert np.max(np.abs(got - ref) / np.maximum(np.abs(ref), floor)) < tol


@pytest.mark.parametrize("psi", [0.1, 1.0, np.pi / 2, 2.52])
def test_table_equals_direct_projection_at_its_knots(psi):
    """The p(k) tables (running-product cosines on a uniform grid) against the direct
    cosine sum of projected_density at the table's knots."""
    k1 = 200 / min(L, 2 * R)
    spline = pj.projected_table(psi, R, L, k1).spline
    want = pj.projected_density(spline.x, psi, R, L)
    assert np.max(np.abs(spline(spline.x) - want)) < 1e-13 * np.abs(want).max()
