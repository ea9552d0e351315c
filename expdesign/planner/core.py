"""The Planner: composes the pipeline of the spec's process into a Plan.

It is the only place that knows the order of the steps; the steps live in
:mod:`expdesign.planner.renp` and :mod:`expdesign.planner.ranp`, the formulas in the
kernels (:mod:`expdesign.physics`, :mod:`expdesign.statistics`).  Every number leaves as
a pint quantity in the Plan; inside, plain floats in eV.
"""

from __future__ import annotations

import time

import numpy as np

from expdesign.models import ExperimentSpec
from expdesign.physics.phasespace import smooth
from expdesign.plan import ArrayQuantity, Plan, PlanContent, Provenance
from expdesign.planner.context import Accumulator, PlanContext, Progress
from expdesign.planner.ranp import run_ranp
from expdesign.planner.renp import run_renp
from expdesign.planner.settings import PlannerSettings

__all__ = ["Planner", "plan"]


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

    def run(self) -> Plan:
        """Compute the Plan (progress reported through the ``progress`` callback)."""
        t0 = time.perf_counter()
        ctx = PlanContext(self.spec, self.settings, self._progress)
        acc = Accumulator()
        ctx.step("start", 0.0)
        if self.spec.process == "RENP":
            run_renp(ctx, acc)
        else:
            run_ranp(ctx, acc)
        _smooth(ctx, acc)
        acc.add("planner_wall_time", time.perf_counter() - t0, "s", "time taken by this plan")
        ctx.step("done", 1.0)
        return Plan(
            spec_name=self.spec.name, process=self.spec.process, target=self.target.name,
            hypotheses=[h.label for h in self.spec.hypotheses],
            provenance=Provenance.now(self.spec.canonical_json(), self.settings.as_strings()),
            **{k: getattr(acc, k) for k in PlanContent.model_fields})


def _smooth(ctx: PlanContext, acc: Accumulator) -> None:
    """Fill ``Distribution.smoothed``: convolution with the detector's angular response
    (Gaussian: the resolution is the standard deviation; top-hat: the full width),
    seed 001 around Fig. 6."""
    det = ctx.spec.detector
    res = det.angular_resolution.to("rad").m
    for d in acc.distributions:
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
