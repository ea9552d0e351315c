"""Numerical settings of a plan (recorded in the Plan's provenance)."""

from __future__ import annotations

import math
from dataclasses import InitVar, dataclass
from typing import Literal

from expdesign.models.lasers import MAX_ANGLE_POINTS
from expdesign.physics.constants import SECONDS_PER_YEAR
from expdesign.physics.renp import AXIAL_SPIN_FACTOR, CoherenceFactor

__all__ = ["PlannerSettings", "PhaseSpaceModel", "RanpModel", "RanpSize", "WidthData",
           "check_angle_grid"]

PhaseSpaceModel = Literal["finite", "finite-3d", "inplane", "infinite"]
WidthData = Literal["sourced", "low", "high", "radiative"]
RanpModel = Literal["derived", "paper"]
RanpSize = Literal["infinite", "finite"]


@dataclass
class PlannerSettings:
    """Numerical settings of a plan (recorded in the Plan's provenance).

    Parameters
    ----------
    model
        Phase-space model for RENP angular distributions: ``"finite"`` (finite cylinder,
        exact form factor projected on the pair momentum, 3D neutrino momenta; drops the
        transverse K_t^2, so it is off by ~1e-5 inside and overestimates beyond the edge,
        by up to a factor 2 where J is <= 1e-3 of the peak; its reported error includes an
        estimate of that, :mod:`expdesign.physics.phasespace.model_error`), ``"finite-3d"``
        (the full 3D product rule of :mod:`expdesign.physics.phasespace` with its
        edge-aware rule near and beyond the kinematic edges; accurate, slower),
        ``"inplane"`` (seed 001 eq. 17
        model) or ``"infinite"`` (momentum conservation, seed 001 eq. 13).  For RENP_ATOMIC
        (the gas spectrum, :mod:`expdesign.planner.atomic_cell`): ``"finite"`` and
        ``"finite-3d"`` compute the finite cell (projected or 3D rule), ``"infinite"`` and
        ``"inplane"`` the infinite medium (eq. 17 has no gas analogue; the Plan says so).
    angles
        Number of angles when the spec gives no ``angles`` scan.
    bloch_points
        Output times of the Bloch solution over one cycle.
    axial_factor
        2: axial current = 2 S (derived); 1: seed 001 as printed.
    reference_exposure_s, mass_scan_points
        Removed (they were accepted and never used): the Plan quotes the exposure that
        reaches each question's significance, and the lightest-mass interval from
        ``Delta chi^2 = 1`` at ``m0 +- delta``.  Passing them raises ValueError.
    phase_space_error
        Estimate the phase-space integration error (a second, finer rule: twice the cost).
    angle_grid
        ``(start_deg, stop_deg, points)``: replaces the spec's ``angles`` (scans, benchmarks).
    widths
        Which widths the Plan uses (:mod:`expdesign.planner.widths`, docs/coherence.md):
        ``"sourced"`` (the targets' widths and non-radiative rates), ``"low"`` / ``"high"``
        (each sourced range's low / high end) or ``"radiative"`` (radiative decay only and
        seed 001's gamma_ep = A(e -> p) in h_r: the numbers before widths were modelled).
    coherence_factor
        Crystal RENP coherence factor of the rate and magnetization
        (:func:`expdesign.physics.renp.coherence_weight`, docs/planner.md): ``"derived"``
        (the pair vertex on the Bloch ``rho_ep``, which contains the trigger: ``|rho_ep|^2
        / 4``, no ``h_r``) or ``"paper"`` (seed 001: ``h_r^2 |rho_ee rho_ep|^2``).
    ranp_model
        RANP absolute rate: ``"derived"`` (docs/ranp.md: amplitude, macro-coherent sum with
        the photon, g-e-p Bloch coherence) or ``"paper"`` (seed 000 eq. 7 as printed).
    ranp_size
        Phase space of the derived RANP rate: ``"infinite"`` (momentum conservation, the
        default) or ``"finite"`` (the crystal cylinder through the RENP ``finite`` model's
        projected form factor; ~0.1 s per angle and hypothesis).
    horizon_s
        The user's horizon, s (default one year): the Plan's verdict lines call a question
        feasible when its exposure fits in it.
    workers
        Worker processes for the edge rule of the ``finite-3d`` model (1: in-process).
        The Planner starts the pool (:func:`expdesign.executors.pinned_process_pool`); the
        kernels never start processes themselves.  With 2 or more, a crystal RENP plan of
        the other models also computes its phase-space kernels in a forked child while it
        solves the Bloch class average (:class:`expdesign.planner.phase_space.KernelsAhead`;
        Linux, single-threaded process, not inside a pool worker).  Numbers do not depend
        on it.
    """

    model: PhaseSpaceModel = "finite"
    angles: int = 121
    bloch_points: int = 1001
    axial_factor: float = AXIAL_SPIN_FACTOR
    phase_space_error: bool = True
    angle_grid: tuple[float, float, int] | None = None
    workers: int = 2
    widths: WidthData = "sourced"
    coherence_factor: CoherenceFactor = "derived"
    ranp_model: RanpModel = "derived"
    ranp_size: RanpSize = "infinite"
    horizon_s: float = SECONDS_PER_YEAR
    reference_exposure_s: InitVar[float | None] = None
    mass_scan_points: InitVar[int | None] = None

    def __post_init__(self, reference_exposure_s: float | None,
                      mass_scan_points: int | None) -> None:
        """Refuse removed settings and grids the kernels cannot take (ValueError saying what
        is allowed)."""
        if reference_exposure_s is not None or mass_scan_points is not None:
            raise ValueError(
                "PlannerSettings.reference_exposure_s and mass_scan_points were never used "
                "and are removed: the Plan gives the exposure that reaches each question "
                "(5 sigma; lightest mass to 1 sigma at m0 +- delta); read Plan.exposures")
        if isinstance(self.angles, bool) or not isinstance(self.angles, int) or not (
                2 <= self.angles <= MAX_ANGLE_POINTS):
            raise ValueError(f"angles must be an integer from 2 to {MAX_ANGLE_POINTS}, "
                             f"got {self.angles!r}")
        if self.angle_grid is not None:
            self.angle_grid = check_angle_grid(self.angle_grid)
        if self.coherence_factor not in ("derived", "paper"):
            raise ValueError("coherence_factor must be 'derived' or 'paper', got "
                             f"{self.coherence_factor!r}")

    def as_strings(self) -> dict[str, str]:
        """Every setting as a string (the Plan's provenance)."""
        return {k: str(v) for k, v in self.__dict__.items()}


