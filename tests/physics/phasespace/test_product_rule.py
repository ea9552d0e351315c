"""The tensor product rule against a brute-force rule in other coordinates, a finer rule,
and its approach to the infinite-volume limit."""

from __future__ import annotations

import numpy as np
import pytest

from expdesign.physics import phasespace as ps
from expdesign.physics.phasespace import formfactors as ff

CM = 5.0677e4  # eV^-1

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
    kin = ps.er_ylf_kinematics()
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


@pytest.mark.slow
def test_3d_convergence_far_from_edges_1e6():
    """Default rule against a much finer rule at L = 2R = 2 cm, > 5 deg from the edges."""
    m = ps.pair_masses([0.01, 0.0133, 0.0513])
    th = np.radians([0.0, 30.0, 59.0, 100.0, 130.0])
    fine = ps.Config(kappa=0.025, n_fine=18, deg=12, n_phi_core=8, n_phi_core_fine=24,
                      n_phi_tail=48, tail_deg=10)
    r = ps.distribution(th, [0.01, 0.0133, 0.0513], 1.0 * CM, 2.0 * CM, mode="3d")
    dF, mF = ps.integrate_3d(ps.er_ylf_kinematics(), th, m, 2.0 * CM, 1.0 * CM, "case1", fine)
    assert np.all(np.abs(r.dirac / dF - 1) < 1e-6)
    assert np.all(np.abs(r.majorana / mF - 1) < 1e-6)
