"""Kinematics of macro-coherent pair emission: RANP (seed 000) and RENP phase matching (seed 001).

All energies, masses and momenta in eV (hbar = c = 1); angles in radians.

RANP conventions (seed 000 Sec. 2, eq. 2 and eq. 9)
---------------------------------------------------
* The excitation lasers are counter-propagating along z with ``omega1 + omega2 = eps_eg``
  and ``omega1 - omega2 = r eps_eg``; the imprinted momentum is ``p_eg = r eps_eg z``.
* The Raman trigger ``k0`` propagates along +z (this is what reproduces eq. 9; see
  :func:`ranp_pair_mass2_fourvector`); the detected photon ``k`` is at angle ``theta`` to z.
* The unseen pair carries ``P = (omega0 + eps_eg - omega, k0 + p_eg - k)`` and
  ``M^2 = P^2``.  McQ3 (a third photon instead of the pair) is kinematically allowed
  where ``M^2(theta) = 0``; the McQ3-free imprints have ``M^2 > 0`` at every angle.

RENP conventions (seed 001 eqs. 21-23, 28-29)
---------------------------------------------
* ``k1`` along z, ``k2`` at ``theta_e`` and the signal/trigger ``k_s`` at ``theta_s``, both in
  the x-z plane; in the crystal ``|k| = n_r omega``.  The pair carries energy
  ``eps_ep = omega1 + omega2 - omega_s`` and momentum ``n_r (k1 + k2 - k_s)``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import brentq

__all__ = [
    "laser_energies",
    "ranp_pair_mass2",
    "ranp_pair_mass2_fourvector",
    "ranp_min_pair_mass2",
    "mcq3_free_imprint",
    "mcq3_free_imprint_closed_form",
    "mcq2_resonant_imprint",
    "threshold_sin2_half",
    "threshold_angle",
    "light_particle_angle",
    "renp_phase_matching_angles",
    "inplane_photon_vectors",
    "renp_pair_momentum",
    "renp_pair_mass2",
    "renp_threshold_angles",
]


def laser_energies(r: float, eps_eg: float) -> tuple[float, float]:
    """Excitation-laser energies ``(omega1, omega2)`` for imprint ``r`` (seed 000 Sec. 2).

    ``omega1 + omega2 = eps_eg`` and ``omega1 - omega2 = r eps_eg``.

    Parameters
    ----------
    r : float
        Imprint parameter, ``-1 <= r <= 1``.
    eps_eg : float
        Energy of |e> above |g> (eV).

    Returns
    -------
    (omega1, omega2) : tuple of float
        Laser energies (eV); ``omega1`` propagates along +z.
    """
    if not -1.0 <= r <= 1.0:
        raise ValueError(f"imprint r must lie in [-1, 1], got {r}")
    return 0.5 * (1.0 + r) * eps_eg, 0.5 * (1.0 - r) * eps_eg


def ranp_pair_mass2(theta: ArrayLike, r: float, eps_eg: float, omega0: float,
                    omega: float | None = None) -> np.ndarray:
    """Pair invariant mass squared ``M^2(theta; r)`` of RANP, seed 000 eq. (9).

    ``M^2 = (1 - r^2) eps_eg^2 - 2 (1 - r) eps_eg (omega - omega0)
    - 4 omega (r eps_eg + omega0) sin^2(theta / 2)``.

    Parameters
    ----------
    theta : array_like
        Emission angle of the detected photon from the excitation axis z (rad).
    r : float
        Imprint parameter.
    eps_eg, omega0 : float
        Level spacing e-g and trigger energy (eV).
    omega : float, optional
        Detected photon energy (eV); default ``omega0`` (elastic Raman, |q> = |e>).

    Returns
    -------
    ndarray
        ``M^2`` in eV^2 (may be negative: pair kinematically forbidden there).
    """
    om = omega0 if omega is None else omega
    s2 = np.sin(0.5 * np.asarray(theta, dtype=float)) ** 2
    return ((1 - r**2) * eps_eg**2 - 2 * (1 - r) * eps_eg * (om - omega0)
            - 4 * om * (r * eps_eg + omega0) * s2)


def ranp_pair_mass2_fourvector(theta: ArrayLike, r: float, eps_eg: float, omega0: float,
                               omega: float | None = None) -> np.ndarray:
    """``M^2`` straight from the conservation laws, seed 000 eq. (2) (reference for eq. 9).

    ``P = (omega0 + eps_eg - omega, k0 + p_eg - k)`` with ``k0 = omega0 z``,
    ``p_eg = r eps_eg z`` and ``k = omega (sin theta, 0, cos theta)``; returns ``P^2`` (eV^2).
    """
    om = omega0 if omega is None else omega
    th = np.asarray(theta, dtype=float)
    e_pair = omega0 + eps_eg - om
    px = -om * np.sin(th)
    pz = omega0 + r * eps_eg - om * np.cos(th)
    return e_pair**2 - px**2 - pz**2


def ranp_min_pair_mass2(r: float, eps_eg: float, omega0: float,
                        omega: float | None = None) -> float:
    """Minimum over ``theta in [0, pi]`` of ``M^2(theta; r)`` (eV^2), seed 000 eq. (9).

    ``M^2`` is monotonic in ``sin^2(theta/2)``, so the minimum is at 0 or pi.
    """
    return float(np.min(ranp_pair_mass2(np.array([0.0, np.pi]), r, eps_eg, omega0, omega)))


def mcq3_free_imprint(eps_eg: float, omega0: float, omega: float | None = None,
                      xtol: float = 1e-14) -> float:
    """Largest imprint ``r`` with ``M^2(theta) >= 0`` at every angle (no McQ3), seed 000 Fig. 4.

    Solves ``min_theta M^2(theta; r) = 0`` for ``r`` with Brent's method on
    ``[-omega0/eps_eg, 1]`` (above ``r = -omega0/eps_eg`` the minimum is at ``theta = pi``
    and decreases with ``r``).  The McQ3-free region is ``-1 < r <= r*``: this boundary
    is what seed 000 calls the optimal imprint (Fig. 4 caption, "no McQ3 for r <= r*").

    Parameters
    ----------
    eps_eg, omega0 : float
        Level spacing and trigger energy (eV).
    omega : float, optional
        Detected photon energy (eV); default ``omega0``.

    Returns
    -------
    float
        ``r*`` (dimensionless).
    """
    def f(r: float) -> float:
        return ranp_min_pair_mass2(r, eps_eg, omega0, omega)

    lo = max(-omega0 / eps_eg, -1.0 + 1e-12)
    hi = 1.0
    if f(lo) <= 0:
        raise ValueError("no McQ3-free imprint: M^2 <= 0 somewhere already at r = -omega0/eps_eg")
    if f(hi) > 0:
        return hi
    return float(brentq(f, lo, hi, xtol=xtol))


def mcq3_free_imprint_closed_form(eps_eg: float, omega0: float) -> float:
    """Closed form of :func:`mcq3_free_imprint` for elastic RANP: ``r* = 1 - 2 omega0/eps_eg``.

    From ``M^2(pi) = eps_eg^2 - (r eps_eg + 2 omega0)^2 = 0`` (seed 000 eq. 9 at theta = pi).
    At ``r*``, ``omega2 = omega0``.
    """
    return 1.0 - 2.0 * omega0 / eps_eg


def mcq2_resonant_imprint(eps_eg: float, omega0: float) -> float:
    """Imprint at which McQ2 (paired super-radiance) is resonant, ``r = -1 + 2 omega0/eps_eg``.

    Seed 000 Sec. 4: McQ2 |e> -> |g> + gamma0 + gamma is rejected unless r takes this value.
    """
    return -1.0 + 2.0 * omega0 / eps_eg


def threshold_sin2_half(mass_sum: ArrayLike, r: float, eps_eg: float, omega0: float,
                        omega: float | None = None) -> np.ndarray:
    """``sin^2(theta/2)`` where ``M^2(theta) = mass_sum^2``; seed 000 eq. (10) generalised.

    ``sin^2(theta/2) = [(1 - r^2) eps^2 - 2 (1 - r) eps (omega - omega0) - mass_sum^2]
    / [4 omega (r eps + omega0)]``; for ``omega = omega0`` and ``mass_sum = 2 m1`` this is
    eq. (10).  A threshold exists in ``[0, pi]`` only if the value lies in ``[0, 1]``.

    Parameters
    ----------
    mass_sum : array_like
        ``m_i + m_j`` (eV), or ``m_X`` for a single light particle X.
    """
    om = omega0 if omega is None else omega
    den = 4 * om * (r * eps_eg + omega0)
    if den == 0:
        raise ValueError("M^2 does not depend on theta at r = -omega0/eps_eg: no threshold angle")
    ms = np.asarray(mass_sum, dtype=float)
    num = (1 - r**2) * eps_eg**2 - 2 * (1 - r) * eps_eg * (om - omega0) - ms**2
    return num / den


def threshold_angle(mi: ArrayLike, mj: ArrayLike, r: float, eps_eg: float, omega0: float,
                    omega: float | None = None) -> np.ndarray:
    """Threshold angle ``theta_ij`` (rad) with ``M^2(theta_ij) = (m_i + m_j)^2``, seed 000 eq. (10).

    Raises ``ValueError`` if a pair has no threshold in ``[0, pi]`` (open or closed at all
    angles).
    """
    s = threshold_sin2_half(np.asarray(mi, float) + np.asarray(mj, float), r, eps_eg, omega0,
                            omega)
    if np.any((s < 0) | (s > 1)):
        raise ValueError(f"no threshold in [0, pi]: sin^2(theta/2) = {s}")
    return 2.0 * np.arcsin(np.sqrt(s))


def light_particle_angle(m_x: ArrayLike, r: float, eps_eg: float, omega0: float,
                         omega: float | None = None) -> np.ndarray:
    """Angle ``theta_X`` of a light particle X of mass ``m_X`` (eV), seed 000 after eq. (10).

    Eq. (10) with ``4 m1^2 -> m_X^2``.

    Raises ``ValueError`` where no such angle exists in ``[0, pi]``.
    """
    s = threshold_sin2_half(m_x, r, eps_eg, omega0, omega)
    if np.any((s < 0) | (s > 1)):
        raise ValueError(f"no angle in [0, pi] for m_X: sin^2(theta/2) = {s}")
    return 2.0 * np.arcsin(np.sqrt(s))


# --------------------------------------------------------------------------- RENP (seed 001)

def renp_phase_matching_angles(omega1: float, omega2: float, omega_s: float
                               ) -> tuple[float, float]:
    """Angles ``(theta_s, theta_e)`` (rad, in [0, pi]) of zero pair momentum, seed 001 eq. (23).

    ``omega2 sin theta_e = omega_s sin theta_s`` and ``omega2 cos theta_e - omega_s cos theta_s
    = -omega1``, i.e. seed 001 eqs. (28)-(29):
    ``cos theta_s = (omega1^2 - omega2^2 + omega_s^2) / (2 omega1 omega_s)``,
    ``cos theta_e = -(omega1^2 + omega2^2 - omega_s^2) / (2 omega1 omega2)``.
    The refractive index cancels.  At these angles the pair is at rest in the lab,
    ``M = eps_ep``; this is not a mass threshold.  The mirror solution ``(-theta_s, -theta_e)``
    is equivalent.
    """
    cs = (omega1**2 - omega2**2 + omega_s**2) / (2 * omega1 * omega_s)
    ce = -(omega1**2 + omega2**2 - omega_s**2) / (2 * omega1 * omega2)
    if abs(cs) > 1 or abs(ce) > 1:
        raise ValueError("no phase-matching geometry: the three photon momenta cannot close")
    return float(np.arccos(cs)), float(np.arccos(ce))


def inplane_photon_vectors(omega1: float, omega2: float, omega_s: float, theta_e: float,
                           theta_s: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vacuum photon momenta ``k1, k2, k_s`` (eV) in the laser plane, seed 001 Fig. 2.

    Lab frame: z along ``k1``, x in the laser plane; ``k2 = omega2 (sin theta_e, 0,
    cos theta_e)``, ``k_s = omega_s (sin theta_s, 0, cos theta_s)``, angles in rad from
    ``k1``.  ``k1``, ``k2`` have shape (3,); ``k_s`` has shape ``theta_s.shape + (3,)``.
    The one place the RENP photon geometry is written.
    """
    ts = np.asarray(theta_s, dtype=float)
    k1 = np.array([0.0, 0.0, omega1])
    k2 = omega2 * np.array([np.sin(theta_e), 0.0, np.cos(theta_e)])
    ks = omega_s * np.stack([np.sin(ts), np.zeros_like(ts), np.cos(ts)], axis=-1)
    return k1, k2, ks


