"""Deprecated path (issue 13): delete once planner/phase_space.py imports
``distribution_projected`` from :mod:`expdesign.physics.phasespace`.  Re-exports only."""

from expdesign.physics.phasespace.projected import (  # noqa: F401
    autocorrelation,
    disc_overlap,
    distribution_projected,
    kink_slope,
    projected_density,
)
