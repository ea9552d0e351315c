"""Atomic RENP through a virtual intermediate level: photon-energy spectrum and thresholds.

Process (Fukumi et al., PTEP 2012 04D002; Dinh, Petcov, Sasao, Tanaka, Yoshimura,
PLB 719 (2013) 154): a coherently excited metastable ``|e>`` decays to ``|g>`` emitting a
photon of energy ``omega`` (stimulated by the trigger) and a neutrino pair, through a
level ``|p>`` that is *not* resonant: in Yb ``|e> = 6s6p 3P0``, ``|p> = 6s6p 3P1`` lies
above ``|e>``.  Natural units (hbar = c = 1), energies in eV.

Kinematics (our derivation).  Macro-coherence conserves the momentum the excitation
imprinted on the atoms, ``p_eg`` (0 for counter-propagating photons of equal energy).
With the photon ``k`` (``|k| = omega``, angle ``theta`` from ``p_eg``) the pair carries
``(eps_eg - omega, p_eg - k)``, invariant mass squared::

    M^2(omega) = (eps_eg - omega)^2 - p^2 - omega^2 + 2 p omega cos(theta)
               = eps_eg^2 - p^2 - 2 omega (eps_eg - p cos(theta))

so the pair (ij) opens below the threshold ``M^2 = (m_i + m_j)^2``::

    omega_ij = (eps_eg^2 - p^2 - (m_i + m_j)^2) / (2 (eps_eg - p cos(theta)))

which for ``p = 0`` is the printed ``omega_ij = eps_eg/2 - (m_i + m_j)^2 / (2 eps_eg)``
(Dinh et al. 2013 eq. 6; Fukumi et al. 2012).

Amplitude (our derivation, the crystal's Fermi interaction of :mod:`expdesign.physics.renp`
with the virtual-level denominator).  For ``J_e = J_g = 0``, ``J_p = 1`` (Yb) the sum over
the sublevels of ``|p>`` gives ``sum_m <g|d.E|p_m><p_m|2S.N|e> / (eps_pg - omega)
= d_0 E_0 s_0 (eps^* . N) / (eps_pg - omega)`` for a trigger of (linear) polarization
``eps``: the pair tensor is contracted with ``T = eps eps^T``.  Dinh et al. average the
spin direction instead (``T = 1/3``); both are offered (:func:`orientation_tensor`).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from expdesign.physics.atomic.angular import wigner_3j
from expdesign.physics.constants import G_F_EV2
from expdesign.physics.renp import AXIAL_SPIN_FACTOR, infinite_volume_kernels

__all__ = [
    "pair_mass2",
    "threshold_omega",
    "threshold_omega_counterpropagating",
    "photon_endpoint",
    "orientation_tensor",
    "ls_spin_sq",
    "partner_denominator_sq",
    "pair_momentum",
    "spectrum_kernels",
    "spectral_function",
    "spectrum_from_kernels",
    "dipole_sq_from_A",
    "virtual_coupling_sq",
    "rate_prefactor",
]


def pair_mass2(omega: ArrayLike, eps_eg: float, p_eg: float = 0.0,
               cos_theta: float = 1.0) -> np.ndarray:
    """Pair invariant mass squared ``(eps_eg - omega)^2 - |p_eg - k|^2`` (eV^2).

    Parameters
    ----------
    omega
        Photon energy (eV).
    eps_eg
        Energy released, ``E_e - E_g`` (eV).
    p_eg
        Magnitude of the momentum imprinted by the excitation (eV); 0 for
        counter-propagating photons of equal energy.
    cos_theta
        Cosine of the angle between the photon and ``p_eg``.

    Notes
    -----
    Energy and (macro-coherent) momentum conservation; module docstring.
    """
    w = np.asarray(omega, dtype=float)
    return (eps_eg - w) ** 2 - (p_eg**2 + w**2 - 2.0 * p_eg * w * cos_theta)


def threshold_omega(mass_sum: ArrayLike, eps_eg: float, p_eg: float = 0.0,
                    cos_theta: float = 1.0) -> np.ndarray:
    """Photon energy (eV) above which the pair of total mass ``mass_sum`` closes.

    ``omega = (eps_eg^2 - p_eg^2 - M^2) / (2 (eps_eg - p_eg cos(theta)))`` (our
    derivation, module docstring); reduces to Dinh et al. PLB 719 (2013) eq. (6) at
    ``p_eg = 0``.

    Raises
    ------
    ValueError
        If ``p_eg >= eps_eg`` (the imprint must be time-like: ``M^2`` of the atoms' energy
        and momentum must be positive).
    """
    if not p_eg < eps_eg:
        raise ValueError(f"p_eg = {p_eg:g} eV must be below eps_eg = {eps_eg:g} eV")
    M = np.asarray(mass_sum, dtype=float)
    return (eps_eg**2 - p_eg**2 - M**2) / (2.0 * (eps_eg - p_eg * cos_theta))


def threshold_omega_counterpropagating(mass_sum: ArrayLike, eps_eg: float) -> np.ndarray:
    """The printed form ``omega_ij = eps_eg/2 - (m_i+m_j)^2/(2 eps_eg)`` (eV), Dinh et al.
    PLB 719 (2013) eq. (6), Fukumi et al. PTEP 2012 04D002 (``p_eg = 0``)."""
    M = np.asarray(mass_sum, dtype=float)
    return eps_eg / 2.0 - M**2 / (2.0 * eps_eg)


def photon_endpoint(eps_eg: float, p_eg: float = 0.0, cos_theta: float = 1.0) -> float:
    """Largest photon energy of the massless-pair spectrum (eV), ``threshold_omega(0)``."""
    return float(threshold_omega(0.0, eps_eg, p_eg, cos_theta))


def orientation_tensor(kind: str, j_e: float = 0.0) -> np.ndarray:
    """Contraction tensor of the pair current (3x3, trace 1), photon along ``z``.

    ``"linear"``: a linearly polarised trigger with polarization ``eps = y``,
    perpendicular to the plane of ``p_eg`` and ``k`` (for collinear ``p_eg`` any
    transverse polarization gives the same spectrum), for ``J_g = 0``, ``J_p = 1``:

    * ``J_e = 0`` (Yb 3P0): ``T = eps eps^T`` (module docstring);
    * ``J_e = 2`` (Xe 6s[3/2]_2, sublevels equally populated): the amplitude is a rank-2
      tensor ``eps_k N_l X_kl(M)``; ``sum_M X X^* = (d d + d d)/2 - d d/3`` gives
      ``T = (3 I + eps eps^T) / 10`` (our derivation; tested against 3j sums).

    ``"isotropic"``: ``1/3`` (the average over the spin direction of Dinh et al. 2013).

    Raises
    ------
    ValueError
        For another ``kind``, or ``"linear"`` with ``J_e`` other than 0 or 2.
    """
    if kind == "isotropic":
        return np.eye(3) / 3.0
    if kind != "linear":
        raise ValueError(f"orientation {kind!r}: 'linear' or 'isotropic'")
    eps = np.diag([0.0, 1.0, 0.0])
    if j_e == 0:
        return eps
    if j_e == 2:
        return (3.0 * np.eye(3) + eps) / 10.0
    raise ValueError(f"the trigger-polarization contraction is derived for J_e = 0 or 2 "
                     f"(J_p = 1, J_g = 0), not J_e = {j_e:g}; use 'isotropic'")


def ls_spin_sq(L: float, S: float, j_e: float, j_p: float) -> float:
    """``(1/3) (2J_e+1)^-1 sum_{M_e, M_p, k} |<(LS) J_p M_p| S_k |(LS) J_e M_e>|^2``:
    the squared spin matrix element of one Cartesian component (dimensionless), between
    two levels of one LS term, by explicit Clebsch-Gordan sums.

    ``2/3`` for ``3P0 -> 3P1`` (reduced element squared 2).  Sum rule: summed over
    ``J_p`` (times 3) it is ``S(S+1)``.
    """
    def cg(j1: float, m1: float, j2: float, m2: float, J: float, M: float) -> float:
        return (-1) ** round(j1 - j2 + M) * math.sqrt(2 * J + 1) * wigner_3j(
            j1, j2, J, m1, m2, -M)

    mLs = np.arange(-L, L + 0.5)
    mSs = np.arange(-S, S + 0.5)
    nL, nS = mLs.size, mSs.size

    def state(J: float, M: float) -> np.ndarray:
        v = np.zeros((nL, nS))
        for a, mL in enumerate(mLs):
            for c, mS in enumerate(mSs):
                if abs(mL + mS - M) < 1e-9:
                    v[a, c] = cg(L, mL, S, mS, J, M)
        return v.ravel()

    # spin operators on the S space, identity on L
    sp = np.zeros((nS, nS))
    for c, mS in enumerate(mSs[:-1]):
        sp[c + 1, c] = math.sqrt(S * (S + 1) - mS * (mS + 1))
    ops = [(sp + sp.T) / 2, (sp - sp.T) / 2j, np.diag(mSs)]
    big = [np.kron(np.eye(nL), o) for o in ops]
    tot = 0.0
    for Me in np.arange(-j_e, j_e + 0.5):
        ve = state(j_e, Me)
        for Mp in np.arange(-j_p, j_p + 0.5):
            vp = state(j_p, Mp)
            tot += sum(abs(vp @ o @ ve) ** 2 for o in big)
    return float(tot / (2 * j_e + 1) / 3.0)


def pair_momentum(omega: ArrayLike, p_eg: float = 0.0, cos_theta: float = 1.0) -> np.ndarray:
    """``Q = p_eg - k`` (eV), shape (n, 3): photon along ``z``, ``p_eg`` in the x-z plane."""
    w = np.atleast_1d(np.asarray(omega, dtype=float))
    sin_t = math.sqrt(max(0.0, 1.0 - cos_theta**2))
    Q = np.zeros((w.size, 3))
    Q[:, 0] = p_eg * sin_t
    Q[:, 2] = p_eg * cos_theta - w
    return Q


def spectrum_kernels(omega: ArrayLike, eps_eg: float, masses: ArrayLike, p_eg: float = 0.0,
                     cos_theta: float = 1.0, orientation: str = "linear", j_e: float = 0.0
                     ) -> tuple[np.ndarray, np.ndarray]:
    """``K^D_ij(omega)``, ``K^M_ij(omega)`` (eV^2), shape (n, N, N): the pair tensor
    integrated over the two-body phase space at the pair four-momentum of each photon
    energy, contracted with :func:`orientation_tensor` (the crystal kernels of
    :func:`expdesign.physics.renp.infinite_volume_kernels`, seed 001 measure).
    Zero where the pair is closed."""
    Q = pair_momentum(omega, p_eg, cos_theta)
    w = np.atleast_1d(np.asarray(omega, dtype=float))
    T = orientation_tensor(orientation, j_e)
    KD = np.empty((w.size, len(np.atleast_1d(masses)), len(np.atleast_1d(masses))))
    KM = np.empty_like(KD)
    for n in range(w.size):  # the pair energy eps_eg - omega changes with omega
        kd, km = infinite_volume_kernels(Q[n:n + 1], eps_eg - w[n], masses, T)
        KD[n], KM[n] = kd[0], km[0]
    return KD, KM


def spectral_function(omega: ArrayLike, eps_eg: float, eps_pg: float, masses: ArrayLike,
                      b: np.ndarray, majorana: bool, p_eg: float = 0.0,
                      cos_theta: float = 1.0, orientation: str = "linear",
                      j_e: float = 0.0, eps_p2g: float | None = None) -> np.ndarray:
    """``I(omega) = sum_ij [|b_ij|^2 K^D_ij - delta_M Re(b_ij^2) K^M_ij] / (eps_pg - omega)^2``
    (dimensionless), the shape of the spectrum.

    With ``eps_p2g`` (the intermediate-coupling partner of ``|p>``, see
    :func:`partner_denominator_sq`) ``1 / (eps_pg - omega)^2`` becomes
    ``(1/(eps_pg - omega) - 1/(eps_p2g - omega))^2``.

    Parameters
    ----------
    omega
        Photon energies (eV), below ``eps_pg`` (off resonance).
    eps_eg, eps_pg
        ``E_e - E_g`` and ``E_p - E_g`` (eV); ``|p>`` may lie above or below ``|e>``.
    masses
        Neutrino masses (eV).
    b
        Pair couplings ``b_ij = U_ei^* U_ej - delta_ij/2`` (complex, N x N): they carry the
        Dirac and Majorana phases; Dirac spectra depend on ``|b_ij|`` only.
    majorana
        Majorana (True) or Dirac (False) neutrinos.

    Notes
    -----
    Dinh et al. PLB 719 (2013) eqs. (7)-(11) have the same structure
    ``|a_ij|^2 I_ij - delta_M m_i m_j Re(a_ij^2)``; our ``K`` are derived independently
    (module docstring) and tested against an explicit-spinor integral.
    """
    w = np.atleast_1d(np.asarray(omega, dtype=float))
    KD, KM = spectrum_kernels(w, eps_eg, masses, p_eg, cos_theta, orientation, j_e)
    return spectrum_from_kernels(KD, KM, w, eps_pg, b, majorana, eps_p2g)


def spectrum_from_kernels(KD: np.ndarray, KM: np.ndarray, omega: ArrayLike, eps_pg: float,
                          b: np.ndarray, majorana: bool,
                          eps_p2g: float | None = None) -> np.ndarray:
    """``I(omega)`` of :func:`spectral_function` (dimensionless) from given kernels ``K^D``,
    ``K^M`` (eV^2, shape (n, N, N)): those of the infinite medium
    (:func:`spectrum_kernels`) or of a finite cell
    (:func:`expdesign.physics.atomic_cell.finite_cell_kernels`); ``eps_p2g`` the mixed
    partner of ``|p>`` (:func:`partner_denominator_sq`).

    Raises
    ------
    ValueError
        If a photon energy sits on the p-g (or partner) resonance.
    """
    w = np.atleast_1d(np.asarray(omega, dtype=float))
    inv2 = partner_denominator_sq(w, eps_pg, eps_p2g)
    b = np.asarray(b)
    s = np.einsum("nij,ij->n", KD, np.abs(b) ** 2)
    if majorana:
        s = s - np.einsum("nij,ij->n", KM, np.real(b * b))
    return s * inv2


def partner_denominator_sq(omega: ArrayLike, eps_pg: float,
                           eps_p2g: float | None = None) -> np.ndarray:
    """The squared energy denominator of the virtual level (eV^-2).

    One virtual level: ``1 / (eps_pg - omega)^2``.  When ``|p>`` is the triplet-like member
    of a singlet-triplet mixed ``J = 1`` pair (``|p> = a|3P1> + b|1P1>``, partner
    ``|p2> = -b|3P1> + a|1P1>`` at ``eps_p2g``; Breit & Wills, Phys. Rev. 44, 470 (1933),
    :mod:`expdesign.physics.atomic.mixing`), the spin vertex ``e -> p_k`` reaches the
    ``3P1`` part and the photon vertex ``p_k -> g`` (``1S0``) the ``1P1`` part, so the
    amplitudes through ``p`` and ``p2`` are ``ab s D / Delta_1`` and ``-ab s D / Delta_2``
    (``s`` the LS spin element, ``D`` the singlet dipole): the rate carries
    ``a^2 s^2 b^2 D^2 (1/Delta_1 - 1/Delta_2)^2``, i.e. the one-level vertex (``s_0^2 = a^2
    s^2`` and ``d_0^2 = b^2 D^2`` from ``A(p -> g)``) times this factor.  It vanishes for
    ``eps_p2g = eps_pg``: without the fine-structure splitting the spin-flip process is
    forbidden (our derivation; the cited RENP papers keep one level).
    """
    w = np.atleast_1d(np.asarray(omega, dtype=float))
    den = eps_pg - w
    if np.any(np.abs(den) <= 0):
        raise ValueError("photon energy on the p-g resonance: the virtual level is resonant")
    if eps_p2g is None:
        return 1.0 / den**2
    den2 = eps_p2g - w
    if np.any(np.abs(den2) <= 0):
        raise ValueError("photon energy on the resonance of the partner of |p>")
    return (1.0 / den - 1.0 / den2) ** 2


def dipole_sq_from_A(A_pg: float, eps_pg: float) -> float:
    """``d_0^2 = 3 pi A / eps^3`` (eV^-2, Heaviside-Lorentz), the E1 dipole of one
    component of a ``J = 1 -> J = 0`` line from its A-coefficient (eV): ``A = eps^3 d^2 /
    (3 pi)``, seed 000 after eq. (6)."""
    return 3.0 * math.pi * A_pg / eps_pg**3


def virtual_coupling_sq(A_pg: float, eps_pg: float, energy_density: float,
                        spin_sq: float) -> float:
    """``(a_S s_0 d_0 E_0 / 2)^2`` (eV^2): the virtual-level vertex squared without its
    denominator.

    Trigger field ``E_0 cos(omega t)`` (energy density ``u = E_0^2 / 2``, eV^4), rotating
    wave coupling ``d_0 E_0 / 2``; the spin vertex ``a_S s_0`` with ``a_S = 2``
    (:data:`expdesign.physics.renp.AXIAL_SPIN_FACTOR`) and ``s_0^2 = spin_sq`` the squared
    spin matrix element of one component (``2/3`` for LS ``3P0 -> 3P1``: the reduced
    element squared ``|<3P1||S||3P0>|^2 = 2`` over three components).
    """
    d2 = dipole_sq_from_A(A_pg, eps_pg)
    return AXIAL_SPIN_FACTOR**2 * spin_sq * d2 * (2.0 * energy_density) / 4.0


def rate_prefactor(n: float, volume: float, coherence: float) -> float:
    """``(G_F^2 / 2) n^2 V |chi|^2 / (2 pi)^2`` (eV^-1 after the eV^2 kernel and the eV^-2 of
    the vertex): the bare weak vertex ``(G_F / sqrt 2) a_S s_0 b_ij`` of seed 001 eq. (1)
    squared, with the crystal's macro-coherent sum and invariant measure (seed 001 eqs. 12-13).

    Off resonance the energy denominator ``eps_pg - omega`` is kept explicitly, so the
    ``sqrt(2) G_F`` of the crystal's resonant amplitude (seed 001 eq. 7, which holds the
    factor 2 of ``1 / (-i gamma_ep / 2)``) does not apply.
    ``n`` in eV^3, ``volume`` in eV^-3, ``coherence = |chi|`` (``|rho_eg|``, 0..1/2).
    """
    return G_F_EV2**2 / 2 * n**2 * volume * coherence**2 / (2 * math.pi) ** 2
