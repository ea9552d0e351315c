"""Closed forms used to check the numerics (and quoted by seed 001).

Rates and Rabi frequencies in any common unit (eV in the package); the results are
dimensionless density-matrix elements.
"""

from __future__ import annotations

__all__ = ["two_level_excited_population", "ladder_dark_state", "v_type_strong_drive"]


def two_level_excited_population(omega: float, gamma: float, delta: float = 0.0) -> float:
    """Steady-state upper population of a driven two-level atom.

    ``rho_ee = s / (2 (1 + s))`` with ``s = 2 Omega^2 / (gamma^2 + 4 delta^2)``
    (H = (Omega/2) sigma_x - delta |e><e|, decay rate gamma, no dephasing); standard
    optical Bloch result, e.g. Band, *Light and Matter* (seed 001 ref. [25]).
    """
    s = 2.0 * omega**2 / (gamma**2 + 4.0 * delta**2)
    return s / (2.0 * (1.0 + s))


def ladder_dark_state(omega_qg: float, omega_eq: float) -> dict[str, float]:
    """Dark state of the resonant g-q-e ladder, seed 001 eq. (69).

    ``|D> propto Omega_eq |g> - Omega_qg |e>`` is annihilated by the coupling; its
    populations and coherence are ``rho_ee = Omega_qg^2 / S``, ``rho_gg =
    Omega_eq^2 / S``, ``rho_eg = -Omega_eq Omega_qg / S`` with ``S = Omega_qg^2 +
    Omega_eq^2``.  It is the steady state only when ``e`` does not decay (or decays
    much more slowly than ``q``); see docs/bloch.md.
    """
    s = omega_qg**2 + omega_eq**2
    return {"ee": omega_qg**2 / s, "gg": omega_eq**2 / s, "qq": 0.0,
            "eg": -omega_eq * omega_qg / s}


def v_type_strong_drive(omega_eg: float, omega_pg: float) -> dict[str, float]:
    """Seed 001 eq. (70): V-scheme values quoted for ``Omega >> gamma``.

    ``rho_ee = Omega_eg^2 / (2 S)``, ``rho_gg = 1/2``, ``rho_pp = Omega_pg^2 / (2 S)``,
    ``rho_ep = Omega_eg Omega_pg / (2 S)``, ``S = Omega_eg^2 + Omega_pg^2``.  These are
    the populations of a state with ``rho_gg = 1/2`` and the upper levels in the
    bright superposition; the numerics decide where it holds (docs/bloch.md).
    """
    s = omega_eg**2 + omega_pg**2
    return {"ee": omega_eg**2 / (2 * s), "gg": 0.5, "pp": omega_pg**2 / (2 * s),
            "ep": omega_eg * omega_pg / (2 * s), "eg": 0.0, "pg": 0.0}
