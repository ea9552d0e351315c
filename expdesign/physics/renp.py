"""RENP rate and parity-violating magnetization kernels (seed 001), natural units (eV).

Derivation (our normalisation; compared with seed 001 eqs. 7, 12, 16, 57-64 in the
paper-check table and in each Plan).

Amplitude per ion at trigger resonance (seed 001 eq. 7):
``A_ij = -i sqrt(2) G_F h_r  j_ij . N_ij`` with the neutrino current
``N^k = ubar_i gamma^k (1 - gamma5) v_j`` and the electron current
``j_ij = a_S b_ij S_ep + c_ij v_ep``.  The non-relativistic limit of the axial current
``ebar gamma^k gamma5 e`` is the Pauli matrix ``sigma^k = 2 S^k``, so ``a_S = 2`` (the
paper writes ``S_ep``, i.e. ``a_S = 1``: a factor 4 in the rate, 2 in the magnetization).

With ``S_ep = s e``, ``v_ep = u e`` along one (possibly complex) unit vector ``e`` (both
connect the same M_J pair), ``j_ij = g_ij e`` with the scalar coupling
``g_ij = a_S b_ij s + c_ij u``.

Coherent sum over ions (seed 001 eq. 12) in the infinite-volume limit (eq. 13),
with ``u ubar = 2m`` spinors and the invariant two-body measure
``dPhi_2 = d^3p1/(2E1) d^3p2/(2E2) delta^4(P_pair - p1 - p2)``::

    Gamma(theta_s) = 2 G_F^2 h_r^2 |chi|^2 n^2 V (2 pi)^-2
                     sum_{ordered ij} [ |g_ij|^2 K^D_ij - delta_M Re(g_ij^2) K^M_ij ]

    K^D_ij = int dPhi_2 e_k e_l^* T_1^{kl}  (Dirac tensor with unit coupling)
           = 8 [ (2 A + B M^2) + 2 B P.T.P ],     T = Re(e e^dagger) (orientation tensor)
    K^M_ij = 8 m_i m_j int dPhi_2 = 4 pi beta m_i m_j

with ``A, B`` of :func:`expdesign.physics.pair_emission.pair_tensor_integrated`, pair
four-momentum ``(eps_ep, Q)``, ``Q = n_r (k1 + k2 - k_s)``.  The Majorana per-ordering
weight ``Re(g^2)`` follows from the Majorana combination of the (ij) and (ji) operators
(``V = g - g^*``, ``A = g + g^*``), which for a scalar coupling reduces to seed 000's
``Re(b^2)``.  Splitting ``g = g_S + g_v`` gives the parity-conserving part (``g_S``) and the
parity-violating interference (``2 Re(g_S g_v^*)``, ``2 Re(g_S g_v)``) that carries the
magnetization.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from expdesign.physics.constants import G_F_EV2
from expdesign.physics.neutrino import check_masses
from expdesign.physics.pair_emission import pair_beta

__all__ = [
    "AXIAL_SPIN_FACTOR",
    "effective_couplings",
    "pair_weights",
    "infinite_volume_kernels",
    "combine",
    "pair_terms",
    "rate_prefactor",
    "CoherenceFactor",
    "coherence_weight",
]


AXIAL_SPIN_FACTOR = 2.0
"""Non-relativistic axial current ``ebar gamma gamma5 e -> sigma = 2 S``."""


def effective_couplings(b: np.ndarray, c: np.ndarray, s: float, u: float,
                        axial_factor: float = AXIAL_SPIN_FACTOR) -> tuple[np.ndarray, np.ndarray]:
    """Scalar couplings ``(g_S, g_v) = (a_S b_ij s, c_ij u)`` along the transition vector.

    Parameters
    ----------
    b, c
        3x3 complex couplings of seed 001 eq. (3).
    s, u
        Spin and velocity matrix elements ``|S_ep|`` and ``|v_ep|`` (dimensionless,
        same sign convention: the paper's ``S.v/(|S||v|) = 1``).
    axial_factor
        2 (axial current = 2 S, our derivation) or 1 (seed 001 as printed).
    """
    return axial_factor * np.asarray(b) * s, np.asarray(c) * u


def pair_weights(g_s: np.ndarray, g_v: np.ndarray) -> dict[str, np.ndarray]:
    """Per ordered pair weights of ``K^D`` and ``K^M`` (3x3 real each).

    Keys ``D_pc, M_pc`` (parity conserving: from ``g_S`` alone), ``D_pv, M_pv`` (the
    parity-violating interference of ``g_S`` and ``g_v``).  The ``|g_v|^2`` part (order
    1e-12 of the rate) is left out.
    """
    return {
        "D_pc": np.abs(g_s) ** 2,
        "M_pc": np.real(g_s * g_s),
        "D_pv": 2 * np.real(g_s * np.conj(g_v)),
        "M_pv": 2 * np.real(g_s * g_v),
    }


def infinite_volume_kernels(Q: np.ndarray, eps_ep: float | np.ndarray, masses: ArrayLike,
                            orientation: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``K^D_ij`` and ``K^M_ij`` (eV^2) for pair momentum ``Q`` and energy ``eps_ep``.

    Parameters
    ----------
    Q
        Pair momenta, shape (n, 3) (eV).
    eps_ep
        Pair energy (eV): one for all rows of ``Q``, or an (n,) array, one per row (the
        Doppler average of the atomic spectrum, :mod:`expdesign.physics.atomic_cell`).
    masses
        (m1, ..., mN) in eV: three, or four with a sterile state (1-D; any N >= 1).
    orientation
        3x3 real tensor ``T = Re(e e^dagger)`` with trace 1.

    Returns
    -------
    KD, KM : ndarray, shape (n, N, N)
        Zero where the pair (ij) is below threshold, ``M^2 <= (m_i + m_j)^2``.

    Raises
    ------
    ValueError
        For masses that are not a 1-D array of finite values >= 0.

    Notes
    -----
    Closed form of ``int dPhi_2 e_k e_l^* T^{kl}`` (seed 000 eq. 5 measure with
    ``u ubar = 2m``) from ``int dPhi_2 p1^mu p2^nu = A g^{mu nu} + B P^mu P^nu``.
    """
    Q = np.atleast_2d(np.asarray(Q, dtype=float))
    m = check_masses(masses, where="infinite_volume_kernels")
    nm = m.size
    M2 = np.asarray(eps_ep, dtype=float) ** 2 - np.sum(Q**2, axis=-1)
    PTP = np.einsum("ni,ij,nj->n", Q, np.asarray(orientation, dtype=float), Q)
    trT = float(np.trace(orientation))
    n = Q.shape[0]
    KD = np.zeros((n, nm, nm))
    KM = np.zeros((n, nm, nm))
    pos = M2 > 0
    safe = np.where(pos, M2, 1.0)
    for i in range(nm):
        for j in range(nm):
            beta = pair_beta(safe, m[i], m[j]) * pos
            phi = 0.5 * np.pi * beta
            S, D = m[i] ** 2 + m[j] ** 2, m[i] ** 2 - m[j] ** 2
            A = phi * (safe - 2 * S + D**2 / safe) / 12
            B = phi * (1 + S / safe - 2 * D**2 / safe**2) / 6
            KD[:, i, j] = 8 * ((2 * A + B * safe) * trT + 2 * B * PTP)
            KM[:, i, j] = 8 * m[i] * m[j] * phi
    return KD, KM


def _check_shapes(KD: np.ndarray, KM: np.ndarray, wD: np.ndarray, wM: np.ndarray) -> None:
    n = np.shape(KD)[-2:]
    if np.shape(KM)[-2:] != n or np.shape(wD) != n or np.shape(wM) != n:
        raise ValueError(f"kernels {np.shape(KD)}, {np.shape(KM)} and weights {np.shape(wD)}, "
                         f"{np.shape(wM)} disagree in the number of mass states")


def combine(KD: np.ndarray, KM: np.ndarray, wD: np.ndarray, wM: np.ndarray,
            majorana: bool) -> np.ndarray:
    """``sum_ij [wD_ij KD_ij - delta_M wM_ij KM_ij]`` over the last two axes (N x N pairs;
    a ``ValueError`` where kernels and weights have different N)."""
    _check_shapes(KD, KM, wD, wM)
    out = np.einsum("...ij,ij->...", KD, wD)
    if majorana:
        out = out - np.einsum("...ij,ij->...", KM, wM)
    return out


def pair_terms(KD: np.ndarray, KM: np.ndarray, wD: np.ndarray, wM: np.ndarray,
               majorana: bool) -> np.ndarray:
    """The terms ``wD_ij KD_ij - delta_M wM_ij KM_ij`` per ordered pair (shape of ``KD``):
    the summands of :func:`combine`, i.e. each pair's share of the rate (seed 001 Fig. 8)."""
    _check_shapes(KD, KM, wD, wM)
    out = KD * wD
    if majorana:
        out = out - KM * wM
    return out


def rate_prefactor(h_r: float, n: float, volume: float) -> float:
    """``2 G_F^2 h_r^2 n^2 V / (2 pi)^2`` (eV^-1 x eV^2 kernel = eV), infinite volume.

    ``n`` in eV^3, ``volume`` in eV^-3; multiply by ``|chi|^2`` and the kernel sum.
    """
    return 2 * G_F_EV2**2 * h_r**2 * n**2 * volume / (2 * np.pi) ** 2


CoherenceFactor = Literal["derived", "paper"]
"""Which coherence factor multiplies the rate (:func:`coherence_weight`)."""


def coherence_weight(factor: CoherenceFactor, chi2: float, h_r: float) -> float:
    """The weight ``W`` that stands for ``h_r^2 |chi|^2`` in :func:`rate_prefactor`'s rate.

    The rate is ``rate_prefactor(1, n, V) x W x kernel sum``; the parity-violating
    (magnetization) part takes the same ``W``.

    Parameters
    ----------
    factor
        ``"derived"`` (docs/planner.md, "The coherence factor, derived"): the coherent
        amplitude of the ions is ``sum_a Tr(rho_a O) e^{iK.x_a}`` with ``O`` the pair
        vertex ``e -> p`` (seed 001 eq. 6's ``G_F/sqrt2 (b S + c v).N``, no trigger
        factor) acting on the e-p coherence of a Bloch solution that contains the trigger;
        the amplitude per ion is ``rho_ep x`` the pair-decay amplitude ``= rho_ep / (2i h_r)
        x`` eq. (7)'s, so ``W = |rho_ep|^2 / 4`` and ``h_r`` does not enter.  Weak-trigger
        limit: ``rho_ep -> 2i h_r rho_eg``, ``W -> h_r^2 |rho_eg|^2``, the full
        ``e -> g + gamma + nu nubar`` amplitude ``2 h_r M_W`` acting on ``rho_eg``.
        ``"paper"``: seed 001 eq. (7) with its Appendix's ``|chi|^2 = |rho_ee rho_ep|^2``,
        ``W = h_r^2 |chi|^2`` (the trigger counted in ``h_r`` and again in ``rho_ep``).
    chi2
        the cycle mean of ``|chi|^2`` of that factor (dimensionless): ``<|rho_ep|^2>``
        (class-averaged: ``|<rho_ep>|^2``) for ``"derived"``, ``<|rho_ee rho_ep|^2>``
        (``|<rho_ee rho_ep R/R0>|^2``) for ``"paper"``.
    h_r
        the trigger factor of seed 001 eq. (7) (dimensionless; unused for ``"derived"``).

    Returns
    -------
    float
        ``W`` (dimensionless).
    """
    if factor == "derived":
        return 0.25 * chi2
    if factor == "paper":
        return h_r**2 * chi2
    raise ValueError(f"coherence factor must be 'derived' or 'paper', got {factor!r}")
