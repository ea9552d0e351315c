"""Shared constants and fixtures of the phase-space tests (CM in eV^-1; the Er3+:YLF
kinematics of seed 001 from targets/er_ylf.json)."""

from __future__ import annotations

import numpy as np
import pytest

from expdesign.physics import phasespace as ps
from expdesign.physics.phasespace import reference as rf

CM = 5.0677307e4  # eV^-1
MASSES = (0.01, 0.0133, 0.0513)
PM = ps.pair_masses(MASSES)
KIN = ps.er_ylf_kinematics()

MC_ANGLES_DEG = (120.0, 144.2, 144.6, 144.9, 146.0)
"""Signal angles of the Monte Carlo reference collection (L = 2R = 0.02 cm)."""


@pytest.fixture
def rng():
    return np.random.default_rng(1)


@pytest.fixture(scope="session")
def kin() -> ps.Kinematics:
    return ps.er_ylf_kinematics()


@pytest.fixture(scope="session")
def monte_carlo_small_crystal() -> dict[tuple[float, int], rf.MCResult]:
    """Independent Monte Carlo references (1e6 samples) at L = 2R = 0.02 cm for the pairs
    (11) and (33) at :data:`MC_ANGLES_DEG`: computed once per session."""
    L = 0.02 * CM
    out = {}
    for deg in MC_ANGLES_DEG:
        qz, qx = KIN.Q(np.radians(deg))
        for j in (0, 5):
            out[deg, j] = rf.monte_carlo_pair_integral(qz, qx, KIN.eps_ep, PM[j, 0], PM[j, 1],
                                                       L, L / 2, n=1_000_000, seed=17 + j)
    return out
