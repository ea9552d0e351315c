"""Tests of expdesign.physics.ranp: rate formulas, figure of merit, McQ4 integral."""

import numpy as np
import pytest
from scipy.integrate import quad

from expdesign.physics import kinematics, ranp
from expdesign.physics import neutrino as nu
from expdesign.physics.constants import G_F_EV2

HBAR = 6.582119569e-16  # eV s
LEV = dict(gamma_ne=[1e-8, 2e-8], gamma_ng=[3e-8, 1e-8], eps_ne=[1.0, 2.0], eps_ng=[2.0, 3.0])


def test_figure_of_merit_ho_hand_value():
    # gamma_pe = 14.2/s, gamma_e = 69.9/s, 631 and 431 meV (seed 000 text)
    gpe, ge = 14.2 * HBAR, 69.9 * HBAR
    hand = (14.2**2 / 69.9) * HBAR * 0.631**2 / 0.431**3
    assert ranp.figure_of_merit(gpe, ge, 0.631, 0.431) == pytest.approx(hand, rel=1e-12)
    assert hand == pytest.approx(9.444e-15, rel=1e-3)


def test_eq8_is_half_of_eq7():
    args = (1e-14, 0.0, 5e-14, 4e-13, 0.63, 0.43, 5.9e22)
    assert ranp.rate_scale_from_eq7(*args) == pytest.approx(2 * ranp.rate_scale_eq8(*args))


def test_eq4_lorentzian_integral_matches_papers_step():
    """Integrating eq. (4) over omega reproduces the paper's 2 pi eps_pq^2 / sqrt(...) step."""
    eps_pq, ge, gq = 0.435, 1e-3, 2e-3
    kw = dict(omega0=0.435, E0sq=1.0, spectrum=1.0, eps_pe=0.435, eps_pq=eps_pq, gamma_p=0.0,
              gamma_e=ge, gamma_q=gq, delta_omega0=0.0, gamma_pe=1.0, gamma_pq=1.0, n2V=1.0,
              sum_F=1.0)
    # panels graded around the 1e-3 eV wide peak: one quad over +-0.4 eV with a single
    # break point returned 8.20e-34, 6.8 % high, which passed only through pytest.approx's
    # default abs = 1e-12
    a = np.hypot(ge, gq) / 2
    pts = eps_pq + np.array([-0.4, -0.1, -0.01, -10 * a, -a, 0.0, a, 10 * a, 0.01, 0.1, 0.4])
    val = sum(quad(lambda w: float(ranp.differential_rate_eq4(w, **kw)), lo, hi,
                   limit=200)[0] for lo, hi in zip(pts[:-1], pts[1:], strict=True))
    d1 = ge**2 / 4
    pref = 4 * np.pi**3 / 3 * G_F_EV2**2 / d1 / (0.435**3 * eps_pq**2)
    approx = pref * 2 * np.pi * eps_pq**2 / np.hypot(ge, gq)
    # the omega^2 weight and the tails beyond +-0.4 eV: < 2e-3
    assert val == pytest.approx(approx, rel=2e-3, abs=0)


@pytest.mark.parametrize("M2", [0.03, 0.05, 0.08])
def test_i2gamma_eq12_equals_eq11_bruteforce(M2):
    closed, err = ranp.i_2gamma(M2, 0.3, **LEV)
    brute = ranp.i_2gamma_bruteforce(M2, 0.3, **LEV, n_cos=600)
    assert err < 1e-10 * closed
    assert brute == pytest.approx(closed, rel=1e-4)


def test_i2nu_massless_limit_hand():
    eps = 1.0107
    b = nu.b_matrix(nu.pmns(0.307, 0.0212, 0.417))
    sf = ranp.pair_sum_F(1e-14, eps, [0.0, 0.0, 0.0], b, False)
    # 4 pi sum F -> (3/4) eps^2 / 18 = eps^2/24
    assert 4 * np.pi * sf == pytest.approx(eps**2 / 24, rel=1e-6)
    assert ranp.i_2nu(sf) == pytest.approx(G_F_EV2**2 * eps**2 / (24 * 4 * np.pi) / 2, rel=1e-6)


