"""Target data of the RENP_ATOMIC pipeline: the spin element |<p|S_k|e>|^2 from the
target's terms and LS mixing, and the collisional widths of the path's lines.

Composes :func:`expdesign.physics.atomic_renp.ls_spin_sq` (the LS value of two levels of
one term) with the intermediate-coupling triplet fractions of
:mod:`expdesign.physics.atomic.mixing` (Breit-Wills, from the target's A-coefficients);
no formula lives here.
"""

from __future__ import annotations

from typing import NamedTuple

from expdesign.models import Level, Target
from expdesign.physics import atomic_renp as ar
from expdesign.physics.atomic.mixing import (
    singlet_fraction_from_rates,
    spin_sq_with_triplet_fraction,
)
from expdesign.physics.linewidths import impact_fwhm
from expdesign.planner.context import Accumulator, PlanContext
from expdesign.units import Q_, rate_to_eV, to_natural

__all__ = ["target_spin_sq", "triplet_fraction", "collisional_widths", "VirtualPartner",
           "virtual_partner"]

_LS = {"S": 0, "P": 1, "D": 2, "F": 3, "G": 4, "H": 5, "I": 6, "K": 7}


def _ls(tgt: Target, lv: Level) -> tuple[str, float, str] | None:
    """(LS term, triplet fraction, note) of a level: its mixing entry, its ``ls_term``,
    or the last token of ``term`` when that is an LS term."""
    mx = tgt.ls_mixing_of(lv.label)
    if mx is not None:
        a2, note = triplet_fraction(tgt, lv.label)
        return mx.triplet, a2, note
    if lv.ls_term:
        return lv.ls_term, 1.0, ""
    tok = lv.term.split()[-1] if lv.term else ""
    if len(tok) >= 3 and tok[0].isdigit() and tok[1] in _LS:
        return tok, 1.0, ""
    return None


def triplet_fraction(tgt: Target, label: str) -> tuple[float, str]:
    """(a^2, description) of the triplet-like level ``label`` of an ``ls_mixing`` entry:
    ``1 - b^2`` with ``b^2`` from the A-coefficients of level and partner to ``lower`` and
    their photon energies (Breit-Wills, :func:`singlet_fraction_from_rates`)."""
    mx = tgt.ls_mixing_of(label)
    if mx is None:
        raise KeyError(f"{label!r} has no ls_mixing entry")
    t1, t2 = tgt.transition(mx.level, mx.lower), tgt.transition(mx.partner, mx.lower)
    assert t1 is not None and t2 is not None  # Target validation requires both
    w1, w2 = tgt.spacing_eV(mx.level, mx.lower), tgt.spacing_eV(mx.partner, mx.lower)
    b2 = singlet_fraction_from_rates(t1.A_eV, w1, t2.A_eV, w2)
    return 1.0 - b2, (f"{mx.triplet} fraction a^2 = {1.0 - b2:.4g} of {mx.level} (Breit-Wills "
                      f"from A({mx.level}->{mx.lower}) and A({mx.partner}->{mx.lower}) with "
                      "omega^3; one configuration, equal radial dipoles)")


def target_spin_sq(tgt: Target, e: str, p: str) -> tuple[float | None, str]:
    """(|<p|S_k|e>|^2 per component, source) from the target, or (None, "").

    Both levels need an LS (triplet) term of one L and S in one configuration (the
    ``term`` text before its last token is equal): the LS value
    :func:`ar.ls_spin_sq` times the triplet fractions of mixed levels
    (:func:`spin_sq_with_triplet_fraction`).  Spin-orbit admixtures of levels without an
    ``ls_mixing`` entry are neglected, and the source says so.
    """
    te, tp = tgt.level(e), tgt.level(p)
    le, lp = _ls(tgt, te), _ls(tgt, tp)
    same_conf = te.term.split()[:-1] == tp.term.split()[:-1]
    if le is None or lp is None or not same_conf or le[0][:2] != lp[0][:2]:
        return None, ""
    S = (int(le[0][0]) - 1) / 2
    ls_val = ar.ls_spin_sq(_LS[le[0][1]], S, te.J, tp.J)
    val = spin_sq_with_triplet_fraction(ls_val, lp[1], le[1])
    notes = [n for n in (lp[2], le[2]) if n]
    mixing = ("; ".join(notes) if notes else
              "spin-orbit admixtures neglected (no ls_mixing in the target)")
    return val, (f"LS {le[0]} -> {lp[0]}: {ls_val:.6g} per component (Clebsch-Gordan sums) "
                 f"x triplet fractions = {val:.6g}; {mixing}")


