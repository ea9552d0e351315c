"""A-coefficients <-> dipole moments and reduced matrix elements; the trigger factor h_r.

Natural units (hbar = c = 1, Heaviside-Lorentz, ``alpha = e^2 / 4 pi``): energies and
decay rates in eV, intensities in eV^4, the Bohr magneton ``mu_B = e / (2 m_e)`` in eV^-1.
Decay rates given in s^-1 must be converted by the caller (``expdesign.units.rate_to_eV``:
``1 s^-1 = 6.5821e-16 eV``).

Conventions
-----------
* A-coefficients (seed 000 after eq. 6): ``gamma^MD = mu^2 eps^3 / (3 pi)``,
  ``gamma^ED = d^2 eps^3 / (3 pi)``, with ``mu^2 = sum_{m',q} |<m'|mu_q|m>|^2`` (likewise d).
* Reduced elements with the Wigner-Eckart convention of :mod:`.angular` (seed 001 eq. 40:
  ``sum_{m',q} |<j' m'|T_q|j m>|^2 = |<j'||T||j>|^2 / (2j + 1)``, j the *initial* manifold).
* Velocity operator ``v = i eps r`` so ``|v| = eps |d| / e`` with ``e = sqrt(4 pi alpha)``.

Sources: seed 001 eqs. (7)-(9) (trigger factor h_r), (40)-(44) (reduced matrix elements
from MD / ED A-coefficients), Table 1 (v/S ratios).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from expdesign.physics.constants import ALPHA, MU_B_EV

__all__ = [
    "spin_reduced_sq_from_md",
    "velocity_reduced_sq_from_ed",
    "velocity_over_spin_ratio",
    "dipole_moment_sq",
    "lifetime_from_rates",
    "trigger_factor_hr",
]


def spin_reduced_sq_from_md(gamma_md: float, eps: float, j_initial: float) -> float:
    """``|<J'||S||J>|^2`` from the magnetic-dipole A-coefficient (seed 001 eq. 42).

    ``|<J'||S||J>|^2 = (2J + 1) * 3 pi gamma^MD / (mu_B^2 eps^3)``, using
    ``<J+1|S|J> = <J+1|L+2S|J>`` (eq. 41) so the M1 operator is ``mu_B S`` between the
    manifolds, and eq. (40) with J the initial (upper) manifold.

    Parameters
    ----------
    gamma_md
        Magnetic-dipole A-coefficient of the J -> J' manifold transition, eV.
    eps
        Transition energy, eV.
    j_initial
        Angular momentum J of the initial manifold (11/2 for Er 2H11/2, giving the
        paper's factor 12).

    Returns
    -------
    float
        Squared reduced matrix element of the spin operator, dimensionless.
    """
    _positive(gamma_md=gamma_md, eps=eps)
    return (2 * j_initial + 1) * 3.0 * math.pi * gamma_md / (MU_B_EV**2 * eps**3)


def velocity_reduced_sq_from_ed(gamma_ed: float, eps: float, j_initial: float) -> float:
    """``|<J'||v||J>|^2`` from the (forced) electric-dipole A-coefficient (seed 001 eq. 43).

    ``|<J'||v||J>|^2 = (2J+1) eps^2/e^2 * sum|d_q|^2 = (2J+1) * 3 gamma^ED / (4 alpha eps)``
    with ``v = i eps r``, ``d = e r``, ``e^2 = 4 pi alpha``, ``gamma^ED = d^2 eps^3/(3 pi)``.

    Parameters
    ----------
    gamma_ed
        Electric-dipole A-coefficient, eV.
    eps
        Transition energy, eV.
    j_initial
        Angular momentum of the initial manifold.

    Returns
    -------
    float
        Squared reduced matrix element of the velocity operator, dimensionless (v/c).
    """
    _positive(gamma_ed=gamma_ed, eps=eps)
    return (2 * j_initial + 1) * 3.0 * gamma_ed / (4.0 * ALPHA * eps)


def velocity_over_spin_ratio(gamma_md: float, gamma_ed: float, eps: float) -> float:
    """Ratio of reduced elements ``<||v||> / <||S||>`` (seed 001 Table 1 last column).

    From eqs. (42)-(43): ``v/S = eps/(2 m_e) * sqrt(gamma^ED / gamma^MD)`` (the (2J+1)
    factors cancel, and ``mu_B / e = 1/(2 m_e)``).

    Parameters
    ----------
    gamma_md, gamma_ed
        MD and ED A-coefficients of the same transition, eV (any common unit works: only
        their ratio enters).
    eps
        Transition energy, eV.

    Returns
    -------
    float
        Dimensionless ratio.
    """
    _positive(gamma_md=gamma_md, gamma_ed=gamma_ed, eps=eps)
    return math.sqrt(velocity_reduced_sq_from_ed(gamma_ed, eps, 0.0)
                     / spin_reduced_sq_from_md(gamma_md, eps, 0.0))


def dipole_moment_sq(gamma: float, eps: float) -> float:
    """``sum_{m',q} |<m'|D_q|m>|^2`` of an E1 or M1 moment from its A-coefficient.

    ``gamma = D^2 eps^3 / (3 pi)`` (Heaviside-Lorentz natural units, seed 000 after eq. 6).

    Parameters
    ----------
    gamma
        A-coefficient, eV.
    eps
        Transition energy, eV.

    Returns
    -------
    float
        Squared moment, eV^-2.
    """
    _positive(gamma=gamma, eps=eps)
    return 3.0 * math.pi * gamma / eps**3


def lifetime_from_rates(rates: Sequence[float]) -> float:
    """Radiative lifetime ``1 / sum(rates)`` of a level.

    Parameters
    ----------
    rates
        Partial A-coefficients of all decay channels, eV (or any rate unit).

    Returns
    -------
    float
        Lifetime in the inverse unit (eV^-1 for rates in eV).
    """
    tot = float(sum(rates))
    if not (math.isfinite(tot) and tot > 0) or min(rates) < 0:
        raise ValueError("rates must be >= 0 with a positive finite sum")
    return 1.0 / tot


def trigger_factor_hr(eps_pg: float, gamma_pg_md: float, gamma_pg_ed: float,
                      intensity: float, gamma_ep: float, *, field: str = "peak",
                      combine: str = "incoherent") -> float:
    """Trigger factor ``h_r = V_pg / gamma_ep`` of the resonant RENP amplitude (seed 001 eq. 7).

    ``V_pg`` is the stimulated-emission matrix element ``<g, N+1| H_int |p, N>`` of the
    trigger, averaged over an unpolarised (isotropic) target, and the amplitude at
    resonance is the pair-decay amplitude ``e -> p + nu nubar`` times ``2 h_r``
    (derivation: docs/planner.md, "The trigger field in h_r").

    ``field='peak'`` (default, derived): a plane wave ``E_0 cos(w t)`` of intensity
    ``I = E_0^2 / 2`` (Heaviside-Lorentz) couples in the rotating-wave approximation with
    ``d E_0 / 2 = d sqrt(I / 2)``; a coherent state of photon density ``n = I / w`` gives
    the same, ``d sqrt(w n / 2)``.  It is ``Omega / 2`` of the Bloch engine
    (:func:`expdesign.physics.bloch.parameters.rabi_frequency`, ``field='peak'``) and the
    coupling of the RANP (docs/ranp.md D3) and atomic RENP (docs/atomic_renp.md) rates.
    ``field='rms'``: seed 001 eq. (8) as printed, ``d |E_t|`` with ``|E_t| = sqrt(I)``
    (``sqrt 2`` larger).

    ``combine='incoherent'`` (default, derived): ``d_eff = sqrt(d^2 + mu^2)``; for a
    linearly polarised wave the E1-M1 cross term ``<(d.E)(mu.B)^*> = (d.mu^*)(E.B^*)/3``
    vanishes on the orientation average (``E . B = 0``), and cancels between the two
    helicities of seed 001's "equal mixture of two circular polarizations".
    ``combine='coherent'``: seed 001 eq. (8)'s amplitude sum ``d + mu`` (an upper bound).

    With ``mu^2 = 3 pi gamma^MD / eps^3``, ``d^2 = 3 pi gamma^ED / eps^3`` (seed 000 after
    eq. 6) and the isotropic ``|e.d_hat|^2 = 1/3``:

    * derived: ``h_r = sqrt(pi (gamma^MD + gamma^ED) / (2 eps^3)) sqrt(I) / gamma_ep``;
    * seed 001 eq. (8): ``h_r = sqrt(pi / eps^3) (sqrt(gamma^MD) + sqrt(gamma^ED))
      sqrt(I) / gamma_ep``.

    Independent check: ``4 h_r^2 gamma_ep`` is the stimulated-emission rate ``sigma I / w``
    with the resonant cross section ``sigma = lambda^2 A / (2 pi gamma_ep)`` of the Einstein
    coefficients (R. C. Hilborn, Am. J. Phys. 50, 982 (1982), eq. for ``sigma(nu)`` with a
    Lorentzian line).  The rates are used as given: inside a medium of index n the
    in-medium rate carries an extra ``1/n^2`` (docs/planner.md), not applied here.

    Parameters
    ----------
    eps_pg
        Trigger transition energy, eV.
    gamma_pg_md, gamma_pg_ed
        MD and ED A-coefficients of p -> g, eV.
    intensity
        Trigger intensity ``I_t`` (time-averaged Poynting flux), eV^4
        (10 mW/cm^2 = 1.5997e-8 eV^4).
    gamma_ep
        Width (FWHM) of the energy denominator ``eps_pg - w - i gamma_ep / 2``, eV.
    field
        ``'peak'`` (derived) or ``'rms'`` (seed 001 eq. 8 as printed), see above.
    combine
        ``'incoherent'`` (derived) or ``'coherent'`` (seed 001 eq. 8), see above.

    Returns
    -------
    float
        h_r, dimensionless.
    """
    _positive(eps_pg=eps_pg, intensity=intensity, gamma_ep=gamma_ep)
    if gamma_pg_md < 0 or gamma_pg_ed < 0:
        raise ValueError("A-coefficients must be >= 0")
    if combine == "incoherent":
        root_gamma = math.sqrt(gamma_pg_md + gamma_pg_ed)
    elif combine == "coherent":
        root_gamma = math.sqrt(gamma_pg_md) + math.sqrt(gamma_pg_ed)
    else:
        raise ValueError(f"combine must be 'incoherent' or 'coherent', not {combine!r}")
    if field == "peak":
        field_sq = intensity / 2.0
    elif field == "rms":
        field_sq = intensity
    else:
        raise ValueError(f"field must be 'peak' or 'rms', not {field!r}")
    return math.sqrt(math.pi / eps_pg**3) * root_gamma * math.sqrt(field_sq) / gamma_ep


def _positive(**kw: float) -> None:
    """Raise ValueError unless every keyword value is finite and > 0."""
    for k, v in kw.items():
        if not (math.isfinite(v) and v > 0):
            raise ValueError(f"{k} must be finite and > 0, got {v!r}")