def test_angular_sum_weights_and_majorana():
    b = nu.b_matrix(nu.pmns(0.307, 0.0212, 0.417))
    th = np.linspace(0, np.pi, 50)
    f0 = ranp.angular_sum_F(th, -0.36532, 0.6388, 0.4361, [0, 0, 0], b, True)
    f1 = ranp.angular_sum_F(th, -0.36532, 0.6388, 0.4361, [0, 0, 0], np.eye(3), False)
    # massless: Majorana term vanishes and the weights sum to 3/4 (the unit matrix has sum 3)
    np.testing.assert_allclose(f0, f1 * 0.75 / 3, rtol=1e-12)
    m = nu.masses(0.05, "NO", nu.oscillation_set("pdg2018"))
    fd = ranp.angular_sum_F(th, -0.36532, 0.6388, 0.4361, m, b, False)
    fm = ranp.angular_sum_F(th, -0.36532, 0.6388, 0.4361, m, b, True)
    assert np.all(fm <= fd + 1e-18) and np.any(fm < fd)  # CP-conserving b: Majorana reduces


def test_dirac_sum_independent_of_majorana_phases_majorana_sum_not():
    p = nu.oscillation_set("pdg2018")
    m = nu.masses(0.03, "NO", p)
    b0 = nu.b_matrix(nu.pmns(p.sin2_theta12, p.sin2_theta13, p.sin2_theta23("NO")))
    b1 = nu.b_matrix(nu.pmns(p.sin2_theta12, p.sin2_theta13, p.sin2_theta23("NO"), 0, 2.0, 1.0))
    M2, E = 0.02, 0.64
    d0, d1 = (ranp.pair_sum_F(M2, E, m, b, False) for b in (b0, b1))
    j0, j1 = (ranp.pair_sum_F(M2, E, m, b, True) for b in (b0, b1))
    assert d0 == pytest.approx(d1, rel=1e-13)
    assert abs(j0 - j1) > 1e-6 * j0


# ---- sterile state and mass-array checks (issue 21) -----------------------------------

def test_sterile_i4_thresholds_against_closed_form():
    """RANP (elastic): M^2 = (1 - r^2) eps^2 - 4 omega0 (r eps + omega0) sin^2(theta/2)
    (seed 000 eq. 9 at omega = omega0), so by hand the (i4) threshold is at
    sin^2(theta/2) = ((1 - r^2) eps^2 - (m_i + m_4)^2) / (4 omega0 (r eps + omega0)).
    The (i4) term of pair_sum_F switches on there (bisection on the kernel)."""
    r, eps, w0 = 0.1, 1.0, 0.5
    m = np.array([0.001, 0.009, 0.05, 0.4])
    U = nu.mixing_3p1(nu.pmns(0.3, 0.02, 0.5), 0.05, 0.01, 0.0)
    b = nu.b_matrix(U)
    for i in range(4):
        s = ((1 - r**2) * eps**2 - (m[i] + m[3]) ** 2) / (4 * w0 * (r * eps + w0))
        want = 2 * np.arcsin(np.sqrt(s))
        assert kinematics.threshold_angle(m[i], m[3], r, eps, w0) == pytest.approx(want,
                                                                                   abs=1e-13)
        only = np.zeros((4, 4), complex)
        only[i, 3] = b[i, 3]

        def on(t, only=only):
            return ranp.angular_sum_F(np.array([t]), r, eps, w0, m, only, True)[0] != 0

        lo, hi = want - 0.05, want + 0.05
        assert on(lo) and not on(hi)  # open at small angles (M^2 falls with theta)
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if on(mid) else (lo, mid)
        assert abs(lo - want) < 1e-11


def test_sterile_zero_mixing_equals_three_flavour_and_shapes_raise():
    th = np.linspace(0, np.pi, 40)
    U3 = nu.pmns(0.3, 0.02, 0.5, 0.2, 1.0, 2.0)
    m3 = np.array([0.001, 0.009, 0.05])
    U4 = nu.mixing_3p1(U3, 0.0)
    for maj in (False, True):
        f3 = ranp.angular_sum_F(th, 0.1, 1.0, 0.3, m3, nu.b_matrix(U3), maj)
        f4 = ranp.angular_sum_F(th, 0.1, 1.0, 0.3, np.append(m3, 0.4), nu.b_matrix(U4), maj)
        np.testing.assert_allclose(f4, f3, rtol=1e-15, atol=0)
    with pytest.raises(ValueError, match="4 masses need 4x4 couplings"):
        ranp.pair_sum_F(0.5, 1.0, np.append(m3, 0.4), nu.b_matrix(U3), False)
    with pytest.raises(ValueError, match="3 masses need 3x3 couplings"):
        ranp.pair_sum_F(0.5, 1.0, m3, nu.b_matrix(U4), False)
    with pytest.raises(ValueError, match="1-D array"):
        ranp.pair_sum_F(0.5, 1.0, [[0.0, 0.01, 0.05]], nu.b_matrix(U3), False)
