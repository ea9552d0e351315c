"""Optical depth of each laser: is the uniform-field assumption of the rate valid?

Every rate of a Plan takes the lasers to be uniform through the crystal.  A laser resonant
with a transition out of a populated level is absorbed, with the coefficient ``alpha``
from the A-coefficient, the line shape (homogeneous Lorentzian of the Bloch engine's 2/T2
convolved with the inhomogeneous line) and the populations
(:mod:`expdesign.physics.optical_depth`).  The verdict "uniform laser field (optical
depth)" is a *model validity* verdict: where ``alpha L > 0.1`` (the intensity changes by
more than ~10 % along the beam) the uniform-field assumption fails and the numbers are
not trustworthy; it does not say the design cannot work (field propagation,
Maxwell-Bloch, is not modelled).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from expdesign.physics import optical_depth as od
from expdesign.plan import Verdict
from expdesign.planner.context import Accumulator, PlanContext
from expdesign.units import Q_, from_natural

__all__ = ["LaserLine", "UNIFORM_FIELD", "MAX_OPTICAL_DEPTH", "optical_depth_verdict"]

UNIFORM_FIELD = "uniform laser field (optical depth)"
#: alpha L above which the uniform-field assumption is said to fail (intensity change
#: 1 - exp(-0.1) = 9.5 % along the crystal)
MAX_OPTICAL_DEPTH = 0.1


@dataclass(frozen=True)
class LaserLine:
    """One laser on its transition (natural units: eV, eV^-1, eV^3 fractions)."""

    name: str
    transition: str  # "lower-upper" labels, for the report
    omega: float  # photon energy, eV
    a_ul: float  # A-coefficient upper -> lower, eV
    pop_lower: float  # fraction of the ions in the lower level (cycle average)
    pop_upper: float
    fwhm_hom: float  # homogeneous angular FWHM, eV
    fwhm_inh: float  # inhomogeneous angular FWHM, eV
    shape: str
    direction_deg: float  # angle to the cylinder axis


def _path_length(ctx: PlanContext, direction_deg: float) -> float:
    """Length (eV^-1) of the beam's path through the cylinder's centre."""
    R, L = ctx.radius_length_eV()
    th = math.radians(direction_deg)
    c, s = abs(math.cos(th)), abs(math.sin(th))
    return min(L / c if c > 0 else math.inf, 2 * R / s if s > 0 else math.inf)


def optical_depth_verdict(ctx: PlanContext, acc: Accumulator, n: float | None,
                          lines: list[LaserLine], note: str = "") -> None:
    """Record ``alpha``, ``alpha L`` and the penetration depth of each laser and the
    model-validity verdict :data:`UNIFORM_FIELD` (``n``: ion density, eV^3)."""
    if n is None:
        acc.verdicts.append(Verdict(name=UNIFORM_FIELD, status="not evaluable",
                                    kind="model validity", detail="no number density",
                                    missing=["number density"]))
        return
    nums = {}
    parts, thick = [], []
    for ln in lines:
        lv = od.line_centre_value(ln.fwhm_hom, ln.fwhm_inh, ln.shape)
        sig = od.cross_section(ln.a_ul, ln.omega, lv)
        alpha = od.absorption_coefficient(sig, n * ln.pop_lower, n * ln.pop_upper)
        length = _path_length(ctx, ln.direction_deg)
        depth = alpha * length
        a_cm = from_natural(alpha, "1/cm").m
        acc.add(f"absorption_coefficient_{ln.name}", a_cm, "1/cm",
                f"alpha of {ln.name} on {ln.transition} at line centre",
                "Hilborn, Am. J. Phys. 50, 982 (1982); cycle-averaged Bloch populations")
        acc.add(f"optical_depth_{ln.name}", depth, "dimensionless",
                f"alpha x path through the crystal of {ln.name}", "uniform-field check")
        pen = from_natural(1.0 / alpha, "cm").m if alpha > 0 else math.inf
        if math.isfinite(pen):
            acc.add(f"penetration_depth_{ln.name}", pen, "cm",
                    f"1/alpha of {ln.name}", "uniform-field check")
            nums[f"penetration_depth_{ln.name}"] = Q_(pen, "cm")
        nums[f"alpha_{ln.name}"] = Q_(a_cm, "1/cm")
        nums[f"alpha_L_{ln.name}"] = Q_(depth, "dimensionless")
        txt = (f"{ln.name} ({ln.transition}): alpha = {a_cm:.3g}/cm, alpha L = {depth:.3g}"
               + (f", penetration depth {pen:.3g} cm" if math.isfinite(pen) else
                  " (gain: population inverted)" if alpha < 0 else ""))
        parts.append(txt)
        if abs(depth) > MAX_OPTICAL_DEPTH:
            thick.append(txt)
    if thick:
        detail = ("the uniform-field assumption fails (alpha L > "
                  f"{MAX_OPTICAL_DEPTH:g}): " + "; ".join(thick)
                  + "; the rates take the lasers uniform (field propagation is not modelled)")
    else:
        detail = ("the uniform-field assumption holds (alpha L <= "
                  f"{MAX_OPTICAL_DEPTH:g}): " + "; ".join(parts))
    if note:
        detail += f" ({note})"
    acc.verdicts.append(Verdict(name=UNIFORM_FIELD, status="fail" if thick else "pass",
                                kind="model validity", detail=detail, numbers=nums))
