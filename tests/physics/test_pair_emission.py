"""Tests of expdesign.physics.pair_emission: spinors, tensors, phase-space integral, F_ij."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expdesign.physics import pair_emission as pe

G = np.diag([1.0, -1, -1, -1])


def test_gamma_algebra():
    for mu in range(4):
        for nu in range(4):
            ac = pe.GAMMA[mu] @ pe.GAMMA[nu] + pe.GAMMA[nu] @ pe.GAMMA[mu]
            np.testing.assert_allclose(ac, 2 * G[mu, nu] * np.eye(4), atol=1e-15)
        np.testing.assert_allclose(pe.GAMMA5 @ pe.GAMMA[mu] + pe.GAMMA[mu] @ pe.GAMMA5, 0)
    g5 = 1j * pe.GAMMA[0] @ pe.GAMMA[1] @ pe.GAMMA[2] @ pe.GAMMA[3]
    np.testing.assert_allclose(g5, pe.GAMMA5, atol=1e-15)


def test_spinor_completeness():
    p, m = np.array([0.03, -0.02, 0.05]), 0.04
    e = np.sqrt(p @ p + m**2)
    u, v = pe.dirac_spinors(p, m)
    pslash = e * pe.GAMMA[0] - sum(p[k] * pe.GAMMA[k + 1] for k in range(3))
    g0 = pe.GAMMA[0]
    su = sum(np.outer(u[s], np.conj(u[s]) @ g0) for s in range(2))
    sv = sum(np.outer(v[s], np.conj(v[s]) @ g0) for s in range(2))
    np.testing.assert_allclose(su, pslash + m * np.eye(4), atol=1e-14)
    np.testing.assert_allclose(sv, pslash - m * np.eye(4), atol=1e-14)


cplx = st.complex_numbers(max_magnitude=1.0, allow_nan=False, allow_infinity=False)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), b=cplx, maj=st.booleans(),
       m1=st.floats(0, 0.1), m2=st.floats(0, 0.1))
def test_closed_tensor_equals_spinor_sum(seed, b, maj, m1, m2):
    rng = np.random.default_rng(seed)
    p1, p2 = rng.normal(size=(4, 3)) * 0.1, rng.normal(size=(4, 3)) * 0.1
    np.testing.assert_allclose(pe.pair_tensor(p1, p2, m1, m2, b, maj),
                               pe.pair_tensor_spinor(p1, p2, m1, m2, b, maj), atol=1e-14)


CASES = [  # E, P, m1, m2, b, majorana
    (0.6, [0.1, 0.2, -0.3], 0.05, 0.02, 0.3 + 0.2j, False),
    (0.6, [0.1, 0.2, -0.3], 0.05, 0.02, 0.3 + 0.2j, True),
    (0.2, [0.0, 0.0, 0.1], 0.05, 0.05, -0.27, True),
    (0.13, [0.05, 0.0, 0.0], 0.0086, 0.0509, 0.1 - 0.4j, True),
    (1.0, [0.0, 0.3, 0.5], 0.0, 0.0, 1.0, False),
]


@pytest.mark.parametrize("E,P,m1,m2,b,maj", CASES)
def test_phase_space_integral_confirms_derived_eq6(E, P, m1, m2, b, maj):
    """Brute-force spinor sum over phase space == derived eq. (6); printed eq. (6) differs."""
    t, err = pe.pair_tensor_numeric(E, P, m1, m2, b, maj, method="spinor")
    assert err < 1e-12 * max(1.0, np.max(np.abs(t)))
    np.testing.assert_allclose(t, pe.pair_tensor_integrated(E, P, m1, m2, b, maj), atol=1e-14)
    M2 = E**2 - np.dot(P, P)
    f_num = np.trace(t).real / (2 * np.pi) ** 2
    f_ours = pe.pair_function(M2, E, m1, m2, b, maj, normalization="eq5")
    assert f_ours == pytest.approx(f_num, rel=1e-10)
    f_paper = pe.pair_function(M2, E, m1, m2, b, maj, coefficients="paper",
                               normalization="eq5")
    assert abs(f_paper / f_num - 1) > 0.05


def test_majorana_term_is_re_b_squared_not_re_b_all_squared():
    """With complex b the Majorana term goes as Re(b^2) (seed 001 eq. 56), not (Re b)^2."""
    E, P, m1, m2 = 0.2, np.array([0.0, 0.0, 0.05]), 0.06, 0.04
    b = 0.1 + 0.3j
    dirac = np.trace(pe.pair_tensor_numeric(E, P, m1, m2, b, False)[0]).real
    maj = np.trace(pe.pair_tensor_numeric(E, P, m1, m2, b, True)[0]).real
    phi = pe.phase_space_volume(E**2 - P @ P, m1, m2)
    # per ordering: Majorana - Dirac = -24 m1 m2 Re(b^2) Phi (hand trace: 8 g^{kk} summed)
    assert maj - dirac == pytest.approx(-24 * m1 * m2 * np.real(b * b) * phi, rel=1e-10)
    assert np.real(b * b) < 0 < np.real(b) ** 2  # the two forms even differ in sign here


def test_massless_pair_at_rest_hand_value():
    # P = 0, m = 0: T^kk = 8 (3 E1 E2 - p1.p2) = 8 M^2, int dPhi = pi/2 -> F_eq5 = M^2 / pi
    M = 0.7
    assert pe.pair_function(M**2, M, 0, 0, 1.0, normalization="eq5") == pytest.approx(
        M**2 / np.pi, rel=1e-12)
    # paper normalisation = eq5 / 24
    assert pe.pair_function(M**2, M, 0, 0, 1.0) == pytest.approx(M**2 / np.pi / 24)
    # massless M^2 -> 0 limit: 4 pi F -> E^2/18 per unit |b|^2 (seed 000 eq. 8's eps^2/24)
    assert 4 * np.pi * pe.pair_function(1e-12, 1.0, 0, 0, 1.0) == pytest.approx(1 / 18, rel=1e-9)


def test_threshold_vanishing_and_majorana_identical_at_rest():
    m = 0.03
    assert pe.pair_function((2 * m) ** 2, 0.5, m, m, 0.2, True) == 0.0
    f = pe.pair_function((2 * m) ** 2 * (1 + 1e-8), 0.5, m, m, 0.2, False)
    assert 0 < f < 1e-4
    # identical Majorana pair exactly at rest: axial current of two particles at rest vanishes
    assert pe.pair_bracket((2 * m) ** 2, 2 * m, m, m, 0.3, True) == pytest.approx(0, abs=1e-18)
    assert pe.pair_bracket((2 * m) ** 2, 2 * m, m, m, 0.3, False) == pytest.approx(m**2 / 2 * 0.09)


def test_weighted_integral_and_error():
    E, P = 0.6, np.array([0.0, 0.1, 0.2])
    w = lambda p1, p2: np.exp(-20 * np.sum((p1 - p2) ** 2, axis=-1))  # noqa: E731
    t1, e1 = pe.pair_tensor_numeric(E, P, 0.01, 0.02, 0.5, weight=w, n_cos=8, n_phi=8)
    t2, e2 = pe.pair_tensor_numeric(E, P, 0.01, 0.02, 0.5, weight=w, n_cos=48, n_phi=48)
    assert np.max(np.abs(t1 - t2)) <= 2 * e1 + 1e-12
    assert e2 < e1
    z, ez = pe.pair_tensor_numeric(0.05, [0, 0, 0.0], 0.03, 0.03, 1.0)
    assert np.all(z == 0) and ez == 0


def _majorana_spinors(p, m):
    """u from pair_emission, v(p, s) = i gamma^2 u(p, s)^* (= C ubar^T): the Majorana-consistent
    spin labelling needed when the two orderings of the pair interfere."""
    u, _ = pe.dirac_spinors(p, m)
    return u, np.einsum("ab,...sb->...sa", 1j * pe.GAMMA[2], np.conj(u))


@pytest.mark.parametrize("b", [0.3 + 0.4j, -0.2 + 0.1j, 0.25, 0.05 - 0.5j])
def test_majorana_from_both_orderings(b):
    """Amplitude with both orderings, A = b ubar_i(p1) G v_j(p2) - b^* ubar_j(p2) G v_i(p1)
    (Fermi sign; b_ji = b_ij^*), squared and spin-summed, equals the folded Majorana tensor
    (2x the per-ordering pair_tensor), i.e. the Re(b^2) form."""
    rng = np.random.default_rng(7)
    p1, p2, m1, m2 = rng.normal(size=3) * 0.1, rng.normal(size=3) * 0.1, 0.05, 0.02
    u1, v1 = _majorana_spinors(p1, m1)
    u2, v2 = _majorana_spinors(p2, m2)
    gam = np.array([pe.GAMMA[k] @ (np.eye(4) - pe.GAMMA5) for k in (1, 2, 3)])
    g0 = pe.GAMMA[0]
    t1 = np.einsum("sa,kab,tb->stk", np.conj(u1) @ g0, gam, v2)
    t2 = np.einsum("ta,kab,sb->stk", np.conj(u2) @ g0, gam, v1)
    amp = b * t1 - np.conj(b) * t2
    tens = np.einsum("stk,stl->kl", amp, np.conj(amp))
    np.testing.assert_allclose(tens, 2 * pe.pair_tensor(p1, p2, m1, m2, b, True), atol=1e-15)
    # the (Re b)^2 form of seed 000 eq. (6) would need a different Majorana term
    diff_forms = 8 * m1 * m2 * (np.real(b * b) - np.real(b) ** 2)
    if abs(np.imag(b)) > 0:
        assert abs(diff_forms) > 1e-6
    # identical Majorana pair: the vector current vanishes (same spinors, i = j, real b)
    u, v = _majorana_spinors(p1, m1)
    uu, vv = _majorana_spinors(p2, m1)
    vec = np.array([pe.GAMMA[k] for k in (1, 2, 3)])
    a = (np.einsum("sa,kab,tb->stk", np.conj(u) @ g0, vec, vv)
         - np.einsum("ta,kab,sb->stk", np.conj(uu) @ g0, vec, v))
    assert np.max(np.abs(a)) < 1e-14


@settings(max_examples=25, deadline=None)
@given(E=st.floats(0.05, 1.0), pf=st.floats(0.0, 0.95), ct=st.floats(-1, 1),
       m1=st.floats(0, 0.05), m2=st.floats(0, 0.05), b=cplx, maj=st.booleans())
def test_random_kinematics_closed_vs_spinor_integral(E, pf, ct, m1, m2, b, maj):
    st_ = np.sqrt(1 - ct**2)
    P = pf * E * np.array([st_, 0.0, ct])
    M2 = E**2 - P @ P
    if M2 <= (m1 + m2) ** 2 * 1.0001:
        return
    t, _ = pe.pair_tensor_numeric(E, P, m1, m2, b, maj, n_cos=6, n_phi=6, method="spinor")
    ref = pe.pair_tensor_integrated(E, P, m1, m2, b, maj)
    np.testing.assert_allclose(t, ref, atol=1e-12 * max(1.0, np.max(np.abs(ref))))
    f = pe.pair_function(M2, E, m1, m2, b, maj, normalization="eq5")
    assert np.trace(t).real / (2 * np.pi) ** 2 == pytest.approx(float(f), rel=1e-9, abs=1e-18)
