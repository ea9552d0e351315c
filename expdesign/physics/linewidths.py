"""Widths of optical transitions: T2 composition, multiphonon rates with temperature, and
the width that enters the RENP trigger factor h_r.

Natural units throughout (hbar = c = 1): rates, widths and energies in eV (an angular
rate Gamma in s^-1 is ``hbar Gamma`` in eV; a cyclic width Delta nu in Hz is ``h Delta
nu = 2 pi hbar Delta nu``), temperatures as ``k_B T`` in eV.

Conventions (stated once):

* ``Gamma_a`` is the total population decay rate of level ``a`` (radiative plus
  non-radiative), eV.
* An optical coherence ``rho_ab`` decays at ``1/T2 = (Gamma_a + Gamma_b)/2 + gamma_phi``
  (pure dephasing ``gamma_phi``); its line is a Lorentzian of angular FWHM ``2/T2``, i.e.
  a homogeneous width ``Gamma_h = 1/(pi T2)`` in Hz (Macfarlane & Shelby, in *Spectroscopy
  of Solids Containing Rare Earth Ions*, North-Holland 1987; Sun, in *Spectroscopic
  Properties of Rare Earths in Optical Materials*, Springer 2005).  A measured ``Gamma_h``
  already contains the lifetime part: the pure dephasing is what is left after it is
  subtracted (no double counting).
* Seed 001 eq. (7) writes the resonance denominator as ``eps_pg - omega_s - i gamma_ep/2``:
  ``gamma_ep`` is the angular FWHM of the resonance, ``2/T2`` of the coherence that the
  trigger drives off resonance.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import voigt_profile

__all__ = [
    "coherence_decay_rate",
    "homogeneous_fwhm",
    "pure_dephasing_from_homogeneous",
    "split_dephasing",
    "multiphonon_occupation_factor",
    "multiphonon_rate_at",
    "resonance_width_hr",
    "doppler_fwhm",
    "impact_fwhm",
    "GAUSS_FWHM_PER_SIGMA",
]

#: FWHM / standard deviation of a Gaussian, 2 sqrt(2 ln 2).
GAUSS_FWHM_PER_SIGMA: float = 2.0 * math.sqrt(2.0 * math.log(2.0))


def _nonneg(**kw: float) -> None:
    for k, v in kw.items():
        if not (math.isfinite(v) and v >= 0):
            raise ValueError(f"{k} must be finite and >= 0, got {v!r}")


def coherence_decay_rate(gamma_a: float, gamma_b: float, gamma_phi: float = 0.0) -> float:
    """Decay rate ``1/T2`` of the coherence between levels a and b, eV.

    ``1/T2 = (Gamma_a + Gamma_b)/2 + gamma_phi`` (optical Bloch equations with population
    decay and pure dephasing; e.g. Allen & Eberly, *Optical Resonance and Two-Level Atoms*,
    Wiley 1975, ch. 2).

    Parameters
    ----------
    gamma_a, gamma_b
        Total population decay rates of the two levels (radiative + non-radiative), eV.
    gamma_phi
        Pure dephasing rate of the coherence, eV.

    Returns
    -------
    float
        ``1/T2`` in eV.
    """
    _nonneg(gamma_a=gamma_a, gamma_b=gamma_b, gamma_phi=gamma_phi)
    return 0.5 * (gamma_a + gamma_b) + gamma_phi


def homogeneous_fwhm(inv_t2: float) -> float:
    """Angular FWHM ``2/T2`` (eV) of the Lorentzian of a coherence decaying at ``1/T2``.

    In Hz this is ``Gamma_h = 1/(pi T2)`` (the convention of photon-echo measurements).
    """
    _nonneg(inv_t2=inv_t2)
    return 2.0 * inv_t2


def pure_dephasing_from_homogeneous(fwhm: float, gamma_a: float, gamma_b: float
                                    ) -> tuple[float, bool]:
    """Pure dephasing contained in a measured homogeneous width, eV.

    ``gamma_phi = fwhm/2 - (Gamma_a + Gamma_b)/2`` with ``fwhm = 2/T2`` the angular FWHM
    (``h Gamma_h`` for a width ``Gamma_h`` in Hz).  A measured width below the lifetime
    limit ``(Gamma_a + Gamma_b)`` is inconsistent with the decay rates (measured under
    other conditions): the pure dephasing is then 0 and the flag is False.

    Returns
    -------
    (gamma_phi, consistent)
        ``gamma_phi`` >= 0 in eV; ``consistent`` is False when the width was below the
        lifetime limit.
    """
    _nonneg(fwhm=fwhm, gamma_a=gamma_a, gamma_b=gamma_b)
    g = 0.5 * fwhm - 0.5 * (gamma_a + gamma_b)
    tol = 1e-12 * max(fwhm, gamma_a + gamma_b)
    return max(g, 0.0), g >= -tol


def split_dephasing(pairs: dict[tuple[int, int], float], n_levels: int) -> np.ndarray:
    """Per-level pure dephasing rates whose pair sums reproduce given coherence dephasings.

    A Lindblad term ``sqrt(2 gamma_a) |a><a|`` per level gives the coherence ``rho_ab`` the
    dephasing ``gamma_a + gamma_b`` (:mod:`expdesign.physics.bloch`).  Given the pure
    dephasing ``gamma_ab`` of some coherences, this returns the minimum-norm non-negative
    per-level rates with ``gamma_a + gamma_b = gamma_ab`` (least squares when the data
    over-determine them; one transition alone is split equally between its two levels).

    Parameters
    ----------
    pairs
        ``{(a, b): gamma_ab}`` with level indices ``a != b`` in ``range(n_levels)``, eV.
    n_levels
        Number of levels.

    Returns
    -------
    ndarray
        ``n_levels`` rates in eV, >= 0.
    """
    if not pairs:
        return np.zeros(n_levels)
    rows, rhs = [], []
    for (a, b), g in pairs.items():
        if a == b or not (0 <= a < n_levels and 0 <= b < n_levels):
            raise ValueError(f"bad level pair {(a, b)}")
        _nonneg(gamma_ab=g)
        r = np.zeros(n_levels)
        r[a] = r[b] = 1.0
        rows.append(r)
        rhs.append(g)
    A, y = np.array(rows), np.array(rhs)
    x = np.linalg.lstsq(A, y, rcond=None)[0]
    if np.any(x < 0):
        from scipy.optimize import nnls

        x = nnls(A, y)[0]
    return np.clip(x, 0.0, None)


def multiphonon_occupation_factor(gap: float, phonon: float, kT: float) -> float:
    """Temperature factor ``(n(T) + 1)^p`` of the multiphonon (energy-gap-law) rate.

    ``W(T) = W(0) (1 - exp(-hbar omega / kT))^(-p)``, ``p = Delta E / hbar omega``
    (Riseberg & Moos, Phys. Rev. 174, 429 (1968); Weber, Phys. Rev. B 8, 54 (1973),
    eq. 3), with ``n = 1/(exp(hbar omega/kT) - 1)`` the phonon occupation.

    Parameters
    ----------
    gap
        Energy gap ``Delta E`` to the next lower level, eV (> 0).
    phonon
        Effective phonon energy ``hbar omega``, eV (> 0).
    kT
        ``k_B T``, eV (>= 0; 0 gives 1).

    Returns
    -------
    float
        ``(n + 1)^p`` >= 1.
    """
    if not (gap > 0 and phonon > 0 and math.isfinite(gap) and math.isfinite(phonon)):
        raise ValueError("gap and phonon energy must be finite and > 0")
    _nonneg(kT=kT)
    if kT == 0.0:
        return 1.0
    p = gap / phonon
    return float((-math.expm1(-phonon / kT)) ** (-p))


def multiphonon_rate_at(rate_ref: float, kT_ref: float, kT: float, gap: float,
                        phonon: float) -> float:
    """A multiphonon rate measured at ``T_ref`` carried to ``T`` by the energy-gap law, eV.

    ``W(T) = W(T_ref) (n(T) + 1)^p / (n(T_ref) + 1)^p``
    (:func:`multiphonon_occupation_factor`).
    """
    _nonneg(rate_ref=rate_ref)
    return rate_ref * (multiphonon_occupation_factor(gap, phonon, kT)
                       / multiphonon_occupation_factor(gap, phonon, kT_ref))


def resonance_width_hr(fwhm_h: float, inhom_fwhm: float = 0.0,
                       shape: str = "gaussian") -> float:
    """The width ``gamma_ep`` to put in seed 001 eq. (8) for an inhomogeneous ensemble, eV.

    Seed 001 eq. (7) has the resonance factor ``1/(Delta - i gamma/2)`` with ``Delta =
    eps_pg - omega_s`` and ``gamma = fwhm_h`` (angular FWHM ``2/T2`` of the homogeneous
    line).  The macro-coherent amplitude adds the ions' amplitudes, so an ensemble whose
    ``eps_pg`` is spread by a static distribution ``f(Delta)`` (the trigger tuned to its
    centre) carries ``<1/(Delta - i gamma/2)>_f``.  This returns ``gamma_eff`` with
    ``|<1/(Delta - i gamma/2)>_f| = 2/gamma_eff``:

    * no spread: ``gamma_eff = fwhm_h``;
    * Lorentzian ``f`` of FWHM ``w``: ``gamma_eff = fwhm_h + w`` (closed form of the
      convolution of two Lorentzians);
    * Gaussian ``f`` of FWHM ``w`` (``sigma = w / 2 sqrt(2 ln 2)``): the average is
      ``i pi V(0; sigma, fwhm_h/2)`` with ``V`` the normalised Voigt profile, so
      ``gamma_eff = 2 / (pi V(0))``; for ``w >> fwhm_h`` it tends to
      ``2 sqrt(2/pi) sigma = 0.678 w``.

    Parameters
    ----------
    fwhm_h
        Homogeneous angular FWHM ``2/T2``, eV (> 0).
    inhom_fwhm
        Inhomogeneous angular FWHM, eV (>= 0); ``h x`` the width in Hz.
    shape
        ``'gaussian'`` or ``'lorentzian'`` inhomogeneous distribution.

    Returns
    -------
    float
        ``gamma_eff`` in eV.
    """
    if not (math.isfinite(fwhm_h) and fwhm_h > 0):
        raise ValueError(f"fwhm_h must be finite and > 0, got {fwhm_h!r}")
    _nonneg(inhom_fwhm=inhom_fwhm)
    if inhom_fwhm == 0.0:
        return fwhm_h
    if shape == "lorentzian":
        return fwhm_h + inhom_fwhm
    if shape != "gaussian":
        raise ValueError(f"shape must be 'gaussian' or 'lorentzian', not {shape!r}")
    # scale to O(1) so that the Voigt profile is evaluated away from under/overflow
    s = inhom_fwhm
    sigma = inhom_fwhm / GAUSS_FWHM_PER_SIGMA / s
    v0 = float(voigt_profile(0.0, sigma, 0.5 * fwhm_h / s))
    if not (math.isfinite(v0) and v0 > 0):
        raise ValueError("Voigt profile not evaluable for these widths")
    return 2.0 / (math.pi * v0) * s


def doppler_fwhm(omega: float, kT: float, mass: float) -> float:
    """Doppler angular FWHM (eV) of a transition driven by a wave of energy ``omega``.

    ``Delta omega = omega sqrt(8 ln 2 kT / (M c^2))``: the Gaussian of a Maxwell velocity
    component (standard deviation ``sqrt(kT/M)``) times the shift ``omega v / c`` (e.g.
    Demtroeder, *Laser Spectroscopy*, sec. 3.2).  For two counter-propagating photons
    absorbed together pass ``omega = |omega_1 - omega_2|`` (the residual Doppler width).

    Parameters
    ----------
    omega
        Photon energy (or the difference of two), eV; >= 0.
    kT
        ``k_B T``, eV; >= 0.
    mass
        ``M c^2`` of the atom, eV; > 0.
    """
    _nonneg(omega=omega, kT=kT)
    if not (math.isfinite(mass) and mass > 0):
        raise ValueError(f"mass must be finite and > 0, got {mass!r}")
    return omega * math.sqrt(8.0 * math.log(2.0) * kT / mass)


def impact_fwhm(coefficient: float, density: float) -> float:
    """Lorentzian FWHM (eV) of a collision-broadened line in the impact regime.

    ``FWHM = coefficient x N`` (impact theory: the width is linear in the perturber density
    N; Lewis, Phys. Rep. 58, 1 (1980); verified for the Xe 6s[3/2]_1 resonance broadening
    by Cedolin, Hanson & Cappelli, Phys. Rev. A 54, 335 (1996), who also see it fail above
    ~6e17 cm^-3).

    Parameters
    ----------
    coefficient
        FWHM per perturber density, natural units (eV per eV^3 = eV^-2).
    density
        Perturber number density (eV^3).
    """
    _nonneg(coefficient=coefficient, density=density)
    return coefficient * density
