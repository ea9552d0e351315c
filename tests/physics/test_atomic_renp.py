"""Atomic RENP kernels: thresholds against closed forms and brute-force roots, the
spectrum against an explicit-spinor phase-space integral written here (independent of
expdesign's own spinor code), Dirac spectra independent of the Majorana phases."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import brentq

from expdesign.physics import atomic_renp as ar
from expdesign.physics import neutrino as nu

EPS_YB = 17288.439 * 1.239841984e-4  # Yb 6s6p 3P0 - 6s2 1S0 (cm^-1 -> eV)
EPS_PG_YB = 17992.007 * 1.239841984e-4


# ----------------------------------------------------------------- thresholds
@pytest.mark.parametrize("M", [0.0, 0.01, 0.1, 0.35])
def test_threshold_counterpropagating_printed_form(M):
    w = ar.threshold_omega(M, EPS_YB)
    assert w == pytest.approx(EPS_YB / 2 - M**2 / (2 * EPS_YB), rel=1e-14)
    assert ar.threshold_omega_counterpropagating(M, EPS_YB) == pytest.approx(w, rel=1e-14)


@pytest.mark.parametrize("p,cos", [(0.3, 1.0), (0.3, -1.0), (0.9, 0.2), (1.5, -0.7)])
@pytest.mark.parametrize("M", [0.0, 0.05, 0.4])
def test_threshold_general_imprint_is_root_of_pair_mass(p, cos, M):
    """The general closed form against a numerical root of M^2(omega) = (m_i + m_j)^2 with
    M^2 written from the four-vectors directly (not from the module)."""
    eps = 2.14

    def m2(w: float) -> float:
        k = w * np.array([0.0, 0.0, 1.0])
        peg = p * np.array([np.sqrt(1 - cos**2), 0.0, cos])
        q = peg - k
        return (eps - w) ** 2 - q @ q - M**2

    want = brentq(m2, 0.0, eps - 1e-12, xtol=1e-15)
    assert ar.threshold_omega(M, eps, p, cos) == pytest.approx(want, rel=1e-12)
    assert float(ar.pair_mass2(want, eps, p, cos)) == pytest.approx(M**2, abs=1e-12)


def test_threshold_rejects_spacelike_imprint():
    with pytest.raises(ValueError):
        ar.threshold_omega(0.0, 1.0, 1.0)


# ----------------------------------------------- explicit spinors (independent)
_I2 = np.eye(2)
_SIG = [np.array([[0, 1], [1, 0]], complex), np.array([[0, -1j], [1j, 0]]),
        np.array([[1, 0], [0, -1]], complex)]
_G0 = np.block([[_I2, 0 * _I2], [0 * _I2, -_I2]]).astype(complex)
_GK = [np.block([[0 * _I2, s], [-s, 0 * _I2]]) for s in _SIG]
_G5 = np.block([[0 * _I2, _I2], [_I2, 0 * _I2]]).astype(complex)


def _spinors(p: np.ndarray, m: float) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """u(p,s), v(p,s) in the Dirac representation (Peskin-style normalisation 2E)."""
    E = np.sqrt(p @ p + m**2)
    sp = sum(p[k] * _SIG[k] for k in range(3))
    us, vs = [], []
    for chi in (np.array([1, 0], complex), np.array([0, 1], complex)):
        us.append(np.concatenate([np.sqrt(E + m) * chi, sp @ chi / np.sqrt(E + m)]))
        vs.append(np.concatenate([sp @ chi / np.sqrt(E + m), np.sqrt(E + m) * chi]))
    return us, vs


def _current_sq(p1, p2, m1, m2, gv, ga, T) -> float:
    """sum_spins T_kl J^k J^l*, J^k = ubar(p1) gamma^k (gv - ga gamma5) v(p2)."""
    us, _ = _spinors(p1, m1)
    _, vs = _spinors(p2, m2)
    out = 0.0
    for u in us:
        ub = u.conj() @ _G0
        for v in vs:
            J = np.array([ub @ _GK[k] @ (gv * v - ga * (_G5 @ v)) for k in range(3)])
            out += float(np.real(J @ T @ J.conj()))
    return out


def _pair_integral(E, Q, m1, m2, gv, ga, T, n=12) -> float:
    """int d^3p1/(2E1) d^3p2/(2E2) delta^4(P - p1 - p2) sum_spins |...|^2: rest-frame
    Gauss-Legendre x uniform phi, boosted to the lab."""
    M2 = E**2 - Q @ Q
    M = np.sqrt(M2)
    ps = np.sqrt((M2 - (m1 + m2) ** 2) * (M2 - (m1 - m2) ** 2)) / (2 * M)
    e1 = np.sqrt(ps**2 + m1**2)
    e2 = np.sqrt(ps**2 + m2**2)
    x, wx = np.polynomial.legendre.leggauss(n)
    phis = 2 * np.pi * (np.arange(n) + 0.5) / n
    beta = Q / E
    b2 = beta @ beta
    gam = E / M

    def boost(e, p):
        if b2 == 0:
            return p
        bp = beta @ p
        return p + ((gam - 1) * bp / b2 + gam * e) * beta

    tot = 0.0
    for c, wc in zip(x, wx, strict=True):
        s = np.sqrt(1 - c**2)
        for ph in phis:
            d = np.array([s * np.cos(ph), s * np.sin(ph), c])
            p1 = boost(e1, ps * d)
            p2 = boost(e2, -ps * d)
            tot += wc * (2 * np.pi / n) * _current_sq(p1, p2, m1, m2, gv, ga, T)
    return tot * ps / (4 * M)


def _spinor_spectrum(w, eps, eps_pg, m, b, majorana, p_eg, cos, T) -> float:
    Q = np.array([p_eg * np.sqrt(1 - cos**2), 0.0, p_eg * cos - w])
    E = eps - w
    tot = 0.0
    for i in range(3):
        for j in range(3):
            if E**2 - Q @ Q <= (m[i] + m[j]) ** 2:
                continue
            if not majorana:  # ordered pairs, V - A with coupling b_ij
                tot += _pair_integral(E, Q, m[i], m[j], b[i, j], b[i, j], T)
            elif i <= j:  # Majorana: unordered pairs, 2 ubar gamma (i Im b - Re b g5) v
                sym = 0.5 if i == j else 1.0
                tot += sym * _pair_integral(E, Q, m[i], m[j], 2j * b[i, j].imag,
                                            2 * b[i, j].real, T)
    return tot / (eps_pg - w) ** 2


def _b(alpha=0.0, beta=0.0, delta=0.0):
    return nu.b_matrix(nu.pmns(0.307, 0.022, 0.55, delta, alpha, beta))


@pytest.mark.parametrize("majorana", [False, True])
@pytest.mark.parametrize("orient,p_eg,cos", [("linear", 0.0, 1.0), ("isotropic", 0.0, 1.0),
                                              ("linear", 0.4, 0.3), ("isotropic", 0.6, -0.5)])
def test_spectrum_matches_explicit_spinor_integral(majorana, orient, p_eg, cos):
    eps, eps_pg = 1.2, 1.3
    m = np.array([0.05, 0.12, 0.21])  # large masses: the Majorana term matters
    b = _b(alpha=1.1, beta=2.3, delta=0.7)
    T = ar.orientation_tensor(orient)
    for w in (0.2, 0.45):
        got = float(ar.spectral_function(w, eps, eps_pg, m, b, majorana, p_eg, cos, orient)[0])
        want = _spinor_spectrum(w, eps, eps_pg, m, b, majorana, p_eg, cos, T)
        assert got == pytest.approx(want, rel=1e-9)


def test_massless_dirac_closed_form():
    """Hand-derived: massless pair, linear polarization, p_eg = 0:
    sum |b_ij|^2 = 3/4 and K = 4 pi M^2 / 3 give I (eps_pg - w)^2 = pi eps (eps - 2 w)."""
    w = np.linspace(0.01, EPS_YB / 2 - 1e-3, 7)
    got = ar.spectral_function(w, EPS_YB, EPS_PG_YB, np.zeros(3), _b(), False)
    want = np.pi * EPS_YB * (EPS_YB - 2 * w) / (EPS_PG_YB - w) ** 2
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_dirac_independent_of_majorana_phases():
    m = np.array([0.02, 0.0213, 0.054])
    w = np.linspace(EPS_YB / 2 - 0.004, EPS_YB / 2 - 1e-5, 200)
    ref = ar.spectral_function(w, EPS_YB, EPS_PG_YB, m, _b(), False)
    for a, bb in [(0.9, 2.0), (np.pi, 0.3), (4.0, 5.9)]:
        got = ar.spectral_function(w, EPS_YB, EPS_PG_YB, m, _b(a, bb), False)
        np.testing.assert_allclose(got, ref, rtol=1e-13, atol=1e-15 * ref.max())
    maj0 = ar.spectral_function(w, EPS_YB, EPS_PG_YB, m, _b(), True)
    maj1 = ar.spectral_function(w, EPS_YB, EPS_PG_YB, m, _b(np.pi, 0.0), True)
    assert np.max(np.abs(maj1 - maj0)) > 1e-6 * ref.max()  # Majorana: the phases matter


def test_pair_closes_at_threshold():
    m = np.array([0.01, 0.02, 0.05])
    w13 = float(ar.threshold_omega(m[0] + m[2], EPS_YB))
    kd_below, _ = ar.spectrum_kernels([w13 * (1 - 1e-6)], EPS_YB, m)
    kd_above, _ = ar.spectrum_kernels([w13 * (1 + 1e-6)], EPS_YB, m)
    assert kd_below[0, 0, 2] > 0 and kd_above[0, 0, 2] == 0.0


def test_dipole_from_A_inverts_the_einstein_relation():
    d2 = ar.dipole_sq_from_A(1e-9, 2.0)
    assert 2.0**3 * d2 / (3 * np.pi) == pytest.approx(1e-9, rel=1e-14)


# ------------------------------------------------------------ angular factors
def _spherical_unit(q: int) -> np.ndarray:
    if q == 0:
        return np.array([0, 0, 1], complex)
    return -q * np.array([1, q * 1j, 0]) / np.sqrt(2)


@pytest.mark.parametrize("j_e", [0, 2])
def test_trigger_contraction_from_3j_sums(j_e):
    """T_ll' = sum_M c_l(M) c_l'(M)^*, c_l(M) = sum <g|d.eps|p m><p m|S_l|e M>, both
    matrix elements from Wigner-Eckart with 3j symbols (J_g = 0, J_p = 1), eps = y."""
    from expdesign.physics.atomic.angular import wigner_3j

    eps = np.array([0.0, 1.0, 0.0])
    T = np.zeros((3, 3), complex)
    for M in range(-j_e, j_e + 1):
        c = np.zeros(3, complex)
        for m in (-1, 0, 1):
            for q in (-1, 0, 1):
                for qp in (-1, 0, 1):
                    d = wigner_3j(0, 1, 1, 0, qp, m)  # <0 0|d_qp|1 m>
                    sp = (-1) ** (1 - m) * wigner_3j(1, 1, j_e, -m, q, M)  # <1 m|S_q|j_e M>
                    if d == 0 or sp == 0:
                        continue
                    c += d * (np.conj(_spherical_unit(qp)) @ eps) * sp * np.conj(
                        _spherical_unit(q))
        T += np.outer(c, np.conj(c))
    T = np.real(T) / np.real(np.trace(T))
    np.testing.assert_allclose(ar.orientation_tensor("linear", j_e), T, atol=1e-14)


def test_ls_spin_elements():
    # 3P0 -> 3P1: reduced element squared 6 (2J+1)(2J'+1) {1 1 1; 0 1 1}^2 = 2, / 3
    assert ar.ls_spin_sq(1, 1, 0, 1) == pytest.approx(2 / 3, rel=1e-13)
    # sum rule within the term: 3 sum_J' (...) = S(S+1)
    for je in (0, 1, 2):
        tot = sum(ar.ls_spin_sq(1, 1, je, jp) for jp in (0, 1, 2))
        assert 3 * tot == pytest.approx(2.0, rel=1e-12)
    assert ar.ls_spin_sq(1, 0, 1, 1) == 0.0  # a singlet has no spin


def test_partner_denominator_limits_and_hand_value():
    """The mixed J = 1 pair: (1/D1 - 1/D2)^2; D2 -> infinity gives one level, D2 = D1 gives
    zero (no fine structure, no spin flip); Yb at the trigger 1.0712 eV by hand."""
    from expdesign.physics.atomic_renp import partner_denominator_sq

    w = np.array([1.0, 1.07])
    np.testing.assert_allclose(partner_denominator_sq(w, 2.2), 1 / (2.2 - w) ** 2, rtol=1e-15)
    np.testing.assert_allclose(partner_denominator_sq(w, 2.2, 1e12), 1 / (2.2 - w) ** 2,
                               rtol=1e-11)
    assert np.all(partner_denominator_sq(w, 2.2, 2.2) == 0.0)
    cm = 1.239841984e-4  # eV per cm^-1
    d1, d2 = 17992.007 * cm - 1.0712, 25068.222 * cm - 1.0712
    f = partner_denominator_sq(1.0712, 17992.007 * cm, 25068.222 * cm)[0] * d1**2
    assert f == pytest.approx((1 - d1 / d2) ** 2, rel=1e-12)
    assert f == pytest.approx(0.1855, abs=5e-4)  # (1 - 1.1595/2.0369)^2
    with pytest.raises(ValueError):
        partner_denominator_sq(3.0, 2.2, 3.0)


def test_partner_detuning_of_the_excitation():
    from expdesign.physics.atomic_excitation import partner_detuning

    assert partner_detuning(1.2) == 1.2
    assert partner_detuning(1.2, 2.0) == pytest.approx(1 / (1 / 1.2 - 1 / 2.0), rel=1e-15)
    assert partner_detuning(1.2, 1.2) == float("inf")
