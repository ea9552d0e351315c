"""Atomic RENP in a finite gas cell, and the residual Doppler smear of its thresholds.

Natural units (hbar = c = 1): energies and momenta in eV, lengths in eV^-1.

Finite cell (our derivation, the crystal's seed 001 eqs. (12)-(15) applied to the gas).
The excitation leaves atom ``a`` (at ``x_a``) with the coherence ``rho_eg e^{i p_eg . x_a}``;
emitting the photon ``k`` and a pair of momentum ``P`` it contributes with the phase
``e^{i K . x_a}``, ``K = p_eg - k - P``.  The coherent sum over the ``n V`` atoms of a
uniformly filled cylinder (radius R, length L, axis z) gives

    |sum_a e^{i K.x_a}|^2 = n^2 |int_V e^{i K.x} d^3x|^2 = n^2 V^2 U(K_z L/2) W(K_perp R)

(``U = (sin x/x)^2``, ``W = (2 J1(y)/y)^2``, seed 001 eqs. (14)-(15); the atoms'
incoherent part, of order ``n V``, is dropped as in the crystal).  The infinite medium has
``n^2 V (2 pi)^3 delta^3(K)`` in its place, so the finite cell replaces the delta function

    delta^3(Q - P)  ->  rho(Q - P) = V / (2 pi)^3  U(K_z L/2) W(K_perp R)    (eV^-3),

normalised, ``int rho d^3K = 1`` (the exact integrals ``int U dK_z = 2 pi/L``,
``int W d^2K_perp = 4 pi/R^2``).  The two-body kernels of the spectrum become

    K^fin_ij(omega) = int d^3K rho(K) K^inf_ij(eps_eg - omega, Q(omega) - K)   (eV^2),

``Q = p_eg - k``; the rate normalisation (``Gamma / I``) is unchanged.  Two rules of
:mod:`expdesign.physics.phasespace` evaluate it: the projected form factor (``K`` along
``Q`` only, the transverse ``K_t^2`` of ``|Q - K|^2`` dropped,
:mod:`~expdesign.physics.phasespace.projected_batch`) and the full 3D rule
(:func:`expdesign.physics.phasespace.distribution`, mode ``'3d'``).

Threshold smear.  At fixed ``K`` the pair mass is ``M^2 = (eps_eg - omega)^2 -
|Q - K|^2 ~= M^2(omega) + 2 Q.K``, and ``dM^2/domega = -2 (eps_eg - p_eg cos theta)``,
so a pair threshold moves by ``delta omega = |Q| K_n / (eps_eg - p_eg cos theta)`` with
``K_n`` the component of ``K`` along ``Q``.  ``K_n`` is distributed as the projection
``p(k)`` of ``rho`` on ``Q``; ``p`` is even, so there is no first-order shift, and the
threshold is smeared over ``|Q| / (eps_eg - p_eg cos theta)`` times the width of ``p``
(:func:`threshold_smear_fwhm`; ``p = (L/2 pi) U(k L/2)`` along the axis, FWHM
``5.566/L``).

Doppler (our derivation).  Atom ``a`` with velocity ``v`` carries ``|g, p_a>`` and
``|e, p_a + p_eg>``; macro-coherent emission returns it to ``|g, p_a + K>``.  Energy
conservation then reads ``omega + E_pair = eps_eg + v.(p_eg - K) + (p_eg^2 - K^2)/(2 M)``:
the trigger photon's own Doppler shift does not enter (the atom ends in the momentum state
it started from), the released energy ``Omega = eps_eg + v.p_eg`` is spread by the
residual Doppler width of the two-photon excitation ``p_eg v`` (zero for equal
counter-propagating photons: Doppler-free two-photon excitation, Vasilenko, Chebotayev and
Shishaev, JETP Lett. 12 (1970) 113), and the finite cell adds ``v.K ~ v/L``.  A Maxwell
velocity distribution gives a Gaussian of FWHM ``p_eg sqrt(8 ln2 kT/M)`` in ``Omega``
(Demtroeder, *Laser Spectroscopy*, sec. 3.2, with ``omega -> p_eg``), which smears a
threshold by ``d omega_ij / d Omega`` times it (:func:`doppler_threshold_fwhm`).  This
holds for a coherence prepared over the whole velocity distribution and then left to
evolve; a coherence driven in steady state by narrow lasers follows their phase and emits
at ``omega + E_pair = omega_1 + omega_2`` exactly (no smear).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Executor

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize

from expdesign.physics.assembly import cylinder_volume, pair_kernels_from_integrals
from expdesign.physics.neutrino import pairs
from expdesign.physics.phasespace import Kinematics, distribution, pair_masses
from expdesign.physics.phasespace.projected import projected_density, support
from expdesign.physics.phasespace.projected_batch import (
    geometry_from_momenta,
    projected_integrals,
)
from expdesign.physics.phasespace.quadrature import gauss_legendre
from expdesign.physics.renp import infinite_volume_kernels

__all__ = [
    "cell_pair_momentum",
    "finite_cell_kernels",
    "finite_cell_kernels_3d",
    "projected_fwhm",
    "threshold_smear_fwhm",
    "threshold_slope",
    "doppler_threshold_fwhm",
    "gaussian_average",
    "doppler_averaged_infinite_kernels",
]


def cell_pair_momentum(omega: ArrayLike, p_vec: tuple[float, float],
                       trigger_angle: float) -> np.ndarray:
    """``Q = p_eg - k`` (eV), shape (n, 3), in the cell frame (axis z, lasers in the x-z
    plane).

    Parameters
    ----------
    omega
        Photon energies (eV).
    p_vec
        ``(p_x, p_z)`` of the excitation photons' total momentum ``p_eg`` (eV).
    trigger_angle
        Direction of the trigger (and emitted) photon from the cell axis (rad).
    """
    w = np.atleast_1d(np.asarray(omega, dtype=float))
    Q = np.zeros((w.size, 3))
    Q[:, 0] = p_vec[0] - w * math.sin(trigger_angle)
    Q[:, 2] = p_vec[1] - w * math.cos(trigger_angle)
    return Q


def finite_cell_kernels(omega: ArrayLike, eps_eg: float, masses: ArrayLike, R: float,
                        L: float, p_vec: tuple[float, float], trigger_angle: float,
                        orientation: np.ndarray, error: bool = False
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``K^fin_ij(omega)`` of the module docstring by the projected form factor (eV^2).

    Parameters
    ----------
    omega
        Photon energies (eV), shape (n,).
    eps_eg
        ``E_e - E_g`` (eV): the pair energy is ``eps_eg - omega``.
    masses
        Neutrino masses (eV).
    R, L
        Cell radius and length (eV^-1).
    p_vec, trigger_angle
        As in :func:`cell_pair_momentum`.
    orientation
        3x3 contraction tensor of the pair current
        (:func:`expdesign.physics.atomic_renp.orientation_tensor`); it must be invariant
        under rotations about y (the normal of the laser plane), as all three of that
        function's tensors are, so that it holds in the cell frame as in the photon frame.
    error
        Also estimate the rule error (orders halved; doubles the cost).

    Returns
    -------
    KD, KM, errD, errM : ndarray, shape (n, N, N)
        Kernels in the normalisation of :func:`expdesign.physics.renp.infinite_volume_kernels`
        and the absolute error estimates (zeros without ``error``).  The projection drops
        the transverse ``K_t^2``: measured against :func:`finite_cell_kernels_3d` in
        docs/atomic_renp.md.
    """
    w = np.atleast_1d(np.asarray(omega, dtype=float))
    Q = cell_pair_momentum(w, p_vec, trigger_angle)
    geom = geometry_from_momenta(Q[:, 2], Q[:, 0], eps_eg - w, R, L, np.asarray(orientation))
    d, mj, ed, em = projected_integrals(geom, pair_masses(masses)[None], error)
    V = cylinder_volume(R, L)
    KD, KM = pair_kernels_from_integrals(d[0], mj[0], V, False)
    eD, eM = pair_kernels_from_integrals(ed[0], em[0], V, False)
    return KD, KM, np.abs(eD), np.abs(eM)


