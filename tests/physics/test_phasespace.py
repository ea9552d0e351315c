"""Tests of expdesign.physics.phasespace against independent calculations.

* helicity sums built from explicit Dirac spinors (numpy gamma matrices), which fix
  the relative weight of the Majorana term (seed 001 eqs. (10), (45)-(49), (55)-(56));
* the closed-form two-body function against a direct angular integral;
* the in-plane density against the direct eq. (17) phase-space volume;
* the finite-size 3D integral against a brute-force product rule in other
  coordinates, and its approach to the infinite-volume limit.
"""

from __future__ import annotations

import numpy as np
import pytest

from expdesign.physics import formfactors as ff
from expdesign.physics import neutrino as nu
from expdesign.physics import phasespace as ps

CM = 5.0677e4  # eV^-1

# ----------------------------------------------------------------------------- spinors
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


@pytest.fixture
def rng():
    return np.random.default_rng(1)


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


# ----------------------------------------------------------------------------- two body
def _two_body_direct(P, eps, m1, m2, s, n=40):
    """g(P) by direct integration over the direction of p1 (delta(E) solved for |p1|)."""
    x, w = np.polynomial.legendre.leggauss(n)
    phi = np.pi * (x + 1)
    wphi = np.pi * w
    Pn = np.linalg.norm(P)
    ez = P / Pn
    ex = np.cross(ez, [0.3, 0.5, 0.8])
    ex /= np.linalg.norm(ex)
    ey = np.cross(ez, ex)

    def energy(p, c):
        return np.sqrt(p**2 + m1**2) + np.sqrt(Pn**2 - 2 * p * Pn * c + p**2 + m2**2) - eps

    tot_d = tot_m = 0.0
    pg = np.linspace(0, eps, 4001)
    for c, wc in zip(x, w, strict=True):
        st = np.sqrt(1 - c * c)
        dirs = c * ez[None, :] + st * (np.cos(phi)[:, None] * ex + np.sin(phi)[:, None] * ey)
        fk = energy(pg, c)
        for i0 in np.nonzero(np.sign(fk[:-1]) != np.sign(fk[1:]))[0]:
            a, bb = pg[i0], pg[i0 + 1]
            for _ in range(60):
                mid = 0.5 * (a + bb)
                a, bb = (a, mid) if np.sign(energy(a, c)) != np.sign(energy(mid, c)) else (mid, bb)
            p = 0.5 * (a + bb)
            p1 = p * dirs
            p2 = P[None, :] - p1
            E1 = np.sqrt(p * p + m1**2)
            E2 = np.sqrt(np.sum(p2**2, axis=1) + m2**2)
            # d^3p1/(E1 E2) delta(E1 + E2 - eps) -> p^2 dOmega / (E1 E2 |dE/dp|)
            dEdp = p / E1 + (p - Pn * c) / E2
            jac = p * p / (E1 * E2 * np.abs(dEdp))
            D = E1 * E2 - p1 @ np.zeros(3) - np.sum(p1 * p2, axis=1) + 2 * (p1 @ s) * (p2 @ s)
            tot_d += wc * np.sum(wphi * jac * D)
            tot_m += wc * np.sum(wphi * jac * (-m1 * m2))
    return tot_d, tot_m


@pytest.mark.parametrize("P,m1,m2", [((0.3, 0.0, 0.5), 0.05, 0.2), ((0.9, 0.4, -0.6), 0.1, 0.1),
                                     ((0.0, 0.2, 1.5), 0.01, 0.03)])
def test_two_body_closed_form_vs_direct(P, m1, m2):
    P = np.array(P)
    eps = 1.5896
    s = np.array([0.0, 0.0, 1.0])
    gd_ref, gm_ref = _two_body_direct(P, eps, m1, m2, s, n=40)
    gd, gm = ps.two_body(P @ P, P[2] ** 2, eps, m1, m2)
    assert np.isclose(gd, gd_ref, rtol=2e-6)
    assert np.isclose(gm, gm_ref, rtol=2e-6)