def check_angle_grid(grid: tuple[float, float, int] | list) -> tuple[float, float, int]:
    """Check an angle grid ``(start_deg, stop_deg, points)`` as the spec's ``angles`` are
    checked: finite ends within +-360 deg, stop > start, 2 to ``MAX_ANGLE_POINTS`` points;
    or one angle, ``(theta, theta, 1)`` (the Planner then bins it by the detector's angular
    resolution, issue 14).

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
    if isinstance(num, bool) or not isinstance(num, int) or not 1 <= num <= MAX_ANGLE_POINTS:
        raise ValueError(f"angle grid points must be an integer from 1 to {MAX_ANGLE_POINTS} "
                         f"(the detector smoothing is an N x N kernel), got {num!r}")
    if not (math.isfinite(lo_f) and math.isfinite(hi_f)) or max(abs(lo_f), abs(hi_f)) > 360:
        raise ValueError(f"angle grid ends must be finite angles within +-360 deg, got "
                         f"{lo!r} and {hi!r}")
    if num == 1:
        if hi_f != lo_f:
            raise ValueError(f"a one-angle grid has start = stop, got {lo_f:g} and {hi_f:g} "
                             "deg (or give 2 or more points)")
        return (lo_f, hi_f, num)
    if hi_f <= lo_f:
        raise ValueError(f"angle grid stop ({hi_f:g} deg) must be greater than start "
                         f"({lo_f:g} deg)")
    return (lo_f, hi_f, num)
