"""Detectors: photon counter or magnetometer."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from expdesign.models.base import StrictModel
from expdesign.models.quantities import Angle, NoiseDensity, Rate, SignedLength

__all__ = ["SensorPosition", "Detector"]


class SensorPosition(StrictModel):
    """Magnetometer sensor position relative to the crystal centre (cylinder coordinates)."""

    axial: SignedLength = Field(description="along the cylinder axis from its centre")
    radial: SignedLength = Field(default="0 cm", validate_default=True)


class Detector(StrictModel):
    """What measures the signal.

    ``photon_counter``: counts signal photons (efficiency, dark/background rate).
    ``magnetometer``: measures the accumulated parity-violating magnetization
    (white noise density, sensor position).  ``xi`` is the field-conversion
    factor of seed 001 eq. (59) (fraction of ions taking part): the Plan derives the
    field from the magnetization itself and uses ``xi`` only for the comparison row
    "seed 001 eq. (59) field estimate xi g mu_B n" beside its own field.
    """

    kind: Literal["photon_counter", "magnetometer"]
    angular_resolution: Angle
    resolution_shape: Literal["gaussian", "tophat"] = "gaussian"
    efficiency: float = Field(default=1.0, ge=1e-6, le=1.0, allow_inf_nan=False,
                              description="photon detection efficiency, 1e-6 to 1 (below, "
                              "the signal rates underflow the statistics)")
    background_rate: Rate = Field(default="0 /s", validate_default=True)
    noise_density: NoiseDensity | None = None
    sensor_position: SensorPosition | None = None
    xi: float = Field(default=0.01, gt=0.0, le=1.0, allow_inf_nan=False)

    @model_validator(mode="after")
    def _kind_fields(self) -> Detector:
        if self.angular_resolution.to("deg").m <= 0:
            raise ValueError("angular_resolution must be positive")
        if self.kind == "magnetometer":
            if self.noise_density is None:
                raise ValueError("a magnetometer needs noise_density (e.g. '1 fT/Hz^0.5')")
            if self.sensor_position is None:
                raise ValueError("a magnetometer needs sensor_position")
        return self