def test_two_body_threshold_and_symmetry():
    eps = 1.5896
    m1, m2 = 0.05, 0.3
    pmax2 = eps**2 - (m1 + m2) ** 2
    gd, _ = ps.two_body(np.array([pmax2 * 1.0001, pmax2 * 0.9999]), 0.0, eps, m1, m2)
    assert gd[0] == 0.0 and gd[1] > 0
    # sqrt threshold: g ~ sqrt(Pmax^2 - P^2) close to the edge
    d = np.array([1e-6, 4e-6])
    g, _ = ps.two_body(pmax2 - d, 0.0, eps, m1, m2)
    assert np.isclose(g[1] / g[0], 2.0, rtol=1e-3)
    # symmetric in the masses
    a = ps.two_body(0.7, 0.2, eps, m1, m2)
    b = ps.two_body(0.7, 0.2, eps, m2, m1)
    assert np.allclose(a, b)


# ----------------------------------------------------------------------------- in-plane
def test_inplane_density_integrates_to_eq17_volume():
    """int h(P) d^2P = int dE1 p1 p2 int dth1 dth2 |sin th1 sin th2| D (no form factor)."""
    eps, m1, m2 = 1.5896, 0.05, 0.2
    # direct: Gauss in E1, theta1, theta2
    xe, we = np.polynomial.legendre.leggauss(60)
    E1 = m1 + (eps - m2 - m1) * (xe + 1) / 2
    wE = we * (eps - m2 - m1) / 2
    E2 = eps - E1
    p1 = np.sqrt(E1**2 - m1**2)
    p2 = np.sqrt(E2**2 - m2**2)
    xt, wt = np.polynomial.legendre.leggauss(64)
    # split [-pi, pi] at the kinks 0 of |sin|
    th = np.concatenate([-np.pi * (xt + 1) / 2, np.pi * (xt + 1) / 2])
    wth = np.concatenate([np.pi / 2 * wt, np.pi / 2 * wt])
    t1, t2 = np.meshgrid(th, th, indexing="ij")
    w12 = np.outer(wth, wth)
    ang = np.abs(np.sin(t1) * np.sin(t2))
    direct = 0.0
    for k in range(len(E1)):
        D = E1[k] * E2[k] - p1[k] * p2[k] * (np.cos(t1 - t2) - 2 * np.cos(t1) * np.cos(t2))
        direct += wE[k] * p1[k] * p2[k] * np.sum(w12 * ang * D)
    # via h in polar coordinates
    pmax = np.sqrt(eps**2 - (m1 + m2) ** 2)
    xr, wr = np.polynomial.legendre.leggauss(200)
    r = pmax * (xr + 1) / 2
    wrr = wr * pmax / 2 * r
    xs, ws = np.polynomial.legendre.leggauss(128)
    psi = np.pi * (xs + 1) / 2  # [0, pi], symmetric
    R_, S_ = np.meshgrid(r, psi, indexing="ij")
    hD, _ = ps.inplane_two_body(R_ * np.cos(S_), R_ * np.sin(S_), eps, m1, m2, "case1", 24)
    via_h = 2 * np.sum(np.outer(wrr, np.pi / 2 * ws) * hD)
    assert np.isclose(via_h, direct, rtol=2e-3)


# ----------------------------------------------------------------------------- form factors
def test_lorentzian_widths_from_1d_matching():
    d = ff.lorentzian_matching()
    assert np.isclose(d["x_l"], 1.0, rtol=1e-6)
    assert np.isclose(d["y_t"], 32 / (3 * np.pi**2), rtol=1e-5)
    assert np.isclose(d["int_W_2d"], 4 * np.pi, rtol=1e-5)


def test_weighted_rule_integrates_smooth_function():
    from scipy import integrate

    f = lambda x: np.exp(-((x - 3.0) / 200.0) ** 2)  # noqa: E731
    r = ff.weighted_rule("U", 20.0, 1e4, 2, 8)
    ref = sum(integrate.quad(lambda x: ff.U(x) * f(x), a, a + np.pi)[0]
              for a in np.arange(-2000, 2000, np.pi))
    assert np.isclose(np.sum(r.w * f(r.t)), ref, rtol=1e-7)
    g = lambda y: np.exp(-((y / 300.0) ** 2))  # noqa: E731
    rw = ff.weighted_rule("W", 20.0, 1e4, 2, 8)
    refw = sum(integrate.quad(lambda y: ff.W(y) * y * g(y), a, a + np.pi)[0]
               for a in np.arange(0, 3000, np.pi))
    assert np.isclose(np.sum(rw.w * g(rw.t)), refw, rtol=1e-6)


