"""How the in-plane model of seed 001 eq. (17) relates to the infinite-volume one.

In the infinite-volume limit (``L, R -> infinity``) the Lorentzians of seed 001 eq. (18)
tend to ``U0(K_z L/2) -> (2 pi x_l / L) delta(K_z)`` and ``W0(K_x R) -> (pi y_t / R)
delta(K_x)`` (``int dx/(1 + x^2/x_l^2) = pi x_l``), so the in-plane integral becomes
``J_in -> 2 pi^2 x_l y_t / (L R) h(Q)`` with the in-plane two-body density h
(:func:`~expdesign.physics.phasespace.inplane.inplane_two_body`).  With the kernels of
:func:`expdesign.physics.assembly.pair_kernels_from_integrals` (``K_in = V/(4 pi) J_in``, the
eq. (16) prefactor; ``K_inf = 2 g(Q)``, eq. (13)) the ratio of the two models is

    K_in / K_inf = pi^2 x_l y_t R h(Q) / (4 g(Q)),

linear in R: eq. (17) keeps one transverse dimension (K_x) and integrates the other
(K_y, and both azimuths) away with the eq. (16) prefactor, so its infinite-volume limit
scales as 1/(L R) where eq. (13)'s scales as 1/(L R^2).  That is the model, not a bug of
the code: it makes eq. (17)'s rates ~3e4 times those of the 3D integral for R = 1 cm.

At phase matching (Q = 0) with massless neutrinos both two-body functions have closed
forms (derived in :func:`phase_matching_ratio`).  Units: eV, R in eV^-1.
"""

from __future__ import annotations

import numpy as np

from expdesign.physics.phasespace.formfactors import X_L, Y_T
from expdesign.physics.phasespace.inplane import inplane_two_body
from expdesign.physics.phasespace.kinematics import two_body
from expdesign.physics.phasespace.weights import SpinLike, spin_proj

__all__ = ["inplane_over_infinite", "phase_matching_ratio"]


def inplane_over_infinite(qz: float, qx: float, eps: float, m1: float, m2: float,
                          spin: SpinLike, R: float, n_tau: int = 48) -> float:
    """Infinite-volume limit of ``K_in / K_inf`` for one pair at ``Q = (qx, 0, qz)`` (eV),
    ``pi^2 x_l y_t R h(Q) / (4 g(Q))`` (dimensionless; NaN where g(Q) = 0, beyond the
    pair's edge); seed 001 eqs. (13), (16)-(18)."""
    hD, _ = inplane_two_body(np.asarray(qz), np.asarray(qx), eps, m1, m2, spin, n_tau)
    P2 = qz**2 + qx**2
    gD, _ = two_body(P2, spin_proj(spin, qz, qx, 0.0, P2), eps, m1, m2)
    g = float(gD)
    return float(np.pi**2 * X_L * Y_T * R * float(hD) / (4 * g)) if g != 0 else float("nan")


def phase_matching_ratio(eps: float, R: float, orientation: np.ndarray | None = None) -> float:
    """``K_in / K_inf`` at Q = 0 for massless neutrinos (dimensionless).

    Parameters
    ----------
    eps
        Pair energy, eV.
    R
        Cylinder radius, eV^-1.
    orientation
        Spin orientation tensor T (3x3, x-z the laser plane, z the cylinder axis); None:
        spin along z (seed 001 case 1, ``T = diag(0, 0, 1)``).

    Notes
    -----
    Derivation (by hand, no code shared with the rules): at P = 0 the pair is back to back,
    ``p1 = -p2``, ``|p| = eps/2``, and ``D = E1 E2 - p1.p2 + 2 p1.T.p2
    = (eps^2/2) (1 - n.T.n)`` (n the direction of p1).
    In-plane (eq. 17): ``n = (sin th, 0, cos th)``; the 2D delta
    ``delta^2(p1 n1 + p2 n2)`` in (E1, theta2) has Jacobian ``2 p2 = eps``, so
    ``h(0) = int dth sin^2 th (eps^2/4) D / eps = (eps^3/8) (pi - 3 pi T_xx/4 - pi T_zz/4)``.
    3D: ``g(0) = int d^3p/p^2 delta(2p - eps) D = (eps^2/8) int dOmega 2 (1 - n.T.n)
    = pi eps^2 (1 - tr T/3)``.
    Hence ``K_in/K_inf = pi^2 x_l y_t R eps (1 - 3 T_xx/4 - T_zz/4) / (32 (1 - tr T/3))``:
    ``9 pi^2 x_l y_t R eps / 256`` for T = zz, ``15 pi^2 x_l y_t R eps / 512`` for
    ``T = (xx + yy)/2``.
    """
    T = np.diag([0.0, 0.0, 1.0]) if orientation is None else np.asarray(orientation, float)
    return float(np.pi**2 * X_L * Y_T * R * eps * (1 - 0.75 * T[0, 0] - 0.25 * T[2, 2])
                 / (32 * (1 - np.trace(T) / 3)))