def finite_cell_kernels_3d(omega: ArrayLike, eps_eg: float, masses: ArrayLike, R: float,
                           L: float, p_vec: tuple[float, float], trigger_angle: float,
                           orientation: np.ndarray, error: bool = False,
                           executor: Executor | None = None
                           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`finite_cell_kernels` by the full 3D rule of
    :func:`expdesign.physics.phasespace.distribution` (exact ``U W``, 3D neutrino momenta;
    tensor and edge-aware rules), one photon energy at a time: the gas is the crystal's
    geometry with ``n_r = 1``, ``k1 + k2 = p_eg`` and the pair energy ``eps_eg - omega``.
    About 0.5-1 s per photon energy for three masses (serial); ``executor`` runs the edge
    cells (the Planner passes a pinned pool)."""
    w = np.atleast_1d(np.asarray(omega, dtype=float))
    p = math.hypot(*p_vec)
    alpha = math.atan2(p_vec[0], p_vec[1]) if p > 0 else 0.0
    V = cylinder_volume(R, L)
    out = []
    for wn in w:
        kin = Kinematics(omega1=0.0, omega2=p, theta_e=alpha, omega_s=float(wn), n_r=1.0,
                         eps_ep=eps_eg - float(wn))
        pi = distribution([trigger_angle], masses, R, L, mode="3d",
                          spin=np.asarray(orientation), kin=kin, error=error,
                          executor=executor)
        KD, KM = pair_kernels_from_integrals(pi.dirac, pi.majorana, V, False)
        eD, eM = pair_kernels_from_integrals(np.asarray(pi.err_dirac, dtype=float),
                                             np.asarray(pi.err_majorana, dtype=float), V,
                                             False)
        out.append((KD[0], KM[0], np.abs(eD[0]), np.abs(eM[0])))
    return tuple(np.array([o[i] for o in out]) for i in range(4))  # type: ignore[return-value]


def projected_fwhm(psi: float, R: float, L: float) -> float:
    """Full width at half maximum (eV) of the projected form factor ``p(k)`` along a
    direction at angle ``psi`` from the cylinder axis (R, L in eV^-1); ``p`` from
    :func:`expdesign.physics.phasespace.projected.projected_density`.  Along the axis
    ``p = (L/2 pi) (sin(kL/2)/(kL/2))^2``: ``5.566/L``."""
    T = support(psi, R, L)
    p0 = float(projected_density(np.array([0.0]), psi, R, L)[0])

    def f(k: float) -> float:
        return float(projected_density(np.array([k]), psi, R, L)[0]) - 0.5 * p0

    # p is even and falls monotonically to its first zero beyond ~2 pi / T
    hi = 2.0 * math.pi / T
    while f(hi) > 0:
        hi *= 1.5
    return 2.0 * float(optimize.brentq(f, 0.0, hi, xtol=1e-12 / T, rtol=1e-12))


def threshold_slope(eps: float, p_eg: float, cos_theta: float, mass_sum: float) -> float:
    """``d omega_ij / d Omega`` (dimensionless) of the threshold
    ``omega_ij = (Omega^2 - p^2 - M^2) / (2 (Omega - p cos theta))``
    (:func:`expdesign.physics.atomic_renp.threshold_omega`) with respect to the released
    energy ``Omega`` at ``Omega = eps`` (eV): ``1/2`` for ``p_eg = 0``."""
    d = eps - p_eg * cos_theta
    return (2 * eps * d - (eps**2 - p_eg**2 - mass_sum**2)) / (2 * d * d)


def threshold_smear_fwhm(omega: float, eps_eg: float, p_vec: tuple[float, float],
                         trigger_angle: float, R: float, L: float) -> float:
    """FWHM (eV, in the photon energy) over which the cell smears a threshold at
    ``omega``: ``|Q| / (eps_eg - p_eg . k_hat)`` times :func:`projected_fwhm` along ``Q``
    (module docstring).  ``~2.8/L`` for ``p_eg = 0`` and the trigger along the axis."""
    Q = cell_pair_momentum([omega], p_vec, trigger_angle)[0]
    q = float(np.linalg.norm(Q))
    psi = math.atan2(abs(Q[0]), Q[2])
    pk = p_vec[0] * math.sin(trigger_angle) + p_vec[1] * math.cos(trigger_angle)
    return q / (eps_eg - pk) * projected_fwhm(psi, R, L)


def doppler_threshold_fwhm(eps_eg: float, p_eg: float, cos_theta: float, mass_sum: float,
                           velocity_fwhm: float) -> float:
    """FWHM (eV, in the photon energy) of the Doppler smear of a threshold: the released
    energy ``Omega = eps_eg + v.p_eg`` has the Gaussian FWHM ``p_eg velocity_fwhm``
    (``velocity_fwhm = sqrt(8 ln2 kT/M)``, Demtroeder, *Laser Spectroscopy*, sec. 3.2),
    times :func:`threshold_slope` (module docstring).  Zero for ``p_eg = 0``."""
    return abs(threshold_slope(eps_eg, p_eg, cos_theta, mass_sum)) * p_eg * velocity_fwhm


def gaussian_average(values_at: Callable[[float], np.ndarray], fwhm: float,
                     order: int = 24) -> np.ndarray:
    """``int du G(u) f(u)`` for a Gaussian ``G`` of FWHM ``fwhm`` (any unit) centred at 0,
    by Gauss-Hermite quadrature of ``order`` nodes (exact for polynomials of degree
    < 2 order).  For the finite cell, whose spectrum is smooth on the Doppler scale
    (cell smear >> Doppler smear), 24 nodes agree with 96 to 5e-9 (Yb, 60/40 photons,
    2000 K, at and beside thresholds); a sharp square-root threshold inside the Gaussian
    converges slowly (3e-2 at the edge, see tests): the infinite medium uses
    :func:`doppler_averaged_infinite_kernels`.  ``values_at(u)`` returns an array (the
    spectrum at the shifted released energy ``Omega = eps_eg + u``).  ``fwhm = 0`` returns
    ``values_at(0)``."""
    if fwhm <= 0:
        return np.asarray(values_at(0.0), dtype=float)
    sigma = fwhm / math.sqrt(8 * math.log(2))
    x, w = np.polynomial.hermite_e.hermegauss(order)
    w = w / w.sum()
    out = sum(wq * np.asarray(values_at(float(sigma * xq)), dtype=float)
              for xq, wq in zip(x, w, strict=True))
    return np.asarray(out, dtype=float)


def doppler_averaged_infinite_kernels(omega: ArrayLike, eps_eg: float, masses: ArrayLike,
                                      p_vec: tuple[float, float], trigger_angle: float,
                                      orientation: np.ndarray, fwhm: float, order: int = 8
                                      ) -> tuple[np.ndarray, np.ndarray]:
    """Infinite-medium kernels ``K^D, K^M`` (eV^2, shape (n, N, N)) averaged over the
    released energy ``Omega = eps_eg + u``, ``u`` Gaussian of FWHM ``fwhm`` (eV).

    In the infinite medium each pair (ij) opens with a square root where
    ``threshold_omega(m_i + m_j; Omega) = omega``, i.e. at
    ``Omega_ij = omega + sqrt(omega^2 - 2 omega p_eg cos(theta) + p_eg^2 + (m_i + m_j)^2)``
    (the root of the threshold of :mod:`expdesign.physics.atomic_renp` solved for Omega).
    Per photon energy the range ``|u| <= 8 sigma`` is cut at those points and at 0, +-2,
    +-4 sigma; each piece is halved and each half integrated by ``order``-point
    Gauss-Legendre, in ``s`` with ``u = end -+ h s^2`` where its outer end is a pair's
    opening (the square root becomes smooth in s).
    The Gaussian is written out.  (:func:`gaussian_average`'s Gauss-Hermite rule is kept for
    the finite cell, whose spectrum is smooth on the Doppler scale.)
    """
    w = np.atleast_1d(np.asarray(omega, dtype=float))
    m = np.asarray(masses, dtype=float)
    Q = cell_pair_momentum(w, p_vec, trigger_angle)
    if fwhm <= 0:
        return infinite_volume_kernels_per_point(Q, eps_eg - w, m, orientation)
    sig = fwhm / math.sqrt(8 * math.log(2))
    pk = p_vec[0] * math.sin(trigger_angle) + p_vec[1] * math.cos(trigger_angle)
    p2 = p_vec[0] ** 2 + p_vec[1] ** 2
    sums = np.array([m[i] + m[j] for i, j in pairs(m.size)])
    # Omega_ij - eps_eg per photon energy and pair; fixed cuts at 0, +-2, +-4, +-8 sigma
    br = w[:, None] + np.sqrt(w[:, None] ** 2 - 2 * w[:, None] * pk + p2 + sums[None] ** 2)
    br = br - eps_eg
    inside = np.abs(br) < 8 * sig
    fixed = np.broadcast_to(sig * np.array([-8.0, -4.0, -2.0, 0.0, 2.0, 4.0, 8.0]),
                            (w.size, 7)).copy()
    bp = np.where(inside, br, np.inf)
    # a fixed cut within sigma/2 of an opening moves onto it (no plain panel ending just
    # beside a square root)
    dist = np.abs(fixed[:, :, None] - bp[:, None, :])
    near = np.min(dist, axis=2) < 0.5 * sig
    snap = np.take_along_axis(bp, np.argmin(dist, axis=2), axis=1)
    fixed[:, 1:-1] = np.where(near[:, 1:-1], snap[:, 1:-1], fixed[:, 1:-1])
    ffix = np.zeros_like(fixed, dtype=bool)
    ffix[:, 1:-1] = near[:, 1:-1]
    vals = np.concatenate([np.where(inside, br, 8 * sig), fixed], axis=1)
    flag = np.concatenate([inside, ffix], axis=1)
    order_ = np.argsort(vals, axis=1, kind="stable")
    vals = np.take_along_axis(vals, order_, axis=1)
    flag = np.take_along_axis(flag, order_, axis=1)
    a, b = vals[:, :-1, None], vals[:, 1:, None]
    fa, fb = flag[:, :-1, None], flag[:, 1:, None]
    mid = 0.5 * (a + b)
    s, ws = gauss_legendre(order)
    s, ws = 0.5 * (s + 1), 0.5 * ws  # on [0, 1]
    # halves [a, mid] and [mid, b]: u = end -+ h s^2 towards an end that is a pair's
    # opening (square root there), plain Gauss-Legendre otherwise
    hl, hr = mid - a, b - mid
    ul = np.where(fa, a + hl * s**2, a + hl * s)
    dl = np.where(fa, 2 * hl * s * ws, hl * ws)
    ur = np.where(fb, b - hr * s**2, b - hr * s)
    dr = np.where(fb, 2 * hr * s * ws, hr * ws)
    u = np.concatenate([ul, ur], axis=-1).reshape(w.size, -1)
    du = np.concatenate([dl, dr], axis=-1).reshape(w.size, -1)
    wt = du * np.exp(-u * u / (2 * sig * sig)) / (math.sqrt(2 * math.pi) * sig)
    nn = u.shape[1]
    KD, KM = infinite_volume_kernels_per_point(np.repeat(Q, nn, axis=0),
                                               (eps_eg + u - w[:, None]).ravel(), m,
                                               orientation)
    shape = (w.size, nn, m.size, m.size)
    return (np.einsum("nq,nqij->nij", wt, KD.reshape(shape)),
            np.einsum("nq,nqij->nij", wt, KM.reshape(shape)))


def infinite_volume_kernels_per_point(Q: np.ndarray, eps: np.ndarray, masses: np.ndarray,
                                      orientation: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`expdesign.physics.renp.infinite_volume_kernels` with one pair energy (eV) per
    row of ``Q`` (eV)."""
    return infinite_volume_kernels(Q, np.asarray(eps, dtype=float), masses,
                                   np.asarray(orientation, dtype=float))
