"""Majorana weights and spin projections against helicity sums built from explicit Dirac
spinors (numpy gamma matrices), which fix the relative weight of the Majorana term
(seed 001 eqs. (10), (45)-(49), (55)-(56))."""

from __future__ import annotations

import numpy as np
import pytest

from expdesign.physics import neutrino as nu
from expdesign.physics import phasespace as ps

S0 = np.eye(2)


SX = np.array([[0, 1], [1, 0]], complex)


SY = np.array([[0, -1j], [1j, 0]])


SZ = np.diag([1.0, -1.0]).astype(complex)


SIG = [SX, SY, SZ]


G0 = np.block([[S0, 0 * S0], [0 * S0, -S0]]).astype(complex)


GI = [np.block([[0 * S0, s], [-s, 0 * S0]]) for s in SIG]


G5 = np.block([[0 * S0, S0], [S0, 0 * S0]]).astype(complex)


I4 = np.eye(4)


def _u(p, m, chi):
    E = np.sqrt(p @ p + m * m)
    sp = sum(p[k] * SIG[k] for k in range(3))
    return np.concatenate([np.sqrt(E + m) * chi, sp @ chi / np.sqrt(E + m)])


def _v(p, m, eta):
    E = np.sqrt(p @ p + m * m)
    sp = sum(p[k] * SIG[k] for k in range(3))
    return np.concatenate([sp @ eta / np.sqrt(E + m), np.sqrt(E + m) * eta])


def _bar(x):
    return x.conj() @ G0


BASIS = [np.array([1, 0], complex), np.array([0, 1], complex)]


def _amp_sum(p1, m1, p2, m2, gam_a, gam_b=None):
    """sum over spins of A_a A_b^* with A = u_bar(p1) Gamma v(p2)."""
    gam_b = gam_a if gam_b is None else gam_b
    tot = 0.0
    for c in BASIS:
        for e in BASIS:
            u = _u(p1, m1, c)
            v = _v(p2, m2, e)
            tot += (_bar(u) @ gam_a @ v) * np.conj(_bar(u) @ gam_b @ v)
    return tot


def _gs(s):
    # gamma^mu s_mu with s^mu = (0, s_vec): -gamma_vec . s_vec (overall sign irrelevant)
    return -sum(s[k] * GI[k] for k in range(3))


def _D(p1, m1, p2, m2, s):
    E1 = np.sqrt(p1 @ p1 + m1**2)
    E2 = np.sqrt(p2 @ p2 + m2**2)
    return E1 * E2 - p1 @ p2 + 2 * (s @ p1) * (s @ p2)


def test_spinor_normalisation(rng):
    p = rng.normal(size=3)
    m = 0.3
    u = _u(p, m, BASIS[0])
    assert np.isclose((_bar(u) @ u).real, 2 * m)
    E = np.sqrt(p @ p + m * m)
    assert np.isclose((u.conj() @ u).real, 2 * E)


def test_dirac_helicity_sum_is_8D(rng):
    """sum_h |u_bar gamma.s (1-g5) v|^2 = 8 D  (D of the module doc; seed 001 eq. 10/56)."""
    for _ in range(5):
        p1, p2 = rng.normal(size=3), rng.normal(size=3)
        m1, m2 = 0.2, 0.7
        s = rng.normal(size=3)
        s /= np.linalg.norm(s)
        val = _amp_sum(p1, m1, p2, m2, _gs(s) @ (I4 - G5))
        assert np.isclose(val.real, 8 * _D(p1, m1, p2, m2, s), rtol=1e-12)


def _pmns_with_phases():
    return nu.pmns(0.31, 0.022, 0.55, delta=1.1, alpha=0.7, beta=-2.0)


