"""Slow, independent reference integrals for validating the phase-space rules.

:func:`monte_carlo_pair_integral` estimates the finite-size pair integrals of
:func:`expdesign.physics.phasespace.distribution` (mode '3d', seed 001 eqs. (12)-(15)),

    J_D = int d^3p1 d^3p2 / (E1 E2) delta(E1 + E2 - eps) D(p1, p2) U(K_z L/2) W(K_perp R),
    K = Q - p1 - p2,   D = E1 E2 - p1.p2 + 2 (s.p1)(s.p2),   s = z (case 1),

by plain Monte Carlo over the original momenta: the mismatch K is drawn from heavy-tailed
proposals (Cauchy in K_z with width 2/L, a two-dimensional Cauchy in K_perp with width
1/R), the decay direction of p1 uniformly in the pair rest frame; p1 and p2 are then built
explicitly in the lab by a Lorentz boost and D is evaluated on them.  With
``int d^3p1 d^3p2 / (E1 E2) delta^4(p1 + p2 - P) F = (p*/M) int dOmega* F`` each sample
has weight ``4 pi (p*/M) D rho(K) / q(K)``.  Nothing here uses the closed-form two-body
function, the quadrature rules, the break points or the core/tail splits of the
production code; only the form factors U and W (seed 001 eq. 15) are shared.

Units: eV for momenta and energies, eV^-1 for L and R, J in eV^5.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from expdesign.physics.phasespace.formfactors import U, W

__all__ = ["MCResult", "monte_carlo_pair_integral"]


@dataclass(frozen=True)
class MCResult:
    """Monte Carlo estimates (eV^5) with their standard errors."""

    dirac: float
    majorana: float
    err_dirac: float
    err_majorana: float
    n: int


def monte_carlo_pair_integral(qz: float, qx: float, eps: float, m1: float, m2: float,
                              L: float, R: float, n: int = 1_000_000, seed: int = 0,
                              chunk: int = 250_000) -> MCResult:
    """J_D and J_M for one signal angle (imprinted momentum Q = (qx, 0, qz), eV) and one
    mass pair (m1, m2 in eV), spin current along z; ``n`` samples.

    Returns the sample means and their standard errors (std / sqrt(n)).
    """
    rng = np.random.default_rng(seed)
    gz, gp = 2.0 / L, 1.0 / R
    sD = sD2 = sM = sM2 = 0.0
    done = 0
    while done < n:
        k = min(chunk, n - done)
        # K_z ~ Cauchy(0, gz); K_perp ~ 2D Cauchy: q(k) d^2k = (1 + k^2/gp^2)^-3/2 d^2k/(2 pi gp^2)
        kz = gz * np.tan(np.pi * (rng.random(k) - 0.5))
        qzd = 1.0 / (np.pi * gz * (1.0 + (kz / gz) ** 2))
        u = rng.random(k)
        kp = gp * np.sqrt(np.clip((1.0 - u) ** -2 - 1.0, 0.0, None))
        qpd = (1.0 + (kp / gp) ** 2) ** -1.5 / (2 * np.pi * gp**2)
        ph = 2 * np.pi * rng.random(k)
        kx, ky = kp * np.cos(ph), kp * np.sin(ph)
        rho_q = U(kz * L / 2) * W(kp * R) / (qzd * qpd)
        # pair momentum and invariant mass
        P = np.stack([qx - kx, -ky, qz - kz], axis=1)
        P2 = np.sum(P * P, axis=1)
        M2 = eps**2 - P2
        ok = M2 > (m1 + m2) ** 2
        Ms = np.sqrt(np.where(ok, M2, 1.0))
        lam = np.clip((M2 - (m1 + m2) ** 2) * (M2 - (m1 - m2) ** 2), 0.0, None)
        ps = np.where(ok, np.sqrt(lam) / (2 * Ms), 0.0)
        e1s = (Ms**2 + m1**2 - m2**2) / (2 * Ms)
        # decay direction in the rest frame, uniform
        c = 2 * rng.random(k) - 1
        a = 2 * np.pi * rng.random(k)
        s = np.sqrt(1 - c * c)
        p1s = ps[:, None] * np.stack([s * np.cos(a), s * np.sin(a), c], axis=1)
        # boost along P with gamma = eps / M, gamma beta = |P| / M
        Pn = np.sqrt(P2)
        nhat = P / np.where(Pn > 0, Pn, 1.0)[:, None]
        gam = eps / Ms
        gb = Pn / Ms
        par = np.sum(p1s * nhat, axis=1)
        p1 = p1s + ((gam - 1) * par + gb * e1s)[:, None] * nhat
        e1 = gam * e1s + gb * par
        p2 = P - p1
        e2 = eps - e1
        D = e1 * e2 - np.sum(p1 * p2, axis=1) + 2 * p1[:, 2] * p2[:, 2]
        base = np.where(ok, 4 * np.pi * ps / Ms * rho_q, 0.0)
        wD = base * D
        wM = base * (-m1 * m2)
        sD += wD.sum()
        sD2 += (wD * wD).sum()
        sM += wM.sum()
        sM2 += (wM * wM).sum()
        done += k
    mD, mM = sD / n, sM / n
    eD = np.sqrt(max(sD2 / n - mD**2, 0.0) / n)
    eM = np.sqrt(max(sM2 / n - mM**2, 0.0) / n)
    return MCResult(float(mD), float(mM), float(eD), float(eM), n)
