"""What every pipeline step shares: the spec read in natural units, and the accumulator.

:class:`PlanContext` answers questions about the spec (energies, densities, laser
photons, rates from the target) in eV; it computes no physics.  :class:`Accumulator`
collects results, verdicts, distributions and exposures before the Plan is built.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pint

from expdesign.models import ExperimentSpec, Laser, NeutrinoHypothesis, Target
from expdesign.physics import neutrino
from expdesign.physics.assembly import cylinder_volume
from expdesign.physics.backgrounds import CheckResult
from expdesign.plan import PlanContent, Result, Verdict
from expdesign.planner.settings import PlannerSettings
from expdesign.units import Q_, energy_to_eV, to_natural

__all__ = ["Accumulator", "PlanContext", "Progress", "hypothesis_couplings", "MISSING_SPEC_PATHS"]

Progress = Callable[[str, float], None]

#: kernel input names of the background checks -> where a user supplies them
MISSING_SPEC_PATHS: dict[str, str] = {
    "field_gauss": "geometry.applied_field",
    "zeeman_resolved": "geometry.zeeman_resolved_lasers",
    "dipole_sq": "four-photon transition dipole d^2 (no spec field yet: not evaluable)",
    "i_2gamma": "two-photon integral of McQ4: intermediate levels n in the target "
                "(targets carry none yet)",
    "i_2nu": "pair integral of McQ4 (needs the two-photon intermediate levels)",
    "tau_e": "lifetime of path.e (target lifetimes or transitions)",
    "gamma_renp": "RENP rate (not evaluable: see the warnings)",
    "r": "lasers.imprint_r or the excitation lasers' photon_energy",
    "omega0": "the trigger laser's photon_energy or drives",
}


class Accumulator(PlanContent):
    """What the steps accumulate before the Plan is built (a PlanContent with helpers)."""

    def add(self, key: str, value: Any, unit: str | None = None, description: str = "",
            source: str = "") -> None:
        """Add a result (a float with ``unit``, or a pint quantity when ``unit`` is None);
        a non-finite value is left out with a warning."""
        q = value if unit is None else Q_(float(value), unit)
        if not math.isfinite(float(q.magnitude)):
            self.warnings.append(f"{key} is not finite and was left out")
            return
        self.results.append(Result(key=key, value=q, description=description, source=source))

    def verdict(self, chk: CheckResult, units: dict[str, str] | None = None,
                name: str | None = None) -> None:
        """Add a verdict from a kernel check; its numbers get ``units`` (default 1)."""
        nums: dict[str, pint.Quantity] = {}
        for k, v in chk.numbers.items():
            if v is None or not np.isfinite(v):
                continue
            nums[k] = Q_(float(v), (units or {}).get(k, "dimensionless"))
        self.verdicts.append(Verdict(name=name or chk.name, status=chk.verdict,
                                     detail=chk.note, numbers=nums,
                                     missing=[MISSING_SPEC_PATHS.get(m, m)
                                              for m in chk.missing]))


def hypothesis_couplings(h: NeutrinoHypothesis) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(b, c, masses)`` of a neutrino hypothesis: the PMNS pair couplings ``b_ij``, the
    neutral-current-corrected ``c_ij`` (:mod:`expdesign.physics.neutrino`) and the masses
    in eV: three, or four with a sterile state (3+1 mixing of
    :func:`expdesign.physics.neutrino.mixing_3p1`).  A sterile state with all three
    mixings zero couples to nothing (``b_i4 = 0``) and is left out, so the couplings are
    exactly the three-flavour ones."""
    params = neutrino.oscillation_set(h.oscillation_set)
    U = neutrino.pmns(params.sin2_theta12, params.sin2_theta13,
                      params.sin2_theta23(h.ordering), h.delta.to("rad").m,
                      h.alpha.to("rad").m, h.beta.to("rad").m)
    m = neutrino.masses(energy_to_eV(h.lightest_mass), h.ordering, params)
    st = h.sterile
    if st is not None and st.ue4_sq + st.umu4_sq + st.utau4_sq > 0:
        U4 = neutrino.mixing_3p1(U, st.ue4_sq, st.umu4_sq, st.utau4_sq,
                                 st.gamma.to("rad").m)
        b4 = neutrino.b_matrix(U4)
        c4 = neutrino.c_matrix(b4, h.sin2_theta_w, neutrino.active_projector(U4))
        return b4, c4, np.append(m, energy_to_eV(st.mass))
    b = neutrino.b_matrix(U)
    c = neutrino.c_matrix(b, h.sin2_theta_w)
    return b, c, m


