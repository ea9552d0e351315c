"""The paper's in-plane model of the finite-size pair integral (seed 001 eqs. (17)-(22)).

Both neutrinos move in the x-z plane, the measure is
``dE1 p1 p2 dtheta1 dtheta2 |sin theta1 sin theta2|`` and the form factor is replaced by
the Lorentzians U0(K_z L/2) W0(K_x R) of eq. (18)
(:mod:`expdesign.physics.phasespace.formfactors`).
"""

from __future__ import annotations

import numpy as np

from expdesign.physics.phasespace import formfactors as ff
from expdesign.physics.phasespace.kinematics import Kinematics, cm_frame
from expdesign.physics.phasespace.product_rule import Config, core_half_widths, near_edge_rows
from expdesign.physics.phasespace.quadrature import tau_rule
from expdesign.physics.phasespace.weights import SpinLike, is_tensor

__all__ = ["inplane_two_body", "blocks_inplane", "integrate_inplane"]

Nodes2D = tuple[np.ndarray, np.ndarray, np.ndarray]


def inplane_two_body(Pz, Px, eps: float, m1: float, m2: float, spin: SpinLike = "case1",
                     n_tau: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """In-plane two-body density h(P) of seed 001 eq. (17) (eV^2).

    ``h(P) = int dE1 p1 p2 int dtheta1 dtheta2 |sin th1 sin th2| D delta^2(p1 n1 + p2 n2 - P)``
    with both momenta in the x-z plane (theta from z).  For fixed E1 the delta picks
    two mirror triangles; the Jacobian is 1/(p1 p2 |sin(th1 - th2)|).  The E1 range
    is [E1-, E1+] = (eps E1* -+ |P| p*)/M, and E1 = mid + half cos(tau) removes the
    inverse-square-root end points, so Gauss-Legendre in tau converges fast.
    Returns (h_D, h_M) with R -> D (eq. 56, Dirac part) and R -> -m1 m2.
    """
    Pz = np.asarray(Pz, dtype=float)
    Px = np.asarray(Px, dtype=float)
    rho = np.maximum(np.hypot(Pz, Px), 1e-12)
    psi = np.arctan2(Px, Pz)
    ok, M2s, M, ps, e1s = cm_frame(eps**2 - rho**2, m1, m2)
    mid = eps * e1s / M
    half = rho * ps / M
    tau, wt = tau_rule(n_tau)
    sh = (-1,) + (1,) * Pz.ndim
    tau = tau.reshape(sh)
    wt = wt.reshape(sh)
    E1 = mid + half * np.cos(tau)
    E2 = eps - E1
    p1 = np.sqrt(np.clip(E1**2 - m1**2, 0.0, None))
    p2 = np.sqrt(np.clip(E2**2 - m2**2, 0.0, None))
    heron = (rho + p1 + p2) * (-rho + p1 + p2) * (rho - p1 + p2) * (rho + p1 - p2)
    area2 = np.sqrt(np.clip(heron, 0.0, None)) / 2  # = 2 * area
    # |sin(th1 - th2)| = 2 area / (p1 p2); dE1 = half sin(tau) dtau
    good = area2 > 0
    jac = np.where(good, half * np.sin(tau) * p1 * p2 / np.where(good, area2, 1.0), 0.0)
    c1 = np.clip((rho**2 + p1**2 - p2**2) / (2 * rho * np.maximum(p1, 1e-300)), -1, 1)
    c2 = np.clip((rho**2 + p2**2 - p1**2) / (2 * rho * np.maximum(p2, 1e-300)), -1, 1)
    s1 = np.sqrt(1.0 - c1 * c1)
    s2 = np.sqrt(1.0 - c2 * c2)
    cpsi = np.cos(psi)
    spsi = np.sin(psi)
    hD: np.ndarray | float = 0.0
    hM: np.ndarray | float = 0.0
    for sgn in (1.0, -1.0):
        # theta1 = psi + sgn beta1, theta2 = psi - sgn beta2 (angle addition, no arccos)
        ct1 = cpsi * c1 - sgn * spsi * s1
        st1 = spsi * c1 + sgn * cpsi * s1
        ct2 = cpsi * c2 + sgn * spsi * s2
        st2 = spsi * c2 - sgn * cpsi * s2
        ang = np.abs(st1 * st2)
        c12 = ct1 * ct2 + st1 * st2
        if is_tensor(spin):
            t = np.asarray(spin, dtype=float)  # in-plane momenta: p = p (sin t, 0, cos t)
            proj = (t[0, 0] * st1 * st2 + t[2, 2] * ct1 * ct2 + t[0, 2] * (st1 * ct2 + ct1 * st2))
            D = E1 * E2 - p1 * p2 * (c12 - 2 * proj)
        elif spin in ("case1", "z"):
            D = E1 * E2 - p1 * p2 * (c12 - 2 * ct1 * ct2)
        elif spin == "x":
            D = E1 * E2 - p1 * p2 * (c12 - 2 * st1 * st2)
        elif spin in ("y", "case3"):
            D = E1 * E2 - p1 * p2 * c12
        elif spin == "average":
            D = E1 * E2 - p1 * p2 * c12 / 3
        else:
            raise ValueError(f"unknown spin orientation {spin!r}")
        hD = hD + np.sum(wt * jac * ang * D, axis=0)
        hM = hM + np.sum(wt * jac * ang * (-m1 * m2), axis=0)
    return np.where(ok, hD, 0.0), np.where(ok, hM, 0.0)


def blocks_inplane(L: float, R: float, kmax: float, cfg: Config, fine: bool) -> list[Nodes2D]:
    """(Kz, Kx, w) flat arrays for the Lorentzian model (K_y absent)."""
    Tz, Tp = core_half_widths(L, R, cfg)
    tz, tp = kmax * L / 2, kmax * R
    uz_f = ff.weighted_rule("U0", Tz, tz, cfg.n_fine if fine else 1, cfg.deg,
                            max(3, cfg.tail_deg - 3), 2.0, fine)
    wp_f = ff.weighted_rule("W0", Tp, tp, cfg.n_fine if fine else 1, cfg.deg,
                            max(3, cfg.tail_deg - 3), 2.0, fine)
    uz_c = ff.weighted_rule("U0", Tz, tz, 1, 4, 1, 2.0)
    wp_c = ff.weighted_rule("W0", Tp, tp, 1, 4, 1, 2.0)
    pref = (2.0 / L) / R
    out = []
    for rz, mz, rp, mp in ((uz_f, uz_f.core, wp_f, wp_f.core), (uz_c, uz_c.core, wp_f, ~wp_f.core),
                           (uz_f, ~uz_f.core, wp_c, wp_c.core),
                           (uz_c, ~uz_c.core, wp_c, ~wp_c.core)):
        z, wz = rz.t[mz], rz.w[mz]
        y, wy = rp.t[mp], rp.w[mp]
        Kz = np.broadcast_to((2 * z / L)[:, None], (len(z), len(y)))
        Kx = np.broadcast_to((y / R)[None, :], Kz.shape)
        out.append((Kz.ravel(), Kx.ravel(), (pref * wz[:, None] * wy[None, :]).ravel()))
    Kz, Kx, w = (np.concatenate([b[i] for b in out]) for i in range(3))
    return [(Kz, Kx, w)]


def integrate_inplane(kin: Kinematics, theta: np.ndarray, pm: np.ndarray, L: float, R: float,
                      spin: SpinLike, cfg: Config, n_tau: int) -> tuple[np.ndarray, np.ndarray]:
    """In-plane J_D, J_M (n_theta, 6) (seed 001 eq. (17) normalisation) at resolution
    ``cfg`` with ``n_tau`` nodes of the in-plane two-body density."""
    qz, qx = kin.Q(theta)
    eps = kin.eps_ep
    kmax = kin.k_max()
    near = near_edge_rows(qz, qx, eps, pm, cfg)
    rules = {False: blocks_inplane(L, R, kmax, cfg, False)[0],
             True: blocks_inplane(L, R, kmax, cfg, True)[0]}
    outD = np.zeros((len(theta), len(pm)))
    outM = np.zeros((len(theta), len(pm)))
    for k in range(len(theta)):
        Kz, Kx, w = rules[bool(near[k])]
        pz = qz[k] - Kz
        px = qx[k] - Kx
        # only nodes inside the kinematic disc contribute
        inside = pz**2 + px**2 < eps**2
        pz, px, wi = pz[inside], px[inside], w[inside]
        for j in range(len(pm)):
            hD, hM = inplane_two_body(pz, px, eps, pm[j, 0], pm[j, 1], spin, n_tau)
            outD[k, j] = hD @ wi
            outM[k, j] = hM @ wi
    return outD, outM
