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
