"""Neutrino hypotheses: lightest mass, ordering, nature, CP phases, oscillation data."""

from __future__ import annotations

from typing import Annotated, Literal

import pint
from pydantic import Field, field_validator

from expdesign.data import oscillation_set_names
from expdesign.models.base import StrictModel
from expdesign.models.quantities import Angle, QuantitySpec
from expdesign.physics.constants import SIN2_THETA_W_LOW_ENERGY

__all__ = ["NeutrinoHypothesis"]

NeutrinoMass = Annotated[pint.Quantity, QuantitySpec(
    "neutrino mass", ("[energy]",), "eV", lo=0.0, hi=10.0, example="10 meV")]


class NeutrinoHypothesis(StrictModel):
    """A hypothesis about the neutrino sector (the first in a spec is the assumed truth).

    CP phases follow the PDG convention (see :mod:`expdesign.physics.neutrino`).
    """

    name: str = Field(default="", max_length=60)
    lightest_mass: NeutrinoMass
    ordering: Literal["NO", "IO"] = "NO"
    nature: Literal["dirac", "majorana"] = "dirac"
    delta: Angle = Field(default="0 deg", validate_default=True)
    alpha: Angle = Field(default="0 deg", validate_default=True)
    beta: Angle = Field(default="0 deg", validate_default=True)
    oscillation_set: str = "pdg2018"
    sin2_theta_w: float = Field(default=SIN2_THETA_W_LOW_ENERGY, gt=0.2, lt=0.26,
                                allow_inf_nan=False)

    @field_validator("oscillation_set")
    @classmethod
    def _known_set(cls, v: str) -> str:
        if v not in oscillation_set_names():
            raise ValueError(f"unknown oscillation_set {v!r}; known: "
                             f"{', '.join(oscillation_set_names())}")
        return v

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        m = self.lightest_mass.to("meV").m
        return f"{self.ordering} {self.nature} m_lightest={m:g} meV"
