"""Per-pair phase-space integrals J_D, J_M versus signal angle: the model switch.

Mode ``'3d'`` combines the tensor product rule
(:mod:`expdesign.physics.phasespace.product_rule`) away from the edges with the
edge-aware rule (:mod:`expdesign.physics.phasespace.edge_cells`) near and beyond them;
``'inplane'`` is the paper's model (:mod:`expdesign.physics.phasespace.inplane`);
``'infinite'`` the delta^3(K) limit.  The normalisation is that of the package docstring
(:mod:`expdesign.physics.phasespace`).
"""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Any, Literal

import numpy as np

from expdesign.physics.phasespace import formfactors as ff
from expdesign.physics.phasespace.edge_cells import edge_distribution
from expdesign.physics.phasespace.edge_params import NEAR_DEG
from expdesign.physics.phasespace.inplane import inplane_two_body, integrate_inplane
from expdesign.physics.phasespace.kinematics import (
    Kinematics,
    er_ylf_kinematics,
    pair_masses,
    two_body,
)
from expdesign.physics.phasespace.product_rule import CONFIG_HI, CONFIG_LO, integrate_3d
from expdesign.physics.phasespace.result import PairIntegrals
from expdesign.physics.phasespace.weights import SpinLike, drop_y_odd, spin_proj

__all__ = ["Mode", "EDGE_BAND", "distribution", "edge_rows", "near_edge"]

Mode = Literal["3d", "inplane", "infinite"]

EDGE_BAND = 9000.0
"""Cells whose edge sphere lies within this many form-factor units (|K| L/2 or |K| R) of
K = 0 on the allowed side, and all cells on the forbidden side, use the edge-aware rule of
:mod:`expdesign.physics.phasespace.edge_rule` in mode '3d' (at L = 2R = 2 cm: about 11
degrees of signal angle)."""


def edge_rows(qz, qx, eps: float, pm: np.ndarray, L: float, R: float) -> np.ndarray:
    """Rows (signal angles, given by Q in eV) that mode '3d' gives to the edge-aware rule:
    those with a pair whose edge sphere comes within :data:`EDGE_BAND` form-factor units
    of K = 0 or lies beyond it (whole rows switch: the tensor rule's error grows towards
    1e-6 near the band).  ``pm`` (P, 2) pair masses in eV, L and R in eV^-1."""
    pmax = np.sqrt(np.clip(eps**2 - pm.sum(axis=1) ** 2, 0, None))
    gap = (np.sqrt(qz**2 + qx**2)[:, None] - pmax[None, :]) * min(L / 2, R)
    return np.asarray(np.any(gap > -EDGE_BAND, axis=1))


def near_edge(theta, kin: Kinematics, pm: np.ndarray, deg: float = NEAR_DEG) -> np.ndarray:
    """(n_theta, n_pairs) mask: signal angle within ``deg`` degrees of the pair's kinematic
    edge, the angle where |Q(theta)| = P_max = sqrt(eps^2 - (m_i + m_j)^2) (seed 001
    eqs. (21)-(22) for Q; the edges of :meth:`Kinematics.edge_angles`, here located by
    linear interpolation of |Q| between 20001 angles in (-pi, pi], a few 1e-8 rad off).

    ``theta`` in rad, ``pm`` (P, 2) pair masses in eV.  Issue 22 asks 1e-4 there and
    1e-6 elsewhere; :func:`~expdesign.physics.phasespace.edge_cells.cell_rules` takes
    the cheaper rules on these cells.
    """
    th = np.linspace(-np.pi, np.pi, 20001)
    qz, qx = kin.Q(th)
    q = np.hypot(qz, qx)
    theta = np.atleast_1d(np.asarray(theta, dtype=float))
    pmax = np.sqrt(np.clip(kin.eps_ep**2 - np.asarray(pm).sum(axis=1) ** 2, 0, None))
    out = np.zeros((len(theta), len(pmax)), bool)
    lim = np.radians(deg)
    for j, p in enumerate(pmax):
        f = q - p
        k = np.nonzero(np.sign(f[:-1]) != np.sign(f[1:]))[0]
        if k.size == 0:
            continue
        edges = th[k] - f[k] * (th[k + 1] - th[k]) / (f[k + 1] - f[k])
        d = np.abs(theta[:, None] - edges[None, :])
        d = np.minimum(d, 2 * np.pi - d)  # angles are periodic
        out[:, j] = np.min(d, axis=1) < lim
    return out


