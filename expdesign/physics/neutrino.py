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

3+1: one light sterile state (docs/neutrino_hypotheses.md has the derivation)
-----------------------------------------------------------------------------
* Mixing: the 4x4 unitary ``U = R34 R24 R14 blockdiag(U_PMNS, 1) diag(1, 1, 1, e^{i
  gamma/2})`` (rows e, mu, tau, s; columns the mass states 1..4), real rotations
  ``R_a4`` in the (a, 4) plane (``R[a, a] = R[4, 4] = c``, ``R[a, 4] = -R[4, a] = s``),
  with ``s14^2 = |U_e4|^2``, ``s24^2 = |U_mu4|^2 / (1 - |U_e4|^2)``,
  ``s34^2 = |U_tau4|^2 / (1 - |U_e4|^2 - |U_mu4|^2)`` (:func:`mixing_3p1`).  Hence
  ``U_ei = c14 U_PMNS,ei`` (i <= 3), ``U_e4 = s14``, ``U_mu4 = c14 s24``,
  ``U_tau4 = c14 c24 s34``.  The three extra Dirac phases of the 3+1 scheme are set to
  zero; ``gamma`` is the fourth state's Majorana phase.
* Couplings: the charged current gives ``U_ei^* U_ej``; the Z couples the active flavours,
  ``sum_{a = e, mu, tau} U_ai^* U_aj = delta_ij - U_si^* U_sj`` (4x4 unitarity), so
  ``b_ij = U_ei^* U_ej - (delta_ij - U_si^* U_sj) / 2`` and
  ``c_ij = b_ij + 2 sin^2(theta_W) (delta_ij - U_si^* U_sj)`` (:func:`b_matrix`,
  :func:`active_projector`, :func:`c_matrix`).  ``sum_ij |b_ij|^2`` over the four states
  stays 3/4 (row orthogonality); the light 3x3 block loses what the (i4) pairs carry.
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
    "pairs",
    "check_masses",
    "OscillationParameters",
    "oscillation_set",
    "oscillation_set_names",
    "pmns",
    "mixing_3p1",
    "masses",
    "active_projector",
    "b_matrix",
    "c_matrix",
    "rate_weights",
    "magnetization_weights",
    "majorana_phase_pairs",
    "fold",
]

PAIRS: tuple[tuple[int, int], ...] = ((0, 0), (0, 1), (1, 1), (0, 2), (1, 2), (2, 2))
"""The six distinct pairs (11), (12), (22), (13), (23), (33) in seed 001 Table 4 order
(0-based indices); (ij) and (ji) are added for i != j."""

Ordering = Literal["NO", "IO"]


def pairs(n: int) -> tuple[tuple[int, int], ...]:
    """The distinct pairs (i <= j) of ``n`` mass states, in :data:`PAIRS` order extended
    column by column: ``pairs(3) == PAIRS``; ``pairs(4)`` adds (14), (24), (34), (44)."""
    return tuple((i, j) for j in range(n) for i in range(j + 1))


def check_masses(masses: object, allowed: tuple[int, ...] | None = None,
                 where: str = "kernel") -> np.ndarray:
    """The neutrino masses (eV) as a 1-D float array, or a clear ``ValueError``.

    Parameters
    ----------
    masses
        Mass values, eV (three, or four with a sterile state).
    allowed
        Numbers of states the caller can handle (None: any number >= 1).
    where
        The caller's name, for the message.

    Raises
    ------
    ValueError
        Not 1-D, empty, not finite, negative, or a count not in ``allowed``.
    """
    m = np.asarray(masses, dtype=float)
    if m.ndim != 1 or m.size == 0:
        raise ValueError(f"{where}: neutrino masses must be a 1-D array of the mass states' "
                         f"masses in eV, got shape {m.shape}")
    if allowed is not None and m.size not in allowed:
        raise ValueError(f"{where}: handles {' or '.join(map(str, allowed))} mass states, "
                         f"got {m.size} (shape {m.shape}); it would silently drop states")
    if not np.all(np.isfinite(m)) or np.any(m < 0):
        raise ValueError(f"{where}: neutrino masses must be finite and >= 0 eV, got {m}")
    return m


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


