"""RENP kernels against brute-force two-body integrals with explicit spinors."""

import numpy as np
import pytest

from expdesign.physics import kinematics, renp
from expdesign.physics import neutrino as nu
from expdesign.physics.pair_emission import pair_tensor_numeric


@pytest.mark.parametrize("P,masses,orient", [
    (np.array([0.3, 0.0, 0.9]), (0.05, 0.02, 0.3), np.diag([0.0, 0.0, 1.0])),
    (np.array([0.0, 0.0, 1.2]), (0.2, 0.25, 0.1), np.diag([0.5, 0.5, 0.0])),
    (np.array([0.7, 0.0, -0.2]), (0.01, 0.3, 0.4), np.diag([1 / 3, 1 / 3, 1 / 3])),
])
def test_kernels_match_spinor_integral(P, masses, orient):
    eps = 1.5896
    KD, KM = renp.infinite_volume_kernels(P[None, :], eps, masses, orient)
    for i in range(3):
        for j in range(3):
            dirac, err = pair_tensor_numeric(eps, P, masses[i], masses[j], 1.0, False,
                                             n_cos=32, n_phi=32, method="spinor")
            maj, _ = pair_tensor_numeric(eps, P, masses[i], masses[j], 1.0, True,
                                         n_cos=32, n_phi=32, method="spinor")
            want_d = float(np.real(np.einsum("kl,kl->", orient, dirac)))
            assert KD[0, i, j] == pytest.approx(want_d, rel=1e-8, abs=1e-12)
            # Majorana per ordering: Dirac part - Re(b^2) KM (b = 1)
            want_m = float(np.real(np.einsum("kl,kl->", orient, dirac - maj)))
            assert KM[0, i, j] == pytest.approx(want_m, rel=1e-8, abs=1e-12)


def test_kernels_vanish_below_threshold():
    eps = 1.0
    P = np.array([[0.0, 0.0, 0.999]])  # M^2 = 0.002 eV^2 < (0.05 + 0.05)^2 = 0.01
    KD, KM = renp.infinite_volume_kernels(P, eps, (0.05, 0.05, 0.05), np.eye(3) / 3)
    assert np.all(KD == 0) and np.all(KM == 0)


def test_pair_weights_split_is_exact():
    U = nu.pmns(0.3, 0.02, 0.5, 1.0, 0.4, -0.7)
    b = nu.b_matrix(U)
    c = nu.c_matrix(b)
    gs, gv = renp.effective_couplings(b, c, 0.1, 6e-8)
    w = renp.pair_weights(gs, gv)
    full = np.abs(gs + gv) ** 2
    assert np.allclose(full, w["D_pc"] + w["D_pv"] + np.abs(gv) ** 2, rtol=1e-14, atol=0)
    fullm = np.real((gs + gv) ** 2)
    assert np.allclose(fullm, w["M_pc"] + w["M_pv"] + np.real(gv**2), rtol=1e-14, atol=1e-30)
    # without the velocity coupling there is no parity violation
    w0 = renp.pair_weights(gs, 0 * gv)
    assert np.all(w0["D_pv"] == 0) and np.all(w0["M_pv"] == 0)


def test_axial_factor_through_the_planner():
    """The axial-current factor a (2 derived, 1 as printed) reaches the plan: the
    parity-conserving rate goes as a^2 (|a b S|^2; the |c v|^2 part is ~1e-12 of it), the
    parity-violating magnetization, an interference of a b S with c v, as a."""
    from pathlib import Path

    from expdesign.io import load_spec
    from expdesign.planner import Planner, PlannerSettings

    spec = load_spec(Path(__file__).resolve().parents[2] / "schemas/examples/er_ylf_renp.json")
    grid = (100.0, 140.0, 3)
    p2, p1 = (Planner(spec, PlannerSettings(model="infinite", axial_factor=a,
                                            angle_grid=grid)).run() for a in (2.0, 1.0))
    r2 = p2.distribution("RENP rate", p2.hypotheses[0]).y.q().m
    r1 = p1.distribution("RENP rate", p1.hypotheses[0]).y.q().m
    np.testing.assert_allclose(r2 / r1, 4.0, rtol=1e-9)
    m2 = p2.distribution("magnetization rate", p2.hypotheses[0]).y.q().m
    m1 = p1.distribution("magnetization rate", p1.hypotheses[0]).y.q().m
    np.testing.assert_allclose(m2 / m1, 2.0, rtol=1e-9)


def test_pair_momentum_zero_at_phase_matching():
    from expdesign.physics.kinematics import renp_phase_matching_angles

    w1, w2, ws = 1.286, 1.1086, 0.805
    ts, te = renp_phase_matching_angles(w1, w2, ws)
    Q = kinematics.renp_pair_momentum(np.array([ts]), te, w1, w2, ws, 1.45)
    assert np.linalg.norm(Q) < 1e-12


