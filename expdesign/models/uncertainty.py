"""Uncertainties of a spec's and its target's numbers (optional; used by the sensitivity
run, :mod:`expdesign.planner.sensitivity`)."""

from __future__ import annotations

from pydantic import Field, model_validator

from expdesign.models.base import StrictModel

__all__ = ["InputUncertainty"]


class InputUncertainty(StrictModel):
    """The uncertainty of one input of the design, with its source.

    ``input`` is a sensitivity input id (``expdesign plan --sensitivity`` lists them), e.g.
    ``lasers.lasers.exc1.intensity``, ``target.number_density``, ``target.A(e->p)``,
    ``overrides.spin_relaxation_T1``.  Give exactly one of ``relative`` (1-sigma relative
    error), ``range`` (``[low, high]`` in the input's unit, as the report lists it) or
    ``lognormal_sigma`` (standard deviation of ``ln x``).  A spec with uncertainties gets
    the sensitivity section and the uncertainty bands in its Plan.
    """

    input: str = Field(min_length=1, max_length=200)
    relative: float | None = Field(default=None, gt=0.0, le=10.0, allow_inf_nan=False)
    range: tuple[float, float] | None = Field(default=None, description="[low, high] in "
                                              "the input's unit")
    lognormal_sigma: float | None = Field(default=None, gt=0.0, le=20.0, allow_inf_nan=False)
    source: str = Field(min_length=1, max_length=600)

    @model_validator(mode="after")
    def _one(self) -> InputUncertainty:
        given = [x is not None for x in (self.relative, self.range, self.lognormal_sigma)]
        if sum(given) != 1:
            raise ValueError("give exactly one of relative, range, lognormal_sigma")
        if self.range is not None:
            lo, hi = self.range
            if not (0 < lo <= hi) or not (hi < float("inf")):
                raise ValueError("range must be [low, high] with 0 < low <= high, finite")
        return self