def distribution(theta_s, masses, R: float, L: float, mode: Mode = "3d",
                 spin: SpinLike = "case1", kin: Kinematics | None = None,
                 error: bool = True, edge: bool = True,
                 executor: Executor | None = None) -> PairIntegrals:
    """Per-pair phase-space integrals J_D, J_M versus signal angle (eV^5).

    Parameters
    ----------
    theta_s
        Signal (= trigger) angles from k1 (rad), in the k1-k2 plane, array (n,).
    masses
        (m1, m2, m3) in eV.
    R, L
        Cylinder radius and length in eV^-1 (1 cm = 5.0677e4 eV^-1).
    mode
        ``'3d'`` (exact cylinder form factor, neutrino momenta in 3D),
        ``'inplane'`` (seed 001 eq. (17)-(22) model), ``'infinite'`` (delta^3(K)).
    spin
        Direction of the spin current S_ep (and v_ep), or a 3x3 orientation tensor
        ``T = Re(e e^dagger)`` (trace 1) for a complex transition vector e:
        ``'case1'``/'z' (along k1, seed 001 case 1), ``'x'``, ``'y'``/'case3' (normal to
        the plane), ``'average'``.
    kin
        :class:`~expdesign.physics.phasespace.kinematics.Kinematics`; None: the Er3+:YLF
        scheme of seed 001 (:func:`~expdesign.physics.phasespace.kinematics.er_ylf_kinematics`,
        read from ``targets/er_ylf.json``).
    error
        Compute the error estimate from a second, finer rule (doubles the cost).  Without
        it the edge-aware cells report their rule's verified accuracy (issue 22; before,
        the edge rule always computed its companion).
    edge
        Mode '3d' only: use the edge-aware rule near the kinematic edges and on the
        forbidden side (default).  ``False`` keeps the tensor product rule everywhere:
        faster, but 1e-2 wrong beyond the edges.
    executor
        Mode '3d' only: a :class:`concurrent.futures.Executor` for the edge-aware cells
        (a process pool helps; the caller creates and owns it).  None: serial, in this
        process.  The numbers do not depend on it.

    Returns
    -------
    PairIntegrals
        ``dirac``/``majorana`` (n, 6) in eV^5 in the normalisation of the package
        docstring (3d / infinite: d^3p1 d^3p2/(E1 E2) delta(E1+E2-eps) ... U W;
        inplane: seed 001 eq. (17) with the Lorentzians).  ``info['infinite']`` holds
        the delta^3(K) limit of the same normalisation for '3d' and 'inplane';
        ``info['edge_cells']`` (3d) the (n, 6) mask of the cells the edge-aware rule did.
    """
    kin = er_ylf_kinematics() if kin is None else kin
    theta = np.atleast_1d(np.asarray(theta_s, dtype=float))
    pm = pair_masses(masses)
    if R <= 0 or L <= 0:
        raise ValueError("R and L must be positive (eV^-1)")
    eps = kin.eps_ep
    qz, qx = kin.Q(theta)
    q2 = qz**2 + qx**2
    info: dict[str, Any] = {"R": R, "L": L, "spin": spin}
    spin = drop_y_odd(spin)
    if mode == "infinite" or mode == "3d":
        sp2 = spin_proj(spin, qz, qx, 0.0 * qz, q2)
        gD, gM = two_body(q2[:, None], np.asarray(sp2)[:, None], eps, pm[None, :, 0],
                          pm[None, :, 1])
        V = ff.cylinder_volume(R, L)
        infD, infM = (2 * np.pi) ** 3 / V * gD, (2 * np.pi) ** 3 / V * gM
        if mode == "infinite":
            z = np.zeros_like(infD)
            return PairIntegrals(theta, infD, infM, z, z.copy(), mode, info)
        info["infinite"] = (infD, infM)
        # cells whose edge sphere comes within EDGE_BAND form-factor units of K = 0 (and
        # the whole forbidden side) go to the edge-aware rule; the rest to the tensor rule
        todo = np.zeros((len(theta), len(pm)), bool)
        if edge:
            todo[edge_rows(qz, qx, eps, pm, L, R)] = True
        d2, m2 = np.zeros((len(theta), len(pm))), np.zeros((len(theta), len(pm)))
        eD, eM = np.zeros_like(d2), np.zeros_like(m2)
        rest = ~np.all(todo, axis=1)

        def tensor_part() -> None:
            if not np.any(rest):
                return
            th = theta[rest]
            d1, m1 = integrate_3d(kin, th, pm, L, R, spin, CONFIG_LO)
            if error:
                dh, mh = integrate_3d(kin, th, pm, L, R, spin, CONFIG_HI)
            else:
                dh, mh = d1, m1
            d2[rest], m2[rest] = dh, mh
            eD[rest] = np.abs(dh - d1) + 1e-14 * np.abs(dh).max(initial=0.0)
            eM[rest] = np.abs(mh - m1) + 1e-14 * np.abs(mh).max(initial=0.0)

        if np.any(todo):
            vD, vM, xD, xM = edge_distribution(qz, qx, eps, pm, spin, L, R, todo, executor,
                                               during=tensor_part, error=error,
                                               near=near_edge(theta, kin, pm) & todo)
            d2[todo], m2[todo] = vD[todo], vM[todo]
            eD[todo] = xD[todo] + 1e-14 * np.abs(vD[todo])
            eM[todo] = xM[todo] + 1e-14 * np.abs(vM[todo])
        else:
            tensor_part()
        info["edge_cells"] = todo
        return PairIntegrals(theta, d2, m2, eD, eM, mode, info)
    if mode == "inplane":
        hD = np.zeros((len(theta), len(pm)))
        hM = np.zeros((len(theta), len(pm)))
        for j in range(len(pm)):
            hD[:, j], hM[:, j] = inplane_two_body(qz, qx, eps, pm[j, 0], pm[j, 1], spin, 24)
        scale = (2 * np.pi / L) * (np.pi * ff.Y_T / R)
        info["infinite"] = (scale * hD, scale * hM)
        d1, m1 = integrate_inplane(kin, theta, pm, L, R, spin, CONFIG_LO, 8)
        if error:
            d2, m2 = integrate_inplane(kin, theta, pm, L, R, spin, CONFIG_HI, 10)
        else:
            d2, m2 = d1, m1
        eD = np.abs(d2 - d1) + 1e-14 * np.abs(d2).max(initial=0.0)
        eM = np.abs(m2 - m1) + 1e-14 * np.abs(m2).max(initial=0.0)
        return PairIntegrals(theta, d2, m2, eD, eM, mode, info)
    raise ValueError(f"mode must be '3d', 'inplane' or 'infinite', got {mode!r}")