def test_infinite_volume_agrees_with_phasespace_module():
    """Two independent closed forms of the delta^3(K) limit: renp (covariant A, B tensor
    decomposition) and phasespace.two_body (CM-frame a, b), same normalisation."""
    from expdesign.physics import phasespace as ps

    kin = ps.er_ylf_kinematics()
    th = np.radians(np.linspace(144.3, 144.615, 9))
    m = (0.01, 0.0132, 0.0518)
    L = 2 * 5.0677e4
    R = L / 2
    V = np.pi * R**2 * L
    T = np.diag([0.5, 0.5, 0.0])
    pi = ps.distribution(th, m, R, L, mode="infinite", spin=T, kin=kin)
    Q = kinematics.renp_pair_momentum(th, kin.theta_e_rad, kin.omega1, kin.omega2, kin.omega_s,
                                      kin.n_r)
    KD, KM = renp.infinite_volume_kernels(Q, kin.eps_ep, m, T)
    fac = 2 * V / (2 * np.pi) ** 3
    for col, (i, j) in enumerate(nu.PAIRS):
        assert np.allclose(fac * pi.dirac[:, col], KD[:, i, j], rtol=1e-12, atol=0)
        assert np.allclose(-fac * pi.majorana[:, col], KM[:, i, j], rtol=1e-12, atol=0)


# ---- Majorana phases and a sterile state (issue 21) -----------------------------------

def _er_setup(n: int = 41):
    from expdesign.physics import phasespace as ps

    kin = ps.er_ylf_kinematics()
    th = np.radians(np.linspace(144.30, 144.615, n))
    Q = kinematics.renp_pair_momentum(th, kin.theta_e_rad, kin.omega1, kin.omega2, kin.omega_s,
                                      kin.n_r)
    return kin, th, Q


def _rate(Q, eps, m, U, majorana, sterile_projector=True):
    b = nu.b_matrix(U)
    c = nu.c_matrix(b, active=nu.active_projector(U)) if sterile_projector else nu.c_matrix(b)
    gs, gv = renp.effective_couplings(b, c, 0.3, 1e-3)
    w = renp.pair_weights(gs, gv)
    KD, KM = renp.infinite_volume_kernels(Q, eps, m, np.diag([0.5, 0.5, 0.0]))
    return (renp.combine(KD, KM, w["D_pc"], w["M_pc"], majorana),
            renp.combine(KD, KM, w["D_pv"], w["M_pv"], majorana), KD, KM, w)


@pytest.mark.parametrize("alpha,beta", [(np.pi, 0.0), (0.0, np.pi), (1.3, -2.2)])
def test_dirac_rate_independent_of_majorana_phases_to_machine_precision(alpha, beta):
    kin, _, Q = _er_setup()
    p = nu.oscillation_set("pdg2018")
    m = nu.masses(0.01, "NO", p)
    U0 = nu.pmns(p.sin2_theta12, p.sin2_theta13, p.sin2_theta23("NO"), 0.5)
    U1 = nu.pmns(p.sin2_theta12, p.sin2_theta13, p.sin2_theta23("NO"), 0.5, alpha, beta)
    r0, v0, *_ = _rate(Q, kin.eps_ep, m, U0, False)
    r1, v1, *_ = _rate(Q, kin.eps_ep, m, U1, False)
    assert np.max(np.abs(r1 - r0)) <= 4e-16 * np.max(np.abs(r0))
    assert np.max(np.abs(v1 - v0)) <= 4e-16 * np.max(np.abs(v0))
    # the Majorana rate does move
    m0, *_ = _rate(Q, kin.eps_ep, m, U0, True)
    m1, *_ = _rate(Q, kin.eps_ep, m, U1, True)
    assert np.max(np.abs(m1 - m0)) > 1e-4 * np.max(np.abs(m0))


