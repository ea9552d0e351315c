"""Crystal (or gas cell) geometry: a cylinder along the first excitation laser."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from expdesign.models.base import StrictModel
from expdesign.models.quantities import Angle, Length, MagneticField

__all__ = ["CrystalGeometry"]


class CrystalGeometry(StrictModel):
    """Cylinder of radius R and length L with its axis along k1 (seed 001 eq. 14).

    ``c_axis`` is the crystal c-axis orientation, the cases of seed 001 sec. IV:
    ``parallel_k1`` (1), ``in_laser_plane`` (2, at ``c_axis_angle`` from k1) and
    ``normal_to_plane`` (3).  ``applied_field`` is an optional static field
    (needed to suppress three-photon emission, seed 001 sec. V).
    """

    shape: Literal["cylinder"] = "cylinder"
    radius: Length
    length: Length
    c_axis: Literal["parallel_k1", "in_laser_plane", "normal_to_plane"] = "parallel_k1"
    c_axis_angle: Angle | None = None
    applied_field: MagneticField | None = None
    zeeman_resolved_lasers: bool = False

    @model_validator(mode="after")
    def _case2(self) -> CrystalGeometry:
        if self.c_axis == "in_laser_plane" and self.c_axis_angle is None:
            raise ValueError("c_axis 'in_laser_plane' needs c_axis_angle")
        if self.c_axis != "in_laser_plane" and self.c_axis_angle is not None:
            raise ValueError(f"c_axis_angle only applies to c_axis 'in_laser_plane', "
                             f"not {self.c_axis!r}")
        return self
