"""Numerical settings of a plan (recorded in the Plan's provenance)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from expdesign.models.lasers import MAX_ANGLE_POINTS
from expdesign.physics.constants import SECONDS_PER_YEAR
from expdesign.physics.renp import AXIAL_SPIN_FACTOR

__all__ = ["PlannerSettings", "PhaseSpaceModel", "check_angle_grid"]

PhaseSpaceModel = Literal["finite", "finite-3d", "inplane", "infinite"]


@dataclass
class PlannerSettings:
    """Numerical settings of a plan (recorded in the Plan's provenance).

    Parameters
    ----------
    model
        Phase-space model for RENP angular distributions: ``"finite"`` (finite cylinder,
        exact form factor projected on the pair momentum, 3D neutrino momenta; drops the
        sphere curvature, so it is off by up to 8e-5 of the peak at the edge and by a few
        per cent beyond it, where J is <= 1e-3 of the peak), ``"finite-3d"`` (the full 3D
        product rule of :mod:`expdesign.physics.phasespace` with its edge-aware rule near
        and beyond the kinematic edges; accurate, slower), ``"inplane"`` (seed 001 eq. 17
        model) or ``"infinite"`` (momentum conservation, seed 001 eq. 13).
    angles
        Number of angles when the spec gives no ``angles`` scan.
    bloch_points
        Output times of the Bloch solution over one cycle.
    axial_factor
        2: axial current = 2 S (derived); 1: seed 001 as printed.
    reference_exposure_s
        Exposure at which the lightest-mass interval is quoted, s.
    mass_scan_points
        Points of the lightest-mass scan.
    phase_space_error
        Estimate the phase-space integration error (a second, finer rule: twice the cost).
    angle_grid
        ``(start_deg, stop_deg, points)``: replaces the spec's ``angles`` (scans, benchmarks).
    workers
        Worker processes for the edge rule of the ``finite-3d`` model (1: in-process).
        The Planner starts the pool (:func:`expdesign.executors.pinned_process_pool`); the
        kernels never start processes themselves.  Numbers do not depend on it.
    """

    model: PhaseSpaceModel = "finite"
    angles: int = 121
    bloch_points: int = 1001
    axial_factor: float = AXIAL_SPIN_FACTOR
    reference_exposure_s: float = SECONDS_PER_YEAR
    mass_scan_points: int = 9
    phase_space_error: bool = True
    angle_grid: tuple[float, float, int] | None = None
    workers: int = 2

    def __post_init__(self) -> None:
        """Refuse grids the kernels cannot take (ValueError saying what is allowed)."""
        if isinstance(self.angles, bool) or not isinstance(self.angles, int) or not (
                2 <= self.angles <= MAX_ANGLE_POINTS):
            raise ValueError(f"angles must be an integer from 2 to {MAX_ANGLE_POINTS}, "
                             f"got {self.angles!r}")
        if self.angle_grid is not None:
            self.angle_grid = check_angle_grid(self.angle_grid)

    def as_strings(self) -> dict[str, str]:
        """Every setting as a string (the Plan's provenance)."""
        return {k: str(v) for k, v in self.__dict__.items()}


def check_angle_grid(grid: tuple[float, float, int] | list) -> tuple[float, float, int]:
    """Check an angle grid ``(start_deg, stop_deg, points)`` as the spec's ``angles`` are
    checked: finite ends within +-360 deg, stop > start, 2 to ``MAX_ANGLE_POINTS`` points.

    Raises
    ------
    ValueError
        Saying which part is wrong and what is allowed.
    """
    try:
        lo, hi, num = grid
        lo_f, hi_f = float(lo), float(hi)
    except (TypeError, ValueError):
        raise ValueError(f"an angle grid is (start_deg, stop_deg, points), got {grid!r}"
                         ) from None
    if isinstance(num, bool) or not isinstance(num, int) or not 2 <= num <= MAX_ANGLE_POINTS:
        raise ValueError(f"angle grid points must be an integer from 2 to {MAX_ANGLE_POINTS} "
                         f"(the detector smoothing is an N x N kernel), got {num!r}")
    if not (math.isfinite(lo_f) and math.isfinite(hi_f)) or max(abs(lo_f), abs(hi_f)) > 360:
        raise ValueError(f"angle grid ends must be finite angles within +-360 deg, got "
                         f"{lo!r} and {hi!r}")
    if hi_f <= lo_f:
        raise ValueError(f"angle grid stop ({hi_f:g} deg) must be greater than start "
                         f"({lo_f:g} deg)")
    return (lo_f, hi_f, num)