class VirtualPartner(NamedTuple):
    """The singlet-like partner ``|p2>`` of a mixed virtual level ``|p>`` (energies in eV).

    ``eps_p2g = E_p2 - E_g``; ``A_p2g`` its A-coefficient to ``g`` (eV); ``spin_sq_p2`` the
    spin element ``|<p2|S_k|e>|^2`` (``b^2 / a^2`` times that of ``|p>``)."""

    label: str
    eps_p2g: float
    A_p2g: float
    spin_sq_p2: float


def virtual_partner(tgt: Target, e: str, p: str, g: str, spin_sq: float | None
                    ) -> VirtualPartner | None:
    """The partner of ``|p>`` when the target mixes ``p`` (``ls_mixing``, lower level ``g``)
    and ``spin_sq`` (of ``p``) is known; otherwise None.  Both members of the pair carry
    the process (:func:`expdesign.physics.atomic_renp.partner_denominator_sq`)."""
    mx = tgt.ls_mixing_of(p)
    if mx is None or mx.lower != g or spin_sq is None:
        return None
    t2 = tgt.transition(mx.partner, mx.lower)
    if t2 is None:
        return None
    a2, _ = triplet_fraction(tgt, p)
    if a2 <= 0.0:
        return None
    return VirtualPartner(mx.partner, tgt.spacing_eV(mx.partner, g), t2.A_eV,
                          spin_sq * (1.0 - a2) / a2)


def collisional_widths(ctx: PlanContext, acc: Accumulator, omegas: list[float]) -> None:
    """Report the target's pressure-broadening widths of lines touching the path's levels
    at the spec's number density (all atoms taken as perturbers: an upper bound when the
    perturber is the ground state), FWHM in eV (:func:`impact_fwhm`).

    ``omegas``: the endpoint and thresholds of the first hypothesis (eV).  A width of a
    line from ``|e>`` or ``|g>`` wider than their closest spacing is warned about: the
    e-g coherence's own collisional width is not sourced, but a line from ``|e>`` that
    broad says the thresholds are likely not resolved at this density.
    """
    tgt, path = ctx.target, ctx.spec.path
    cbs = [c for c in tgt.collisional_broadening
           if {c.upper, c.lower} & {path["e"], path["p"], path["g"]}]
    n_q = ctx.spec.overrides.number_density
    if n_q is None:
        n_q = tgt.number_density.value if tgt.number_density is not None else None
    if not cbs or n_q is None:
        return
    per_cm3 = Q_(1.0, "cm^-3")
    ws = sorted(omegas)
    gap = min((b - a for a, b in zip(ws, ws[1:], strict=False) if b > a), default=0.0)
    for c in cbs:
        coef = rate_to_eV(c.coefficient * per_cm3) / to_natural(per_cm3, 3)
        fw = impact_fwhm(coef, to_natural(n_q, 3))
        ncm = float(n_q.to("cm^-3").m)
        where = ""
        if c.density_range is not None:
            lo, hi = (float(x.to("cm^-3").m) for x in c.density_range)
            if not lo <= ncm <= hi:
                where = (f"; the spec density {ncm:.3g} cm^-3 is outside the measured range "
                         f"[{lo:.3g}, {hi:.3g}] cm^-3: linear (impact) extrapolation, "
                         "an order of magnitude only")
                acc.warnings.append(
                    f"collisional width of {c.upper}-{c.lower} extrapolated to "
                    f"{ncm:.3g} cm^-3, outside the measured range [{lo:.3g}, {hi:.3g}] "
                    "cm^-3 of its source (the impact approximation may not hold)")
        acc.add(f"collisional_fwhm_{c.upper}_{c.lower}", fw, "eV",
                f"pressure broadening (FWHM) of the line {c.upper}-{c.lower} by "
                f"{c.perturber} at the spec number density (all atoms as perturbers), "
                f"coefficient measured at {c.temperature:~P}{where}; reported, not "
                "convolved into the spectrum", source=c.source)
        if gap > 0 and fw > gap and {c.upper, c.lower} & {path["e"], path["g"]}:
            acc.warnings.append(
                f"the collisional FWHM {fw:.3g} eV of the line {c.upper}-{c.lower} (from "
                f"|e> or |g>) exceeds the closest threshold spacing {gap:.3g} eV: if the "
                "e-g coherence is broadened alike, the thresholds are not resolved at this "
                "density (its own coefficient is not sourced)")
