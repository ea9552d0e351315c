"""Angular-momentum algebra: 3j symbols, Wigner-Eckart components, spherical <-> Cartesian.

Conventions
-----------
* Wigner-Eckart theorem (Edmonds / Condon-Shortley):
  ``<j' m'| T_q |j m> = (-1)^(j'-m') (j' 1 j; -m' q m) <j'||T||j>``,
  so that ``sum_{m', q} |<j' m'|T_q|j m>|^2 = |<j'||T||j>|^2 / (2j + 1)`` (seed 001 eq. 40,
  with j the angular momentum of the *initial* state).
* Spherical components of a vector: ``T_{+1} = -(T_x + i T_y)/sqrt2``,
  ``T_{-1} = (T_x - i T_y)/sqrt2``, ``T_0 = T_z`` (the standard spherical basis,
  Condon-Shortley phase).

Everything is dimensionless except the reduced matrix element, whose unit the results
carry.  Source: A. R. Edmonds, *Angular Momentum in Quantum Mechanics* (1957).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache

import numpy as np

__all__ = [
    "twice",
    "wigner_3j",
    "wigner_3j_squared",
    "stark_matrix_element",
    "vector_element_spherical",
    "spherical_to_cartesian",
]


def twice(x: float | Fraction | int) -> int:
    """``2 x`` as an int for an integer or half-integer angular momentum ``x``.

    Parameters
    ----------
    x
        Angular momentum or projection (float, int or Fraction), dimensionless.

    Returns
    -------
    int
        ``2 x``.

    Raises
    ------
    ValueError
        If ``x`` is not an integer or half-integer.
    """
    t = 2 * Fraction(x)
    if t.denominator != 1:
        raise ValueError(f"angular momentum {x!r} is not an integer or half-integer")
    return int(t)


@lru_cache(maxsize=4096)
def _w3j_sq_signed(tj1: int, tj2: int, tj3: int, tm1: int, tm2: int, tm3: int
                   ) -> tuple[int, Fraction]:
    """Exact (sign, square) of the 3j symbol, arguments as twice the angular momenta.

    Racah formula (Edmonds 1957, eq. 3.7.3) with integer factorials.
    """
    f = math.factorial
    if tm1 + tm2 + tm3 != 0:
        return 0, Fraction(0)
    for tj, tm in ((tj1, tm1), (tj2, tm2), (tj3, tm3)):
        if tj < 0 or abs(tm) > tj or (tj - tm) % 2:
            return 0, Fraction(0)
    # triangle condition (and integer perimeter)
    if (tj1 + tj2 + tj3) % 2 or tj3 > tj1 + tj2 or tj3 < abs(tj1 - tj2):
        return 0, Fraction(0)
    a = (tj1 + tj2 - tj3) // 2
    b = (tj1 - tj2 + tj3) // 2
    c = (-tj1 + tj2 + tj3) // 2
    big = (tj1 + tj2 + tj3) // 2 + 1
    delta = Fraction(f(a) * f(b) * f(c), f(big))
    pre = delta * (f((tj1 + tm1) // 2) * f((tj1 - tm1) // 2) * f((tj2 + tm2) // 2)
                   * f((tj2 - tm2) // 2) * f((tj3 + tm3) // 2) * f((tj3 - tm3) // 2))
    # sum over k
    k1 = (tj3 - tj2 + tm1) // 2  # j3 - j2 + m1
    k2 = (tj3 - tj1 - tm2) // 2  # j3 - j1 - m2
    kmin = max(0, -k1, -k2)
    kmax = min(a, (tj1 - tm1) // 2, (tj2 + tm2) // 2)
    s = Fraction(0)
    for k in range(kmin, kmax + 1):
        den = (f(k) * f(a - k) * f((tj1 - tm1) // 2 - k) * f((tj2 + tm2) // 2 - k)
               * f(k1 + k) * f(k2 + k))
        s += Fraction((-1) ** k, den)
    if s == 0:
        return 0, Fraction(0)
    phase = (tj1 - tj2 - tm3) // 2  # j1 - j2 - m3 is an integer
    sign = (1 if phase % 2 == 0 else -1) * (1 if s > 0 else -1)
    return sign, pre * s * s


def wigner_3j_squared(j1: float, j2: float, j3: float, m1: float, m2: float, m3: float
                      ) -> Fraction:
    """Exact square of the Wigner 3j symbol ``(j1 j2 j3; m1 m2 m3)`` as a Fraction.

    Parameters
    ----------
    j1, j2, j3, m1, m2, m3
        Angular momenta and projections (integers or half-integers; floats, ints or
        Fractions), dimensionless.

    Returns
    -------
    fractions.Fraction
        The exact squared value (0 if a selection rule is violated).
    """
    t1, t2, t3, u1, u2, u3 = (twice(x) for x in (j1, j2, j3, m1, m2, m3))
    return _w3j_sq_signed(t1, t2, t3, u1, u2, u3)[1]


def wigner_3j(j1: float, j2: float, j3: float, m1: float, m2: float, m3: float) -> float:
    """Wigner 3j symbol ``(j1 j2 j3; m1 m2 m3)`` (Racah formula, exact arithmetic).

    Parameters
    ----------
    j1, j2, j3, m1, m2, m3
        Angular momenta and projections (integers or half-integers), dimensionless.

    Returns
    -------
    float
        The symbol, Condon-Shortley phase convention (Edmonds eq. 3.7.3); 0 when the
        selection rules (m1+m2+m3 = 0, triangle, |m| <= j) fail.

    Notes
    -----
    Source: A. R. Edmonds, *Angular Momentum in Quantum Mechanics* (1957) eq. (3.7.3).
    The square is computed exactly with rational arithmetic, the square root last.
    """
    t1, t2, t3, u1, u2, u3 = (twice(x) for x in (j1, j2, j3, m1, m2, m3))
    sign, sq = _w3j_sq_signed(t1, t2, t3, u1, u2, u3)
    return sign * math.sqrt(sq) if sign else 0.0


def stark_matrix_element(j_final: float, m_final: float, j_initial: float, m_initial: float,
                         q: int, reduced: float, amp_final: float = 1.0,
                         amp_initial: float = 1.0) -> float:
    """Spherical component q of a vector operator between two M_J components.

    ``a_f a_i (-1)^(j_f - m_f) (j_f 1 j_i; -m_f q m_i) <j_f||T||j_i>`` (Wigner-Eckart;
    seed 001 eq. 33 leading term and the equation after (36)).

    Parameters
    ----------
    j_final, m_final, j_initial, m_initial
        Angular momenta and projections (half-integers).
    q
        Spherical component -1, 0, +1.
    reduced
        Reduced matrix element ``<j_f||T||j_i>`` (unit of the operator).
    amp_final, amp_initial
        Mixing amplitudes of the components in the Stark states (dimensionless).

    Returns
    -------
    float
        Matrix element in the unit of ``reduced``.
    """
    phase = twice(j_final - m_final) // 2
    sign = -1.0 if phase % 2 else 1.0
    return (amp_final * amp_initial * sign
            * wigner_3j(j_final, 1, j_initial, -m_final, q, m_initial) * reduced)


def vector_element_spherical(state_f: Mapping[float, complex], j_f: float,
                             state_i: Mapping[float, complex], j_i: float,
                             reduced: float) -> np.ndarray:
    """Spherical components ``<f|T_q|i>``, q = -1, 0, +1, between superpositions of M_J.

    ``<f|T_q|i> = sum_{m', m} conj(a_f[m']) a_i[m] (-1)^(j_f - m') (j_f 1 j_i; -m' q m)
    <j_f||T||j_i>`` (seed 001 eq. 33, both terms, for any signed M components).

    Parameters
    ----------
    state_f, state_i
        Maps signed M_J -> amplitude (complex allowed) of the final / initial state.
    j_f, j_i
        Angular momenta of the two manifolds.
    reduced
        Reduced matrix element (unit of the operator).

    Returns
    -------
    numpy.ndarray
        Complex array of shape (3,), components q = -1, 0, +1.
    """
    out = np.zeros(3, dtype=complex)
    for qi, q in enumerate((-1, 0, 1)):
        tot = 0j
        for mf, af in state_f.items():
            for mi, ai in state_i.items():
                if mf != mi + q:
                    continue
                tot += (np.conj(af) * ai
                        * stark_matrix_element(j_f, mf, j_i, mi, q, reduced))
        out[qi] = tot
    return out


def spherical_to_cartesian(comp: np.ndarray) -> np.ndarray:
    """Cartesian matrix element (x, y, z) from spherical ones (q = -1, 0, +1).

    ``T_{+1} = -(T_x + i T_y)/sqrt2``, ``T_{-1} = (T_x - i T_y)/sqrt2``, ``T_0 = T_z``, so
    ``T_x = (T_{-1} - T_{+1})/sqrt2``, ``T_y = i (T_{-1} + T_{+1})/sqrt2``.  Frame: z = c.

    Parameters
    ----------
    comp
        Spherical components in the order q = -1, 0, +1 (shape (3,), complex).

    Returns
    -------
    numpy.ndarray
        Complex array (T_x, T_y, T_z), same unit as ``comp``.
    """
    tm, t0, tp = (complex(x) for x in comp)
    r2 = math.sqrt(2.0)
    return np.array([(tm - tp) / r2, 1j * (tm + tp) / r2, t0])
