"""Numerical settings of a plan (recorded in the Plan's provenance)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from expdesign.physics.constants import SECONDS_PER_YEAR
from expdesign.physics.renp import AXIAL_SPIN_FACTOR

__all__ = ["PlannerSettings", "PhaseSpaceModel"]

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
    horizon_s
        The user's horizon, s (default one year): the Plan's verdict lines call a question
        feasible when its exposure fits in it.
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
    horizon_s: float = SECONDS_PER_YEAR

    def as_strings(self) -> dict[str, str]:
        """Every setting as a string (the Plan's provenance)."""
        return {k: str(v) for k, v in self.__dict__.items()}
