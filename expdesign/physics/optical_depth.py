"""Linear absorption of a laser on its transition: cross-section, absorption coefficient,
optical depth and penetration depth (natural units: energies and rates in eV, lengths in
eV^-1, densities in eV^3).

Cross-section of a transition ``l -> u`` at angular frequency ``omega`` (Hilborn,
"Einstein coefficients, cross sections, f values, dipole moments, and all that",
Am. J. Phys. 50, 982 (1982), eq. (15) with ``g(nu) = 2 pi g(omega)``):

    sigma(omega) = (lambda^2 / 4) (g_u / g_l) A_ul L(omega),   lambda = 2 pi / omega,

with ``L`` the normalised line shape in angular frequency (eV^-1) and ``A_ul`` the
A-coefficient (eV).  The absorption coefficient of a medium with ``N_l``, ``N_u`` ions per
volume in the two levels is ``alpha = sigma (N_l - (g_l/g_u) N_u)`` (stimulated emission
subtracted), the intensity falls as ``exp(-alpha z)``; ``1/alpha`` is the penetration
depth and ``alpha L`` the optical depth of a crystal of length ``L``.
"""

from __future__ import annotations

import math

from scipy.special import voigt_profile

__all__ = ["line_centre_value", "cross_section", "absorption_coefficient"]


def line_centre_value(fwhm_hom: float, fwhm_inh: float = 0.0,
                      shape: str = "gaussian") -> float:
    """Peak value (eV^-1) of the normalised line: a homogeneous Lorentzian (angular FWHM
    ``fwhm_hom``, eV) convolved with an inhomogeneous distribution (``fwhm_inh``, eV).

    Lorentzian only: ``2/(pi fwhm_hom)``; Lorentzian x Lorentzian: ``2/(pi (fwhm_hom +
    fwhm_inh))``; Lorentzian x Gaussian: the Voigt profile at 0 (``scipy.special.
    voigt_profile`` with ``sigma = fwhm_inh / (2 sqrt(2 ln 2))``, ``gamma = fwhm_hom/2``).
    """
    if not (fwhm_hom > 0 and fwhm_inh >= 0):
        raise ValueError("need fwhm_hom > 0 and fwhm_inh >= 0")
    if fwhm_inh == 0:
        return 2.0 / (math.pi * fwhm_hom)
    if shape == "lorentzian":
        return 2.0 / (math.pi * (fwhm_hom + fwhm_inh))
    if shape != "gaussian":
        raise ValueError(f"shape must be 'gaussian' or 'lorentzian', not {shape!r}")
    sigma = fwhm_inh / (2.0 * math.sqrt(2.0 * math.log(2.0)))
    return float(voigt_profile(0.0, sigma, 0.5 * fwhm_hom))


def cross_section(a_ul: float, omega: float, line_value: float,
                  g_ratio: float = 1.0) -> float:
    """Absorption cross-section (eV^-2): ``(pi^2/omega^2) g_ratio A_ul L(omega)``.

    Parameters
    ----------
    a_ul
        A-coefficient u -> l (eV).
    omega
        photon energy (eV).
    line_value
        normalised line shape at the laser's frequency (eV^-1), e.g.
        :func:`line_centre_value`.
    g_ratio
        degeneracy ratio ``g_u / g_l`` (1: the non-degenerate pair the Bloch engine's
        dipole describes).
    """
    if not (a_ul >= 0 and omega > 0 and line_value >= 0 and g_ratio > 0):
        raise ValueError("need A >= 0, omega > 0, L >= 0 and g_u/g_l > 0")
    return math.pi**2 / omega**2 * g_ratio * a_ul * line_value


def absorption_coefficient(sigma: float, n_lower: float, n_upper: float,
                           g_ratio: float = 1.0) -> float:
    """``alpha = sigma (N_l - N_u / g_ratio)`` (eV, i.e. per eV^-1 of path); negative
    means gain.  ``n_lower``, ``n_upper`` in eV^3, ``g_ratio = g_u / g_l``."""
    return sigma * (n_lower - n_upper / g_ratio)
