"""The hypothesis axis of a study: lightest mass x ordering x nature (x Majorana phases).

A study's hypotheses live outside the spec (whose ``hypotheses`` list is capped): the grid
is built from the spec's assumed truth (its first hypothesis), changing only the lightest
mass, the ordering, the nature and, for Majorana hypotheses, the phases (alpha, beta).
Every other field (oscillation set, delta, sin^2 theta_W) is the truth's.

The masses of a hypothesis are an array (:func:`expdesign.planner.context.
hypothesis_couplings`), and the phase-space kernels take pair masses with a free pair axis
(:func:`expdesign.physics.phasespace.projected_batch.projected_integrals`), so a fourth
(sterile) mass state enters as a longer mass array once the couplings know it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from expdesign.models import NeutrinoHypothesis
from expdesign.units import Q_

__all__ = ["HypothesisGrid"]


@dataclass(frozen=True)
class HypothesisGrid:
    """Lightest mass ``start..stop`` (meV, inclusive) in steps of ``step`` (meV), times
    the orderings, times the natures, times (Majorana only) the phase pairs
    ``(alpha_deg, beta_deg)``.

    The default, 0-100 meV in 1 meV steps, both orderings and both natures, has 404
    hypotheses and 202 distinct mass sets (Dirac and Majorana share theirs).
    """

    start_meV: float = 0.0
    stop_meV: float = 100.0
    step_meV: float = 1.0
    orderings: tuple[str, ...] = ("NO", "IO")
    natures: tuple[str, ...] = ("dirac", "majorana")
    majorana_phases_deg: tuple[tuple[float, float], ...] = field(default=((0.0, 0.0),))

    def __post_init__(self) -> None:
        if not (self.step_meV > 0 and 0 <= self.start_meV <= self.stop_meV):
            raise ValueError("the mass grid needs 0 <= start <= stop and step > 0 (meV)")
        if not self.orderings or set(self.orderings) - {"NO", "IO"}:
            raise ValueError(f"orderings must be NO and/or IO, got {self.orderings!r}")
        if not self.natures or set(self.natures) - {"dirac", "majorana"}:
            raise ValueError(f"natures must be dirac and/or majorana, got {self.natures!r}")
        if not self.majorana_phases_deg:
            raise ValueError("majorana_phases_deg needs at least one (alpha, beta) pair")

    def masses_meV(self) -> np.ndarray:
        """The lightest masses (meV)."""
        n = int(np.floor((self.stop_meV - self.start_meV) / self.step_meV + 1e-9)) + 1
        return self.start_meV + self.step_meV * np.arange(n)

    def hypotheses(self, truth: NeutrinoHypothesis) -> list[NeutrinoHypothesis]:
        """Every hypothesis of the grid, built from ``truth`` (ordering-major, then nature,
        phases, mass); names are empty, so labels say what they are."""
        out = []
        for o in self.orderings:
            for nat in self.natures:
                phases = self.majorana_phases_deg if nat == "majorana" else ((0.0, 0.0),)
                for a, b in phases:
                    for m in self.masses_meV():
                        out.append(truth.model_copy(update={
                            "name": "", "ordering": o, "nature": nat,
                            "lightest_mass": Q_(float(m), "meV"),
                            "alpha": Q_(float(a), "deg"), "beta": Q_(float(b), "deg")}))
        return out

    def as_dict(self) -> dict[str, Any]:
        """The grid as plain JSON data (the study's metadata)."""
        return {"start_meV": self.start_meV, "stop_meV": self.stop_meV,
                "step_meV": self.step_meV, "orderings": list(self.orderings),
                "natures": list(self.natures),
                "majorana_phases_deg": [list(p) for p in self.majorana_phases_deg]}
