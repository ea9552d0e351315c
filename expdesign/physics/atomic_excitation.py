"""Two-photon E1 x M1 excitation of a gas: the e-g coherence |rho_eg| from a Bloch solution.

Scheme (Fukumi et al., PTEP 2012 04D002; Yoshimura, Sasao, Tanaka, PRD 86 (2012) 013812):
two laser photons ``omega_1 + omega_2 = eps_eg`` take ``|g>`` to ``|e>`` through the
off-resonant ``|p>``: ``g -E1-> p`` absorbing one photon, ``p -M1-> e`` absorbing the
other (Yb: 1S0 -E1- 3P1 -M1- 3P0; Xe: 1S0 -E1- 6s[3/2]_1 -M1- 6s[3/2]_2).  Natural
units (hbar = c = 1), energies and rates in eV, intensities in eV^4.

Our derivation (second-order perturbation theory, the textbook adiabatic elimination of
a far-detuned level, e.g. Shore, *The Theory of Coherent Atomic Excitation*, 1990; Brion,
Pedersen, Moelmer, J. Phys. A 40 (2007) 1033):

* each laser ``a`` is a plane wave ``E_a cos(omega_a t - k_a.x)`` with ``|B| = |E|`` (seed
  001 after eq. 6) and peak field ``E_a^2 = 2 I_a`` (``I`` the cycle-averaged intensity);
* one-photon Rabi frequencies ``Omega_gp = d_0 E`` (``d_0^2 = 3 pi A_pg / eps_pg^3``, seed
  000 after eq. 6) and ``Omega_pe = mu_0 B`` with ``mu_0 = mu_B s_0``: between two levels of
  one LS term ``<p|L + 2S|e> = <p|S|e>`` (``J = L + S`` is diagonal in J; ``g_s = 2``),
  ``s_0^2`` the squared spin element of one component (2/3 for 3P0 -> 3P1);
* the two time orderings (E1 absorbs laser 1 and M1 laser 2, or the reverse) add:
  ``Omega_eff = d_0 mu_0 E_1 E_2 sqrt(F(T))``, ``T = e_1 (x) b_2 / (2 Delta_1) + e_2 (x) b_1 /
  (2 Delta_2)``, ``Delta_a = eps_pg - omega_a``, ``e_a`` the polarization and ``b_a = k_a x
  e_a`` the magnetic direction.  ``F = (tr T)^2`` for ``J_e = 0`` and ``3 |T^(2)|^2`` (the
  symmetric traceless part; the bright sublevel combination) for ``J_e = 2``, ``J_g = 0``,
  ``J_p = 1`` (:func:`geometry_factor`).  For counter-propagating photons of equal energy
  ``sqrt(F) = 1/Delta`` (``J_e = 0``) at crossed linear polarizations and 0 at parallel
  ones; co-propagating equal photons cancel;
* ac-Stark shifts of g and e by p (both co- and counter-rotating terms,
  :func:`light_shifts`); levels outside ``{g, p, e}`` are not included;
* decay of p (``Gamma_p``) seen by g and e through their admixtures: e decays to g at
  ``Gamma_p (Omega_pe/2 Delta)^2``, g scatters elastically at ``Gamma_p (Omega_gp/2
  Delta)^2`` (:func:`scattering_rates`).

The eliminated two-level Bloch equation (:func:`coherence_pulse`, :func:`coherence_steady`)
carries the effective Rabi frequency, the two-photon detuning, the decay of e and a pure
dephasing of ``rho_eg`` (laser linewidths, collisions); a Gaussian spread of the detuning
(residual Doppler ``p_eg . v``) is averaged over the atoms' classes (the macro-coherent
amplitude is the average of ``rho_eg``).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import expm
from scipy.special import wofz

from expdesign.physics.atomic_renp import dipole_sq_from_A
from expdesign.physics.constants import MU_B_EV

__all__ = [
    "peak_field",
    "e1_rabi",
    "m1_rabi",
    "geometry_factor",
    "partner_detuning",
    "best_geometry_factor",
    "effective_rabi",
    "light_shifts",
    "scattering_rates",
    "motional_shifts",
    "two_photon_detuning",
    "coherence_dephasing",
    "intensity_scale_for_area",
    "coherence_pulse",
    "coherence_steady",
    "max_steady_coherence",
]


def peak_field(intensity: float) -> float:
    """Peak field ``E_0 = sqrt(2 I)`` (eV^2) of a plane wave ``E_0 cos(omega t)`` of
    cycle-averaged intensity ``I`` (eV^4), Heaviside-Lorentz: ``I = <E^2> = E_0^2 / 2``
    (seed 001 after eq. 6 gives the rms field ``sqrt(I)``)."""
    return math.sqrt(2.0 * intensity)


def e1_rabi(A_pg: float, eps_pg: float, intensity: float) -> float:
    """One-photon E1 Rabi frequency ``Omega_gp = d_0 E_0`` (eV) of the ``J = 0 -> J = 1``
    line, ``d_0^2 = 3 pi A_pg / eps_pg^3`` (seed 000 after eq. 6), ``E_0 = sqrt(2 I)``.

    ``A_pg`` and ``eps_pg`` in eV, ``intensity`` in eV^4.  The rotating-wave coupling is
    ``Omega / 2``."""
    return math.sqrt(dipole_sq_from_A(A_pg, eps_pg)) * peak_field(intensity)


def m1_rabi(spin_sq: float, intensity: float) -> float:
    """One-photon M1 Rabi frequency ``Omega_pe = mu_B s_0 B_0`` (eV), ``B_0 = E_0 =
    sqrt(2 I)`` (plane wave, seed 001 after eq. 6), ``mu_B = e / 2 m_e`` and ``s_0^2 =
    spin_sq`` the squared spin element of one component (module docstring: ``L + 2S`` acts
    as ``S`` between two J levels of one LS term; ``g_s = 2``)."""
    return MU_B_EV * math.sqrt(spin_sq) * peak_field(intensity)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def geometry_factor(j_e: float, e1: np.ndarray, k1: np.ndarray, e2: np.ndarray,
                    k2: np.ndarray, delta1: float, delta2: float) -> np.ndarray:
    """``sqrt(F(T))`` (eV^-1): the two-photon amplitude per ``d_0 mu_0 E_1 E_2``.

    ``T = e_1 (x) b_2 / (2 Delta_1) + e_2 (x) b_1 / (2 Delta_2)`` with ``b = k x e`` (unit
    vectors; the first index is the E1 one); ``F = (tr T)^2`` for ``J_e = 0`` and
    ``3 |sym-traceless(T)|^2`` for ``J_e = 2`` (``J_g = 0``, ``J_p = 1``; module docstring,
    our derivation, tested against explicit LS sublevel sums).

    Parameters
    ----------
    j_e
        Angular momentum of ``|e>`` (0 or 2).
    e1, e2
        Linear polarizations, shape (..., 3), perpendicular to ``k1``, ``k2``.
    k1, k2
        Propagation directions, shape (3,).
    delta1, delta2
        ``eps_pg - omega_a`` (eV), the detunings of the intermediate level.

    Raises
    ------
    ValueError
        For ``J_e`` other than 0 or 2.
    """
    k1, k2 = _unit(np.asarray(k1, float)), _unit(np.asarray(k2, float))
    e1, e2 = _unit(np.asarray(e1, float)), _unit(np.asarray(e2, float))
    b1, b2 = np.cross(k1, e1), np.cross(k2, e2)
    T = (np.einsum("...i,...j->...ij", e1, b2) / (2.0 * delta1)
         + np.einsum("...i,...j->...ij", e2, b1) / (2.0 * delta2))
    tr = np.trace(T, axis1=-2, axis2=-1)
    if j_e == 0:
        return np.abs(tr)
    if j_e == 2:
        S = 0.5 * (T + np.swapaxes(T, -1, -2)) - tr[..., None, None] * np.eye(3) / 3.0
        return np.sqrt(3.0 * np.sum(S * S, axis=(-2, -1)))
    raise ValueError(f"the E1 x M1 two-photon amplitude is derived for J_e = 0 or 2 "
                     f"(J_g = 0, J_p = 1), not J_e = {j_e:g}")


def partner_detuning(delta: float, delta_2: float | None = None) -> float:
    """The detuning (eV) that :func:`geometry_factor` takes for one time ordering.

    One intermediate level: ``Delta``.  With the singlet-like partner of a mixed ``J = 1``
    pair at detuning ``Delta_2`` (same photon), the E1 x M1 amplitudes through the two
    members carry ``ab/Delta`` and ``-ab/Delta_2`` (Breit-Wills mixing; the one-level
    ``d_0 mu_0`` already holds ``a b``; :func:`expdesign.physics.atomic_renp.
    partner_denominator_sq`), so the effective ``1/Delta`` is ``1/Delta - 1/Delta_2``:
    returns ``1 / (1/Delta - 1/Delta_2)`` (``inf`` when the two coincide: no amplitude).
    """
    if delta_2 is None:
        return delta
    inv = 1.0 / delta - 1.0 / delta_2
    return math.inf if inv == 0.0 else 1.0 / inv


def best_geometry_factor(j_e: float, k1: np.ndarray, k2: np.ndarray, delta1: float,
                         delta2: float, steps: int = 180) -> tuple[float, float, float]:
    """The largest :func:`geometry_factor` over the two lasers' linear polarization angles
    (grid of ``steps`` angles in ``[0, pi)`` each), and the two angles (rad) from the normal
    of the k1-k2 plane (``y``).  Returns ``(sqrt(F), phi_1, phi_2)``."""
    y = np.array([0.0, 1.0, 0.0])
    k1, k2 = _unit(np.asarray(k1, float)), _unit(np.asarray(k2, float))
    phi = np.arange(steps) * math.pi / steps
    P1, P2 = np.meshgrid(phi, phi, indexing="ij")
    e1 = np.cos(P1)[..., None] * y + np.sin(P1)[..., None] * np.cross(y, k1)
    e2 = np.cos(P2)[..., None] * y + np.sin(P2)[..., None] * np.cross(y, k2)
    g = geometry_factor(j_e, e1, k1, e2, k2, delta1, delta2)
    i, j = np.unravel_index(int(np.argmax(g)), g.shape)
    return float(g[i, j]), float(phi[i]), float(phi[j])


def effective_rabi(A_pg: float, eps_pg: float, spin_sq: float, intensity1: float,
                   intensity2: float, geometry: float) -> float:
    """Two-photon Rabi frequency ``Omega_eff = d_0 mu_0 E_1 E_2 sqrt(F)`` (eV).

    For one ordering and ``sqrt(F) = 1/(2 Delta)`` this is the textbook
    ``Omega_gp Omega_pe / (2 Delta)`` of the adiabatically eliminated ladder (Shore 1990;
    Brion et al. 2007).  ``geometry`` = :func:`geometry_factor` (eV^-1)."""
    return (e1_rabi(A_pg, eps_pg, intensity1) * m1_rabi(spin_sq, intensity2) * geometry)


def light_shifts(A_pg: float, eps_pg: float, eps_pe: float, spin_sq: float,
                 omegas: tuple[float, ...], intensities: tuple[float, ...]
                 ) -> tuple[float, float]:
    """ac-Stark shifts ``(S_g, S_e)`` (eV) of g and e by the off-resonant ``|p>``.

    Second-order shift of a level ``a`` by a field ``omega`` coupling it to ``b`` with Rabi
    frequency ``Omega``: ``(Omega^2 / 4) [1/(E_a - E_b + omega) + 1/(E_a - E_b - omega)]``
    (rotating and counter-rotating terms; e.g. Delone & Krainov, Phys. Usp. 42 (1999) 669),
    summed over the lasers (no standing-wave cross term: crossed polarizations).
    ``S_g`` uses ``Omega_gp`` (``E_g - E_p = -eps_pg``); ``S_e`` the M-averaged
    ``Omega_pe`` (``E_e - E_p = -eps_pe``; the tensor part for ``J_e = 2`` is neglected).
    Other levels' polarizabilities are not included.

    Parameters
    ----------
    eps_pe
        ``E_p - E_e`` (eV), of either sign.
    omegas, intensities
        Photon energies (eV) and intensities (eV^4) of the lasers.
    """
    Sg = Se = 0.0
    for w, inten in zip(omegas, intensities, strict=True):
        og = e1_rabi(A_pg, eps_pg, inten)
        oe = m1_rabi(spin_sq, inten)
        Sg += og**2 / 4.0 * (1.0 / (-eps_pg + w) + 1.0 / (-eps_pg - w))
        Se += oe**2 / 4.0 * (1.0 / (-eps_pe + w) + 1.0 / (-eps_pe - w))
    return Sg, Se


def scattering_rates(gamma_p: float, omega_gp: float, omega_pe: float, delta: float
                     ) -> tuple[float, float]:
    """``(R_g, Gamma_e)`` (eV): elastic scattering rate of g through the admixed p,
    ``Gamma_p (Omega_gp / 2 Delta)^2``, and the decay rate of e to g through it,
    ``Gamma_p (Omega_pe / 2 Delta)^2`` (adiabatic elimination of the far-detuned p, Brion
    et al. 2007; ``Omega`` the one-photon Rabi frequencies at p, ``Delta`` its detuning)."""
    return (gamma_p * (omega_gp / (2.0 * delta)) ** 2,
            gamma_p * (omega_pe / (2.0 * delta)) ** 2)


def motional_shifts(omega_sum: float, p_eg: float, mass: float, kT: float
                    ) -> tuple[float, float, float, float]:
    """``(recoil, second_order_mean, second_order_std, first_order_std)`` (eV) of the
    two-photon resonance.

    * recoil ``p_eg^2 / 2M``: the excited atom keeps the photons' momentum, so the
      resonance is at ``omega_1 + omega_2 = eps_eg + p_eg^2 / 2M`` (0 for equal
      counter-propagating photons);
    * second-order (time-dilation) Doppler shift: an atom at speed ``v`` sees the photon sum
      ``gamma (omega_1 + omega_2 - p_eg . v)``, ``omega_sum v^2 / 2`` more than in the lab
      even when ``p_eg = 0``; over a Maxwell distribution ``<v^2> = 3 kT / M`` (mean
      ``(3/2) omega_sum kT/M``) with standard deviation ``sqrt(3/2) omega_sum kT / M``
      (``v^2 M / kT`` is chi-squared with 3 degrees of freedom);
    * first-order (residual) Doppler shift ``p_eg . v``: Gaussian, standard deviation
      ``p_eg sqrt(kT/M)`` (0 for equal counter-propagating photons).

    Standard results of Doppler-free two-photon spectroscopy (e.g. Demtroeder, *Laser
    Spectroscopy*, sec. 7.4 and 9.1 on the recoil and second-order Doppler shifts).
    ``mass`` and ``kT`` in eV (``kT = 0``: no thermal terms).
    """
    recoil = p_eg**2 / (2.0 * mass)
    return (recoil, 1.5 * omega_sum * kT / mass, math.sqrt(1.5) * omega_sum * kT / mass,
            p_eg * math.sqrt(kT / mass))


def two_photon_detuning(omega_sum: float, eps_eg: float, light_shift: float,
                        recoil: float = 0.0, second_order: float = 0.0) -> float:
    """Detuning (eV) of the photon pair from the shifted two-photon resonance, as the atom
    sees it: ``omega_1 + omega_2 + <second-order Doppler> - eps_eg - recoil - (S_e - S_g)``
    (``light_shift = S_e - S_g``; :func:`light_shifts`, :func:`motional_shifts`)."""
    return omega_sum + second_order - eps_eg - recoil - light_shift


def coherence_dephasing(scattering_g: float, linewidths: tuple[float, ...]) -> float:
    """Pure dephasing rate (eV) of ``rho_eg``: half the elastic scattering rate of g through
    p (:func:`scattering_rates`; each scattering resets g's phase) plus half the summed
    Lorentzian FWHM (angular, eV) of the lasers whose phases the two-photon coherence
    carries (phase diffusion: a field of FWHM ``Gamma`` dephases at ``Gamma / 2``)."""
    return scattering_g / 2.0 + sum(linewidths) / 2.0


def intensity_scale_for_area(omega_eff: float, t: float, area: float = math.pi / 2) -> float:
    """Factor on both excitation intensities that brings the pulse area ``Omega_eff t`` to
    ``area`` (``Omega_eff`` is proportional to ``sqrt(I_1 I_2)``, :func:`effective_rabi`);
    ``inf`` if ``Omega_eff t`` is 0."""
    return area / (omega_eff * t) if omega_eff * t > 0 else math.inf


#: Most detuning classes of the Doppler average of a pulse (uniform grid over +-8 sigma).
MAX_DOPPLER_CLASSES = 20001


def _classes(sigma: float, t: float) -> tuple[np.ndarray, np.ndarray]:
    """Detuning offsets (eV) and weights of a Gaussian of std ``sigma``: a uniform grid over
    ``+-8 sigma`` (the trapezoid rule converges geometrically for smooth integrands that
    vanish at the ends) with a spacing of at most ``1/(2t)``: the phase ``W t`` of the
    solution (``W = sqrt(Omega^2 + delta^2)``) changes with ``delta`` at most at rate ``t``.

    Raises
    ------
    ValueError
        If that takes more than :data:`MAX_DOPPLER_CLASSES` points.
    """
    if sigma <= 0.0:
        return np.zeros(1), np.ones(1)
    h = min(sigma / 4.0, 0.5 / t)
    n = 2 * math.ceil(8.0 * sigma / h) + 1
    if n > MAX_DOPPLER_CLASSES:
        raise ValueError(f"the Doppler average needs {n} classes (sigma t = {sigma * t:.3g}): "
                         f"more than {MAX_DOPPLER_CLASSES}")
    x = np.linspace(-8.0 * sigma, 8.0 * sigma, n)
    w = np.exp(-0.5 * (x / sigma) ** 2)
    return x, w / w.sum()


def _bloch_matrix(omega: float, delta: np.ndarray, decay: float, dephasing: float
                  ) -> np.ndarray:
    """Affine generators (n, 4, 4) of ``(Re rho_eg, Im rho_eg, rho_ee, 1)``, one per
    detuning in ``delta``."""
    g = decay / 2.0 + dephasing
    h = omega / 2.0
    # d rho_eg / dt = (i delta - g) rho_eg - i h (1 - 2 rho_ee); d rho_ee / dt = -decay
    # rho_ee - i h (rho_ge - rho_eg) = -decay rho_ee - 2 h Im rho_eg
    M = np.zeros((delta.size, 4, 4))
    M[:, 0, 0] = M[:, 1, 1] = -g
    M[:, 0, 1], M[:, 1, 0] = -delta, delta
    M[:, 1, 2], M[:, 1, 3] = 2.0 * h, -h
    M[:, 2, 1], M[:, 2, 2] = -2.0 * h, -decay
    return M


def _expm_start(M: np.ndarray, t: float) -> np.ndarray:
    """``exp(M t) @ (0, 0, 0, 1)`` for a batch of generators: eigen-decomposition, with the
    matrix exponential where the eigenvectors are ill-conditioned (degenerate damping)."""
    start = np.array([0.0, 0.0, 0.0, 1.0])
    w, V = np.linalg.eig(M * t)
    cond = np.linalg.cond(V)
    out = np.empty((M.shape[0], 4))
    ok = np.isfinite(cond) & (cond < 1e6)
    if np.any(ok):
        c = np.linalg.solve(V[ok], np.broadcast_to(start, (int(ok.sum()), 4))[..., None])
        out[ok] = np.real(V[ok] @ (np.exp(w[ok])[..., None] * c))[..., 0]
    for i in np.flatnonzero(~ok):
        out[i] = expm(M[i] * t) @ start
    return out


def coherence_pulse(omega: float, t: float, delta: float = 0.0, decay: float = 0.0,
                    dephasing: float = 0.0, doppler_sigma: float = 0.0) -> complex:
    """``<rho_eg>(t)`` of the eliminated two-level atom, driven from ``|g>`` at ``t = 0``
    by a square pulse (constant ``Omega_eff``), averaged over a Gaussian spread of the
    detuning.

    Two-level optical Bloch equation (Allen & Eberly, *Optical Resonance and Two-Level
    Atoms*, 1975, ch. 2 and 6) in the frame of the two-photon drive: ``H = -delta |e><e| +
    (Omega/2)(|e><g| + h.c.)``, e decays to g at ``decay``, ``rho_eg`` dephases at
    ``decay/2 + dephasing``; solved exactly (matrix exponential).  Without decay, detuning
    and dephasing ``|rho_eg| = |sin(Omega t)| / 2``: 1/2 at pulse area ``Omega t = pi/2``.

    Parameters
    ----------
    omega
        Effective Rabi frequency (eV).
    t
        Pulse length (eV^-1).
    delta
        Two-photon detuning, laser minus light-shifted atom (eV).
    decay, dephasing
        Decay rate of e to g and pure dephasing rate of ``rho_eg`` (eV).
    doppler_sigma
        Standard deviation (eV) of a Gaussian spread of ``delta`` over the atoms (the
        residual Doppler shift ``p_eg . v``), averaged on a uniform grid of classes.

    Raises
    ------
    ValueError
        If the Doppler average needs more than :data:`MAX_DOPPLER_CLASSES` classes.
    """
    xs, ws = _classes(doppler_sigma, t)
    v = _expm_start(_bloch_matrix(omega, delta + xs, decay, dephasing), t)
    return complex(np.sum(ws * v[:, 0]), np.sum(ws * v[:, 1]))


def coherence_steady(omega: float, delta: float, decay: float, dephasing: float,
                     doppler_sigma: float = 0.0) -> complex:
    """Steady-state ``<rho_eg>`` of the driven two-level atom (CW excitation), averaged over
    a Gaussian spread of the detuning.

    Closed form of the Bloch equation of :func:`coherence_pulse` (Allen & Eberly 1975 ch.
    6): with ``g = decay/2 + dephasing``, ``rho_ee = (Omega^2 g / 2 decay) / (delta^2 + g^2 +
    Omega^2 g / decay)`` and ``rho_eg = -i (Omega/2)(1 - 2 rho_ee) / (g - i delta) =
    -i (Omega/2)(g + i delta) / (delta^2 + W^2)``, ``W^2 = g^2 + Omega^2 g / decay``;
    ``|rho_eg| <= (1/4) sqrt(decay / g) <= 1/(2 sqrt 2)``.  The Gaussian average of the two
    poles ``delta = +-iW`` is exact through the Faddeeva function (the Voigt profile,
    e.g. Abramowitz & Stegun 7.4.13).

    Raises
    ------
    ValueError
        If ``decay <= 0`` (no unique steady state).
    """
    if not decay > 0.0:
        raise ValueError("a steady state needs a decay of e (decay > 0)")
    g = decay / 2.0 + dephasing
    W = math.sqrt(g**2 + omega**2 * g / decay)
    # (g + i d)/(d^2 + W^2) = A/(d - iW) + B/(d + iW)
    A = 0.5j * (1.0 - g / W)
    B = 0.5j * (1.0 + g / W)
    if doppler_sigma <= 0.0:
        return complex(-0.5j * omega * (A / (delta - 1j * W) + B / (delta + 1j * W)))

    def mean_inv(c: complex) -> complex:
        """<1/(delta + x - c)> over x ~ N(0, sigma^2)."""
        z = c - delta
        s2 = math.sqrt(2.0) * doppler_sigma
        if z.imag > 0:
            return complex(1j * math.sqrt(math.pi) / s2 * wofz(z / s2))
        return complex(np.conj(1j * math.sqrt(math.pi) / s2 * wofz(np.conj(z) / s2)))

    return complex(-0.5j * omega * (A * mean_inv(1j * W) + B * mean_inv(-1j * W)))


def max_steady_coherence(decay: float, dephasing: float) -> float:
    """Largest steady-state ``|rho_eg|`` over the Rabi frequency at resonance,
    ``(1/4) sqrt(decay / (decay/2 + dephasing))`` (at ``Omega^2 = decay (decay/2 +
    dephasing)``; from :func:`coherence_steady`): ``1/(2 sqrt 2)`` for radiative decay
    alone, never the 1/2 of a pi/2 pulse."""
    return 0.25 * math.sqrt(decay / (decay / 2.0 + dephasing))
