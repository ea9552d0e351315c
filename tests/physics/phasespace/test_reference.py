"""The Monte Carlo reference: reproducible by seed, standard error ~ 1/sqrt(n)."""

from __future__ import annotations

import numpy as np

from expdesign.physics.phasespace import reference as rf

from .conftest import CM, KIN, PM


def test_seeded_and_error_scaling():
    qz, qx = KIN.Q(np.radians(120.0))
    L = 0.02 * CM
    args = (float(qz), float(qx), KIN.eps_ep, PM[0, 0], PM[0, 1], L, L / 2)
    a = rf.monte_carlo_pair_integral(*args, n=20_000, seed=3)
    b = rf.monte_carlo_pair_integral(*args, n=20_000, seed=3)
    assert a == b
    c = rf.monte_carlo_pair_integral(*args, n=80_000, seed=4)
    assert 0.3 < c.err_dirac / a.err_dirac < 0.75
    assert abs(c.dirac - a.dirac) < 5 * a.err_dirac
    assert a.majorana < 0 < a.dirac