class PlanContext:
    """The spec, its resolved target and the settings, with accessors in natural units."""

    def __init__(self, spec: ExperimentSpec, settings: PlannerSettings,
                 progress: Progress | None = None) -> None:
        self.spec = spec
        self.settings = settings
        self.target: Target = spec.resolved_target
        self._progress = progress
        #: statistics of the solvers that ran, for the Plan's provenance
        self.solver_stats: dict[str, str] = {}
        #: the step last reported through :meth:`step` (named in 'not evaluable' verdicts)
        self.current_step = "start"

    def step(self, what: str, frac: float) -> None:
        """Report progress (``what``, fraction done) to the caller's callback."""
        self.current_step = what
        if self._progress is not None:
            self._progress(what, frac)

    def angles_deg(self, default: tuple[float, float]) -> np.ndarray:
        """Scanned angles, deg: the settings' grid, else the spec's, else ``default``."""
        if self.settings.angle_grid is not None:
            lo, hi, num = self.settings.angle_grid
            return np.linspace(float(lo), float(hi), int(num))
        a = self.spec.angles
        if a is None:
            return np.linspace(default[0], default[1], self.settings.angles)
        return np.linspace(a.start.to("deg").m, a.stop.to("deg").m, a.points)

    def laser_energy(self, las: Laser) -> float:
        """Photon energy of a laser, eV: given, or the driven spacing plus detuning."""
        if las.photon_energy is not None:
            return energy_to_eV(las.photon_energy)
        assert las.drives is not None  # the model requires photon_energy or drives
        lo, up = las.drives
        det = energy_to_eV(las.detuning) if las.detuning is not None else 0.0
        return self.target.spacing_eV(up, lo) + det

    def spacing(self, upper: str, lower: str) -> float:
        """Energy between two path roles, eV."""
        p = self.spec.path
        return self.target.spacing_eV(p[upper], p[lower])

    def density_eV3(self) -> float | None:
        """Ion number density, eV^3 (override, else the target's), or None."""
        ov = self.spec.overrides.number_density
        if ov is not None:
            return to_natural(ov, 3)
        if self.target.number_density is not None:
            return to_natural(self.target.number_density.value, 3)
        return None

    def radius_length_eV(self) -> tuple[float, float]:
        """Crystal radius and length, eV^-1."""
        g = self.spec.geometry
        return to_natural(g.radius, -1), to_natural(g.length, -1)

    def volume_eV(self) -> float:
        """Crystal volume, eV^-3."""
        return cylinder_volume(*self.radius_length_eV())

    def rate(self, upper: str, lower: str) -> tuple[float, float, float] | None:
        """(A_md, A_ed, A) of the transition between two path roles, eV, or None."""
        t = self.target.transition(self.spec.path[upper], self.spec.path[lower])
        if t is None:
            return None
        return t.A_md_eV, t.A_ed_eV, t.A_eV

    def lifetime_rate(self, role: str) -> tuple[float | None, str]:
        """(total decay rate eV, source) of a path role's level."""
        lab = self.spec.path[role]
        for lt in self.target.lifetimes:
            if lt.level == lab:
                return 1.0 / to_natural(lt.value, -1), lt.source
        tot = self.target.total_decay_eV(lab)
        if tot > 0:
            return tot, "sum of the target's radiative A-coefficients"
        return None, "no lifetime or decay rates in the target"

    def renp_lasers(self) -> tuple[Laser, Laser, Laser]:
        """(first excitation g->q, second excitation q->e, trigger) of a RENP spec.

        An excitation laser with ``drives`` takes the step it drives; one without takes
        the step left free, in the spec's order (the model rejects other ``drives``)."""
        spec, p = self.spec, self.spec.path
        steps = (frozenset((p["g"], p["q"])), frozenset((p["q"], p["e"])))
        slots: list[Laser | None] = [None, None]
        free: list[Laser] = []
        for x in spec.lasers.by_role("excitation"):
            k = steps.index(frozenset(x.drives)) if x.drives is not None and \
                frozenset(x.drives) in steps else None
            if k is not None and slots[k] is None:
                slots[k] = x
            else:
                free.append(x)
        # lasers without 'drives' fill the free slots in the spec's order (the model
        # allows no other drives and no two lasers on one step)
        exc1, exc2 = (s if s is not None else free.pop(0) for s in slots)
        return exc1, exc2, spec.lasers.trigger
