"""Multiphonon (non-radiative) decay of 4f^n levels: the energy-gap law.

A level decays non-radiatively to the next lower multiplet by emitting
``p = Delta E / (hbar omega)`` phonons of the host's effective (highest) phonon energy;
the rate at low temperature falls exponentially with the gap (the energy-gap law,
L. A. Riseberg, H. W. Moos, Phys. Rev. 174, 429 (1968); J. M. F. van Dijk,
M. F. H. Schuurmans, J. Chem. Phys. 78, 5317 (1983)):

``W_nr = C exp(-alpha Delta E)``,

with C and alpha host constants.  A gap of fewer than about five phonons makes the
multiphonon rate comparable to or faster than the radiative rates of 4f levels
(Riseberg & Moos: "decay occurs in approximately the lowest order permitted by energy
conservation"), the criterion of the candidate search's quench rule.

The temperature factor ``(n(T) + 1)^p`` of the same law is
:func:`expdesign.physics.linewidths.multiphonon_occupation_factor` (the Planner's widths).

Energies are in eV (natural units); ``alpha`` is in 1/eV; ``C`` in any rate unit (the
result carries it).
"""

from __future__ import annotations

import math

__all__ = ["energy_gap_rate", "phonon_order", "is_quenched"]


def energy_gap_rate(gap_ev: float, c_rate: float, alpha_per_ev: float) -> float:
    """Multiphonon decay rate by the energy-gap law ``W = C exp(-alpha Delta E)``.

    Parameters
    ----------
    gap_ev
        Energy gap to the next lower level, eV (>= 0).
    c_rate
        Host constant C (rate extrapolated to zero gap), any rate unit (> 0).
    alpha_per_ev
        Host constant alpha, 1/eV (>= 0); a value in cm (the literature's unit) converts
        with ``alpha[1/eV] = alpha[cm] / (h c [eV cm])``.

    Returns
    -------
    float
        The rate, in the unit of ``c_rate``.

    Notes
    -----
    Riseberg & Moos, Phys. Rev. 174, 429 (1968); van Dijk & Schuurmans, J. Chem. Phys. 78,
    5317 (1983).
    """
    if gap_ev < 0 or c_rate <= 0 or alpha_per_ev < 0:
        raise ValueError("need gap >= 0, C > 0 and alpha >= 0")
    return c_rate * math.exp(-alpha_per_ev * gap_ev)


def phonon_order(gap_ev: float, phonon_ev: float) -> float:
    """Number of phonons ``p = Delta E / (hbar omega)`` that bridge a gap (both in eV).

    Notes
    -----
    Riseberg & Moos, Phys. Rev. 174, 429 (1968): the decay proceeds in about the lowest
    order allowed by energy conservation and the phonon cutoff, ``p = ceil(Delta E /
    hbar omega_max)``; this returns the real ratio (the caller rounds if it needs to).
    """
    if phonon_ev <= 0:
        raise ValueError("the phonon energy must be positive")
    if gap_ev < 0:
        raise ValueError("the gap must be >= 0")
    return gap_ev / phonon_ev


def is_quenched(gap_ev: float, phonon_ev: float, max_phonons: float = 5.0) -> bool:
    """True if a level's gap to the next lower level is bridged by fewer than
    ``max_phonons`` phonons of energy ``phonon_ev`` (eV): its lifetime is then set by
    multiphonon decay, not by radiation (Riseberg & Moos 1968; the rule of thumb "gap
    below ~5 phonons" of the rare-earth laser literature)."""
    return phonon_order(gap_ev, phonon_ev) < max_phonons