# ----------------------------------------------------------------------------- 3d
def test_3d_matches_infinite_limit_far_from_edges_and_approaches_as_1_over_L():
    m = np.array([0.01, 0.0133, 0.0510])
    th = np.radians([40.0, 90.0])
    rel = []
    for Lcm in (1.0, 4.0):
        r = ps.distribution(th, m, Lcm / 2 * CM, Lcm * CM, mode="3d")
        inf = r.info["infinite"][0]
        rel.append(r.dirac / inf - 1)
        assert np.all(r.err_dirac < 1e-5 * np.abs(r.dirac))
    rel = np.array(rel)
    assert np.all(np.abs(rel) < 1e-3)
    # 1/L approach: the correction shrinks by ~4 for L x 4
    ratio = rel[0] / rel[1]
    assert np.all((ratio > 3.0) & (ratio < 5.5))


def _brute_3d(theta, mi, mj, R, L, n_r=64, n_c=64, n_p=64):
    """Brute force in spherical coordinates of P around 0 (no splitting, no lumps)."""
    kin = ps.ER_YLF
    eps = kin.eps_ep
    qz, qx = kin.Q(theta)
    pmax = np.sqrt(eps**2 - (mi + mj) ** 2)
    # P = pmax (1 - s^2): sqrt edge -> smooth in s
    xs, ws = np.polynomial.legendre.leggauss(n_r)
    s = (xs + 1) / 2
    P = pmax * (1 - s**2)
    wP = ws / 2 * 2 * pmax * s * P**2
    xc, wc = np.polynomial.legendre.leggauss(n_c)
    xp, wp = np.polynomial.legendre.leggauss(n_p)
    ph = np.pi * (xp + 1) / 2
    wph = np.pi * wp  # symmetric in phi -> -phi, doubled
    Pm, C, F = np.meshgrid(P, xc, ph, indexing="ij")
    Wt = wP[:, None, None] * wc[None, :, None] * wph[None, None, :]
    St = np.sqrt(1 - C**2)
    pz, px, py = Pm * C, Pm * St * np.cos(F), Pm * St * np.sin(F)
    gD, gM = ps.two_body(Pm**2, pz**2, eps, mi, mj)
    kz, kx, ky = qz - pz, qx - px, -py
    fac = ff.U(kz * L / 2) * ff.W(np.hypot(kx, ky) * R)
    return np.sum(Wt * fac * gD), np.sum(Wt * fac * gM)


def test_3d_against_brute_force_small_crystal():
    """L = 20 um: few oscillations, brute-force product rule in other coordinates."""
    L = 0.002 * CM
    R = L / 2
    m = np.array([0.05, 0.0507, 0.071])
    th = np.radians([59.0, 120.0])
    r = ps.distribution(th, m, R, L, mode="3d")
    for k, t in enumerate(th):
        bD, bM = _brute_3d(t, m[0], m[1], R, L, 96, 96, 64)
        assert np.isclose(r.dirac[k, 1], bD, rtol=3e-4), (r.dirac[k, 1], bD)
        assert np.isclose(r.majorana[k, 1], bM, rtol=3e-4)


def test_infinite_mode_closed_form_at_phase_matching():
    """At Q = 0 (eq. 28 angle): P = 0, M = eps; spin along z: g_D = 4 pi p*/M (M^2/2 - ...)."""
    kin = ps.ER_YLF
    th = kin.phase_matching_theta_s()
    qz, qx = kin.Q(th)
    assert abs(qz) < 1e-12 and abs(qx) < 1e-12
    m = np.array([0.02, 0.03, 0.06])
    R, L = 0.5 * CM, 1.0 * CM
    r = ps.distribution([th], m, R, L, mode="infinite")
    eps = kin.eps_ep
    mi, mj = m[0], m[1]
    ps_ = np.sqrt((eps**2 - (mi + mj) ** 2) * (eps**2 - (mi - mj) ** 2)) / (2 * eps)
    # by hand: P = 0 -> <D> = E1* E2* + p*^2/3 (angular average of -p1.p2 + 2 p1z p2z)
    e1 = (eps**2 + mi**2 - mj**2) / (2 * eps)
    e2 = eps - e1
    g = 4 * np.pi * ps_ / eps * (e1 * e2 + ps_**2 - 2 * ps_**2 / 3)
    V = np.pi * R**2 * L
    assert np.isclose(r.dirac[0, 1], (2 * np.pi) ** 3 / V * g, rtol=1e-12)


