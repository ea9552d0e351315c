"""Stark states as M_J superpositions: mixing amplitudes, dominant paths, Kramers doublets.

A Stark level's composition is given as target data, ``{"|M_J|": probability}`` with
string keys such as ``"1/2"`` (optionally prefixed ``+-``), exactly as
``Level.mj_composition`` of a target file carries it (for Er3+:YLF: seed 001
eqs. (34)-(36), loaded by :func:`expdesign.physics.atomic.stark_data.load_stark_mixing`).
The kernels here take the compositions as parameters; they hold no reference numbers.

Sources: seed 001 eqs. (30)-(36) (Stark M_J mixings, time reversal, the doublet states of
eq. 32) and the equation after (36) (the path M_J = 1/2 -> 3/2).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from expdesign.physics.atomic.angular import (
    spherical_to_cartesian,
    stark_matrix_element,
    twice,
    vector_element_spherical,
)

__all__ = [
    "MJComposition",
    "parse_abs_mj",
    "mixing_amplitude",
    "dominant_stark_element",
    "kramers_t_state",
    "ep_spin_matrix_element",
    "ep_spin_vector_kramers",
]

#: ``{"|M_J|": probability}`` of one Stark level (target-data format, e.g. ``{"1/2": 0.1547}``).
MJComposition = Mapping[str, float]


def parse_abs_mj(key: str) -> Fraction:
    """``|M_J|`` of a composition key (``"3/2"``, ``"+-3/2"``, ``"\u00b13/2"``) as a Fraction.

    Parameters
    ----------
    key
        Key of an M_J composition (target-data format).

    Returns
    -------
    fractions.Fraction
        The (unsigned) projection.
    """
    return Fraction(key.lstrip("+-\u00b1"))


def mixing_amplitude(composition: MJComposition, abs_mj: float) -> float:
    """Amplitude ``sqrt(P)`` of the ``|M_J|`` component of a Stark state.

    The paper's equation after (36) multiplies amplitudes, ``0.199 = sqrt(0.1547 * 0.2559)``
    (probabilities of seed 001 eqs. (34)-(35)).

    Parameters
    ----------
    composition
        ``{"|M_J|": probability}`` of the level (target data, e.g. ``{"1/2": 0.1547,
        "7/2": 0.2401}`` for Er 2H11/2, seed 001 eq. 34).
    abs_mj
        ``|M_J|`` (half-integer).

    Returns
    -------
    float
        Amplitude, dimensionless (phase taken positive; the paper gives none).

    Raises
    ------
    KeyError
        If the composition has no ``|M_J|`` component.
    """
    want = Fraction(abs_mj).limit_denominator(2)
    for key, p in composition.items():
        if parse_abs_mj(key) == want:
            return math.sqrt(p)
    raise KeyError(f"no mixing probability for |M_J| = {abs_mj} in {dict(composition)!r}")


def dominant_stark_element(j_final: float, mix_final: MJComposition | None,
                           j_initial: float, mix_initial: MJComposition | None,
                           reduced: float) -> tuple[float, str]:
    """Largest single-path vector matrix element between two Stark states (|value|, path).

    Generalises the equation after seed 001 eq. (36) to any level pair: over the M_J
    components ``{|M|: P}`` of both states (each sign), the Delta M = 0, +-1 paths
    ``sqrt(P_f P_i) |(j_f 1 j_i; -m_f q m_i)| |<j_f||T||j_i>|`` are compared and the largest
    is returned with its label.  Without M_J compositions the J-manifold average per
    spherical component, ``sqrt(|<j_f||T||j_i>|^2 / (3 (2 j_i + 1)))``, is returned instead.

    Parameters
    ----------
    j_final, j_initial
        Total angular momenta.
    mix_final, mix_initial
        ``{"|M_J|": probability}`` (target data) or None.
    reduced
        ``<j_f||T||j_i>`` (dimensionless).

    Returns
    -------
    tuple of (float, str)
        The absolute matrix element (unit of ``reduced``) and a label of its path
        (``"M_J +0.5 -> +1.5, q = +1"``).
    """
    if not mix_final or not mix_initial:
        return (abs(reduced) / math.sqrt(3 * (2 * j_initial + 1)),
                "no M_J data: J-manifold average per component")
    best, label = 0.0, ""
    for kf, pf in mix_final.items():
        for ki, pi in mix_initial.items():
            mf0 = float(parse_abs_mj(kf))
            mi0 = float(parse_abs_mj(ki))
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


def kramers_t_state(components: Mapping[float, complex], j: float, t_sign: int = 1
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
        Signed M -> amplitude of the doublet state ``(1 +- T)|psi>/sqrt2`` (not
        renormalised: the paper's probabilities do not sum to 1).
    """
    if t_sign not in (1, -1):
        raise ValueError("t_sign must be +1 or -1")
    out: dict[float, complex] = {}
    for m, a in components.items():
        out[m] = out.get(m, 0j) + a / math.sqrt(2)
        ph = -1.0 if twice(j + m) // 2 % 2 else 1.0
        out[-m] = out.get(-m, 0j) + t_sign * ph * np.conj(a) / math.sqrt(2)
    return out


def ep_spin_matrix_element(reduced_s: float, *, mix_p: MJComposition,
                           mix_e: MJComposition) -> float:
    """``<p; 13/2, Gamma_56| S_+1 |e; 11/2, Gamma_78>`` along the path M_J = 1/2 -> 3/2.

    Seed 001, equation after (36): ``sqrt(0.1547 * 0.2559) (-1)^(13/2-3/2)
    (13/2 1 11/2; -3/2 1 1/2) <p||S||e>``.  Only the q = +1 spherical component is
    non-zero for this M_J pair.

    Parameters
    ----------
    reduced_s
        ``<p; 13/2||S||e; 11/2>``, dimensionless.
    mix_p, mix_e
        M_J compositions of |p> (4I13/2, needs ``"3/2"``; seed 001 eq. 35) and |e>
        (2H11/2, needs ``"1/2"``; eq. 34), target-data format.

    Returns
    -------
    float
        The matrix element, dimensionless; its square is the paper's ``|S_ep|^2``.
    """
    return stark_matrix_element(6.5, 1.5, 5.5, 0.5, 1, reduced_s,
                                mixing_amplitude(mix_p, 1.5), mixing_amplitude(mix_e, 0.5))


def ep_spin_vector_kramers(reduced_s: float, sign_e: int = 1, sign_p: int = 1,
                           t_e: int = 1, t_p: int = -1, *, mix_e: MJComposition,
                           mix_p: MJComposition) -> np.ndarray:
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
    mix_e, mix_p
        M_J compositions of |e> (needs ``"1/2"`` and ``"7/2"``) and |p> (needs ``"3/2"``
        and ``"5/2"``), target-data format.

    Returns
    -------
    numpy.ndarray
        Complex Cartesian vector (x, y, z) in the crystal frame (z = c); z is 0.
    """
    e = kramers_t_state({0.5: mixing_amplitude(mix_e, 0.5),
                         -3.5: sign_e * mixing_amplitude(mix_e, 3.5)}, 5.5, t_e)
    p = kramers_t_state({1.5: mixing_amplitude(mix_p, 1.5),
                         -2.5: sign_p * mixing_amplitude(mix_p, 2.5)}, 6.5, t_p)
    return spherical_to_cartesian(vector_element_spherical(p, 6.5, e, 5.5, reduced_s))
