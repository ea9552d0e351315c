"""Tensor product rule for the finite-size pair integral (mode '3d', away from the edges).

``J^3d = int d^3K U(K_z L/2) W(K_perp R) g(Q - K)`` (seed 001 eqs. (12)-(15)) with the
closed-form two-body function g of :mod:`expdesign.physics.phasespace.kinematics`:
the form-factor weights of :func:`expdesign.physics.phasespace.formfactors.weighted_rule`
in x = K_z L/2 and y = |K_perp| R, times an azimuth rule on [0, pi] with doubled weights.
Rows (signal angles) whose |Q| lies within ``1.5 sqrt(2) kappa`` of an edge-sphere radius
use graded core panels.  Near and beyond the edges the edge-aware rule
(:mod:`expdesign.physics.phasespace.edge_rule`) replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from expdesign.physics.phasespace import compiled
from expdesign.physics.phasespace import formfactors as ff
from expdesign.physics.phasespace.kinematics import Kinematics, two_body
from expdesign.physics.phasespace.quadrature import half_azimuth_rule
from expdesign.physics.phasespace.weights import SpinLike, spin_proj

__all__ = ["Config", "CONFIG_LO", "CONFIG_HI", "core_half_widths", "near_edge_rows",
           "blocks_3d", "integrate_3d"]

Nodes3D = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Config:
    """Resolution of the product rules (3d and in-plane)."""

    kappa: float  # core half-width in K (eV)
    n_fine: int  # graded core panels near an edge
    deg: int  # Gauss nodes per core panel
    n_phi_core: int  # azimuth nodes, core x core
    n_phi_core_fine: int  # azimuth nodes, core x core near an edge
    n_phi_tail: int  # azimuth nodes, core z x tail perp
    tail_deg: int  # Gauss nodes per geometric tail panel
    t_min: float = 4.0  # smallest core half-width in form-factor units


CONFIG_LO = Config(kappa=0.01, n_fine=12, deg=8, n_phi_core=4, n_phi_core_fine=12,
                   n_phi_tail=24, tail_deg=6, t_min=4.0)
"""The value rule."""
CONFIG_HI = Config(kappa=0.016, n_fine=14, deg=10, n_phi_core=6, n_phi_core_fine=16,
                   n_phi_tail=32, tail_deg=8, t_min=8.0)
"""The finer companion for the error estimate."""


def core_half_widths(L: float, R: float, cfg: Config) -> tuple[float, float]:
    """Core half-widths (T_z, T_perp) in form-factor units: kappa L/2 and kappa R, at
    least ``cfg.t_min``."""
    return max(cfg.kappa * L / 2, cfg.t_min), max(cfg.kappa * R, cfg.t_min)


def near_edge_rows(qz, qx, eps: float, pm: np.ndarray, cfg: Config) -> np.ndarray:
    """Rows whose |Q| lies within ``1.5 sqrt(2) kappa`` of an edge-sphere radius
    ``sqrt(eps^2 - (m_i + m_j)^2)`` (they use graded core panels)."""
    pmax = np.sqrt(np.clip(eps**2 - pm.sum(axis=1) ** 2, 0, None))
    return np.any(np.abs(np.hypot(qz, qx)[:, None] - pmax[None, :])
                  < 1.5 * np.sqrt(2) * cfg.kappa, axis=1)


def blocks_3d(L: float, R: float, kmax: float, cfg: Config, fine: bool) -> list[Nodes3D]:
    """List of (Kz, Kx, Ky, w) flat arrays whose weighted sum of g(Q - K) gives J^3d."""
    Tz, Tp = core_half_widths(L, R, cfg)
    tz, tp = kmax * L / 2, kmax * R
    uz_f = ff.weighted_rule("U", Tz, tz, cfg.n_fine if fine else 1, cfg.deg,
                            cfg.tail_deg, 2.0, fine)
    wp_f = ff.weighted_rule("W", Tp, tp, cfg.n_fine if fine else 1, cfg.deg,
                            cfg.tail_deg, 2.0, fine)
    uz_c = ff.weighted_rule("U", Tz, tz, 1, 4, 2, 2.0)
    wp_c = ff.weighted_rule("W", Tp, tp, 1, 4, 2, 2.0)
    pref = (2.0 / L) / R**2
    blocks = []

    def add(rz, mz, rp, mp, nphi):
        ph, wph = half_azimuth_rule(nphi)
        z, wz = rz.t[mz], rz.w[mz]
        y, wy = rp.t[mp], rp.w[mp]
        Kz = np.broadcast_to((2 * z / L)[:, None, None], (len(z), len(y), nphi))
        Kp = (y / R)[None, :, None]
        Kx = np.broadcast_to(Kp * np.cos(ph)[None, None, :], Kz.shape)
        Ky = np.broadcast_to(Kp * np.sin(ph)[None, None, :], Kz.shape)
        w = pref * wz[:, None, None] * wy[None, :, None] * wph[None, None, :]
        blocks.append((Kz.ravel(), Kx.ravel(), Ky.ravel(), w.ravel()))

    add(uz_f, uz_f.core, wp_f, wp_f.core, cfg.n_phi_core_fine if fine else cfg.n_phi_core)
    add(uz_c, uz_c.core, wp_f, ~wp_f.core, cfg.n_phi_tail)  # core z x tail perp
    add(uz_f, ~uz_f.core, wp_c, wp_c.core, cfg.n_phi_core)  # tail z x core perp
    add(uz_c, ~uz_c.core, wp_c, ~wp_c.core, max(6, cfg.n_phi_tail // 4))  # tail x tail
    Kz, Kx, Ky, w = (np.concatenate([b[i] for b in blocks]) for i in range(4))
    return [(Kz, Kx, Ky, w)]


def integrate_3d(kin: Kinematics, theta: np.ndarray, pm: np.ndarray, L: float, R: float,
                 spin: SpinLike, cfg: Config) -> tuple[np.ndarray, np.ndarray]:
    """J_D, J_M (n_theta, 6) in eV^5 by the tensor product rule at resolution ``cfg``.

    ``pm`` from :func:`expdesign.physics.phasespace.kinematics.pair_masses`; L, R in
    eV^-1; ``spin`` with its y-odd tensor entries already dropped.
    """
    qz, qx = kin.Q(theta)
    eps = kin.eps_ep
    kmax = kin.k_max()
    near = near_edge_rows(qz, qx, eps, pm, cfg)
    rules = {False: blocks_3d(L, R, kmax, cfg, False)[0],
             True: blocks_3d(L, R, kmax, cfg, True)[0]}
    m1 = pm[:, 0][:, None]
    m2 = pm[:, 1][:, None]
    outD = np.zeros((len(theta), len(pm)))
    outM = np.zeros((len(theta), len(pm)))
    fast = compiled.enabled()
    for k in range(len(theta)):
        Kz, Kx, Ky, w = rules[bool(near[k])]
        if fast:
            outD[k], outM[k] = compiled.tensor_sums(Kz, Kx, Ky, w, qz[k], qx[k], spin, eps,
                                                    pm)
            continue
        pz = qz[k] - Kz
        px = qx[k] - Kx
        py = -Ky
        p2 = pz**2 + px**2 + py**2
        sp2 = spin_proj(spin, pz, px, py, p2)
        gD, gM = two_body(p2[None, :], sp2[None, :], eps, m1, m2)
        outD[k] = gD @ w
        outM[k] = gM @ w
    return outD, outM
