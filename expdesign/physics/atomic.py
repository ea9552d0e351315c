"""Atomic kernels of the Er3+ RENP scheme: 3j symbols, reduced matrix elements, h_r.

Everything works on plain floats in natural units (hbar = c = 1, Heaviside-Lorentz,
``alpha = e^2 / 4 pi``): energies and decay rates in eV, intensities in eV^4, the Bohr
magneton ``mu_B = e / (2 m_e)`` in eV^-1.  Decay rates given in s^-1 must be converted
by the caller (``expdesign.units.rate_to_eV``: ``1 s^-1 = 6.5821e-16 eV``).

Sources: seed 001 eqs. (7)-(9) (trigger factor h_r), (30)-(36) (Stark M_J mixings),
(40)-(44) (reduced matrix elements from MD / ED A-coefficients), Table 1, Sec. IV
cases (1)-(3) (c-axis orientations).

Conventions
-----------
* Wigner-Eckart theorem (Edmonds / Condon-Shortley):
  ``<j' m'| T_q |j m> = (-1)^(j'-m') (j' 1 j; -m' q m) <j'||T||j>``,
  so that ``sum_{m', q} |<j' m'|T_q|j m>|^2 = |<j'||T||j>|^2 / (2j + 1)`` (seed 001 eq. 40,
  with j the angular momentum of the *initial* state).
* A-coefficients (seed 000 after eq. 6): ``gamma^MD = mu^2 eps^3 / (3 pi)``,
  ``gamma^ED = d^2 eps^3 / (3 pi)``, with ``mu^2 = sum_{m',q} |<m'|mu_q|m>|^2`` (likewise d).
* Velocity operator ``v = i eps r`` so ``|v| = eps |d| / e`` with ``e = sqrt(4 pi alpha)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Literal

import numpy as np

__all__ = [
    "ALPHA",
    "M_E_EV",
    "MU_B_EV",
    "STARK_MIXING",
    "wigner_3j",
    "wigner_3j_squared",
    "spin_reduced_sq_from_md",
    "velocity_reduced_sq_from_ed",
    "velocity_over_spin_ratio",
    "stark_matrix_element",
    "mixing_amplitude",
    "ep_spin_matrix_element",
    "dominant_stark_element",
    "dipole_moment_sq",
    "lifetime_from_rates",
    "trigger_factor_hr",
    "vector_element_spherical",
    "spherical_to_cartesian",
    "kramers_t_state",
    "ep_spin_vector_kramers",
    "tensor_from_vector",
    "spin_orientation_tensor",
    "c_axis_direction",
    "GeometricFactors",
    "geometric_factors",
]

#: Fine-structure constant (CODATA 2018).
ALPHA: float = 1.0 / 137.035999084
#: Electron mass in eV (CODATA 2018).
M_E_EV: float = 510998.95
#: Bohr magneton e / (2 m_e) in Heaviside-Lorentz natural units, eV^-1 (e = sqrt(4 pi alpha)).
MU_B_EV: float = math.sqrt(4.0 * math.pi * ALPHA) / (2.0 * M_E_EV)

#: Dominant M_J components (probabilities) of the lowest Stark states, seed 001 eqs. (34)-(36).
#: keys: level name -> {|M_J| (as Fraction): probability}
STARK_MIXING: dict[str, dict[Fraction, float]] = {
    "e": {Fraction(1, 2): 0.1547, Fraction(7, 2): 0.2401},  # 2H11/2 (Gamma_78)
    "p": {Fraction(3, 2): 0.2559, Fraction(5, 2): 0.1227},  # 4I13/2 (Gamma_56)
    "g": {Fraction(5, 2): 0.2002, Fraction(3, 2): 0.1374},  # 4I15/2 (Gamma_78)
}


# --------------------------------------------------------------------------- 3j symbols
def _twice(x: float | Fraction | int) -> int:
    """2x as an int; raises if x is not an integer or half-integer."""
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
    args = tuple(_twice(x) for x in (j1, j2, j3, m1, m2, m3))
    return _w3j_sq_signed(*args)[1]


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
    sign, sq = _w3j_sq_signed(*(_twice(x) for x in (j1, j2, j3, m1, m2, m3)))
    return sign * math.sqrt(sq) if sign else 0.0


# --------------------------------------------------------------------------- reduced elements
def spin_reduced_sq_from_md(gamma_md: float, eps: float, j_initial: float) -> float:
    """``|<J'||S||J>|^2`` from the magnetic-dipole A-coefficient (seed 001 eq. 42).

    ``|<J'||S||J>|^2 = (2J + 1) * 3 pi gamma^MD / (mu_B^2 eps^3)``, using
    ``<J+1|S|J> = <J+1|L+2S|J>`` (eq. 41) so the M1 operator is ``mu_B S`` between the
    manifolds, and eq. (40) with J the initial (upper) manifold.

    Parameters
    ----------
    gamma_md
        Magnetic-dipole A-coefficient of the J -> J' manifold transition, eV.
    eps
        Transition energy, eV.
    j_initial
        Angular momentum J of the initial manifold (11/2 for Er 2H11/2, giving the
        paper's factor 12).

    Returns
    -------
    float
        Squared reduced matrix element of the spin operator, dimensionless.
    """
    _positive(gamma_md=gamma_md, eps=eps)
    return (2 * j_initial + 1) * 3.0 * math.pi * gamma_md / (MU_B_EV**2 * eps**3)


def velocity_reduced_sq_from_ed(gamma_ed: float, eps: float, j_initial: float) -> float:
    """``|<J'||v||J>|^2`` from the (forced) electric-dipole A-coefficient (seed 001 eq. 43).

    ``|<J'||v||J>|^2 = (2J+1) eps^2/e^2 * sum|d_q|^2 = (2J+1) * 3 gamma^ED / (4 alpha eps)``
    with ``v = i eps r``, ``d = e r``, ``e^2 = 4 pi alpha``, ``gamma^ED = d^2 eps^3/(3 pi)``.

    Parameters
    ----------
    gamma_ed
        Electric-dipole A-coefficient, eV.
    eps
        Transition energy, eV.
    j_initial
        Angular momentum of the initial manifold.

    Returns
    -------
    float
        Squared reduced matrix element of the velocity operator, dimensionless (v/c).
    """
    _positive(gamma_ed=gamma_ed, eps=eps)
    return (2 * j_initial + 1) * 3.0 * gamma_ed / (4.0 * ALPHA * eps)


def velocity_over_spin_ratio(gamma_md: float, gamma_ed: float, eps: float) -> float:
    """Ratio of reduced elements ``<||v||> / <||S||>`` (seed 001 Table 1 last column).

    From eqs. (42)-(43): ``v/S = eps/(2 m_e) * sqrt(gamma^ED / gamma^MD)`` (the (2J+1)
    factors cancel, and ``mu_B / e = 1/(2 m_e)``).

    Parameters
    ----------
    gamma_md, gamma_ed
        MD and ED A-coefficients of the same transition, eV (any common unit works).
    eps
        Transition energy, eV.

    Returns
    -------
    float
        Dimensionless ratio.
    """
    _positive(gamma_md=gamma_md, gamma_ed=gamma_ed, eps=eps)
    return math.sqrt(velocity_reduced_sq_from_ed(gamma_ed, eps, 0.0)
                     / spin_reduced_sq_from_md(gamma_md, eps, 0.0))


def dipole_moment_sq(gamma: float, eps: float) -> float:
    """``sum_{m',q} |<m'|D_q|m>|^2`` of an E1 or M1 moment from its A-coefficient.

    ``gamma = D^2 eps^3 / (3 pi)`` (Heaviside-Lorentz natural units, seed 000 after eq. 6).

    Parameters
    ----------
    gamma
        A-coefficient, eV.
    eps
        Transition energy, eV.

    Returns
    -------
    float
        Squared moment, eV^-2.
    """
    _positive(gamma=gamma, eps=eps)
    return 3.0 * math.pi * gamma / eps**3


def lifetime_from_rates(rates: list[float] | tuple[float, ...]) -> float:
    """Radiative lifetime ``1 / sum(rates)`` of a level.

    Parameters
    ----------
    rates
        Partial A-coefficients of all decay channels, eV (or any rate unit).

    Returns
    -------
    float
        Lifetime in the inverse unit (eV^-1 for rates in eV).
    """
    tot = float(sum(rates))
    if not (math.isfinite(tot) and tot > 0) or min(rates) < 0:
        raise ValueError("rates must be >= 0 with a positive finite sum")
    return 1.0 / tot


# --------------------------------------------------------------------------- Stark states
def mixing_amplitude(level: str, abs_mj: float) -> float:
    """Amplitude ``sqrt(P)`` of the ``|M_J|`` component of a lowest Stark state.

    Probabilities from seed 001 eqs. (34)-(36); the paper's eq. after (36) multiplies
    amplitudes, ``0.199 = sqrt(0.1547 * 0.2559)``.

    Parameters
    ----------
    level
        ``'e'`` (2H11/2), ``'p'`` (4I13/2) or ``'g'`` (4I15/2).
    abs_mj
        ``|M_J|`` (half-integer).

    Returns
    -------
    float
        Amplitude, dimensionless (phase taken positive; the paper gives none).
    """
    try:
        return math.sqrt(STARK_MIXING[level][Fraction(abs_mj).limit_denominator(2)])
    except KeyError as exc:
        raise KeyError(f"no mixing probability for level {level!r}, |M_J| = {abs_mj}") from exc


def stark_matrix_element(j_final: float, m_final: float, j_initial: float, m_initial: float,
                         q: int, reduced: float, amp_final: float = 1.0,
                         amp_initial: float = 1.0) -> float:
    """Spherical component q of a vector operator between two M_J components.

    ``a_f a_i (-1)^(j_f - m_f) (j_f 1 j_i; -m_f q m_i) <j_f||T||j_i>`` (seed 001 eq. 33
    leading term and the equation after (36)).

    Parameters
    ----------
    j_final, m_final, j_initial, m_initial
        Angular momenta and projections (half-integers).
    q
        Spherical component -1, 0, +1.
    reduced
        Reduced matrix element ``<j_f||T||j_i>`` (unit of the operator).
    amp_final, amp_initial
        Mixing amplitudes of the components in the Stark states.

    Returns
    -------
    float
        Matrix element in the unit of ``reduced``.
    """
    phase = _twice(j_final - m_final) // 2
    sign = -1.0 if phase % 2 else 1.0
    return (amp_final * amp_initial * sign
            * wigner_3j(j_final, 1, j_initial, -m_final, q, m_initial) * reduced)


def dominant_stark_element(j_final: float, mix_final: dict[str, float] | None,
                           j_initial: float, mix_initial: dict[str, float] | None,
                           reduced: float) -> tuple[float, str]:
    """Largest single-path vector matrix element between two Stark states (|value|, path).

    Generalises the equation after seed 001 eq. (36) to any level pair: over the M_J
    components ``{|M|: P}`` of both states (each sign), the Delta M = 0, +-1 paths
    ``sqrt(P_f P_i) |(j_f 1 j_i; -m_f q m_i)| |<j_f||T||j_i>|`` are compared and the largest
    is returned with its label.  Without M_J compositions the J-manifold average
    ``|<j_f||T||j_i>|^2 / (3 (2 j_i + 1))`` per component is returned instead.

    Parameters
    ----------
    j_final, j_initial
        Total angular momenta.
    mix_final, mix_initial
        ``{"|M_J|": probability}`` (target data) or None.
    reduced
        ``<j_f||T||j_i>`` (dimensionless).
    """
    if not mix_final or not mix_initial:
        return (abs(reduced) / math.sqrt(3 * (2 * j_initial + 1)),
                "no M_J data: J-manifold average per component")
    best, label = 0.0, ""
    for kf, pf in mix_final.items():
        for ki, pi in mix_initial.items():
            mf0 = float(Fraction(kf.lstrip("+-\u00b1")))
            mi0 = float(Fraction(ki.lstrip("+-\u00b1")))
            for mf in (mf0, -mf0):
                for mi in (mi0, -mi0):
                    q = int(round(mf - mi))
                    if abs(q) > 1:
                        continue
                    val = abs(stark_matrix_element(j_final, mf, j_initial, mi, q, reduced,
                                                   math.sqrt(pf), math.sqrt(pi)))
                    if val > best + 1e-15:
                        best, label = val, f"M_J {mi:+g} -> {mf:+g}, q = {q:+d}"
    return best, label


def ep_spin_matrix_element(reduced_s: float) -> float:
    """``<p; 13/2, Gamma_56| S_+1 |e; 11/2, Gamma_78>`` along the path M_J = 1/2 -> 3/2.

    Seed 001, equation after (36): ``sqrt(0.1547 * 0.2559) (-1)^(13/2-3/2)
    (13/2 1 11/2; -3/2 1 1/2) <p||S||e>``.  Only the q = +1 spherical component is
    non-zero for this M_J pair.

    Parameters
    ----------
    reduced_s
        ``<p; 13/2||S||e; 11/2>``, dimensionless.

    Returns
    -------
    float
        The matrix element, dimensionless; its square is the paper's ``|S_ep|^2``.
    """
    return stark_matrix_element(6.5, 1.5, 5.5, 0.5, 1, reduced_s,
                                mixing_amplitude("p", 1.5), mixing_amplitude("e", 0.5))


def vector_element_spherical(state_f: dict[float, complex], j_f: float,
                             state_i: dict[float, complex], j_i: float,
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
    """
    tm, t0, tp = (complex(x) for x in comp)
    r2 = math.sqrt(2.0)
    return np.array([(tm - tp) / r2, 1j * (tm + tp) / r2, t0])


def kramers_t_state(components: dict[float, complex], j: float, t_sign: int = 1
                    ) -> dict[float, complex]:
    """The state ``(1 +- T)|psi>/sqrt2`` of seed 001 eq. (32), as signed-M amplitudes.

    ``T|J, M> = (-1)^(J+M) |J, -M>`` (eq. 31) and T is antiunitary (amplitudes conjugated).
    For half-integer J (Er3+, a Kramers ion) ``T^2 = -1``, so this is *not* a T
    eigenstate (none exist: Kramers theorem); it is one member of the doublet, as the
    paper uses it.  A probability P given for "M_J = +-M" is split P/2 on +M and -M.

    Parameters
    ----------
    components
        ``|psi>`` as signed M -> amplitude (e.g. one Kramers component of an S4 state:
        ``{1/2: sqrt(0.1547), -7/2: +-sqrt(0.2401)}``).
    j
        Angular momentum of the manifold.
    t_sign
        +1 or -1.

    Returns
    -------
    dict
        Signed M -> amplitude of the T eigenstate (not renormalised: the paper's
        probabilities do not sum to 1).
    """
    if t_sign not in (1, -1):
        raise ValueError("t_sign must be +1 or -1")
    out: dict[float, complex] = {}
    for m, a in components.items():
        out[m] = out.get(m, 0j) + a / math.sqrt(2)
        ph = -1.0 if _twice(j + m) // 2 % 2 else 1.0
        out[-m] = out.get(-m, 0j) + t_sign * ph * np.conj(a) / math.sqrt(2)
    return out


def ep_spin_vector_kramers(reduced_s: float, sign_e: int = 1, sign_p: int = 1,
                           t_e: int = 1, t_p: int = -1) -> np.ndarray:
    """``<p^-|S|e^+>`` (Cartesian, c-frame) for the eq. (32) doublet states of the path.

    Unlike :func:`ep_spin_matrix_element` (the paper's single term M_J 1/2 -> 3/2), this
    keeps all dominant components of eqs. (34)-(35): ``|e> = sqrt(.1547)|1/2> +
    sign_e sqrt(.2401)|-7/2>`` (S4 mixes M and M -+ 4), ``|p> = sqrt(.2559)|3/2> +
    sign_p sqrt(.1227)|-5/2>``, each symmetrised with eq. (32).  The relative signs are
    not given in the paper (they need the crystal-field diagonalisation): scan them.

    Parameters
    ----------
    reduced_s
        ``<13/2||S||11/2>``, dimensionless.
    sign_e, sign_p
        Relative signs of the second components (+1 or -1).
    t_e, t_p
        T quantum numbers of |e> and |p> (opposite, seed 001 Sec. IV).

    Returns
    -------
    numpy.ndarray
        Complex Cartesian vector (x, y, z) in the crystal frame (z = c); z is 0.
    """
    e = kramers_t_state({0.5: math.sqrt(STARK_MIXING["e"][Fraction(1, 2)]),
                         -3.5: sign_e * math.sqrt(STARK_MIXING["e"][Fraction(7, 2)])}, 5.5, t_e)
    p = kramers_t_state({1.5: math.sqrt(STARK_MIXING["p"][Fraction(3, 2)]),
                         -2.5: sign_p * math.sqrt(STARK_MIXING["p"][Fraction(5, 2)])}, 6.5, t_p)
    return spherical_to_cartesian(vector_element_spherical(p, 6.5, e, 5.5, reduced_s))


def tensor_from_vector(vec_c: np.ndarray, c_axis: np.ndarray,
                       a_axis: np.ndarray | None = None) -> np.ndarray:
    """Lab-frame ``T_ij = Re(e_i e_j^*)`` of a complex crystal-frame vector, unit trace.

    Parameters
    ----------
    vec_c
        Complex vector (x_c, y_c, z_c) in the crystal frame.
    c_axis
        Crystal c-axis (z_c) in the lab frame.
    a_axis
        Crystal x_c axis in the lab frame (orthogonalised against c); default: the lab
        direction least aligned with c.  Irrelevant for circular in-plane vectors.

    Returns
    -------
    numpy.ndarray
        Real symmetric 3x3 tensor in the lab frame.
    """
    c = np.asarray(c_axis, float)
    c = c / np.linalg.norm(c)
    if a_axis is None:
        a_axis = np.eye(3)[int(np.argmin(np.abs(c)))]
    a = np.asarray(a_axis, float) - np.dot(a_axis, c) * c
    na = float(np.linalg.norm(a))
    if na < 1e-12:
        raise ValueError("a_axis must not be parallel to c_axis")
    a = a / na
    b = np.cross(c, a)
    rot = np.stack([a, b, c], axis=1)  # columns: crystal axes in the lab
    v = rot @ np.asarray(vec_c, dtype=complex)
    n2 = float(np.real(np.vdot(v, v)))
    if n2 == 0:
        raise ValueError("zero vector")
    return np.real(np.outer(v, v.conj())) / n2


# --------------------------------------------------------------------------- trigger factor
def trigger_factor_hr(eps_pg: float, gamma_pg_md: float, gamma_pg_ed: float,
                      intensity: float, gamma_ep: float) -> float:
    """Trigger factor ``h_r`` of the resonant RENP amplitude (seed 001 eq. 8).

    ``h_r = sqrt(pi / eps_pg^3) (sqrt(gamma_pg^MD) + sqrt(gamma_pg^ED)) sqrt(I_t) / gamma_ep``.
    This is ``(|mu_pg| + |d_pg|) sqrt(I_t / 3) / gamma_ep`` with ``mu^2 = 3 pi gamma/eps^3``
    (the 1/3 is the orientation average of an unpolarised target), ``|E| = |B| = sqrt(I)``.

    Parameters
    ----------
    eps_pg
        Trigger transition energy, eV.
    gamma_pg_md, gamma_pg_ed
        MD and ED A-coefficients of p -> g, eV.
    intensity
        Trigger intensity ``I_t``, eV^4 (10 mW/cm^2 = 1.5997e-8 eV^4).
    gamma_ep
        Width of the e-p coherence in the energy denominator, eV.

    Returns
    -------
    float
        h_r, dimensionless.
    """
    _positive(eps_pg=eps_pg, intensity=intensity, gamma_ep=gamma_ep)
    if gamma_pg_md < 0 or gamma_pg_ed < 0:
        raise ValueError("A-coefficients must be >= 0")
    return (math.sqrt(math.pi / eps_pg**3) * (math.sqrt(gamma_pg_md) + math.sqrt(gamma_pg_ed))
            * math.sqrt(intensity) / gamma_ep)


# --------------------------------------------------------------------------- orientations
def c_axis_direction(case: int, angle: float = 0.0) -> np.ndarray:
    """Unit vector of the crystal c-axis in the lab frame of seed 001 Sec. IV.

    Lab frame: z along k1 (cylinder axis), x in the k1-k2 plane, y normal to it.

    Parameters
    ----------
    case
        1: c || k1; 2: c in the k1-k2 plane at ``angle`` from k1; 3: c normal to the plane.
    angle
        Angle of the c-axis from k1 in case 2, rad (ignored otherwise).

    Returns
    -------
    numpy.ndarray
        Shape (3,) unit vector.
    """
    if case == 1:
        return np.array([0.0, 0.0, 1.0])
    if case == 2:
        return np.array([math.sin(angle), 0.0, math.cos(angle)])
    if case == 3:
        return np.array([0.0, 1.0, 0.0])
    raise ValueError(f"case must be 1, 2 or 3, got {case!r}")


def spin_orientation_tensor(c_axis: np.ndarray, delta_m: int = 1,
                            model: Literal["spherical", "paper", "linear"] = "spherical",
                            a_axis: np.ndarray | None = None) -> np.ndarray:
    """Orientation tensor ``T_ij = Re(e_i e_j^*)`` of the transition vector ``S_ep``.

    Writes ``S_ep = |S_ep| e`` (and ``v_ep = |v_ep| e`` for the same M_J pair), with
    ``|e| = 1``.  The phase-space integrals need ``|S|^2 = |S_ep|^2 tr T = |S_ep|^2`` and
    ``Re(S_i S_j^*) = |S_ep|^2 T_ij`` (seed 001 eqs. 50-55).

    Parameters
    ----------
    c_axis
        Unit vector of the quantization (c) axis in the lab frame, shape (3,).
    delta_m
        ``M_J' - M_J`` of the path: +-1 (the paper's path 1/2 -> 3/2) or 0.
    model
        ``'spherical'`` (default): the rank-1 selection rule.  A Delta M = +-1 element is
        the circular vector ``-(x_c +- i y_c)/sqrt(2)`` in the plane normal to c, so
        ``T = (1 - c c^T)/2``; Delta M = 0 gives ``T = c c^T``.
        ``'paper'``: seed 001 states (after eq. 36) that the Delta M = 1 element is
        *parallel* to c (``T = c c^T``); kept only to reproduce its eq. (55).
        ``'linear'``: the T-symmetrised Kramers states (eq. 32) give a *linear* vector
        normal to c (see :func:`ep_spin_vector_kramers`), along the crystal axis
        ``a_axis`` (orthogonalised to c): ``T = a a^T``.
    a_axis
        In-plane crystal axis for ``model='linear'`` (lab frame); required there.

    Returns
    -------
    numpy.ndarray
        Real symmetric 3x3 tensor with unit trace.

    Notes
    -----
    Seed 001 says "matrix elements of S_0, S_- vanish. This means that vector matrix
    elements are parallel to crystal c-axis."  For a spherical vector operator the
    q = +-1 components are ``-+(S_x +- i S_y)/sqrt(2)``, perpendicular to the
    quantization axis; only S_0 = S_z lies along c.  The paper's geometry (and its
    eq. 55 R_ij) corresponds to ``model='paper'``.
    """
    c = np.asarray(c_axis, dtype=float)
    n = float(np.linalg.norm(c))
    if not math.isfinite(n) or n == 0:
        raise ValueError("c_axis must be a non-zero finite vector")
    c = c / n
    cc = np.outer(c, c)
    if model == "paper" or delta_m == 0:
        return cc
    if model == "linear":
        if a_axis is None:
            raise ValueError("model='linear' needs a_axis")
        return tensor_from_vector(np.array([1.0, 0.0, 0.0]), c, a_axis)
    if abs(delta_m) != 1:
        raise ValueError("a vector operator connects Delta M = 0, +-1 only")
    if model != "spherical":
        raise ValueError(f"unknown model {model!r}")
    return 0.5 * (np.eye(3) - cc)


@dataclass(frozen=True)
class GeometricFactors:
    """Geometric inputs of the rate / magnetization phase-space integrals.

    Attributes
    ----------
    s_sq
        ``|S_ep|^2``, dimensionless.
    v_dot_s
        ``Re(v_ep . S_ep^*)``, dimensionless (v in units of c).
    tensor
        ``T_ij`` with ``Re(S_i S_j^*) = s_sq T_ij`` and ``Re(v_i S_j^*) = v_dot_s T_ij``.
    c_axis
        The c-axis unit vector in the lab frame (z = k1, x in the k1-k2 plane).
    k1_component
        ``T_zz``: weight of the paper's ``p1z p2z`` term (1 in the paper's case (1)).
    """

    s_sq: float
    v_dot_s: float
    tensor: np.ndarray
    c_axis: np.ndarray
    k1_component: float


def geometric_factors(s_amp: float, v_amp: float, case: int, angle: float = 0.0,
                      model: Literal["spherical", "paper", "linear"] = "spherical",
                      delta_m: int = 1, a_axis: np.ndarray | None = None
                      ) -> GeometricFactors:
    """``|S_ep|^2``, ``v_ep . S_ep`` and orientation tensor for a c-axis case of Sec. IV.

    Both S_ep and v_ep connect the same M_J pair, so they share the unit vector e of
    :func:`spin_orientation_tensor`; ``v . S^* = v_amp s_amp`` whatever the orientation
    (the paper's ``S_ep . v_ep / (|v_ep||S_ep|) = 1``).

    Parameters
    ----------
    s_amp
        Matrix element of S between the Stark states (e.g. :func:`ep_spin_matrix_element`).
    v_amp
        Matrix element of v between the same states (same Clebsch factor times <||v||>).
    case, angle
        See :func:`c_axis_direction` (angle in rad).
    model, delta_m, a_axis
        See :func:`spin_orientation_tensor`.

    Returns
    -------
    GeometricFactors
    """
    c = c_axis_direction(case, angle)
    t = spin_orientation_tensor(c, delta_m, model, a_axis)
    return GeometricFactors(s_sq=s_amp**2, v_dot_s=v_amp * s_amp, tensor=t, c_axis=c,
                            k1_component=float(t[2, 2]))


def _positive(**kw: float) -> None:
    for k, v in kw.items():
        if not (math.isfinite(v) and v > 0):
            raise ValueError(f"{k} must be finite and > 0, got {v!r}")
