"""Neutrino sector: PMNS matrix, mass spectra, couplings b_ij and c_ij, pair weights.

All masses in eV, squared-mass splittings in eV^2, angles in radians unless a
name says ``_deg``.  Kernels take plain floats.

Conventions
-----------
* PMNS matrix in the PDG parametrisation, ``U = V(theta12, theta13, theta23, delta)
  @ diag(1, exp(i alpha / 2), exp(i beta / 2))`` (alpha = alpha_21, beta = alpha_31 of
  the PDG).  Only the first row ``U_ei`` enters atomic pair emission.
* ``b_ij = U_ei^* U_ej - delta_ij / 2`` (seed 000 eq. 6, seed 001 eq. 3).
* ``c_ij = b_ij + 2 sin^2(theta_W) delta_ij`` (seed 001 eq. 3).  Default
  ``sin^2 theta_W = 0.23857``, the low-energy (Q -> 0) MS-bar value (PDG), the
  scale of atomic transitions; 0.23122 (at M_Z) is the other common choice.
* Pair (ij) with i != j and its partner (ji) are both emitted; the "pair
  weights" below add them, as seed 001 Table 4 does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np

from expdesign.data import oscillation_set_names as data_set_names
from expdesign.data import read_json
from expdesign.physics.constants import SIN2_THETA_W_LOW_ENERGY, SIN2_THETA_W_MZ

__all__ = [
    "SIN2_THETA_W_LOW_ENERGY",
    "SIN2_THETA_W_MZ",
    "PAIRS",
    "OscillationParameters",
    "oscillation_set",
    "oscillation_set_names",
    "pmns",
    "masses",
    "b_matrix",
    "c_matrix",
    "rate_weights",
    "magnetization_weights",
    "fold",
]

PAIRS: tuple[tuple[int, int], ...] = ((0, 0), (0, 1), (1, 1), (0, 2), (1, 2), (2, 2))
"""The six distinct pairs (11), (12), (22), (13), (23), (33) in seed 001 Table 4 order
(0-based indices); (ij) and (ji) are added for i != j."""

Ordering = Literal["NO", "IO"]


@dataclass(frozen=True)
class OscillationParameters:
    """A named oscillation-parameter set (shipped as data with its source)."""

    name: str
    source: str
    sin2_theta12: float
    sin2_theta13: float
    sin2_theta23_NO: float
    sin2_theta23_IO: float
    dm2_21: float
    dm2_31_NO: float
    dm2_32_IO: float
    delta_cp_deg_NO: float
    delta_cp_deg_IO: float

    def sin2_theta23(self, ordering: Ordering) -> float:
        return self.sin2_theta23_NO if ordering == "NO" else self.sin2_theta23_IO


@cache
def _sets() -> dict[str, OscillationParameters]:
    raw = read_json("oscillation_sets.json")
    return {k: OscillationParameters(name=k, **v) for k, v in raw.items()
            if not k.startswith("_")}


def oscillation_set_names() -> list[str]:
    """Names of the shipped oscillation-parameter sets."""
    return data_set_names()


def oscillation_set(name: str) -> OscillationParameters:
    """Return a shipped oscillation-parameter set by name (``pdg2018``, ``nufit60``)."""
    try:
        return _sets()[name]
    except KeyError:
        raise KeyError(f"unknown oscillation-parameter set {name!r}; "
                       f"known: {', '.join(oscillation_set_names())}") from None


def pmns(sin2_12: float, sin2_13: float, sin2_23: float, delta: float = 0.0,
         alpha: float = 0.0, beta: float = 0.0) -> np.ndarray:
    """PMNS matrix (PDG parametrisation with Majorana phases), 3x3 complex, unitary.

    Parameters
    ----------
    sin2_12, sin2_13, sin2_23
        sin^2 of the mixing angles.
    delta
        Dirac CP phase (rad).
    alpha, beta
        Majorana phases alpha_21, alpha_31 (rad): ``U -> U diag(1, e^{i alpha/2}, e^{i beta/2})``.
    """
    s12, s13, s23 = np.sqrt([sin2_12, sin2_13, sin2_23])
    c12, c13, c23 = np.sqrt([1 - sin2_12, 1 - sin2_13, 1 - sin2_23])
    ed = np.exp(1j * delta)
    v = np.array([
        [c12 * c13, s12 * c13, s13 / ed],
        [-s12 * c23 - c12 * s23 * s13 * ed, c12 * c23 - s12 * s23 * s13 * ed, s23 * c13],
        [s12 * s23 - c12 * c23 * s13 * ed, -c12 * s23 - s12 * c23 * s13 * ed, c23 * c13],
    ], dtype=complex)
    return v @ np.diag([1.0, np.exp(0.5j * alpha), np.exp(0.5j * beta)])


def masses(lightest: float, ordering: Ordering, params: OscillationParameters) -> np.ndarray:
    """Neutrino masses (m1, m2, m3) in eV from the lightest mass and the ordering.

    NO: m1 = lightest, m2^2 = m1^2 + dm2_21, m3^2 = m1^2 + dm2_31.
    IO: m3 = lightest, m2^2 = m3^2 - dm2_32 (dm2_32 < 0), m1^2 = m2^2 - dm2_21.
    """
    if lightest < 0:
        raise ValueError(f"lightest neutrino mass must be >= 0, got {lightest}")
    m0 = lightest**2
    if ordering == "NO":
        return np.sqrt([m0, m0 + params.dm2_21, m0 + params.dm2_31_NO])
    if ordering == "IO":
        m2sq = m0 - params.dm2_32_IO
        return np.sqrt([m2sq - params.dm2_21, m2sq, m0])
    raise ValueError(f"ordering must be 'NO' or 'IO', got {ordering!r}")


def b_matrix(U: np.ndarray) -> np.ndarray:
    """Couplings ``b_ij = U_ei^* U_ej - delta_ij / 2`` (seed 001 eq. 3); 3x3 complex.

    ``U`` is the PMNS matrix (only its first row is used) or that row itself.
    """
    ue = np.asarray(U)[0] if np.ndim(U) == 2 else np.asarray(U)
    return np.outer(np.conj(ue), ue) - 0.5 * np.eye(3)


def c_matrix(b: np.ndarray, sin2_theta_w: float = SIN2_THETA_W_LOW_ENERGY) -> np.ndarray:
    """``c_ij = b_ij + 2 sin^2(theta_W) delta_ij`` (seed 001 eq. 3)."""
    return np.asarray(b) + 2.0 * sin2_theta_w * np.eye(3)


def fold(w: np.ndarray) -> np.ndarray:
    """Add (ij) and (ji) for i != j; return the six pairs in :data:`PAIRS` order."""
    return np.array([w[i, j] if i == j else w[i, j] + w[j, i] for i, j in PAIRS])


def rate_weights(b: np.ndarray) -> np.ndarray:
    """Rate weights |b_ij|^2 of the six pairs ((ij)+(ji) added), seed 001 Table 4 row 1.

    Sum over the six equals sum_ij |b_ij|^2 = 3/4 for any unitary U.
    """
    return fold(np.abs(b) ** 2)


def magnetization_weights(b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Magnetization weights Re(b_ij c_ij^*) of the six pairs, seed 001 eq. (63), Table 4 row 2."""
    return fold(np.real(b * np.conj(c)))
