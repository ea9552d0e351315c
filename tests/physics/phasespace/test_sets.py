"""The 3D distribution for many mass sets at once (issue 22) against one set at a time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import threadpool_limits

from expdesign.physics import phasespace as ps

from .conftest import CM, KIN


def test_sets_equal_single_distributions_bit_for_bit():
    """Each set's J_D, J_M equal ``distribution(mode='3d', error=False)`` for that set, on
    angles that take the tensor rule (100 deg), the edge rule on the allowed side and on
    the forbidden side, for a massless lightest neutrino and an IO set; with
    the edge cells of all sets dealt into one executor or run serially."""
    sets = np.array([[0.0, 0.0086, 0.0502], [0.06, 0.0606, 0.0]])
    th = np.radians([100.0, 143.0, 150.0, 170.0])
    L = 2 * CM
    with threadpool_limits(1):
        d, m = ps.distribution_sets(th, sets, L / 2, L, kin=KIN)
        with ThreadPoolExecutor(2) as ex:
            d2, m2 = ps.distribution_sets(th, sets, L / 2, L, kin=KIN, executor=ex,
                                          n_tasks=5)
        for h, s in enumerate(sets):
            r = ps.distribution(th, s, L / 2, L, mode="3d", kin=KIN, error=False)
            np.testing.assert_array_equal(d[h], r.dirac)
            np.testing.assert_array_equal(m[h], r.majorana)
            assert r.info["edge_cells"][1:].all() and not r.info["edge_cells"][0].any()
    np.testing.assert_array_equal(d, d2)
    np.testing.assert_array_equal(m, m2)
    assert np.all(np.isfinite(d)) and np.all(d[:, 0] > 0)


def test_edge_rows_band():
    """Rows go to the edge-aware rule when some pair's edge sphere comes within EDGE_BAND
    form-factor units of K = 0 (here: by hand from |Q| and P_max at two crystal sizes)."""
    from expdesign.physics.phasespace.modes import EDGE_BAND, edge_rows

    pm = ps.pair_masses((0.01, 0.0133, 0.0513))
    th = np.radians(np.linspace(0.0, 180.0, 181))
    qz, qx = KIN.Q(th)
    for L in (2 * CM, 0.2 * CM):
        rows = edge_rows(qz, qx, KIN.eps_ep, pm, L, L / 2)
        pmax_min = np.sqrt(KIN.eps_ep**2 - (2 * 0.0513) ** 2)  # the (33) pair's sphere
        q = np.hypot(qz, qx)
        np.testing.assert_array_equal(rows, (q - pmax_min) * L / 2 > -EDGE_BAND)