def renp_pair_momentum(theta_s: ArrayLike, theta_e: float, omega1: float, omega2: float,
                       omega_s: float, n_r: float = 1.0) -> np.ndarray:
    """Pair momentum ``Q = n_r (k1 + k2 - k_s)`` (eV), shape ``theta_s.shape + (3,)``, in
    the frame of :func:`inplane_photon_vectors` (seed 001 eqs. (21)-(22))."""
    k1, k2, ks = inplane_photon_vectors(omega1, omega2, omega_s, theta_e, theta_s)
    return n_r * ((k1 + k2) - ks)


def renp_pair_mass2(theta_s: ArrayLike, theta_e: float, omega1: float, omega2: float,
                    omega_s: float, n_r: float = 1.0) -> np.ndarray:
    """Pair invariant mass squared at trigger angle ``theta_s`` (eV^2), seed 001 eqs. (21)-(22).

    ``M^2 = eps_ep^2 - |n_r (k1 + k2 - k_s)|^2`` with ``eps_ep = omega1 + omega2 - omega_s``,
    ``k1 = omega1 z``, ``k2 = omega2 (sin theta_e, 0, cos theta_e)``,
    ``k_s = omega_s (sin theta_s, 0, cos theta_s)``.  Vectorised over ``theta_s``.
    """
    eps = omega1 + omega2 - omega_s
    Q = renp_pair_momentum(theta_s, theta_e, omega1, omega2, omega_s, n_r)
    return eps**2 - Q[..., 2] ** 2 - Q[..., 0] ** 2