def mixing_3p1(U3: np.ndarray, ue4_sq: float, umu4_sq: float = 0.0, utau4_sq: float = 0.0,
               gamma: float = 0.0) -> np.ndarray:
    """4x4 unitary mixing of the 3+1 scheme from the 3x3 PMNS matrix (module docstring).

    Parameters
    ----------
    U3
        3x3 PMNS matrix (with its Majorana phases), e.g. from :func:`pmns`.
    ue4_sq, umu4_sq, utau4_sq
        ``|U_e4|^2``, ``|U_mu4|^2``, ``|U_tau4|^2`` (dimensionless, each >= 0, sum < 1).
    gamma
        Majorana phase of the fourth state (rad): column 4 times ``e^{i gamma/2}``.

    Returns
    -------
    ndarray, shape (4, 4), complex
        Rows e, mu, tau, s; ``|U[a, 3]|^2`` reproduces the inputs.  All mixings zero gives
        ``blockdiag(U3, e^{i gamma/2})`` exactly.

    Notes
    -----
    Parametrisation ``R34 R24 R14 blockdiag(U3, 1)`` as in the 3+1 literature (e.g. Dinh
    and Petcov, PLB 742 (2015) 107, with their extra Dirac phases set to zero here).
    """
    U3 = np.asarray(U3, dtype=complex)
    if U3.shape != (3, 3):
        raise ValueError(f"mixing_3p1 needs the 3x3 PMNS matrix, got shape {U3.shape}")
    sq = [float(ue4_sq), float(umu4_sq), float(utau4_sq)]
    if any(not np.isfinite(x) or x < 0 for x in sq) or sum(sq) >= 1:
        raise ValueError(f"|U_a4|^2 must be >= 0 with a sum < 1, got {sq}")
    s2 = [sq[0], sq[1] / (1 - sq[0]), sq[2] / (1 - sq[0] - sq[1])]
    U = np.eye(4, dtype=complex)
    U[:3, :3] = U3
    for a in (0, 1, 2):  # R14 first (rightmost), then R24, R34
        R = np.eye(4)
        c, s = np.sqrt(1 - s2[a]), np.sqrt(s2[a])
        R[a, a] = R[3, 3] = c
        R[a, 3], R[3, a] = s, -s
        U = R @ U
    if gamma != 0.0:
        U = U @ np.diag([1.0, 1.0, 1.0, np.exp(0.5j * gamma)])
    return U


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


def active_projector(U: np.ndarray) -> np.ndarray:
    """``A_ij = sum_{a active} U_ai^* U_aj = delta_ij - sum_s U_si^* U_sj`` (NxN complex).

    The neutral current couples the active flavours (rows e, mu, tau); for a 3x3 unitary
    ``A`` is the identity (returned exactly); for the 3+1 mixing (:func:`mixing_3p1`) the
    sterile row ``s`` (row 4) is subtracted.  Dimensionless.
    """
    U = np.asarray(U)
    if U.ndim != 2 or U.shape[0] != U.shape[1] or U.shape[0] < 3:
        raise ValueError(f"active_projector needs a square mixing matrix (N >= 3), "
                         f"got shape {U.shape}")
    n = U.shape[0]
    if n == 3:
        return np.eye(3)
    us = U[3:]
    return np.eye(n) - np.conj(us).T @ us


def b_matrix(U: np.ndarray) -> np.ndarray:
    """Couplings ``b_ij = U_ei^* U_ej - A_ij / 2`` (seed 001 eq. 3), NxN complex.

    ``A`` is :func:`active_projector` (the identity for three states, so
    ``b_ij = U_ei^* U_ej - delta_ij / 2`` as printed).  ``U`` is the 3x3 PMNS matrix, its
    first row (three entries), or the 4x4 mixing of :func:`mixing_3p1` (the neutral-current
    term ``-(delta_ij - U_si^* U_sj)/2``, module docstring).

    Raises
    ------
    ValueError
        For a row of other than three entries (the sterile row is needed) or a non-square
        matrix.
    """
    U = np.asarray(U)
    if U.ndim == 1:
        if U.shape != (3,):
            raise ValueError(f"b_matrix from a single row needs three entries (U_e1, U_e2, "
                             f"U_e3), got {U.shape}; pass the full 4x4 mixing for a "
                             "sterile state")
        return np.outer(np.conj(U), U) - 0.5 * np.eye(3)
    ue = U[0]
    return np.outer(np.conj(ue), ue) - 0.5 * active_projector(U)


