"""Tests of expdesign.physics.kinematics against direct four-vector algebra and hand algebra."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expdesign.physics import kinematics as K

HO_EG, HO_PE = 0.6387531696, 0.43605172800  # eq. (13) with 1.23984 eV per 1e4 cm^-1
XE_EG, XE_PE = 9.4472 - 8.4365, 9.7893 - 9.4472  # eq. (15)


@settings(max_examples=60, deadline=None)
@given(r=st.floats(-0.99, 0.99), eps=st.floats(0.1, 3.0), w0f=st.floats(0.05, 0.95),
       dw=st.floats(-0.02, 0.02))
def test_eq9_equals_fourvector(r, eps, w0f, dw):
    th = np.linspace(0, np.pi, 7)
    w0 = w0f * eps
    a = K.ranp_pair_mass2(th, r, eps, w0, w0 + dw)
    b = K.ranp_pair_mass2_fourvector(th, r, eps, w0, w0 + dw)
    np.testing.assert_allclose(a, b, atol=1e-12 * eps**2)


def test_laser_energies():
    w1, w2 = K.laser_energies(0.3, 2.0)
    assert w1 + w2 == pytest.approx(2.0) and w1 - w2 == pytest.approx(0.6)
    with pytest.raises(ValueError, match='imprint r must lie in'):
        K.laser_energies(1.5, 1.0)


@pytest.mark.parametrize("eg,pe", [(HO_EG, HO_PE), (XE_EG, XE_PE), (1.0, 0.3)])
def test_mcq3_boundary_solver(eg, pe):
    r = K.mcq3_free_imprint(eg, pe)
    assert r == pytest.approx(1 - 2 * pe / eg, abs=1e-12)  # hand algebra at theta = pi
    th = np.linspace(0, np.pi, 2001)
    assert np.all(K.ranp_pair_mass2(th, r - 1e-6, eg, pe) > 0)
    assert np.min(K.ranp_pair_mass2(th, r + 1e-6, eg, pe)) < 0
    # at the boundary the second laser carries omega0
    assert K.laser_energies(r, eg)[1] == pytest.approx(pe)


def test_mcq2_and_flat_point():
    assert K.mcq2_resonant_imprint(1.0, 0.3) == pytest.approx(-0.4)
    # at r = -omega0/eps M^2 is angle independent (seed 000 Fig. 4 caption)
    m2 = K.ranp_pair_mass2(np.linspace(0, np.pi, 5), -0.3, 1.0, 0.3)
    assert np.ptp(m2) < 1e-15


def test_threshold_angles_roundtrip():
    r = K.mcq3_free_imprint(HO_EG, HO_PE)
    mi = np.array([0.001, 0.00882, 0.0509])
    mj = np.array([0.00882, 0.0509, 0.0509])
    th = K.threshold_angle(mi, mj, r, HO_EG, HO_PE)
    np.testing.assert_allclose(K.ranp_pair_mass2(th, r, HO_EG, HO_PE), (mi + mj) ** 2,
                               rtol=1e-10, atol=1e-16)
    # M^2 falls towards theta = pi: heavier pairs close at smaller angles
    assert np.all(np.diff(th) < 0)
    thx = K.light_particle_angle(0.02, r, HO_EG, HO_PE)
    assert K.ranp_pair_mass2(thx, r, HO_EG, HO_PE) == pytest.approx(4e-4)
    with pytest.raises(ValueError, match='no threshold in'):
        K.threshold_angle(1.0, 1.0, r, HO_EG, HO_PE)


def test_renp_phase_matching_er():
    w1, w2, ws = 1.286, 1.1086, 0.805  # seed 001 eq. (27)
    ts, te = K.renp_phase_matching_angles(w1, w2, ws)
    # pair momentum vanishes: check by vectors, and M = eps_ep for any n_r
    k = np.array([0, 0, w1]) + w2 * np.array([np.sin(te), 0, np.cos(te)]) \
        - ws * np.array([np.sin(ts), 0, np.cos(ts)])
    assert np.linalg.norm(k) < 1e-12
    for nr in (1.0, 1.45):
        assert K.renp_pair_mass2(ts, te, w1, w2, ws, nr) == pytest.approx((w1 + w2 - ws) ** 2)


@pytest.mark.parametrize("ms", [0.0, 0.1, 1.0])
def test_renp_threshold_roundtrip(ms):
    w1, w2, ws = 1.286, 1.1086, 0.805
    ts, te = K.renp_phase_matching_angles(w1, w2, ws)
    th = K.renp_threshold_angles(ms, te, w1, w2, ws, 1.45)
    assert th.size == 2
    np.testing.assert_allclose(K.renp_pair_mass2(th, te, w1, w2, ws, 1.45), ms**2, atol=1e-12)
    # brute-force scan finds the same sign changes
    grid = np.linspace(-np.pi, np.pi, 20001)
    f = K.renp_pair_mass2(grid, te, w1, w2, ws, 1.45) - ms**2
    roots = grid[:-1][np.sign(f[:-1]) != np.sign(f[1:])]
    np.testing.assert_allclose(np.sort(roots), np.sort(th), atol=1e-3)
    assert K.renp_threshold_angles(10.0, te, w1, w2, ws, 1.45).size == 0
