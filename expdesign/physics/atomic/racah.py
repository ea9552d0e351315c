"""Wigner 6j symbols and LS-coupling reduced elements of the spin and magnetic dipole.

A pure kernel (plain floats, natural units hbar = c = 1, Heaviside-Lorentz ``alpha =
e^2/4 pi``) used by the candidate search (:mod:`expdesign.candidates`).

Conventions
-----------
Reduced matrix elements follow Edmonds (the convention of :mod:`.angular`):
``|<J||T||J'>|^2 = |<J'||T||J>|^2`` and ``sum_{M', q} |<J M|T_q|J' M'>|^2 =
|<J||T||J'>|^2 / (2J + 1)``.  The magnetic dipole is ``mu = -mu_B (L + 2 S)`` (spin
g-factor 2, the free-electron anomaly neglected, as in seed 001 after eq. 36 where
``mu_pg = mu_B (J + S)_pg``).

Sources
-------
* 6j symbol: Racah formula, A. R. Edmonds, *Angular Momentum in Quantum Mechanics*
  (1957) eq. (6.3.7); the reduced elements of an operator acting on one part of a coupled
  system: Edmonds eqs. (7.1.7)-(7.1.8).
* LS closed forms of ``<SLJ||S||SLJ'>`` (J' = J, J - 1): E. U. Condon and G. H. Shortley,
  *The Theory of Atomic Spectra* (1935) sec. 9.11 (the "Landé" and "J -> J - 1" formulas),
  also S. Pasternack, Astrophys. J. 92, 129 (1940) and M. J. Weber, Phys. Rev. 157, 262
  (1967) eq. (7) for Er3+ 4I13/2 -> 4I15/2.
* A-coefficient of an M1 line ``A = mu^2 eps^3 / (3 pi)`` (seed 000 after eq. 6) with the
  M_J-averaged ``mu^2 = mu_B^2 |<J||L+2S||J'>|^2 / (2J + 1)`` (J of the upper level) and
  the local-field factor n^3 of a medium of refractive index n (Weber 1967 eq. 5).
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

from expdesign.physics.atomic.angular import twice
from expdesign.physics.constants import MU_B_EV

__all__ = [
    "wigner_6j",
    "spin_reduced_ls",
    "spin_reduced_ls_closed",
    "m1_reduced_ls",
    "lande_g",
    "m1_rate",
]


def _triangle(ta: int, tb: int, tc: int) -> bool:
    """Triangle condition for twice-valued angular momenta (integer perimeter)."""
    return (ta + tb + tc) % 2 == 0 and abs(ta - tb) <= tc <= ta + tb


def _delta_sq(ta: int, tb: int, tc: int) -> Fraction:
    """Square of the triangle coefficient Delta(abc) (Edmonds eq. 6.3.2)."""
    f = math.factorial
    return Fraction(f((ta + tb - tc) // 2) * f((ta - tb + tc) // 2) * f((-ta + tb + tc) // 2),
                    f((ta + tb + tc) // 2 + 1))


@lru_cache(maxsize=65536)
def _w6j_signed(t1: int, t2: int, t3: int, t4: int, t5: int, t6: int) -> tuple[int, Fraction]:
    """Exact (sign, square) of ``{j1 j2 j3; j4 j5 j6}`` from twice-valued arguments."""
    if min(t1, t2, t3, t4, t5, t6) < 0:
        return 0, Fraction(0)
    triads = ((t1, t2, t3), (t1, t5, t6), (t4, t2, t6), (t4, t5, t3))
    if not all(_triangle(*t) for t in triads):
        return 0, Fraction(0)
    pre = Fraction(1)
    for t in triads:
        pre *= _delta_sq(*t)
    f = math.factorial
    a1, a2, a3, a4 = ((t[0] + t[1] + t[2]) // 2 for t in triads)
    b1 = (t1 + t2 + t4 + t5) // 2
    b2 = (t2 + t3 + t5 + t6) // 2
    b3 = (t3 + t1 + t6 + t4) // 2
    s = Fraction(0)
    for z in range(max(a1, a2, a3, a4), min(b1, b2, b3) + 1):
        num = (-1) ** z * f(z + 1)
        den = (f(z - a1) * f(z - a2) * f(z - a3) * f(z - a4)
               * f(b1 - z) * f(b2 - z) * f(b3 - z))
        s += Fraction(num, den)
    if s == 0:
        return 0, Fraction(0)
    return (1 if s > 0 else -1), pre * s * s


def wigner_6j(j1: float, j2: float, j3: float, j4: float, j5: float, j6: float) -> float:
    """Wigner 6j symbol ``{j1 j2 j3; j4 j5 j6}`` (Racah formula, exact arithmetic).

    Parameters
    ----------
    j1, j2, j3, j4, j5, j6
        Angular momenta (integers or half-integers), dimensionless.

    Returns
    -------
    float
        The symbol; 0 when a triad ``(j1 j2 j3), (j1 j5 j6), (j4 j2 j6), (j4 j5 j3)``
        violates the triangle rule.

    Notes
    -----
    Racah's formula, Edmonds (1957) eq. (6.3.7); the square is summed exactly with
    rational arithmetic and the square root taken last.
    """
    sign, sq = _w6j_signed(*(twice(x) for x in (j1, j2, j3, j4, j5, j6)))
    return sign * math.sqrt(sq) if sign else 0.0


def lande_g(s: float, l: float, j: float) -> float:
    """Landé factor of an LS multiplet ``2S+1 L_J`` with spin g-factor 2.

    Parameters
    ----------
    s, l, j
        Spin, orbital and total angular momentum, dimensionless.

    Returns
    -------
    float
        ``g_J = 1 + [J(J+1) + S(S+1) - L(L+1)] / (2 J (J+1))`` (Condon & Shortley sec.
        16.5); 0 for J = 0 (no moment).
    """
    if j == 0:
        return 0.0
    return 1.0 + (j * (j + 1) + s * (s + 1) - l * (l + 1)) / (2.0 * j * (j + 1))


def spin_reduced_ls(s: float, l: float, j: float, jp: float) -> float:
    """``<S L J||S||S L J'>`` in pure LS coupling, from the 6j symbol.

    Parameters
    ----------
    s, l
        Spin and orbital angular momentum of the LS term (the same on both sides: the spin
        operator is diagonal in S and L), dimensionless.
    j, jp
        Total angular momenta of the bra and ket, dimensionless.

    Returns
    -------
    float
        ``(-1)^(S+L+J'+1) sqrt((2J+1)(2J'+1)) {S J L; J' S 1} sqrt(S(S+1)(2S+1))``
        (Edmonds eq. 7.1.7 with ``<S||S||S> = sqrt(S(S+1)(2S+1))``), dimensionless.
    """
    phase = twice(s + l + jp + 1) // 2
    sign = -1.0 if phase % 2 else 1.0
    return (sign * math.sqrt((2 * j + 1) * (2 * jp + 1))
            * wigner_6j(s, j, l, jp, s, 1) * math.sqrt(s * (s + 1) * (2 * s + 1)))


def spin_reduced_ls_closed(s: float, l: float, j: float, jp: float) -> float:
    """``|<S L J||S||S L J'>|`` from the Condon-Shortley closed forms (no 6j symbol).

    Parameters
    ----------
    s, l, j, jp
        As :func:`spin_reduced_ls`.

    Returns
    -------
    float
        For J' = J: ``|g_J - 1| sqrt(J(J+1)(2J+1))`` (the projection theorem); for
        ``|J - J'| = 1`` with ``J_> = max(J, J')``:
        ``sqrt([J_>^2 - (L-S)^2][(L+S+1)^2 - J_>^2] / (4 J_>))``; 0 otherwise or when a
        triangle rule fails.  Condon & Shortley (1935) sec. 9.11; Weber, Phys. Rev. 157,
        262 (1967) eq. (7).
    """
    if not (abs(l - s) <= j <= l + s and abs(l - s) <= jp <= l + s):
        return 0.0
    if j == jp:
        if j == 0:
            return 0.0
        return abs(lande_g(s, l, j) - 1.0) * math.sqrt(j * (j + 1) * (2 * j + 1))
    if abs(j - jp) != 1:
        return 0.0
    jm = max(j, jp)
    val = (jm * jm - (l - s) ** 2) * ((l + s + 1) ** 2 - jm * jm) / (4.0 * jm)
    return math.sqrt(max(val, 0.0))


def m1_reduced_ls(s: float, l: float, j: float, jp: float) -> float:
    """``|<S L J||L + 2S||S L J'>|`` in pure LS coupling (dimensionless).

    Parameters
    ----------
    s, l, j, jp
        As :func:`spin_reduced_ls`.

    Returns
    -------
    float
        ``g_J sqrt(J(J+1)(2J+1))`` for J' = J; for J' != J, ``L + 2S = J + S`` and J is
        diagonal, so the element equals the spin element :func:`spin_reduced_ls`.
        Transitions between different LS terms (Delta S or Delta L != 0) vanish in this
        limit: they exist only through intermediate coupling.
    """
    if j == jp:
        return abs(lande_g(s, l, j)) * math.sqrt(j * (j + 1) * (2 * j + 1))
    return abs(spin_reduced_ls(s, l, j, jp))


def m1_rate(reduced_sq: float, energy: float, j_upper: float, refractive_index: float = 1.0
            ) -> float:
    """Spontaneous M1 rate from the squared reduced element of ``L + 2S``.

    Parameters
    ----------
    reduced_sq
        ``|<J_u||L+2S||J_l>|^2``, dimensionless.
    energy
        Transition energy in eV.
    j_upper
        Total angular momentum of the upper multiplet, dimensionless.
    refractive_index
        Refractive index n of the host; the rate carries n^3 (Weber 1967 eq. 5).

    Returns
    -------
    float
        ``A = n^3 mu_B^2 |<J_u||L+2S||J_l>|^2 eps^3 / (3 pi (2 J_u + 1))`` in eV (divide
        by hbar = 6.582e-16 eV s for s^-1); seed 000 after eq. (6) with the M_J-averaged
        squared moment.
    """
    return (refractive_index ** 3 * MU_B_EV ** 2 * reduced_sq * energy ** 3
            / (3.0 * math.pi * (2.0 * j_upper + 1.0)))