def c_matrix(b: np.ndarray, sin2_theta_w: float = SIN2_THETA_W_LOW_ENERGY,
             active: np.ndarray | None = None) -> np.ndarray:
    """``c_ij = b_ij + 2 sin^2(theta_W) A_ij`` (seed 001 eq. 3 for ``A = delta``).

    ``active``: :func:`active_projector` of the mixing; None only for three states
    (``A = delta``), a ``ValueError`` otherwise.
    """
    b = np.asarray(b)
    if active is None:
        if b.shape != (3, 3):
            raise ValueError(f"c_matrix of a {b.shape} coupling matrix needs the active "
                             "projector (active_projector(U)) for the neutral current")
        active = np.eye(3)
    return b + 2.0 * sin2_theta_w * np.asarray(active)


def fold(w: np.ndarray) -> np.ndarray:
    """Add (ij) and (ji) for i != j; return the pairs in :func:`pairs` order (the six of
    :data:`PAIRS` for a 3x3 ``w``, ten for 4x4)."""
    w = np.asarray(w)
    if w.ndim != 2 or w.shape[0] != w.shape[1]:
        raise ValueError(f"fold needs a square (N, N) array, got shape {w.shape}")
    return np.array([w[i, j] if i == j else w[i, j] + w[j, i] for i, j in pairs(w.shape[0])])


def rate_weights(b: np.ndarray) -> np.ndarray:
    """Rate weights |b_ij|^2 of the six pairs ((ij)+(ji) added), seed 001 Table 4 row 1.

    Sum over the six equals sum_ij |b_ij|^2 = 3/4 for any unitary U (also over the ten
    pairs of the 3+1 scheme with the neutral-current term of :func:`b_matrix`).
    """
    return fold(np.abs(b) ** 2)


def magnetization_weights(b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Magnetization weights Re(b_ij c_ij^*) of the six pairs, seed 001 eq. (63), Table 4 row 2."""
    return fold(np.real(b * np.conj(c)))


def majorana_phase_pairs(b_a: np.ndarray, b_b: np.ndarray, rtol: float = 1e-9
                         ) -> tuple[tuple[int, int], ...]:
    """The pairs (i < j, 0-based) whose Majorana interference weight ``Re(b_ij^2)``
    differs between two coupling matrices of equal ``|b_ij|``: where a phase difference
    shows in a Majorana rate.

    Dirac rates use ``|b_ij|^2`` and the diagonal ``b_ii = |U_ei|^2 - A_ii / 2`` is real,
    so the Majorana phases enter a rate only through ``Re(b_ij^2)`` with i != j (seed 000
    eq. 6, seed 001 eq. 56: ``b_12 ~ e^{i alpha/2}``, ``b_13 ~ e^{i (beta/2 - delta)}``,
    ``b_23 ~ e^{i (beta - alpha)/2 - i delta}`` up to real factors).  Dimensionless inputs;
    a difference counts when it exceeds ``rtol`` times ``max |b|^2``.
    """
    a, b = np.asarray(b_a), np.asarray(b_b)
    if a.shape != b.shape or a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError(f"two square coupling matrices of one shape needed, got {a.shape} "
                         f"and {b.shape}")
    scale = max(float(np.max(np.abs(a) ** 2)), float(np.max(np.abs(b) ** 2)), 1e-300)
    d = np.abs(np.real(a * a) - np.real(b * b))
    return tuple((i, j) for i, j in pairs(a.shape[0]) if i != j and d[i, j] > rtol * scale)
