"""The full 3D finite-size distribution for many neutrino mass sets at once (studies).

:func:`distribution_sets` gives, for every mass set, the J_D and J_M of
:func:`expdesign.physics.phasespace.distribution` (mode ``'3d'``, no error estimate;
seed 001 eqs. (12)-(15), normalisation of the package docstring), cell for cell with the
same rules, so each set's numbers equal a single-set call with ``error=False`` (tested).
What it shares across the sets (issue 22):

* one executor for the edge-aware cells of *all* sets, dealt by estimated cost
  (:func:`expdesign.physics.phasespace.edge_cells.deal`), so the workers stay busy to the
  end instead of idling at the end of every set's distribution;
* nothing else: the tensor product rule runs per set in this process while the workers
  take the edge cells (its mass-independent nodes are cheap to rebuild; sharing them by
  stacking the sets' pairs was slower, see ``tensor_part``).

The edge-aware rule itself is mass-dependent throughout: its break points lie on the
kinematic edge sphere ``|Q - K| = P_max(m_i + m_j)`` and its grading follows the neutrino
mass scale, so its nodes are built per cell (docs/phasespace.md).
"""

from __future__ import annotations

from concurrent.futures import Executor

import numpy as np

from expdesign.physics.phasespace.edge_cells import edge_distribution
from expdesign.physics.phasespace.kinematics import Kinematics, er_ylf_kinematics, pair_masses
from expdesign.physics.phasespace.modes import edge_rows, near_edge
from expdesign.physics.phasespace.product_rule import CONFIG_LO, integrate_3d
from expdesign.physics.phasespace.weights import SpinLike, drop_y_odd

__all__ = ["distribution_sets"]


def distribution_sets(theta_s, mass_sets, R: float, L: float, spin: SpinLike = "case1",
                      kin: Kinematics | None = None, executor: Executor | None = None,
                      n_tasks: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Full 3D J_D, J_M (eV^5) for every mass set, shape (H, n_theta, n_pairs).

    Parameters
    ----------
    theta_s
        Signal (trigger) angles from k1 (rad), (n,).
    mass_sets
        (H, N) neutrino masses in eV, one set per row (N = 3: 6 pairs).
    R, L
        Cylinder radius and length in eV^-1.
    spin, kin
        As in :func:`expdesign.physics.phasespace.distribution`.
    executor
        A :class:`concurrent.futures.Executor` for the edge-aware cells of all sets
        (None: serial); the numbers do not depend on it.
    n_tasks
        Tasks the edge cells are dealt into (default: 8 per set, at least 16).

    Returns
    -------
    (J_D, J_M)
        Each (H, n_theta, n_pairs) in eV^5, equal to ``distribution(theta_s, m, R, L,
        mode='3d', error=False)`` for each set ``m``.
    """
    kin = er_ylf_kinematics() if kin is None else kin
    theta = np.atleast_1d(np.asarray(theta_s, dtype=float))
    sets = np.atleast_2d(np.asarray(mass_sets, dtype=float))
    if R <= 0 or L <= 0:
        raise ValueError("R and L must be positive (eV^-1)")
    pm = np.stack([pair_masses(m) for m in sets])  # (H, P, 2)
    H, P = pm.shape[:2]
    spin = drop_y_odd(spin)
    eps = kin.eps_ep
    qz, qx = kin.Q(theta)
    # per set: the rows the edge-aware rule takes (as in distribution(mode='3d'))
    todo = np.stack([edge_rows(qz, qx, eps, pm[h], L, R) for h in range(H)])  # (H, n)
    outD = np.zeros((H, len(theta), P))
    outM = np.zeros((H, len(theta), P))

    def tensor_part() -> None:
        # per set, as distribution() does (stacking the sets' pairs into one call shares
        # the nodes and form factors but was slower: 1.8 s against 1.2 s for 3 sets x 301
        # angles, the (pairs x nodes) temporaries outgrow the cache)
        for h in range(H):
            rest = ~todo[h]
            if np.any(rest):
                outD[h][rest], outM[h][rest] = integrate_3d(kin, theta[rest], pm[h], L, R,
                                                            spin, CONFIG_LO)

    cells = np.zeros((len(theta), H * P), bool)  # pairs of all sets side by side
    near = np.zeros((len(theta), H * P), bool)  # within NEAR_DEG of the pair's edge
    for h in range(H):
        cells[todo[h], h * P:(h + 1) * P] = True
        near[:, h * P:(h + 1) * P] = near_edge(theta, kin, pm[h])
    if np.any(cells):
        k = n_tasks if n_tasks is not None else max(16, 8 * H)
        vD, vM, _, _ = edge_distribution(qz, qx, eps, pm.reshape(-1, 2), spin, L, R, cells,
                                         executor, during=tensor_part, n_tasks=k,
                                         error=False, near=near & cells)
        for h in range(H):
            sl = slice(h * P, (h + 1) * P)
            outD[h][todo[h]] = vD[todo[h], sl]
            outM[h][todo[h]] = vM[todo[h], sl]
    else:
        tensor_part()
    return outD, outM
