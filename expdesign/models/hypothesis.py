"""Neutrino hypotheses: lightest mass, ordering, nature, CP phases, oscillation data, and
an optional light sterile state (3+1)."""

from __future__ import annotations

from typing import Annotated, Literal

import pint
from pydantic import Field, field_validator, model_validator

from expdesign.data import oscillation_set_names
from expdesign.models.base import StrictModel
from expdesign.models.quantities import Angle, QuantitySpec
from expdesign.physics.constants import SIN2_THETA_W_LOW_ENERGY

__all__ = ["NeutrinoHypothesis", "SterileState"]

NeutrinoMass = Annotated[pint.Quantity, QuantitySpec(
    "neutrino mass", ("[energy]",), "eV", lo=0.0, hi=10.0, example="10 meV")]

MixingSquare = Annotated[float, Field(ge=0.0, lt=1.0, allow_inf_nan=False)]


class SterileState(StrictModel):
    """A fourth (sterile) mass state of the 3+1 scheme.

    Mixing as in :func:`expdesign.physics.neutrino.mixing_3p1`: ``|U_e4|^2``,
    ``|U_mu4|^2``, ``|U_tau4|^2`` (sum < 1) and the state's Majorana phase ``gamma``;
    the three extra Dirac phases of the scheme are zero.  ``|U_mu4|``, ``|U_tau4|`` enter
    the atomic couplings through the neutral current (``delta_ij - U_si^* U_sj``).
    """

    mass: NeutrinoMass
    ue4_sq: MixingSquare
    umu4_sq: MixingSquare = 0.0
    utau4_sq: MixingSquare = 0.0
    gamma: Angle = Field(default="0 deg", validate_default=True)

    @model_validator(mode="after")
    def _unitary(self) -> SterileState:
        tot = self.ue4_sq + self.umu4_sq + self.utau4_sq
        if tot >= 1.0:
            raise ValueError(f"|U_e4|^2 + |U_mu4|^2 + |U_tau4|^2 must be < 1 (unitarity of "
                             f"the 4x4 mixing), got {tot:g}")
        return self

    @property
    def label(self) -> str:
        return (f"m4={self.mass.to('eV').m:g} eV |Ue4|^2={self.ue4_sq:g}"
                + (f" |Umu4|^2={self.umu4_sq:g}" if self.umu4_sq else "")
                + (f" |Utau4|^2={self.utau4_sq:g}" if self.utau4_sq else ""))


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
    sterile: SterileState | None = None

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
        base = f"{self.ordering} {self.nature} m_lightest={m:g} meV"
        return base + (f" + sterile {self.sterile.label}" if self.sterile else "")
