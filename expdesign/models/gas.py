"""Atomic (gas) RENP through a virtual intermediate level: the spec block and its checks.

Process ``RENP_ATOMIC`` (Fukumi et al., PTEP 2012 04D002; Dinh et al., PLB 719 (2013)
154): two excitation photons (no resonant intermediate level) prepare the coherence
``e-g``; ``|e>`` decays to ``|g>`` emitting the trigger-stimulated photon ``omega`` and
a neutrino pair through the off-resonant level ``|p>`` (above or below ``|e>``), energy
denominator ``eps_pg - omega``.  The trigger frequency is scanned over
``atomic.photon_energies``; the spectrum has the pair thresholds.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from expdesign.models.base import StrictModel
from expdesign.models.quantities import Energy
from expdesign.units import energy_to_eV

if TYPE_CHECKING:  # pragma: no cover
    from expdesign.models.spec import ExperimentSpec
    from expdesign.models.target import Target

__all__ = ["PhotonEnergyScan", "AtomicRenpOptions", "MAX_PHOTON_POINTS", "check_atomic_spec"]

MAX_PHOTON_POINTS = 4001
"""Most trigger frequencies a plan evaluates (one spectrum kernel per point)."""


class PhotonEnergyScan(StrictModel):
    """Trigger photon energies set one after another: ``points`` values from start to stop."""

    start: Energy
    stop: Energy
    points: int = Field(ge=2, le=MAX_PHOTON_POINTS,
                        description=f"number of trigger frequencies, 2 to {MAX_PHOTON_POINTS}")

    @model_validator(mode="after")
    def _order(self) -> PhotonEnergyScan:
        if not 0 < energy_to_eV(self.start) < energy_to_eV(self.stop):
            raise ValueError("photon_energies: need 0 < start < stop")
        return self


class AtomicRenpOptions(StrictModel):
    """What the atomic RENP rate needs beyond the target, lasers and cell."""

    photon_energies: PhotonEnergyScan | None = Field(
        default=None, description="trigger photon energies scanned (the spectrum). "
        "Default: chosen by the Planner from the heaviest pair threshold of the hypotheses "
        "to the massless endpoint")
    coherence: float | None = Field(
        default=None, gt=0.0, le=0.5, allow_inf_nan=False,
        description="ASSUMED |rho_eg| (1/2 at most; the literature takes 1/2), an override: "
        "the rate then uses it instead of the coherence derived from the Bloch solution of "
        "the two-photon excitation (excitation intensities, linewidths, trigger_delay, "
        "temperature); the Plan reports both and the intensity that would give 1/2")
    spin_matrix_element_sq: float | None = Field(
        default=None, gt=0.0, le=10.0, allow_inf_nan=False,
        description="|<p, m|S_k|e>|^2 of one component, averaged over the sublevels of e "
        "(e.g. 2/3 for LS 3P0 -> 3P1). Default: derived from the target when e and p "
        "have LS terms (term or ls_term) of the same L and S in one configuration: the LS "
        "value times the triplet fractions of the target's ls_mixing (Breit-Wills); else "
        "the absolute rate is not evaluable")
    polarization_sum: Literal["trigger", "isotropic"] = Field(
        default="trigger", description="'trigger': the pair current is contracted with "
        "the trigger's linear polarization (our derivation); 'isotropic': the spin "
        "direction averaged (1/3), as Dinh et al. 2013")


def check_atomic_spec(spec: ExperimentSpec, tgt: Target) -> None:
    """Cross-checks of a ``RENP_ATOMIC`` spec (raise ``ValueError`` with the reason).

    Everything the atomic pipeline does not model is rejected rather than ignored.
    """
    p = spec.path
    E = {r: tgt.level(p[r]).energy_eV for r in ("g", "e", "p")}
    if tgt.kind != "gas":
        raise ValueError("RENP_ATOMIC needs a gas target (target kind 'gas')")
    if not (E["g"] < E["e"] and E["g"] < E["p"] and E["p"] != E["e"]):
        raise ValueError("RENP_ATOMIC path needs E_g < E_e, E_g < E_p and E_p != E_e "
                         "(|p> is the virtual intermediate level, above or below |e>)")
    if spec.angles is not None:
        raise ValueError("RENP_ATOMIC scans the trigger frequency: give "
                         "atomic.photon_energies instead of angles")
    ov = spec.overrides.model_dump(exclude_none=True)
    extra = sorted(k for k in ov if k not in ("number_density", "dephasing_rate"))
    if extra:
        raise ValueError(f"overrides {', '.join(extra)} do not act on RENP_ATOMIC (only "
                         "overrides.number_density and overrides.dephasing_rate, the "
                         "collisional dephasing of rho_eg, do); remove them")
    geo = spec.geometry
    if geo.c_axis != "parallel_k1" or geo.applied_field is not None or \
            geo.zeeman_resolved_lasers:
        raise ValueError("geometry: a gas cell has no c-axis, and applied fields are not "
                         "modelled for RENP_ATOMIC; give radius and length only")
    if spec.detector.kind != "photon_counter":
        raise ValueError("RENP_ATOMIC is measured by counting photons (detector kind "
                         "'photon_counter')")
    las = spec.lasers
    if las.imprint_r is not None or las.trigger_rise_time.to("s").m > 0 or \
            las.cycle_duration is not None or las.repetition_rate is not None:
        raise ValueError("lasers: imprint_r, trigger_rise_time and cycles are not modelled "
                         "for RENP_ATOMIC (trigger_delay is: the length of the excitation "
                         "pulse; without it the excitation is CW, steady state); remove them")
    exc = las.by_role("excitation")
    if len(exc) != 2:
        raise ValueError(f"RENP_ATOMIC needs two excitation lasers, got {len(exc)}")
    tol = energy_to_eV(las.energy_tolerance)
    total = 0.0
    for x in las.lasers:
        if x.drives is not None or x.detuning is not None:
            raise ValueError(f"laser {x.name!r}: RENP_ATOMIC lasers drive no resonant "
                             "transition (two-photon excitation, virtual |p>); give "
                             "photon_energy and direction, not drives/detuning")
        if x.photon_energy is None:
            raise ValueError(f"laser {x.name!r} needs a photon_energy")
        if x.linewidth is not None and x.role != "excitation":
            raise ValueError(f"laser {x.name!r}: the trigger's linewidth is not modelled "
                             "for RENP_ATOMIC (the excitation lasers' linewidths dephase "
                             "rho_eg); remove it")
        if x.role == "excitation":
            total += energy_to_eV(x.photon_energy)
    eps_eg = E["e"] - E["g"]
    if abs(total - eps_eg) > tol:
        raise ValueError(f"RENP_ATOMIC excitation photons sum to {total:.6g} eV, not "
                         f"eps_eg = {eps_eg:.6g} eV (tolerance {1e3 * tol:.3g} meV)")
    if exc[1].direction is None:
        raise ValueError(f"laser {exc[1].name!r}: give its direction (180 deg: "
                         "counter-propagating)")
    kx = kz = 0.0
    for x in exc:
        a = x.direction.to("rad").m if x.direction is not None else 0.0
        w = energy_to_eV(x.photon_energy) if x.photon_energy is not None else 0.0
        kx, kz = kx + w * math.sin(a), kz + w * math.cos(a)
    if math.hypot(kx, kz) >= eps_eg * (1 - 1e-9):
        raise ValueError("co-propagating excitation photons imprint p_eg = eps_eg (a "
                         "light-like atomic four-momentum): no photon + pair can be emitted; "
                         "make them counter-propagate")
    eps_pg = E["p"] - E["g"]
    opts = spec.atomic or AtomicRenpOptions()
    trig = energy_to_eV(las.trigger.photon_energy) if las.trigger.photon_energy else 0.0
    ws = [trig]
    if opts.photon_energies is not None:
        ws += [energy_to_eV(opts.photon_energies.start), energy_to_eV(opts.photon_energies.stop)]
    lo, hi = min(ws), max(ws)
    if lo <= eps_pg + tol and hi >= eps_pg - tol:
        raise ValueError(f"trigger photon energies reach the p-g resonance ({eps_pg:.6g} eV): "
                         "|p> must stay virtual (off resonance)")
    if hi >= eps_eg:
        raise ValueError(f"trigger photon energies must stay below eps_eg = {eps_eg:.6g} eV")
