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


def phase_matching_ratio(eps: float, R: float) -> float:
    """``K_in / K_inf`` at Q = 0, massless neutrinos, spin along z (seed 001 case 1).

    Derivation (by hand, no code shared with the rules): at P = 0 the pair is back to back,
    ``p1 = p2 = eps/2``, ``theta2 = theta1 + pi``.
    In-plane (eq. 17): the 2D delta ``delta^2(p1 n1 + p2 n2)`` in (E1, theta2) has Jacobian
    ``|det(n1 - n2, p2 dn2/dtheta2)| = 2 p2 = eps``, and
    ``D = E1 E2 - p1 p2 (cos(th1 - th2) - 2 cos th1 cos th2) = (eps^2/2) sin^2 th1``, so
    ``h(0) = int dth1 sin^2 th1 (eps^2/4)(eps^2/2) sin^2 th1 / eps = (eps^3/8)(3 pi/4)
    = 3 pi eps^3 / 32``.
    3D: ``g(0) = int d^3p / p^2 delta(2p - eps) (2 p^2 - 2 p_z^2) = (eps^2/8) int dOmega
    2 sin^2 = 2 pi eps^2 / 3``.
    Hence ``h/g = 9 eps / 64`` and the ratio ``9 pi^2 x_l y_t R eps / 256``
    (``eps`` in eV, R in eV^-1).
    """
    return 9 * np.pi**2 * X_L * Y_T * R * eps / 256