def renp_threshold_angles(mass_sum: float, theta_e: float, omega1: float, omega2: float,
                          omega_s: float, n_r: float = 1.0) -> np.ndarray:
    """Trigger angles ``theta_s`` in ``(-pi, pi]`` where ``M^2(theta_s) = mass_sum^2``.

    With ``Q = n_r (k1 + k2)`` at azimuth ``phi_Q`` in the x-z plane (angle from z),
    ``M^2 = eps_ep^2 - Q^2 - n_r^2 omega_s^2 + 2 n_r omega_s |Q| cos(theta_s - phi_Q)``, so
    ``theta_s = phi_Q +- arccos(c)``.  ``mass_sum = m_i + m_j`` gives the (ij) threshold;
    ``mass_sum = 0`` the McQ boundary (a massless third photon).  Returns an empty array when
    ``M^2`` never reaches ``mass_sum^2``.
    """
    eps = omega1 + omega2 - omega_s
    k1, k2, _ = inplane_photon_vectors(omega1, omega2, omega_s, theta_e, 0.0)
    qx, _, qz = n_r * (k1 + k2)
    q = np.hypot(qx, qz)
    phi = np.arctan2(qx, qz)
    ks = n_r * omega_s
    c = (mass_sum**2 - eps**2 + q**2 + ks**2) / (2 * ks * q)
    if abs(c) > 1:
        return np.array([])
    a = np.arccos(c)
    sol = np.array([phi - a, phi + a])
    sol = (sol + np.pi) % (2 * np.pi) - np.pi
    return np.unique(np.round(sol, 15))
