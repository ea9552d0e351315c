"""RANP (Raman stimulated neutrino-pair emission) rates and the McQ4 background, seed 000.

All inputs and outputs in natural units (eV powers): energies and widths/rates in eV
(a rate in s^-1 becomes eV via hbar, :func:`expdesign.units.rate_to_eV`), number densities
in eV^3, volumes in eV^-3, ``G_F`` in eV^-2.  A rate returned in eV is ``hbar Gamma``.

Notation of seed 000: levels g < e < q < p (elastic scheme q = e), ``eps_ab = eps_a - eps_b``,
partial A-coefficients ``gamma_ab = d_ab^2 eps_ab^3 / (3 pi)`` (E1; ``mu_ab`` for M1) and
total widths ``gamma_a``.  ``sum_F`` is ``sum_ij F_ij`` in the normalisation of seed 000 eq. (6)
(prefactor 1/(4 pi)), see :func:`expdesign.physics.pair_emission.pair_function`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from expdesign.physics.constants import G_F_EV2
from expdesign.physics.kinematics import ranp_pair_mass2
from expdesign.physics.neutrino import check_masses
from expdesign.physics.pair_emission import pair_function

__all__ = [
    "differential_rate_eq4",
    "angular_rate_eq7",
    "rate_scale_eq8",
    "rate_scale_from_eq7",
    "figure_of_merit",
    "angular_sum_F",
    "pair_sum_F",
    "i_2nu",
    "i_2gamma",
    "i_2gamma_bruteforce",
]



def differential_rate_eq4(omega: ArrayLike, omega0: float, E0sq: float, spectrum: float,
                          eps_pe: float, eps_pq: float, gamma_p: float, gamma_e: float,
                          gamma_q: float, delta_omega0: float, gamma_pe: float,
                          gamma_pq: float, n2V: float, sum_F: ArrayLike) -> np.ndarray:
    """``d^2 Gamma / (d omega d Omega)`` of seed 000 eq. (4) (dimensionless = eV/eV).

    ``(4 pi^3/3) G_F^2 omega^2 E0^2 I(omega0) / {[(omega0 - eps_pe)^2 + (gamma_p^2 + gamma_e^2
    + d omega0^2)/4] [(omega - eps_pq)^2 + (gamma_e^2 + gamma_q^2)/4]}
    * gamma_pe gamma_pq / (eps_pe^3 eps_pq^2) * n^2 V * sum_F``.

    Parameters
    ----------
    omega, omega0 : detected and trigger photon energies (eV).
    E0sq : trigger power ``E0^2 = omega0 n0`` (eV^4).
    spectrum : ``I(omega0)``, the trigger spectral shape, taken dimensionless (peak 1); with
        this reading eq. (4) is dimensionally consistent.
    eps_pe, eps_pq, gamma_*, delta_omega0 : eV.
    n2V : ``n^2 V`` (eV^3).
    sum_F : ``sum_ij F_ij Theta(...)`` (eV^2), seed 000 eq. (6) normalisation.
    """
    om = np.asarray(omega, dtype=float)
    d1 = (omega0 - eps_pe) ** 2 + (gamma_p**2 + gamma_e**2 + delta_omega0**2) / 4
    d2 = (om - eps_pq) ** 2 + (gamma_e**2 + gamma_q**2) / 4
    return (4 * np.pi**3 / 3 * G_F_EV2**2 * om**2 * E0sq * spectrum / (d1 * d2)
            * gamma_pe * gamma_pq / (eps_pe**3 * eps_pq**2) * n2V * np.asarray(sum_F))


def angular_rate_eq7(sum_F: ArrayLike, gamma_pe: float, gamma_pq: float, gamma_p: float,
                     gamma_e: float, gamma_q: float, delta_omega0: float, eps_pe: float,
                     n3V_eta: float) -> np.ndarray:
    """``d Gamma / d Omega`` (eV) of seed 000 eq. (7), as printed.

    ``(64 pi^4/3) G_F^2 gamma_pe gamma_pq / (sqrt(gamma_e^2 + gamma_q^2)
    sqrt(gamma_p^2 + gamma_e^2 + d omega0^2) eps_pe^3) n^3 V eta 4 pi sum_F``.
    ``n3V_eta`` in eV^6 (``n^3 V`` with n in eV^3 and V in eV^-3).
    """
    return (64 * np.pi**4 / 3 * G_F_EV2**2 * gamma_pe * gamma_pq
            / (np.sqrt(gamma_e**2 + gamma_q**2)
               * np.sqrt(gamma_p**2 + gamma_e**2 + delta_omega0**2) * eps_pe**3)
            * n3V_eta * 4 * np.pi * np.asarray(sum_F))


def rate_scale_eq8(gamma_pe: float, gamma_p: float, gamma_e: float, delta_omega0: float,
                   eps_eg: float, eps_pe: float, n3V_eta: float) -> float:
    """RANP rate scale ``Gamma_0`` (eV) of seed 000 eq. (8), as printed.

    ``Gamma_0 / (4 pi) = 32 pi^4/(3 sqrt 2) gamma_pe^2 / sqrt(gamma_p^2 + gamma_e^2
    + d omega0^2) / gamma_e * G_F^2 eps_eg^2 / (24 eps_pe^3) n^3 V eta``.
    Note: eq. (7) with ``gamma_pq = gamma_pe``, ``gamma_q = gamma_e`` and
    ``4 pi sum_F = eps_eg^2/24`` gives twice this (:func:`rate_scale_from_eq7`).
    """
    return float(4 * np.pi * 32 * np.pi**4 / (3 * np.sqrt(2)) * gamma_pe**2
                 / np.sqrt(gamma_p**2 + gamma_e**2 + delta_omega0**2) / gamma_e
                 * G_F_EV2**2 * eps_eg**2 / (24 * eps_pe**3) * n3V_eta)


def rate_scale_from_eq7(gamma_pe: float, gamma_p: float, gamma_e: float, delta_omega0: float,
                        eps_eg: float, eps_pe: float, n3V_eta: float) -> float:
    """``Gamma_0 = 4 pi dGamma/dOmega`` from eq. (7) with the assumptions stated for eq. (8):
    ``gamma_pq = gamma_pe``, ``gamma_q = gamma_e`` (|q> = |e>) and the massless M^2 -> 0 value
    ``4 pi sum_F = eps_eg^2 / 24`` (eV)."""
    return float(4 * np.pi * angular_rate_eq7(eps_eg**2 / 24 / (4 * np.pi), gamma_pe, gamma_pe,
                                              gamma_p, gamma_e, gamma_e, delta_omega0, eps_pe,
                                              n3V_eta))


def figure_of_merit(gamma_pe: float, gamma_e: float, eps_eg: float, eps_pe: float) -> float:
    """Dimensionless figure of merit ``F = gamma_pe^2 eps_eg^2 / (gamma_e eps_pe^3)``,
    seed 000 eq. (16) (all inputs in eV)."""
    return float(gamma_pe**2 * eps_eg**2 / (gamma_e * eps_pe**3))


def pair_sum_F(M2: ArrayLike, E_pair: ArrayLike, masses: ArrayLike, b: np.ndarray,
               majorana: bool, coefficients: Literal["derived", "paper"] = "derived",
               normalization: Literal["paper", "eq5"] = "paper") -> np.ndarray:
    """``sum_ij F_ij Theta(M^2 - (m_i + m_j)^2)`` over all N^2 ordered pairs (eV^2),
    seed 000 eqs. (4), (6).

    ``masses``: the N mass states (eV; three, or four with a sterile state); ``b``: their
    N x N couplings (:func:`expdesign.physics.neutrino.b_matrix`).

    Raises
    ------
    ValueError
        Masses not 1-D finite >= 0, or ``b`` not N x N for N masses.
    """
    out = np.zeros(np.broadcast(np.asarray(M2), np.asarray(E_pair)).shape)
    m = check_masses(masses, where="pair_sum_F")
    n = m.size
    if np.shape(b) != (n, n):
        raise ValueError(f"pair_sum_F: {n} masses need {n}x{n} couplings b_ij, got shape "
                         f"{np.shape(b)}")
    for i in range(n):
        for j in range(n):
            out = out + pair_function(M2, E_pair, float(m[i]), float(m[j]), b[i, j], majorana,
                                      coefficients, normalization)
    return out


def angular_sum_F(theta: ArrayLike, r: float, eps_eg: float, omega0: float,
                  masses: ArrayLike, b: np.ndarray, majorana: bool,
                  omega: float | None = None,
                  coefficients: Literal["derived", "paper"] = "derived") -> np.ndarray:
    """RANP angular distribution ``sum_ij F_ij(omega, theta)`` (eV^2, eq. 6 normalisation)
    with ``M^2`` from seed 000 eq. (9) and pair energy ``eps_eg + omega0 - omega``."""
    om = omega0 if omega is None else omega
    M2 = ranp_pair_mass2(theta, r, eps_eg, omega0, om)
    return pair_sum_F(M2, eps_eg + omega0 - om, masses, b, majorana, coefficients)


def i_2nu(sum_F: ArrayLike) -> np.ndarray:
    """RANP rate function ``I_2nu = G_F^2 sum_ij F_ij / 2`` (eV^-2), seed 000 Sec. 4."""
    return G_F_EV2**2 * np.asarray(sum_F) / 2


def _levels(gamma_ne, gamma_ng, eps_ne, eps_ng):
    arr = [np.atleast_1d(np.asarray(x, dtype=float)) for x in (gamma_ne, gamma_ng, eps_ne, eps_ng)]
    return np.broadcast_arrays(*arr)


def i_2gamma(M2: float, eps_eg: float, gamma_ne: ArrayLike, gamma_ng: ArrayLike,
             eps_ne: ArrayLike, eps_ng: ArrayLike, n_nodes: int = 64) -> tuple[float, float]:
    """McQ4 rate function ``I_2gamma(M^2)`` (eV^-2), seed 000 eq. (12).

    ``pi/8 sum_n gamma_ne gamma_ng / (eps_ne^3 eps_ng^3) / sqrt(eps_eg^2 - M^2)
    int_{w-}^{w+} dw w^2 (eps_eg - w)^2 / (w + eps_ne)^2``, ``w_pm = (eps_eg +- P)/2``,
    ``P = sqrt(eps_eg^2 - M^2)``.  Intermediate levels n: arrays of A-coefficients and
    spacings (eV; ``eps_ne = eps_n - eps_e > 0``).  Gauss-Legendre quadrature; returns
    ``(value, error estimate)`` (difference to half the nodes).
    """
    gne, gng, ene, eng = _levels(gamma_ne, gamma_ng, eps_ne, eps_ng)
    if not 0 <= M2 < eps_eg**2:
        raise ValueError("I_2gamma needs 0 <= M^2 < eps_eg^2")
    P = np.sqrt(eps_eg**2 - M2)
    lo, hi = 0.5 * (eps_eg - P), 0.5 * (eps_eg + P)

    def integ(n: int) -> float:
        x, w = np.polynomial.legendre.leggauss(n)
        om = 0.5 * (hi - lo) * x + 0.5 * (hi + lo)
        f = om[:, None] ** 2 * (eps_eg - om[:, None]) ** 2 / (om[:, None] + ene) ** 2
        s = 0.5 * (hi - lo) * (w @ f)
        return float(np.pi / 8 / P * np.sum(gne * gng / (ene**3 * eng**3) * s))

    a, b = integ(n_nodes), integ(max(n_nodes // 2, 2))
    return a, abs(a - b)


def i_2gamma_bruteforce(M2: float, eps_eg: float, gamma_ne: ArrayLike, gamma_ng: ArrayLike,
                        eps_ne: ArrayLike, eps_ng: ArrayLike, n_cos: int = 400,
                        P_dir: ArrayLike = (0.3, -0.5, 0.8)) -> float:
    """Seed 000 eq. (11) integrated directly over ``k2`` (reference for :func:`i_2gamma`).

    ``int d^3k2 d^3k3/(2 pi)^2 sum_n d_ne^2 d_ng^2 / (w2 + eps_ne)^2 w2 w3 / 6^2
    delta(w2 + w3 - eps_eg) delta^3(k2 + k3 - P)`` with ``d^2 = 3 pi gamma / eps^3``.
    ``k3 = P - k2`` removes the 3-delta; for each direction of ``k2`` (a Gauss-Legendre rule
    in ``cos`` (composite, ``n_cos // 16`` panels of 16 nodes) about an arbitrary axis, midpoint
    in azimuth) the energy delta fixes
    ``|k2| = (eps^2 - P^2) / (2 (eps - P cos))`` with Jacobian ``1/|1 + (k2 - P cos)/w3|``.
    """
    gne, gng, ene, eng = _levels(gamma_ne, gamma_ng, eps_ne, eps_ng)
    P = np.sqrt(eps_eg**2 - M2)
    Pv = P * np.asarray(P_dir, float) / np.linalg.norm(P_dir)
    # composite 16-point Gauss-Legendre in cos (cheap for many nodes)
    npan = max(n_cos // 16, 1)
    xg, wg = np.polynomial.legendre.leggauss(16)
    edges = np.linspace(-1.0, 1.0, npan + 1)
    half = 0.5 * np.diff(edges)
    x = (0.5 * (edges[:-1] + edges[1:])[:, None] + half[:, None] * xg).ravel()
    wx = (half[:, None] * wg).ravel()
    n_cos = x.size
    nphi = 16
    phi = (np.arange(nphi) + 0.5) * 2 * np.pi / nphi
    c = np.repeat(x, nphi)
    s = np.sqrt(1 - c**2)
    ph = np.tile(phi, n_cos)
    dirs = np.stack([s * np.cos(ph), s * np.sin(ph), c], -1)  # about lab z
    w = np.repeat(wx, nphi) * 2 * np.pi / nphi
    cosPk = dirs @ Pv / P
    k2 = (eps_eg**2 - P**2) / (2 * (eps_eg - P * cosPk))
    k3v = Pv[None, :] - k2[:, None] * dirs
    w3 = np.linalg.norm(k3v, axis=-1)
    jac = 1.0 / np.abs(1 + (k2 - P * cosPk) / w3)
    d2 = 9 * np.pi**2 * gne * gng / (ene**3 * eng**3)
    f = np.sum(d2[None, :] / (k2[:, None] + ene) ** 2, axis=1) * k2 * w3 / 36
    return float(np.sum(w * k2**2 * jac * f) / (2 * np.pi) ** 2)
