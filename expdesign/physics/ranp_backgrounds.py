"""RANP backgrounds beyond McQ2-McQ4: an excitation laser acting as a second trigger.

Natural units (eV).  At the McQ3 boundary ``r* = 1 - 2 eps_pe/eps_eg`` the second
excitation photon ``omega_2 = (1 - r) eps_eg/2`` equals ``eps_pe``; at the McQ2 resonance
``r = -1 + 2 omega_0/eps_eg`` the first, ``omega_1 = (1 + r) eps_eg/2``, equals
``omega_0 = eps_pe`` (seed 000 sec. 2 and 4).  A design near either boundary therefore
irradiates the crystal with an excitation laser close to the e -> p resonance: it drives the
trigger transition from another direction, a second (unwanted) RANP source and a drain of
|e>.  This module gives the verdict from the detuning against the widths.
"""

from __future__ import annotations

import math

from expdesign.physics.backgrounds import CheckResult
from expdesign.physics.constants import HBAR_EV_S

__all__ = ["excitation_as_trigger_check"]


def excitation_as_trigger_check(omega_exc: float, eps_pe: float, width_hom: float,
                                width_inhom: float | None, rabi_exc: float,
                                rabi_trigger: float, trigger_detuning: float,
                                n_widths: float = 3.0, name: str = "excitation") -> CheckResult:
    """Does an excitation photon drive e -> p like the trigger?  (eV inputs.)

    ``delta = omega_exc - eps_pe``.  Verdict: ``fail`` if ``|delta| < n_widths *
    max(width_hom, width_inhom)`` (inside the line: ions are driven resonantly);
    ``not evaluable`` if it lies outside the homogeneous line but the inhomogeneous width is
    unknown; ``pass`` otherwise.  The number ``coherence_ratio`` is the weak-drive ratio of
    the p-g coherence the excitation laser makes to the trigger's,
    ``[Omega_x^2 / (delta^2 + W^2/4)] / [Omega_0^2 / (Delta_0^2 + W^2/4)]`` with the
    homogeneous FWHM W (Lorentzian wings; an upper bound where the trigger saturates,
    since then the trigger's coherence is below its weak-drive value only if that exceeds
    1/4).  Widths are FWHM in eV.
    """
    delta = omega_exc - eps_pe
    widest = max(width_hom, width_inhom or 0.0)
    ratio_num = rabi_exc**2 / (delta**2 + width_hom**2 / 4)
    ratio_den = rabi_trigger**2 / (trigger_detuning**2 + width_hom**2 / 4)
    ratio = ratio_num / ratio_den if ratio_den > 0 else math.inf
    numbers = {"detuning_eV": delta, "detuning_GHz": delta / (2 * math.pi * HBAR_EV_S) / 1e9,
               "width_hom_eV": width_hom,
               "detuning_over_width": abs(delta) / widest if widest > 0 else math.inf,
               "coherence_ratio": ratio}
    if width_inhom is not None:
        numbers["width_inhom_eV"] = width_inhom
    if abs(delta) < n_widths * widest:
        return CheckResult(f"{name} laser as a second trigger", "fail", numbers,
                           note=f"the {name} photon lies within {n_widths:g} widths of the "
                           "e -> p resonance: it drives the trigger transition")
    if width_inhom is None:
        return CheckResult(f"{name} laser as a second trigger", "not evaluable", numbers,
                           missing=("inhomogeneous width of e -> p",),
                           note=f"the {name} photon is {abs(delta) / width_hom:.3g} homogeneous "
                           "widths from e -> p; without the inhomogeneous width it cannot be "
                           "excluded that some ions are on resonance")
    return CheckResult(f"{name} laser as a second trigger", "pass", numbers,
                       note=f"the {name} photon is {abs(delta) / widest:.3g} widths from "
                       f"e -> p (coherence ratio {ratio:.2g})")
