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
    p2, p1 = (Planner(spec, PlannerSettings(model="infinite", axial_factor=a, angle_grid=grid,
                                            mass_scan_points=3)).run() for a in (2.0, 1.0))
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
