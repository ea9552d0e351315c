"""Singlet-triplet (intermediate-coupling) mixing of two J = 1 levels from their A-coefficients.

Two J = 1 levels of one configuration (Yb 6s6p 3P1 / 1P1; Xe 5p5 6s 2[3/2]_1 / 2[1/2]_1) are,
in intermediate coupling, orthogonal mixtures of the LS states 3P1 and 1P1 (Breit & Wills,
Phys. Rev. 44, 470 (1933); Lurio, Phys. Rev. 136, A376 (1964))::

    |1> = a |3P1> + b |1P1>,     |2> = -b |3P1> + a |1P1>,     a^2 + b^2 = 1.

An E1 decay to a J = 0 singlet (the ground 1S0) goes through the 1P1 part only, with one
radial dipole for both levels; with ``A = omega^3 d^2 / (3 pi)`` (seed 000 after eq. (6))::

    A_1 / omega_1^3 : A_2 / omega_2^3 = b^2 : a^2,

so the two measured A-coefficients fix the mixing.  The electron spin ``S`` does not change
``S``, so an element ``<1|S_k|3P_J>`` is ``a`` times the LS element: the squared spin element
is the LS value times the triplet fraction ``a^2`` (:func:`spin_sq_with_triplet_fraction`).

Approximation (stated where used): one configuration, equal radial dipoles of the two
levels (Breit-Wills); admixtures of other configurations are neglected.  Plain floats, any
consistent units (the ratios are dimensionless).
"""

from __future__ import annotations

__all__ = ["singlet_fraction_from_rates", "spin_sq_with_triplet_fraction"]


def singlet_fraction_from_rates(A_1: float, omega_1: float, A_2: float,
                                omega_2: float) -> float:
    """The 1P1 fraction ``b^2`` of level 1 (dimensionless, in [0, 1]).

    Parameters
    ----------
    A_1, omega_1
        A-coefficient (any rate unit) and photon energy (any energy unit) of level 1's E1
        decay to the J = 0 singlet (the 3P1-like level: Yb 3P1 -> 1S0 at 555.8 nm, Xe
        6s[3/2]_1 -> 5p6 1S0 at 147 nm).
    A_2, omega_2
        The same for level 2, the 1P1-like partner, to the same lower level, in the same
        units.

    Returns
    -------
    float
        ``b^2 = r / (1 + r)`` with ``r = (A_1 / omega_1^3) / (A_2 / omega_2^3)`` (Breit &
        Wills, Phys. Rev. 44, 470 (1933): two-state mixing, one radial dipole); the triplet
        fraction of level 1 is ``1 - b^2``.

    Raises
    ------
    ValueError
        For a negative A-coefficient, a non-positive ``A_2`` or non-positive energies.
    """
    if not (A_1 >= 0.0 and A_2 > 0.0 and omega_1 > 0.0 and omega_2 > 0.0):
        raise ValueError("need A_1 >= 0, A_2 > 0 and positive photon energies")
    r = (A_1 / omega_1**3) / (A_2 / omega_2**3)
    return r / (1.0 + r)


def spin_sq_with_triplet_fraction(ls_value: float, triplet_fraction_p: float = 1.0,
                                  triplet_fraction_e: float = 1.0) -> float:
    """Squared spin element between two intermediate-coupling levels (dimensionless).

    ``|<p|S_k|e>|^2 = a_p^2 a_e^2 |<p_LS|S_k|e_LS>|^2``: ``S`` connects the triplet parts
    only (a singlet has ``S = 0``); ``ls_value`` is the LS element of the triplet terms
    (:func:`expdesign.physics.atomic_renp.ls_spin_sq`), the fractions ``a^2`` come from
    :func:`singlet_fraction_from_rates` (``a^2 = 1 - b^2``).
    """
    for f in (triplet_fraction_p, triplet_fraction_e):
        if not 0.0 <= f <= 1.0:
            raise ValueError(f"triplet fraction {f} outside [0, 1]")
    return ls_value * triplet_fraction_p * triplet_fraction_e
