"""Tests of expdesign.physics.neutrino: invariants of b_ij, CP and Majorana phases, spectra."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from expdesign.physics import neutrino as nu

angles = st.floats(0.0, 1.0)
phases = st.floats(-np.pi, np.pi)


@settings(max_examples=80, deadline=None)
@given(s12=angles, s13=angles, s23=angles, d=phases, a=phases, b=phases)
def test_sum_b2_is_three_quarters(s12, s13, s23, d, a, b):
    U = nu.pmns(s12, s13, s23, d, a, b)
    np.testing.assert_allclose(U @ U.conj().T, np.eye(3), atol=1e-12)
    bm = nu.b_matrix(U)
    assert np.sum(np.abs(bm) ** 2) == pytest.approx(0.75, abs=1e-12)
    assert np.sum(nu.rate_weights(bm)) == pytest.approx(0.75, abs=1e-12)
    np.testing.assert_allclose(bm, bm.conj().T, atol=1e-15)  # b is hermitian


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_sum_b2_haar_unitary(seed):
    rng = np.random.default_rng(seed)
    z = (rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))) / np.sqrt(2)
    q, r = np.linalg.qr(z)
    U = q * (np.diag(r) / np.abs(np.diag(r)))  # Haar measure
    assert np.sum(np.abs(nu.b_matrix(U)) ** 2) == pytest.approx(0.75, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(s12=angles, s13=angles, s23=angles, d=st.sampled_from([0.0, np.pi]),
       a=st.sampled_from([0.0, np.pi, 2 * np.pi, 3 * np.pi]),
       b=st.sampled_from([0.0, np.pi, 2 * np.pi, 3 * np.pi]))
def test_cp_conserving_real(s12, s13, s23, d, a, b):
    """CP-conserving phases (delta, alpha, beta in {0, pi}) give real or imaginary b_ij (CP
    parities), so every weight, including the Majorana term Re(b_ij^2), is b_ij^2 itself."""
    bm = nu.b_matrix(nu.pmns(s12, s13, s23, d, a, b))
    assert np.max(np.abs(np.imag(bm**2))) < 1e-14
    if a == 0.0 and b == 0.0:
        assert np.max(np.abs(bm.imag)) < 1e-14
        c = nu.c_matrix(bm)
        np.testing.assert_allclose(nu.magnetization_weights(bm, c), nu.fold((bm * c).real),
                                   atol=1e-15)


@settings(max_examples=50, deadline=None)
@given(d=phases, a=phases, b=phases)
def test_dirac_weights_independent_of_majorana_phases(d, a, b):
    p = nu.oscillation_set("pdg2018")
    U0 = nu.pmns(p.sin2_theta12, p.sin2_theta13, p.sin2_theta23("NO"), d)
    U1 = nu.pmns(p.sin2_theta12, p.sin2_theta13, p.sin2_theta23("NO"), d, a, b)
    b0, b1 = nu.b_matrix(U0), nu.b_matrix(U1)
    np.testing.assert_allclose(np.abs(b0) ** 2, np.abs(b1) ** 2, atol=1e-14)
    np.testing.assert_allclose(nu.magnetization_weights(b0, nu.c_matrix(b0)),
                               nu.magnetization_weights(b1, nu.c_matrix(b1)), atol=1e-14)
    # Majorana-sensitive Re(b_ij^2) does change for i != j in general
    if abs(np.sin(a / 2)) > 0.3:
        assert abs(np.real(b0[0, 1] ** 2) - np.real(b1[0, 1] ** 2)) > 1e-6


def test_cp_phases_make_b_complex():
    b = nu.b_matrix(nu.pmns(0.3, 0.02, 0.5, 0.0, 1.0, 0.0))
    assert abs(b[0, 1].imag) > 1e-3


@pytest.mark.parametrize("name", ["pdg2018", "nufit60"])
@pytest.mark.parametrize("lightest", [0.0, 1e-3, 5e-3])
def test_spectra(name, lightest):
    p = nu.oscillation_set(name)
    m = nu.masses(lightest, "NO", p)
    assert m[0] == pytest.approx(lightest) and m[0] < m[1] < m[2]
    assert m[1] ** 2 - m[0] ** 2 == pytest.approx(p.dm2_21, rel=1e-10)
    assert m[2] ** 2 - m[0] ** 2 == pytest.approx(p.dm2_31_NO, rel=1e-10)
    m = nu.masses(lightest, "IO", p)
    assert m[2] == pytest.approx(lightest) and m[2] < m[0] < m[1]
    assert m[1] ** 2 - m[0] ** 2 == pytest.approx(p.dm2_21, rel=1e-10)
    assert m[2] ** 2 - m[1] ** 2 == pytest.approx(p.dm2_32_IO, rel=1e-10)


def test_bad_inputs():
    p = nu.oscillation_set("pdg2018")
    with pytest.raises(ValueError, match='lightest neutrino mass must be >='):
        nu.masses(-1.0, "NO", p)
    with pytest.raises(ValueError, match="ordering must be 'NO' or 'IO'"):
        nu.masses(0.0, "XX", p)  # type: ignore[arg-type]
    with pytest.raises(KeyError, match='unknown oscillation\\-parameter set'):
        nu.oscillation_set("nope")


# ---- 3+1 sterile state (docs/neutrino_hypotheses.md) ----------------------------------

mix = st.floats(0.0, 0.3)


def _u3(a: float = 0.0, b: float = 0.0, d: float = 0.0) -> np.ndarray:
    p = nu.oscillation_set("pdg2018")
    return nu.pmns(p.sin2_theta12, p.sin2_theta13, p.sin2_theta23("NO"), d, a, b)


@settings(max_examples=60, deadline=None)
@given(e4=mix, mu4=mix, tau4=mix, g=phases, a=phases, b=phases)
def test_3p1_mixing_unitary_and_rows_as_stated(e4, mu4, tau4, g, a, b):
    U3 = _u3(a, b, 0.7)
    U = nu.mixing_3p1(U3, e4, mu4, tau4, g)
    np.testing.assert_allclose(U @ U.conj().T, np.eye(4), atol=1e-13)
    np.testing.assert_allclose(np.abs(U[:3, 3]) ** 2, [e4, mu4, tau4], atol=1e-14)
    # e row by hand: U_ei = c14 U3_ei, U_e4 = s14 e^{i g/2}
    np.testing.assert_allclose(U[0, :3], np.sqrt(1 - e4) * U3[0], atol=1e-15)
    assert U[0, 3] == pytest.approx(np.sqrt(e4) * np.exp(0.5j * g), abs=1e-15)


@settings(max_examples=60, deadline=None)
@given(e4=mix, mu4=mix, tau4=mix, g=phases, a=phases, b=phases)
def test_3p1_sum_b2_stays_three_quarters_naive_gives_one(e4, mu4, tau4, g, a, b):
    """Tr(b^2) = Tr(E) - Tr(E A) + Tr(A)/4 = 1 - 1 + 3/4 with E = u^* u^T (e row) and A the
    active projector (rank 3; E A = E by row orthogonality).  The naive delta_ij/2 in four
    dimensions gives 1 - 1 + 4/4 = 1."""
    U = nu.mixing_3p1(_u3(a, b), e4, mu4, tau4, g)
    bm = nu.b_matrix(U)
    np.testing.assert_allclose(bm, bm.conj().T, atol=1e-15)
    assert np.sum(np.abs(bm) ** 2) == pytest.approx(0.75, abs=1e-12)
    assert np.sum(nu.rate_weights(bm)) == pytest.approx(0.75, abs=1e-12)
    naive = np.outer(U[0].conj(), U[0]) - 0.5 * np.eye(4)
    assert np.sum(np.abs(naive) ** 2) == pytest.approx(1.0, abs=1e-12)
    A = nu.active_projector(U)
    np.testing.assert_allclose(A, U[:3].conj().T @ U[:3], atol=1e-14)  # sum over e, mu, tau
    assert np.trace(A).real == pytest.approx(3.0, abs=1e-13)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_3p1_sum_b2_haar_unitary(seed):
    rng = np.random.default_rng(seed)
    z = (rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))) / np.sqrt(2)
    q, r = np.linalg.qr(z)
    U = q * (np.diag(r) / np.abs(np.diag(r)))
    assert np.sum(np.abs(nu.b_matrix(U)) ** 2) == pytest.approx(0.75, abs=1e-12)


def test_3p1_zero_mixing_is_three_flavour_exactly():
    U3 = _u3(0.4, -1.1, 0.3)
    U = nu.mixing_3p1(U3, 0.0, 0.0, 0.0)
    b3, b4 = nu.b_matrix(U3), nu.b_matrix(U)
    assert np.array_equal(b4[:3, :3], b3)
    assert np.all(b4[:, 3] == 0) and np.all(b4[3, :] == 0)
    c3 = nu.c_matrix(b3)
    c4 = nu.c_matrix(b4, active=nu.active_projector(U))
    assert np.array_equal(c4[:3, :3], c3) and np.all(c4[3, :3] == 0)


def test_3p1_ue4_zero_still_feels_umu4_through_the_neutral_current():
    """|U_e4| = 0 alone does not reduce to three flavours: the Z couples the nu_mu
    component of nu_4.  By hand (R34 R24 blockdiag(U3, 1)): U_si = -c34 s24 U3_mui -
    s34 U3_taui (i <= 3), and the light block gains + U_si^* U_sj / 2."""
    U3 = _u3(0.5, 0.2, 1.0)
    mu4, tau4 = 0.04, 0.02
    U = nu.mixing_3p1(U3, 0.0, mu4, tau4)
    s24, s34 = np.sqrt(mu4), np.sqrt(tau4 / (1 - mu4))
    us = -np.sqrt(1 - s34**2) * s24 * U3[1] - s34 * U3[2]
    want = nu.b_matrix(U3) + 0.5 * np.outer(us.conj(), us)
    np.testing.assert_allclose(nu.b_matrix(U)[:3, :3], want, atol=1e-15)
    assert np.max(np.abs(nu.b_matrix(U)[:3, :3] - nu.b_matrix(U3))) > 1e-3


def test_3p1_rejects_nonunitary_inputs():
    with pytest.raises(ValueError, match="sum < 1"):
        nu.mixing_3p1(_u3(), 0.5, 0.3, 0.3)
    with pytest.raises(ValueError, match="3x3 PMNS"):
        nu.mixing_3p1(np.eye(4), 0.1)


def test_pairs_order():
    assert nu.pairs(3) == nu.PAIRS
    assert nu.pairs(4) == nu.PAIRS + ((0, 3), (1, 3), (2, 3), (3, 3))
    assert nu.fold(np.arange(16.0).reshape(4, 4)).shape == (10,)


def test_shapes_a_three_state_function_cannot_handle_raise():
    U4 = nu.mixing_3p1(_u3(), 0.1)
    with pytest.raises(ValueError, match="three entries"):
        nu.b_matrix(U4[0])  # a 4-entry row: the sterile row is missing
    with pytest.raises(ValueError, match="active projector"):
        nu.c_matrix(nu.b_matrix(U4))
    with pytest.raises(ValueError, match="handles 3 mass states, got 4"):
        nu.check_masses([0.0, 0.01, 0.05, 1.0], allowed=(3,))
    with pytest.raises(ValueError, match="1-D array"):
        nu.check_masses(np.zeros((3, 1)))
    with pytest.raises(ValueError, match="finite and >= 0"):
        nu.check_masses([0.0, -0.01, 0.05])
    with pytest.raises(ValueError, match="square"):
        nu.fold(np.zeros(3))


# ---- Majorana phases ---------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(a=phases, b=phases, d=phases, e4=mix, g=phases)
def test_majorana_phases_enter_only_off_diagonal_interference(a, b, d, e4, g):
    """|b_ij|^2 (Dirac) never depends on the Majorana phases; Re(b_ii^2) neither (b_ii is
    real), so only Re(b_ij^2), i != j, can (three states and 3+1)."""
    for U0, U1 in ((_u3(0, 0, d), _u3(a, b, d)),
                   (nu.mixing_3p1(_u3(0, 0, d), e4), nu.mixing_3p1(_u3(a, b, d), e4, 0, 0, g))):
        b0, b1 = nu.b_matrix(U0), nu.b_matrix(U1)
        np.testing.assert_allclose(np.abs(b0) ** 2, np.abs(b1) ** 2, atol=1e-14)
        np.testing.assert_allclose(np.diag(np.real(b0 * b0)), np.diag(np.real(b1 * b1)),
                                   atol=1e-14)
        assert np.max(np.abs(np.diag(b1).imag)) < 1e-15


def test_majorana_phase_pairs_by_hand():
    """b_12 ~ e^{i alpha/2}, b_13 ~ e^{i beta/2}, b_23 ~ e^{i (beta - alpha)/2} (delta = 0):
    alpha moves (12) and (23), beta moves (13) and (23), alpha = beta moves (12), (13) only."""
    b0 = nu.b_matrix(_u3())
    assert nu.majorana_phase_pairs(b0, nu.b_matrix(_u3(np.pi, 0))) == ((0, 1), (1, 2))
    assert nu.majorana_phase_pairs(b0, nu.b_matrix(_u3(0, np.pi))) == ((0, 2), (1, 2))
    assert nu.majorana_phase_pairs(b0, nu.b_matrix(_u3(1.0, 1.0))) == ((0, 1), (0, 2))
    assert nu.majorana_phase_pairs(b0, b0) == ()
    # by hand: b_12^2 -> b_12^2 e^{i alpha}, so Re(b_12^2) changes sign at alpha = pi
    b1 = nu.b_matrix(_u3(np.pi, 0))
    assert np.real(b1[0, 1] ** 2) == pytest.approx(-np.real(b0[0, 1] ** 2), rel=1e-13)
    with pytest.raises(ValueError, match="one shape"):
        nu.majorana_phase_pairs(b0, nu.b_matrix(nu.mixing_3p1(_u3(), 0.1)))


@settings(max_examples=40, deadline=None)
@given(e4=st.floats(0.0, 0.5), a=phases, b=phases)
def test_3p1_light_block_with_ue4_only_by_hand(e4, a, b):
    """Only |U_e4| != 0: U_si = -s14 U3_ei (i <= 3), so A_ij = delta_ij - s14^2 U3_ei^* U3_ej
    and b_ij = c14^2 E_ij - A_ij/2 = (1 - |U_e4|^2/2) U3_ei^* U3_ej - delta_ij/2: the
    charged current loses |U_e4|^2, the neutral current gives half of it back.
    b_i4 = c14 s14 U3_ei^* (1 - 1/2) = c14 s14 U3_ei^* / 2,  b_44 = s14^2 - s14^2/2."""
    U3 = _u3(a, b, 0.4)
    bm = nu.b_matrix(nu.mixing_3p1(U3, e4))
    E3 = np.outer(U3[0].conj(), U3[0])
    np.testing.assert_allclose(bm[:3, :3], (1 - e4 / 2) * E3 - 0.5 * np.eye(3), atol=1e-15)
    np.testing.assert_allclose(bm[:3, 3], 0.5 * np.sqrt(e4 * (1 - e4)) * U3[0].conj(),
                               atol=1e-15)
    assert bm[3, 3] == pytest.approx(e4 / 2, abs=1e-15)
