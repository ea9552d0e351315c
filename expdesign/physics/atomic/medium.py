"""Host-medium factors of spontaneous emission rates (A-coefficients) of ions in crystals.

An A-coefficient measured or computed for an ion in a dielectric host of refractive
index ``n`` contains the photon density of states and the local field of the medium:

* magnetic dipole (M1):  ``A_MD(medium) = n^3 A_MD(vacuum)``;
* forced electric dipole (E1), virtual-cavity (Lorentz local-field) model:
  ``A_ED(medium) = n ((n^2 + 2)/3)^2 A_ED(vacuum)``.

Sources: B. Henderson, G. F. Imbusch, *Optical Spectroscopy of Inorganic Solids*
(Oxford, 1989), ch. 5 (local-field correction); M. P. Hehlen, M. G. Brik, K. W. Kraemer,
J. Lumin. 136, 221 (2013), sec. 2 (Judd-Ofelt rates, ``chi_ED = n (n^2+2)^2 / 9`` and
``chi_MD = n^3``); B. M. Walsh, "Judd-Ofelt theory: principles and practices" (2006).

The neutrino-pair vertex of RENP (seed 001 eqs. 40-43) involves the spin and velocity
matrix elements of the ion, not a photon in the medium: they follow from the VACUUM
A-coefficients, i.e. a rate given for the medium divided by the factor above.  Photon
emission and absorption inside the crystal (trigger Rabi frequencies, radiative widths)
keep the in-medium rates.  All functions are pure: floats in, floats out.
"""

from __future__ import annotations

import math

__all__ = [
    "md_medium_factor",
    "ed_local_field_factor",
    "vacuum_rate_md",
    "vacuum_rate_ed",
]


def _index(n: float) -> float:
    if not (math.isfinite(n) and n >= 1.0):
        raise ValueError(f"refractive index must be finite and >= 1, got {n!r}")
    return float(n)


def md_medium_factor(n: float) -> float:
    """``A_MD(medium) / A_MD(vacuum) = n^3`` (dimensionless).

    Parameters
    ----------
    n
        Refractive index of the host at the transition wavelength (>= 1).

    Returns
    -------
    float
        ``n^3``.  Source: Henderson & Imbusch (1989) ch. 5; Hehlen, Brik, Kraemer,
        J. Lumin. 136, 221 (2013): the M1 rate scales with the photon density of states
        ``n^3`` (no local-field factor for a magnetic dipole in a non-magnetic host).
    """
    return _index(n) ** 3


def ed_local_field_factor(n: float) -> float:
    """``A_ED(medium) / A_ED(vacuum) = n ((n^2 + 2)/3)^2`` (dimensionless).

    Virtual-cavity (Lorentz) local-field model for a forced electric-dipole transition.

    Parameters
    ----------
    n
        Refractive index of the host at the transition wavelength (>= 1).

    Returns
    -------
    float
        ``n (n^2 + 2)^2 / 9``.  Source: Henderson & Imbusch (1989) ch. 5; Hehlen, Brik,
        Kraemer, J. Lumin. 136, 221 (2013), the factor ``chi_ED = n (n^2+2)^2/9`` of
        Judd-Ofelt emission rates.
    """
    n = _index(n)
    return n * ((n * n + 2.0) / 3.0) ** 2


def vacuum_rate_md(gamma_medium: float, n: float) -> float:
    """Vacuum MD A-coefficient from one given for a host of index ``n``: ``gamma / n^3``.

    Parameters
    ----------
    gamma_medium
        MD A-coefficient in the medium, any rate unit (eV or s^-1), >= 0.
    n
        Refractive index the rate refers to (1 = the rate is already a vacuum rate).

    Returns
    -------
    float
        Vacuum MD A-coefficient, same unit.  Source: see :func:`md_medium_factor`.
    """
    if not (math.isfinite(gamma_medium) and gamma_medium >= 0):
        raise ValueError(f"rate must be finite and >= 0, got {gamma_medium!r}")
    return gamma_medium / md_medium_factor(n)


def vacuum_rate_ed(gamma_medium: float, n: float) -> float:
    """Vacuum ED A-coefficient: ``gamma / (n ((n^2+2)/3)^2)`` (virtual-cavity model).

    Parameters
    ----------
    gamma_medium
        Forced-ED A-coefficient in the medium, any rate unit (eV or s^-1), >= 0.
    n
        Refractive index the rate refers to (1 = the rate is already a vacuum rate).

    Returns
    -------
    float
        Vacuum ED A-coefficient, same unit.  Source: see :func:`ed_local_field_factor`.
    """
    if not (math.isfinite(gamma_medium) and gamma_medium >= 0):
        raise ValueError(f"rate must be finite and >= 0, got {gamma_medium!r}")
    return gamma_medium / ed_local_field_factor(n)
