"""Edge-aware values for the (signal angle, mass pair) cells near and beyond the edges.

:func:`edge_distribution` picks, per cell, a value rule and a companion rule (for the
error estimate) from :mod:`expdesign.physics.phasespace.edge_params` and evaluates them
with :func:`expdesign.physics.phasespace.edge_rule.edge_integral`.  The cells are
independent: a caller may pass a :class:`concurrent.futures.Executor` to spread them
(the kernel itself never starts threads or processes); the numbers do not depend on it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

import numpy as np

from expdesign.physics.phasespace.edge_params import (
    EDGE_ALLOWED,
    EDGE_BEYOND,
    EDGE_BEYOND_B,
    EDGE_BEYOND_CLOSE,
    EDGE_FAR,
    EDGE_FAR_SD,
    EDGE_FORB,
    EDGE_FORB_B,
    EDGE_LO,
    EDGE_MID,
    EDGE_NEAR_FORB,
    FORB_NEAR,
    EdgeParams,
)
from expdesign.physics.phasespace.edge_rule import edge_integral
from expdesign.physics.phasespace.weights import SpinLike

__all__ = ["CellTask", "cell_rules", "deal", "edge_cells", "edge_distribution"]

CellTask = tuple[Any, ...]
"""(qz, qx, eps, pair masses, spin, L, R, [(angle index, pair index), ...][, error
[, near]]); ``error`` (default True): compute the companion rule; False reports the value
rule's verified accuracy (the floor) as the estimate and costs half.  ``near`` (default
None): (n_theta, n_pairs) mask of the cells within NEAR_DEG of their pair's edge (1e-4
asked for there, see :func:`cell_rules`)."""
CellValue = tuple[int, int, np.ndarray, np.ndarray]

MIN_CELLS_PER_TASK = 1
"""Cells are dealt (by estimated cost, :func:`deal`) into at most ``n_tasks`` tasks of at
least this many."""


def cell_rules(qz: float, qx: float, eps: float, m1: float, m2: float, L: float, R: float,
               near: bool = False) -> tuple[EdgeParams, EdgeParams, float, float]:
    """(value rule, companion rule, verified accuracy of the value rule, relative cost)
    for one cell (Q in eV, masses in eV, L and R in eV^-1).

    ``near``: the cell's signal angle lies within
    :data:`~expdesign.physics.phasespace.edge_params.NEAR_DEG` of its pair's kinematic
    edge, where a relative accuracy of 1e-4 is asked for (1e-6 elsewhere; issue 22): there
    the cheaper :data:`EDGE_ALLOWED` (allowed side) and :data:`EDGE_NEAR_FORB` (forbidden
    side, sphere through the x core) replace EDGE_LO, EDGE_FORB and EDGE_FORB_B, with the
    rule they replace (finer) as companion; at the sphere's closest approach on the
    forbidden side EDGE_FORB_B replaces EDGE_LO (within 1.3e-5 of EDGE_HI there, EDGE_LO
    2.6e-5, EDGE_NEAR_FORB 5.5e-5).  On the allowed side :data:`EDGE_ALLOWED`
    (EDGE_MID with a coarser TT1 block) is the value rule at any distance, EDGE_MID its
    companion.

    The accuracy floor is a little above the largest |J / J_HI - 1| of the value rule's
    convergence study (docs/phasespace.md); the cost (ms per cell, measured without the
    companion) only orders the work for an executor.
    """
    pmax = np.sqrt(max(eps**2 - (m1 + m2) ** 2, 0.0))
    sgap = (np.hypot(qz, qx) - pmax) * min(L / 2, R)
    clear = max((qz - pmax) * L / 2, -(qz + pmax) * L / 2)  # sphere to x = 0
    if abs(sgap) < 4 * EDGE_LO.T2:
        if near and sgap <= 0:
            return EDGE_ALLOWED, EDGE_LO, 3e-5, 20.0
        if near:  # EDGE_NEAR_FORB is up to 5.5e-5 off here (1 meV IO), EDGE_LO 2.6e-5
            return EDGE_FORB_B, EDGE_FAR, 3e-5, 66.0
        return EDGE_LO, EDGE_MID, 3e-5, 190.0
    if sgap > 0 and clear > EDGE_MID.T + 4:
        a = EDGE_BEYOND if clear > 8 * EDGE_MID.T else EDGE_BEYOND_CLOSE
        return a, EDGE_BEYOND_B, 1e-6, 7.0
    if sgap > 0 and near:
        return EDGE_NEAR_FORB, EDGE_FORB_B, 5e-5, 22.0
    if sgap > FORB_NEAR:
        return EDGE_FORB, EDGE_FAR_SD, 1e-6, 100.0
    if sgap > 0:
        return EDGE_FORB_B, EDGE_FAR, 1e-5, 66.0
    if near:
        return EDGE_ALLOWED, EDGE_MID, 1e-6, 12.0
    return EDGE_ALLOWED, EDGE_MID, 1e-7, 12.0


def edge_cells(args: CellTask) -> list[CellValue]:
    """Edge-aware values and error estimates for a list of (angle, pair) cells.

    A module-level function of picklable arguments, so a process pool can run it.
    Returns ``(i, j, (J_D, J_M), (err_D, err_M))`` per cell (eV^5).
    """
    qz, qx, eps, pm, spin, L, R, cells, *rest = args
    error = bool(rest[0]) if rest else True
    near = rest[1] if len(rest) > 1 else None
    out = []
    for i, j in cells:
        m1, m2 = pm[j]
        a, b, floor, _ = cell_rules(qz[i], qx[i], eps, m1, m2, L, R,
                                    near is not None and bool(near[i, j]))
        va = edge_integral(qz[i], qx[i], eps, m1, m2, spin, L, R, a)
        if not error:  # no companion: the verified accuracy is the estimate
            out.append((i, j, va, floor * np.abs(va)))
            continue
        vb = edge_integral(qz[i], qx[i], eps, m1, m2, spin, L, R, b)
        # the companion can agree by accident (differences of 1e-9 where the value is off
        # by 4e-7): never report less than the rule's verified accuracy
        out.append((i, j, va, np.maximum(np.abs(va - vb), floor * np.abs(va))))
    return out


def deal(items: list[Any], cost: list[float], k: int) -> list[list[Any]]:
    """Split ``items`` into ``k`` lists of similar total ``cost`` (longest processing time
    first: each item, most costly first, goes to the lightest list), heaviest list first,
    so an executor that takes them in order ends its workers at about the same time."""
    parts: list[list[Any]] = [[] for _ in range(k)]
    load = np.zeros(k)
    for n in np.argsort(cost, kind="stable")[::-1]:
        t = int(np.argmin(load))
        parts[t].append(items[n])
        load[t] += cost[n]
    order = np.argsort(-load, kind="stable")
    return [parts[t] for t in order if parts[t]]


def edge_distribution(qz, qx, eps: float, pm: np.ndarray, spin: SpinLike, L: float, R: float,
                      todo: np.ndarray, executor: Executor | None = None,
                      during: Callable[[], None] | None = None, n_tasks: int = 16,
                      error: bool = True, near: np.ndarray | None = None
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Edge-aware J_D, J_M (eV^5) and error estimates for the flagged (angle, pair) cells.

    ``todo`` is a boolean (n_theta, 6) mask; cells not flagged are returned as 0.  Near
    the sphere's closest approach (|gap| < 4 T2) the value is :data:`EDGE_LO` and the
    error its difference to :data:`EDGE_MID`; elsewhere :data:`EDGE_ALLOWED` against
    :data:`EDGE_MID` (allowed side), :data:`EDGE_BEYOND` against
    :data:`EDGE_BEYOND_B` (forbidden, sphere clear of the x core), :data:`EDGE_FORB`
    against :data:`EDGE_FAR_SD` (forbidden, sphere through the core, more than
    :data:`FORB_NEAR` units out) and :data:`EDGE_FORB_B` against :data:`EDGE_FAR` (a
    different core/tail split) closer in.  The estimate is never below the value rule's
    verified accuracy (3e-5, 1e-7, 1e-6, 1e-6, 1e-5 of the value respectively; the
    companions can agree by accident).  Cells flagged in ``near`` take the cheaper rules
    of :func:`cell_rules` (1e-4 asked for there).

    ``executor``: None runs the cells serially in this process.  Otherwise the cells are
    dealt into ``n_tasks`` tasks of similar estimated cost (:func:`deal`, the costliest
    first) and mapped through ``executor.map`` (the
    rule is numpy-bound but Python-heavy, so a process pool helps and threads do not);
    ``during`` is called here after the tasks are submitted, so the caller's own work
    overlaps with them.  The values are the same either way (each cell is independent).
    ``error=False`` skips the companion rules (half the cost; issue 22) and reports each
    value rule's verified accuracy as its estimate.  ``near``: (n_theta, n_pairs) mask of
    the cells within NEAR_DEG of their pair's edge
    (:func:`expdesign.physics.phasespace.modes.near_edge`), which take the cheaper rules
    of :func:`cell_rules` (None: none).
    """
    qz = np.atleast_1d(np.asarray(qz, dtype=float))
    qx = np.atleast_1d(np.asarray(qx, dtype=float))
    n = len(qz)
    outD, outM = np.zeros((n, len(pm))), np.zeros((n, len(pm)))
    errD, errM = np.zeros((n, len(pm))), np.zeros((n, len(pm)))
    cells = [(int(i), int(j)) for i, j in zip(*np.nonzero(todo), strict=True)]
    res: list[CellValue]
    if executor is not None and len(cells) > 1:
        k = max(1, min(n_tasks, len(cells) // MIN_CELLS_PER_TASK))
        cost = [cell_rules(qz[i], qx[i], eps, pm[j][0], pm[j][1], L, R,
                           near is not None and bool(near[i, j]))[3] for i, j in cells]
        tasks: list[CellTask] = [(qz, qx, eps, pm, spin, L, R, part, error, near)
                                 for part in deal(cells, cost, k)]
        results = executor.map(edge_cells, tasks)  # submits every task now
        if during is not None:
            during()
        res = [r for chunk in results for r in chunk]
    else:
        if during is not None:
            during()
        res = edge_cells((qz, qx, eps, pm, spin, L, R, cells, error, near))
    for i, j, va, e in res:
        outD[i, j], outM[i, j] = va
        errD[i, j], errM[i, j] = e
    return outD, outM, errD, errM
