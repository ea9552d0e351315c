"""Rate assembly: the small formulas that turn kernel outputs into RENP/RANP rates and
magnetization (natural units, eV), each with its equation.

The Planner composes these; it writes no formula itself.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from expdesign.physics.constants import G_F_EV2, MU_B_EV
from expdesign.physics.neutrino import pairs

__all__ = [
    "cylinder_volume",
    "cycle_average",
    "pair_kernels_from_integrals",
    "kramers_ion_moment",
    "magnetization_rate",
    "duty_cycle",
    "eq24_prefactor_C",
    "ranp_signal_energy",
    "ranp_imprint",
    "ring_solid_angles",
]


def cylinder_volume(radius: float, length: float) -> float:
    """Volume ``pi R^2 L`` of the cylindrical target (any consistent length unit)."""
    return math.pi * radius**2 * length


def cycle_average(values: ArrayLike, times: ArrayLike, t_cycle: float) -> float:
    """Mean of ``values`` over one cycle of length ``t_cycle``: ``int y dt / t_cycle`` by
    the trapezoidal rule on the sampled ``times`` (same unit as ``t_cycle``); the rates of
    seed 001 eq. (7) carry the cycle-averaged ``|chi|^2``."""
    return float(np.trapezoid(np.asarray(values), np.asarray(times)) / t_cycle)


def pair_kernels_from_integrals(dirac: np.ndarray, majorana: np.ndarray, volume: float,
                                inplane: bool) -> tuple[np.ndarray, np.ndarray]:
    """Kernels ``K^D_ij, K^M_ij`` (shape (n, N, N), symmetric) from the folded phase-space
    integrals ``J`` of :mod:`expdesign.physics.phasespace` (shape (n, N(N+1)/2), pairs in
    :func:`expdesign.physics.neutrino.pairs` order), in the normalisation of
    :func:`expdesign.physics.renp.rate_prefactor`.

    ``J = int d^3p1 d^3p2/(E1 E2) delta(E1+E2-eps) D U W`` per pair; the coherent sum of
    seed 001 eq. (12) with ``u ubar = 2m`` spinors gives ``K^D = 2 V/(2 pi)^3 J_D`` and
    ``K^M = -2 V/(2 pi)^3 J_M`` (the Majorana interference enters with a minus sign; the
    infinite-volume limit reproduces :func:`expdesign.physics.renp.infinite_volume_kernels`).
    For the paper's in-plane model (seed 001 eq. (17)) its own eq. (16) prefactor
    ``h_r^2 G_F^2 (nV)^2/(2 pi)^3`` is used: ``K = V/(4 pi) J``.

    Parameters
    ----------
    dirac, majorana
        ``J_D``, ``J_M`` per angle and pair, eV^2.
    volume
        Target volume, eV^-3.
    inplane
        True for the in-plane model of seed 001 eq. (17).
    """
    fac = volume / (4 * math.pi) if inplane else 2 * volume / (2 * math.pi) ** 3
    n, ncol = np.shape(dirac)
    nm = int(round((math.sqrt(8 * ncol + 1) - 1) / 2))
    if nm * (nm + 1) // 2 != ncol or np.shape(majorana) != (n, ncol):
        raise ValueError(f"pair integrals of shape {np.shape(dirac)}, {np.shape(majorana)}: "
                         "need N(N+1)/2 pair columns (6 for three states, 10 for 3+1)")
    KD = np.zeros((n, nm, nm))
    KM = np.zeros((n, nm, nm))
    for col, (i, j) in enumerate(pairs(nm)):
        KD[:, i, j] = KD[:, j, i] = fac * dirac[:, col]
        KM[:, i, j] = KM[:, j, i] = -fac * majorana[:, col]
    return KD, KM


def kramers_ion_moment(g_factor: float) -> float:
    """Magnetic moment of one ion in a Kramers doublet, ``g mu_B / 2`` (effective spin 1/2),
    eV^-1 (Heaviside-Lorentz natural units); seed 001 sec. IV (the moment each
    parity-violating event leaves behind)."""
    return g_factor * MU_B_EV / 2


def magnetization_rate(mu_ion: float, theta_s: ArrayLike, gamma_pv: ArrayLike,
                       volume: float) -> np.ndarray:
    """Magnetization generation rate ``dM/dt = mu_ion cos(theta_s) Gamma_PV / V``, eV^3
    (natural units: moment eV^-1 x rate eV / volume eV^-3).

    Each event leaves one ion de-excited; the parity-violating fraction ``Gamma_PV``
    carries the net moment ``mu_ion`` along the trigger direction ``k_s``, whose projection
    on the cylinder axis is ``cos(theta_s)`` (seed 001 sec. IV, eqs. (57)-(64)).

    Parameters
    ----------
    mu_ion
        Moment per ion, eV^-1 (:func:`kramers_ion_moment`).
    theta_s
        Trigger angles, rad.
    gamma_pv
        Parity-violating rate per angle, eV.
    volume
        Target volume, eV^-3.
    """
    return mu_ion * np.cos(np.asarray(theta_s)) * np.asarray(gamma_pv) / volume


def duty_cycle(t_cycle_s: float, period_s: float) -> tuple[float, float]:
    """(generation time per period, duty fraction) for laser cycles of length ``t_cycle_s``
    repeated every ``period_s`` seconds: the generation time is ``min(t_cycle, period)``
    and the fraction ``t_gen / period`` (the rates already carry the cycle-averaged
    ``|chi|^2``)."""
    duty_gen = min(t_cycle_s, period_s)
    return duty_gen, duty_gen / period_s


def eq24_prefactor_C(h_r: float, n: float, volume: float) -> float:
    """``C = 2 h_r^2 G_F^2 (n V)^2 / (2 pi)^3`` of seed 001 eq. (24), eV^-5 (n in eV^3,
    V in eV^-3)."""
    return 2 * h_r**2 * G_F_EV2**2 * (n * volume) ** 2 / (2 * math.pi) ** 3


def ranp_signal_energy(eps_pq: float, omega0: float, eps_pe: float) -> float:
    """Detected photon energy at double resonance, eV: ``omega = eps_pq + (omega_0 -
    eps_pe)``, i.e. ``omega - omega_0 = eps_eg - E_pair`` (seed 000 sec. 2)."""
    return eps_pq + (omega0 - eps_pe)


def ranp_imprint(energies: ArrayLike, directions: ArrayLike, eps_eg: float) -> float:
    """Imprint ``r = k_z / eps_eg`` (dimensionless) from the excitation lasers' net momentum
    along z, ``k_z = sum_i omega_i cos(theta_i)`` (energies in eV, directions in rad from
    the z axis); seed 000 sec. 2: ``r = (omega_1 - omega_2)/eps_eg`` for two
    counter-propagating lasers."""
    kz = sum(float(w) * math.cos(float(d))
             for w, d in zip(np.atleast_1d(energies), np.atleast_1d(directions), strict=True))
    return kz / eps_eg


def ring_solid_angles(theta: ArrayLike, single_width: float | None = None) -> np.ndarray:
    """Solid angle (sr) of the ring around each polar angle of a grid (rad):
    ``2 pi |sin(theta)| |dtheta|`` with ``dtheta`` from :func:`numpy.gradient`.

    A ring of directions at polar angle ``theta`` is the ring at ``-theta`` (and at
    ``theta + 2 pi``): the absolute values keep every solid angle >= 0 on any grid.  A
    one-angle grid has no spacing: its ring is ``single_width`` wide (rad; e.g. the
    detector's angular resolution), or zero if None.
    """
    theta = np.atleast_1d(np.asarray(theta, dtype=float))
    if theta.size == 1:
        dtheta = np.array([abs(single_width) if single_width is not None else 0.0])
    else:
        dtheta = np.abs(np.gradient(theta))
    return 2 * np.pi * np.abs(np.sin(theta)) * dtheta
