"""The Planner: composes the pipeline of the spec's process into a Plan.

It is the only place that knows the order of the steps; the steps live in
:mod:`expdesign.planner.renp` and :mod:`expdesign.planner.ranp`, the formulas in the
kernels (:mod:`expdesign.physics`, :mod:`expdesign.statistics`).  Every number leaves as
a pint quantity in the Plan; inside, plain floats in eV.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pint

from expdesign.models import ExperimentSpec, NeutrinoHypothesis
from expdesign.physics.bloch import BlochCheckError
from expdesign.physics.constants import SECONDS_PER_YEAR
from expdesign.physics.neutrino import pairs
from expdesign.physics.phasespace import smooth
from expdesign.plan import ArrayQuantity, Exposure, Plan, PlanContent, Provenance, Verdict
from expdesign.planner.atomic_renp import run_atomic_renp
from expdesign.planner.context import Accumulator, PlanContext, Progress
from expdesign.planner.exposures import hypothesis_notes
from expdesign.planner.feasibility import apply_verdicts
from expdesign.planner.ranp import run_ranp
from expdesign.planner.renp import RenpObservables, run_renp
from expdesign.planner.settings import PlannerSettings
from expdesign.units import Q_

__all__ = ["Planner", "PairDecomposition", "plan"]


@dataclass(frozen=True)
class PairDecomposition:
    """Each neutrino pair's share of a RENP Plan's rate and magnetization rate.

    ``rate`` and ``magnetization_rate`` map ``"(11)", "(12)", ... "(33)"`` (unordered pairs,
    the ``(ij)`` and ``(ji)`` terms added) to arrays over ``theta`` (pint quantities, s^-1
    and A/m/s); their sum over pairs is the Plan's distribution.
    """

    hypothesis: str
    theta: pint.Quantity
    rate: dict[str, pint.Quantity]
    magnetization_rate: dict[str, pint.Quantity]


class Planner:
    """Plan a validated :class:`~expdesign.models.ExperimentSpec`.

    Parameters
    ----------
    spec
        The experiment.
    settings
        Numerical settings (default :class:`PlannerSettings`).
    progress
        Called as ``progress(step, fraction_done)`` while the plan runs.

    Examples
    --------
    >>> import expdesign
    >>> spec = expdesign.load_spec("schemas/examples/er_ylf_renp.json")  # doctest: +SKIP
    >>> plan = expdesign.Planner(spec).run()  # doctest: +SKIP
    """

    def __init__(self, spec: ExperimentSpec, settings: PlannerSettings | None = None,
                 progress: Progress | None = None) -> None:
        self.spec = spec
        self.settings = settings or PlannerSettings()
        self.target = spec.resolved_target
        self._progress = progress
        self._renp: RenpObservables | None = None

    def run(self) -> Plan:
        """Compute the Plan (progress reported through the ``progress`` callback)."""
        t0 = time.perf_counter()
        ctx = PlanContext(self.spec, self.settings, self._progress)
        acc = Accumulator()
        ctx.step("start", 0.0)
        hypothesis_notes(ctx, acc)
        try:
            if self.spec.process == "RENP":
                self._renp = run_renp(ctx, acc)
            elif self.spec.process == "RENP_ATOMIC":
                run_atomic_renp(ctx, acc)
            else:
                run_ranp(ctx, acc)
        except NOT_EVALUABLE_ERRORS as exc:
            _not_evaluable(acc, ctx.current_step, exc)
        _smooth(ctx, acc)
        apply_verdicts(acc)
        acc.add("planner_wall_time", time.perf_counter() - t0, "s", "time taken by this plan")
        ctx.step("done", 1.0)
        out = Plan(
            spec_name=self.spec.name, process=self.spec.process, target=self.target.name,
            hypotheses=[h.label for h in self.spec.hypotheses],
            horizon=Q_(self.settings.horizon_s / SECONDS_PER_YEAR, "year"),
            provenance=Provenance.now(self.spec.canonical_json(), self.settings.as_strings(),
                                      ctx.solver_stats),
            **{k: getattr(acc, k) for k in PlanContent.model_fields})
        # issue 23: what limits the design; the bands of spec uncertainties need the
        # finite differences, else the exact elasticities only (no re-plan)
        from expdesign.planner.sensitivity import analyse
        return analyse(self.spec, self.settings, out,
                       finite_differences=bool(self.spec.uncertainties))


    def observables(self) -> RenpObservables:
        """The RENP observables of the finished plan (runs it first if needed): rates and
        magnetization rates of any hypothesis on the Plan's angles (studies use them).

        Raises
        ------
        ValueError
            For a RANP spec, or where the RENP rates are not evaluable.
        """
        if self.spec.process != "RENP":
            raise ValueError("observables are defined for RENP specs only")
        if self._renp is None:
            self.run()
        if self._renp is None:
            raise ValueError("the RENP rates of this spec are not evaluable; see the Plan's "
                             "warnings")
        return self._renp

    def pair_decomposition(self, hypothesis: NeutrinoHypothesis | None = None
                           ) -> PairDecomposition:
        """Each pair's share of the RENP rate and magnetization rate (seed 001 Fig. 8) for
        ``hypothesis`` (default: the spec's first), on the Plan's trigger angles.

        Runs the plan first if :meth:`run` has not been called.

        Raises
        ------
        ValueError
            For a RANP spec, or where the RENP rates are not evaluable (the Plan's warnings
            say why).
        """
        if self.spec.process != "RENP":
            raise ValueError("pair_decomposition is defined for RENP specs only")
        if self._renp is None:
            self.run()
        if self._renp is None:
            raise ValueError("the RENP rates of this spec are not evaluable; see the Plan's "
                             "warnings")
        h = hypothesis or self.spec.hypotheses[0]
        rate, mag = self._renp.per_pair(h)
        r: dict[str, pint.Quantity] = {}
        m: dict[str, pint.Quantity] = {}
        for i, j in pairs(rate.shape[-1]):
            key = f"({i + 1}{j + 1})"
            r[key] = Q_(rate[:, i, j] + (rate[:, j, i] if i != j else 0.0), "1/s")
            m[key] = Q_(mag[:, i, j] + (mag[:, j, i] if i != j else 0.0), "A/m/s")
        return PairDecomposition(h.label, Q_(self._renp.theta_deg, "deg"), r, m)


NOT_EVALUABLE_ERRORS: tuple[type[Exception], ...] = (BlochCheckError, ArithmeticError)
"""What a kernel raises where a valid spec is outside what it can evaluate: the Bloch
solution fails its density-matrix checks (stiff regimes: large detunings, intensities or
dephasing), or a float overflows or divides by an underflowed zero."""


def _not_evaluable(acc: Accumulator, step: str, exc: Exception) -> None:
    """Record a step the kernels could not evaluate as a 'not evaluable' verdict; the Plan
    keeps what the earlier steps computed."""
    why = f"{type(exc).__name__}: {exc}"
    acc.verdicts.append(Verdict(
        name="plan evaluable", status="not evaluable",
        detail=f"the step '{step}' could not be evaluated for this spec ({why}); the "
               "results after it are missing"))
    acc.warnings.append(f"not evaluable from the step '{step}' on: {why}")
    acc.exposures.clear()
    acc.exposures.append(Exposure(question="signal at 5 sigma", status="not evaluable",
                                  detail=f"the step '{step}' could not be evaluated ({why})"))


def _smooth(ctx: PlanContext, acc: Accumulator) -> None:
    """Fill ``Distribution.smoothed``: convolution with the detector's angular response
    (Gaussian: the resolution is the standard deviation; top-hat: the full width),
    seed 001 around Fig. 6."""
    det = ctx.spec.detector
    res = det.angular_resolution.to("rad").m
    for d in acc.distributions:
        if d.x.unit != "deg":  # photon-energy spectra (RENP_ATOMIC) are not angular
            continue
        x = np.radians(np.asarray(d.x.values))
        if len(x) < 3 or not np.all(np.diff(x) > 0):
            continue
        ys = smooth(x, np.asarray(d.y.values), res, det.resolution_shape)
        d.smoothed = ArrayQuantity.of(ys, d.y.unit)
    acc.assumptions.append(
        f"smoothed distributions: {det.resolution_shape} angular response of "
        f"{det.angular_resolution.to('deg').m:g} deg "
        + ("(standard deviation)" if det.resolution_shape == "gaussian" else "(full width)"))


def plan(spec: ExperimentSpec, settings: PlannerSettings | None = None,
         progress: Progress | None = None) -> Plan:
    """Plan a spec (a thin wrapper over :class:`Planner`)."""
    return Planner(spec, settings, progress).run()