def test_smooth_kernels():
    th = np.linspace(0, 1, 401)
    const = ps.smooth(th, np.ones_like(th), 0.02)
    assert np.allclose(const, 1.0)
    lin = ps.smooth(th, 2 * th + 1, 0.0101, "tophat")
    assert np.allclose(lin[100:300], (2 * th + 1)[100:300], atol=1e-10)
    # Gaussian of Gaussian: widths add in quadrature
    sig0, sig = 0.02, 0.015
    f = np.exp(-0.5 * ((th - 0.5) / sig0) ** 2)
    out = ps.smooth(th, f, sig)
    width = np.sqrt(np.sum(out * (th - 0.5) ** 2) / np.sum(out))
    assert np.isclose(width, np.hypot(sig0, sig), rtol=1e-3)


def test_distribution_rejects_bad_input():
    with pytest.raises(ValueError):
        ps.distribution([1.0], [0.01, 0.02, 0.05], -1.0, 1.0)
    with pytest.raises(ValueError):
        ps.distribution([1.0], [0.01, 0.02, 0.05], 1.0, 1.0, mode="bogus")


def test_combine_weights_and_errors():
    th = np.radians([30.0, 90.0])
    r = ps.distribution(th, [0.01, 0.0133, 0.051], 0.5 * CM, 1.0 * CM, mode="3d")
    wd = np.arange(1.0, 7.0)
    wm = -np.arange(1.0, 7.0) / 2
    v, e = ps.combine(r, wd, wm, majorana=True)
    assert np.allclose(v, r.dirac @ wd + r.majorana @ wm)
    assert np.all(e >= 0)
    vd, _ = ps.combine(r, wd, wm, majorana=False)
    assert np.allclose(vd, r.dirac @ wd)


@pytest.mark.slow
def test_3d_convergence_far_from_edges_1e6():
    """Default rule against a much finer rule at L = 2R = 2 cm, > 5 deg from the edges."""
    m = ps.pair_masses([0.01, 0.0133, 0.0513])
    th = np.radians([0.0, 30.0, 59.0, 100.0, 130.0])
    fine = ps._Config(kappa=0.025, n_fine=18, deg=12, n_phi_core=8, n_phi_core_fine=24,
                      n_phi_tail=48, tail_deg=10)
    r = ps.distribution(th, [0.01, 0.0133, 0.0513], 1.0 * CM, 2.0 * CM, mode="3d")
    dF, mF = ps._integrate_3d(ps.ER_YLF, th, m, 2.0 * CM, 1.0 * CM, "case1", fine)
    assert np.all(np.abs(r.dirac / dF - 1) < 1e-6)
    assert np.all(np.abs(r.majorana / mF - 1) < 1e-6)


def test_3d_mode_ignores_y_odd_spin_tensor_entries():
    """K_y -> -K_y symmetry: Q_y = 0 and U W is even in K_y, so the xy and yz entries of an
    orientation tensor (odd in P_y) cannot contribute; the 3D rules double a [0, pi]
    azimuth range, which would count them (tensor rule at 100 deg, edge rule at 146 deg)."""
    e = np.array([0.3, 0.6 + 0.2j, 0.7])
    e = e / np.linalg.norm(e)
    t = np.real(np.outer(e, e.conj()))
    assert abs(t[0, 1]) > 0.1 and abs(t[1, 2]) > 0.1
    t_even = t.copy()
    t_even[0, 1] = t_even[1, 0] = t_even[1, 2] = t_even[2, 1] = 0.0
    th = np.radians([100.0, 146.0])
    cm = 5.0677e4
    a = ps.distribution(th, (0.01, 0.0133, 0.0513), cm, 2 * cm, mode="3d", spin=t)
    b = ps.distribution(th, (0.01, 0.0133, 0.0513), cm, 2 * cm, mode="3d", spin=t_even)
    np.testing.assert_array_equal(a.dirac, b.dirac)
    # and the odd part is not zero pointwise: the rules would have counted it
    pz, px, py = 0.3, 0.2, 0.4
    odd = ps._spin_proj2(t, pz, px, py, 0.29) - ps._spin_proj2(t, pz, px, -py, 0.29)
    assert abs(odd) > 0.01