def test_majorana_rate_depends_on_phases_only_through_off_diagonal_interference():
    """Rate(alpha) - Rate(0) = -sum_{i != j} [wM_ij(alpha) - wM_ij(0)] K^M_ij: the Dirac
    terms and the diagonal Majorana terms cancel exactly in the difference."""
    kin, _, Q = _er_setup()
    p = nu.oscillation_set("pdg2018")
    m = nu.masses(0.02, "NO", p)
    U0 = nu.pmns(p.sin2_theta12, p.sin2_theta13, p.sin2_theta23("NO"))
    U1 = nu.pmns(p.sin2_theta12, p.sin2_theta13, p.sin2_theta23("NO"), 0.0, np.pi, 0.7)
    r0, _, KD, KM, w0 = _rate(Q, kin.eps_ep, m, U0, True)
    r1, _, _, _, w1 = _rate(Q, kin.eps_ep, m, U1, True)
    dw = w1["M_pc"] - w0["M_pc"]
    assert np.max(np.abs(np.diag(dw))) <= 1e-16 * np.max(np.abs(w0["M_pc"]))
    off = ~np.eye(3, dtype=bool)
    want = -np.einsum("nij,ij->n", KM * off, dw)
    np.testing.assert_allclose(r1 - r0, want, rtol=1e-9, atol=1e-14 * np.max(np.abs(r0)))
    assert np.max(np.abs(want)) > 1e-4 * np.max(np.abs(r0))


def test_3p1_zero_mixing_equals_three_flavour():
    kin, _, Q = _er_setup()
    p = nu.oscillation_set("pdg2018")
    m3 = nu.masses(0.01, "NO", p)
    U3 = nu.pmns(p.sin2_theta12, p.sin2_theta13, p.sin2_theta23("NO"), 0.3, 0.4, 0.5)
    U4 = nu.mixing_3p1(U3, 0.0, 0.0, 0.0, 1.0)
    for maj in (False, True):
        r3, v3, *_ = _rate(Q, kin.eps_ep, m3, U3, maj)
        r4, v4, *_ = _rate(Q, kin.eps_ep, np.append(m3, 0.3), U4, maj)
        np.testing.assert_allclose(r4, r3, rtol=1e-15, atol=0)
        np.testing.assert_allclose(v4, v3, rtol=1e-15, atol=0)


def test_i4_thresholds_against_closed_form():
    """The (i4) kernels switch on where M^2(theta_s) = (m_i + m_4)^2.  Closed form by hand
    (seed 001 eqs. 21-22): with Q0 = n_r (k1 + k2) at angle phi from z and ks = n_r
    omega_s, M^2 = eps^2 - Q0^2 - ks^2 + 2 ks Q0 cos(theta - phi), so
    theta = phi +- arccos((m^2 - eps^2 + Q0^2 + ks^2) / (2 ks Q0)).  The switch-on angle is
    found by bisection on the kernel itself."""
    kin, _, _ = _er_setup()
    k1 = kin.n_r * kin.omega1 * np.array([0.0, 0.0, 1.0])
    k2 = kin.n_r * kin.omega2 * np.array([np.sin(kin.theta_e_rad), 0, np.cos(kin.theta_e_rad)])
    q0 = k1 + k2
    Q0, phi, ks = np.linalg.norm(q0), np.arctan2(q0[0], q0[2]), kin.n_r * kin.omega_s
    m = np.array([0.01, 0.0132, 0.0518, 0.3])
    for i in range(4):
        msum = m[i] + m[3]
        ang = phi - np.arccos((msum**2 - kin.eps_ep**2 + Q0**2 + ks**2) / (2 * ks * Q0))
        lib = kinematics.renp_threshold_angles(msum, kin.theta_e_rad, kin.omega1, kin.omega2,
                                               kin.omega_s, kin.n_r)
        assert np.min(np.abs(lib - ang)) < 1e-12

        def on(t, i=i):
            Q = kinematics.renp_pair_momentum(np.array([t]), kin.theta_e_rad, kin.omega1,
                                              kin.omega2, kin.omega_s, kin.n_r)
            return renp.infinite_volume_kernels(Q, kin.eps_ep, m, np.eye(3) / 3)[0][0, i, 3] > 0

        lo, hi = ang - 0.01, ang + 0.01  # the pair is open on one side only
        assert on(lo) != on(hi)
        on_lo = on(lo)
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            if on(mid) == on_lo:
                lo = mid
            else:
                hi = mid
        assert abs(0.5 * (lo + hi) - ang) < 1e-11


def test_four_masses_against_three_state_weights_raise():
    kin, _, Q = _er_setup(3)
    KD, KM = renp.infinite_volume_kernels(Q, kin.eps_ep, [0.0, 0.01, 0.05, 0.3], np.eye(3) / 3)
    assert KD.shape == (3, 4, 4)
    w = np.ones((3, 3))
    with pytest.raises(ValueError, match="disagree in the number of mass states"):
        renp.combine(KD, KM, w, w, True)
    with pytest.raises(ValueError, match="disagree in the number of mass states"):
        renp.pair_terms(KD, KM, w, w, False)
    with pytest.raises(ValueError, match="1-D array"):
        renp.infinite_volume_kernels(Q, kin.eps_ep, np.zeros((2, 3)), np.eye(3) / 3)
