"""The closed-form two-body function against a direct angular integral; the Kinematics
loader against the numbers of seed 001."""

from __future__ import annotations

import numpy as np
import pytest

from expdesign.physics import phasespace as ps
from expdesign.physics.phasespace.kinematics import two_body_complex


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


def test_complex_two_body_is_two_body_on_the_real_axis():
    P2 = np.linspace(0.5, 2.5, 50)
    sp2 = 0.3 * P2
    for m1, m2 in ((0.01, 0.0133), (0.0, 0.05), (0.05, 0.05)):
        gD, gM = ps.two_body(P2, sp2, 1.5896, m1, m2)
        M2 = 1.5896**2 - P2
        lam = (M2 - (m1 + m2) ** 2) * (M2 - (m1 - m2) ** 2)
        sq = np.sqrt(np.clip(lam, 0, None)) * (lam > 0)
        cD, cM = two_body_complex(M2 + 0j, sq + 0j, sp2, m1, m2)
        inside = M2 > (m1 + m2) ** 2
        np.testing.assert_allclose(cD.real[inside], gD[inside], rtol=1e-12)
        np.testing.assert_allclose(cM.real[inside], gM[inside], rtol=1e-12, atol=1e-300)


def test_er_ylf_kinematics_from_the_target_file():
    """The numbers the old Kinematics defaults held (seed 001 eqs. (25)-(29)), bit for bit,
    now read from targets/er_ylf.json."""
    k = ps.er_ylf_kinematics()
    assert (k.omega1, k.omega2, k.omega_s, k.n_r) == (1.286, 1.1086, 0.805, 1.45)
    assert k.eps_ep == 2.3946 - 0.805
    assert k.theta_e is None
    assert ps.ER_YLF == k
    # eq. (29): theta_e closes the photon triangle at the eq. (28) signal angle
    qz, qx = k.Q(k.phase_matching_theta_s())
    assert abs(qz) < 1e-12 and abs(qx) < 1e-12


def test_kinematics_has_no_defaults_and_takes_levels():
    with pytest.raises(TypeError, match='missing 5 required keyword-only arguments'):
        ps.Kinematics()  # type: ignore[call-arg]
    k = ps.kinematics_from_levels({"g": 0.0, "p": 0.5, "q": 1.0, "e": 1.8}, n_r=1.2,
                                  theta_e=2.0)
    assert (k.omega1, k.omega2, k.omega_s, k.eps_ep, k.n_r, k.theta_e_rad) == pytest.approx(
        (1.0, 0.8, 0.5, 1.3, 1.2, 2.0))


def test_cm_frame_momentum_and_energy():
    from expdesign.physics.phasespace.kinematics import cm_frame

    M2 = np.array([0.5, 1e-4])
    ok, M2s, M, ps_, e1 = cm_frame(M2, 0.1, 0.2)
    assert ok.tolist() == [True, False]
    assert np.isclose(np.sqrt(ps_[0] ** 2 + 0.01) + np.sqrt(ps_[0] ** 2 + 0.04), M[0])
    assert np.isclose(e1[0], np.sqrt(ps_[0] ** 2 + 0.01))
    assert M2s[1] == pytest.approx(0.09 + 1.0)


# ---- N mass states (issue 21: a sterile fourth state) ---------------------------------

CM = 5.0677307e4  # eV^-1
M4 = (0.01, 0.0133, 0.0513, 0.3)


def test_pair_masses_four_states_extend_the_six():
    pm3, pm4 = ps.pair_masses(M4[:3]), ps.pair_masses(M4)
    assert pm4.shape == (10, 2)
    assert np.array_equal(pm4[:6], pm3)
    np.testing.assert_array_equal(pm4[6:], [[0.01, 0.3], [0.0133, 0.3], [0.0513, 0.3],
                                            [0.3, 0.3]])
    with pytest.raises(ValueError, match="1-D array"):
        ps.pair_masses(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="finite and >= 0"):
        ps.pair_masses([0.01, np.nan, 0.05])


@pytest.mark.parametrize("how", ["infinite", "inplane", "projected"])
def test_four_masses_give_the_three_state_columns_unchanged(how):
    """Pairs are independent: the first six columns with four masses are the three-state
    result exactly, and the (i4) columns are the (i, 4) pairs of a direct call."""
    th = np.radians([140.0])  # M^2 = 0.218 eV^2: (14), (24), (34) open, (44) closed
    R, L = 1.0 * CM, 2.0 * CM

    def run(m):
        if how == "projected":
            return ps.distribution_projected(th, m, R, L, spin="case1", error=False)
        return ps.distribution(th, m, R, L, mode=how, error=False)

    r3, r4 = run(M4[:3]), run(M4)
    assert r4.dirac.shape == (1, 10) and r4.majorana.shape == (1, 10)
    assert np.array_equal(r4.dirac[:, :6], r3.dirac)
    assert np.array_equal(r4.majorana[:, :6], r3.majorana)
    assert np.all(r4.dirac[:, 6:9] > 0)
    # (44): 4 m4^2 = 0.36 eV^2 > M^2, closed (finite-size tails only, far below the others)
    assert np.all(r4.dirac[:, 9] < 1e-2 * np.min(r4.dirac[:, 6:9]))
    assert how != "infinite" or np.all(r4.dirac[:, 9] == 0)
    if how == "infinite":
        r14 = run((M4[0], M4[3], M4[2]))  # its (12) column is the (14) pair
        np.testing.assert_allclose(r4.dirac[:, 6], r14.dirac[:, 1], rtol=1e-13, atol=0)
    with pytest.raises(ValueError, match="10 pair integrals need 10 weights"):
        ps.combine(r4, np.ones(6), np.ones(6), True)
