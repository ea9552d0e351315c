"""The Planner: spec -> pipeline of the spec's process -> :class:`~expdesign.plan.Plan`.

Modules
-------
settings
    :class:`PlannerSettings` (numerical choices, recorded in the Plan's provenance).
core
    :class:`Planner` and :func:`plan`: the only place that knows the order of steps.
context
    The spec read in natural units (:class:`PlanContext`) and the :class:`Accumulator`.
renp, renp_coherence, phase_space, renp_detection
    The RENP pipeline (seed 001) and its steps.
ranp
    The RANP pipeline (seed 000).
exposures
    The exposure questions both pipelines ask.
"""

from expdesign.planner.context import Progress
from expdesign.planner.core import PairDecomposition, Planner, plan
from expdesign.planner.settings import PlannerSettings

__all__ = ["PairDecomposition", "Planner", "PlannerSettings", "Progress", "plan"]
