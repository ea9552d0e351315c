"""Lasers and the laser system of an experiment (excitation, trigger, timing)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from expdesign.models.base import StrictModel
from expdesign.models.quantities import (
    Angle,
    Energy,
    Frequency,
    Intensity,
    PositiveTime,
    Rate,
    SignedEnergy,
    Time,
)
from expdesign.models.target import LABEL_PATTERN

__all__ = ["Laser", "AngleScan", "LaserSystem", "MAX_ANGLE_POINTS"]

MAX_ANGLE_POINTS = 4001
"""Most angles a plan evaluates: the detector smoothing builds an N x N kernel (4001
points: ~0.6 GB and a few seconds per distribution; 10001 took 3 GB and 100 s), so
0.05 deg steps over 180 deg is the finest grid a laptop plans."""


class Laser(StrictModel):
    """One laser: its role, photon energy or the transition it drives, intensity, direction.

    ``drives`` names the levels ``[lower, upper]`` of the transition the laser
    is tuned to.  If ``photon_energy`` is absent it is the level spacing plus
    ``detuning``; if both are given they must agree within the laser system's
    ``energy_tolerance`` (checked against the target in the experiment spec).
    ``direction`` is the angle of the wave vector from the first excitation laser
    k1 (the cylinder axis z) in the laser plane (seed 001 Fig. 2).
    """

    name: str = Field(min_length=1, max_length=40)
    role: Literal["excitation", "trigger"]
    drives: tuple[str, str] | None = Field(
        default=None, description="[lower, upper] level labels of the driven transition")
    photon_energy: Energy | None = None
    detuning: SignedEnergy | None = None
    intensity: Intensity
    linewidth: Rate | None = None
    direction: Angle | None = None
    polarization: Literal["linear"] = Field(
        default="linear", description="only 'linear' is modelled (seed 001 eq. 8 and the "
        "Rabi frequencies assume a linearly polarised field)")

    @model_validator(mode="before")
    @classmethod
    def _polarization(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("polarization", "linear") != "linear":
            raise ValueError(
                f"laser polarization {data.get('polarization')!r} is not modelled: h_r "
                "(seed 001 eq. 8) and the Rabi frequencies assume linear polarisation; "
                "remove the field or set 'linear'")
        return data

    @model_validator(mode="after")
    def _energy_given(self) -> Laser:
        if self.drives is not None:
            import re

            for lab in self.drives:
                if not re.match(LABEL_PATTERN, lab):
                    raise ValueError(f"laser {self.name!r}: {lab!r} is not a level label")
            if self.drives[0] == self.drives[1]:
                raise ValueError(f"laser {self.name!r} drives a level to itself")
        return self


class AngleScan(StrictModel):
    """A range of trigger directions to evaluate: ``points`` angles from start to stop."""

    start: Angle
    stop: Angle
    points: int = Field(ge=2, le=MAX_ANGLE_POINTS,
                        description=f"number of angles, 2 to {MAX_ANGLE_POINTS} (the "
                        "detector smoothing is an N x N kernel)")

    @model_validator(mode="after")
    def _order(self) -> AngleScan:
        if self.stop.to("rad").m <= self.start.to("rad").m:
            raise ValueError("scan stop must be greater than start")
        return self


class LaserSystem(StrictModel):
    """The lasers of a design and their timing.

    Timing follows seed 001 Figs. 11-12: CW excitation from t = 0, trigger
    switched on after ``trigger_delay``; each cycle lasts ``cycle_duration``
    and cycles repeat at ``repetition_rate``.  For RANP (seed 000) the two
    excitation lasers counter-propagate along z and ``imprint_r`` may give
    omega_1 - omega_2 = r eps_eg instead of explicit photon energies
    (seed 000 sec. 2).
    """

    lasers: list[Laser] = Field(min_length=1, max_length=10)
    trigger_delay: Time = Field(default="0 s", validate_default=True)
    trigger_rise_time: Time = Field(
        default="0 s", validate_default=True,
        description="RENP: the trigger switches on as sin^2 over this time after "
        "trigger_delay (0: a step)")
    cycle_duration: PositiveTime | None = None
    repetition_rate: Frequency | None = None
    imprint_r: float | None = Field(
        default=None, gt=-1.0, lt=1.0, allow_inf_nan=False,
        description="RANP imprint r = (omega_1 - omega_2) / eps_eg, strictly inside (-1, 1): "
        "at r = +-1 one excitation photon has zero energy (seed 000 sec. 2)")
    energy_tolerance: Energy = Field(default="0.1 meV", validate_default=True,
                                     description="allowed mismatch of laser and transition")

    @model_validator(mode="after")
    def _names(self) -> LaserSystem:
        names = [x.name for x in self.lasers]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"duplicate laser names: {sorted(dup)}")
        if not any(x.role == "trigger" for x in self.lasers):
            raise ValueError("the laser system needs a trigger laser (role 'trigger')")
        for x in self.lasers:
            if x.photon_energy is None and x.drives is None and not (
                    x.role == "excitation" and self.imprint_r is not None):
                raise ValueError(
                    f"laser {x.name!r} needs a photon_energy or the transition it drives "
                    "('drives': [lower, upper]); RANP excitation lasers may instead take "
                    "their energies from lasers.imprint_r")
        if self.cycle_duration is not None and self.repetition_rate is not None:
            period = 1.0 / self.repetition_rate.to("Hz").m
            if self.cycle_duration.to("s").m > period * (1 + 1e-9):
                raise ValueError(
                    f"cycle_duration {self.cycle_duration:~P} is longer than the repetition "
                    f"period {period:.4g} s")
        return self

    def by_role(self, role: str) -> list[Laser]:
        return [x for x in self.lasers if x.role == role]

    @property
    def trigger(self) -> Laser:
        return self.by_role("trigger")[0]