@pytest.mark.parametrize("pair", nu.PAIRS)
def test_majorana_weight_from_helicity_sum(pair, rng):
    """Majorana pair: Gamma = gamma.s [b_ij (1-g5) - b_ji (1+g5)] (1/2 for i = j).

    The helicity sum equals 8 [w_D D + w_M (-m_i m_j)] with the folded weights
    rate_weights (Dirac (ij)+(ji)) and majorana_rate_weights: the Majorana term has
    relative coefficient 1, not 1/4 (seed 001 eq. 10, 55) nor 1/8 (eq. 56).
    """
    i, j = pair
    b = nu.b_matrix(_pmns_with_phases())
    k = nu.PAIRS.index(pair)
    wD = nu.rate_weights(b)[k]
    wM = ps.majorana_rate_weights(b)[k]
    m = np.array([0.05, 0.3, 0.6])
    p1, p2 = rng.normal(size=3) * 0.5, rng.normal(size=3) * 0.5
    s = np.array([0.0, 0.0, 1.0])
    gs = _gs(s)
    gam = gs @ (b[i, j] * (I4 - G5) - b[j, i] * (I4 + G5))
    maj = _amp_sum(p1, m[i], p2, m[j], gam).real * (0.5 if i == j else 1.0)
    # Dirac: the ordered final states (ij) and (ji) (for i = j just one)
    dirac = _amp_sum(p1, m[i], p2, m[j], b[i, j] * gs @ (I4 - G5)).real
    if i != j:
        dirac += _amp_sum(p1, m[i], p2, m[j], b[j, i] * gs @ (I4 - G5)).real
    D = _D(p1, m[i], p2, m[j], s)
    assert np.isclose(dirac, 8 * wD * D, rtol=1e-10)
    assert np.isclose(maj, 8 * (wD * D - wM * m[i] * m[j]), rtol=1e-10)
    # the paper's coefficients would give these (differ unless the masses vanish)
    assert not np.isclose(maj, 8 * (wD * D - wM * m[i] * m[j] / 8), rtol=1e-6)


@pytest.mark.parametrize("pair", [(0, 0), (0, 1), (1, 2)])
def test_majorana_magnetization_weight(pair, rng):
    """PV interference 2 Re(A_b A_c^*): Majorana extra term -m_i m_j Re(b_ij c_ij) (eq. 63)."""
    i, j = pair
    b = nu.b_matrix(_pmns_with_phases())
    c = nu.c_matrix(b)
    k = nu.PAIRS.index(pair)
    wD = nu.magnetization_weights(b, c)[k]
    wM = ps.majorana_magnetization_weights(b, c)[k]
    m = np.array([0.05, 0.3, 0.6])
    p1, p2 = rng.normal(size=3) * 0.5, rng.normal(size=3) * 0.5
    s = np.array([0.0, 0.0, 1.0])
    gs = _gs(s)
    gb = gs @ (b[i, j] * (I4 - G5) - b[j, i] * (I4 + G5))
    gc = gs @ (c[i, j] * (I4 - G5) - c[j, i] * (I4 + G5))
    maj = 2 * _amp_sum(p1, m[i], p2, m[j], gb, gc).real * (0.5 if i == j else 1.0)
    dirac = 2 * _amp_sum(p1, m[i], p2, m[j], b[i, j] * gs @ (I4 - G5),
                         c[i, j] * gs @ (I4 - G5)).real
    if i != j:
        dirac += 2 * _amp_sum(p1, m[i], p2, m[j], b[j, i] * gs @ (I4 - G5),
                              c[j, i] * gs @ (I4 - G5)).real
    D = _D(p1, m[i], p2, m[j], s)
    assert np.isclose(dirac, 16 * wD * D, rtol=1e-10)
    assert np.isclose(maj, 16 * (wD * D - wM * m[i] * m[j]), rtol=1e-10)


def test_majorana_weights_cp_conserving_equal_rate_weights():
    b = nu.b_matrix(nu.pmns(0.31, 0.022, 0.55))
    assert np.allclose(ps.majorana_rate_weights(b), nu.rate_weights(b))
    b2 = nu.b_matrix(_pmns_with_phases())
    assert not np.allclose(ps.majorana_rate_weights(b2), nu.rate_weights(b2))
