"""Parameter scans: plan a spec over a grid of field values, on any executor.

A scan sets spec fields by their *path* (dotted, with list indices or list
element names: ``geometry.length``, ``lasers.lasers.2.intensity``,
``lasers.lasers.exc2.intensity``, ``hypotheses.0.lightest_mass``,
``lasers.trigger_delay``) to each point of a grid (the cartesian product of
several axes), plans every point and returns a tidy table: one row (a plain
dict) per point.

Row layout (one column per figure; units in a ``<key>_unit`` column)
---------------------------------------------------------------------
``point_hash``
    16 hex digits of sha256(base spec hash, planner settings, point): the row's key.
``param:<path>``
    the scanned value as given (a string, e.g. ``"2 cm"``).
``status``, ``error``
    ``ok``; ``invalid`` (the value makes the spec invalid, ``error`` says why);
    ``error`` (the Planner raised; ``error`` has the exception).
``failed_verdicts``
    names of the verdicts with status ``fail`` joined by ``"; "`` (empty: feasible).
``<key>``, ``<key>_unit``
    every scalar :class:`~expdesign.plan.Result` of the plan, as a float in the
    unit the Planner attaches to that key (fixed per key in the Planner code)
    and that unit as a pint string (``"1/s"``, ``"A/m/s"``, ``"dimensionless"``).
    ``planner_wall_time`` is left out so a row depends on the point only.
``verdict:<name>``
    ``pass`` / ``fail`` / ``not evaluable``.
``exposure_s:<question>[ | <against>]``, ``exposure_status:<...>``
    exposure time in seconds (absent when the status is neither ``ok`` nor ``infeasible``;
    an ``infeasible`` time is what the design would need were its failed verdicts
    fixed) and status.

Rows hold no ``None``: a figure a plan does not have is absent from its row (an
empty CSV cell).

Execution
---------
Workers receive each point as a plain dict: the spec as canonical JSON (with the
point already set), the spec's base directory (for target files given by relative
path) and the Planner settings as a dict; they return a plain dict row.  No pint or
pydantic object crosses a process boundary.  Any
:class:`concurrent.futures.Executor` works; ``"processes"`` (default) is a
:class:`~concurrent.futures.ProcessPoolExecutor` (``fork`` from a single-threaded
process or ``forkserver`` on Linux, else ``spawn``) with ``OMP_NUM_THREADS`` /
``OPENBLAS_NUM_THREADS`` / ``MKL_NUM_THREADS`` set to 1 in the environment the
workers start with and the loaded BLAS/OpenMP libraries set to one thread by
``threadpoolctl`` in each worker (:func:`expdesign.executors.pin_threads`);
``"serial"`` runs in this process; ``"dask://HOST:PORT"`` uses
``dask.distributed.Client(address).get_executor()`` (Dask's nanny already starts
workers with these variables set to 1); ``"dask"`` starts a local cluster.

Rows are appended to the output file (``.jsonl`` or ``.csv``) as they complete;
on a rerun the points whose hash is already in the file are skipped, so an
interrupted scan resumes.  When the scan finishes the file is rewritten in grid
order, so a resumed scan leaves the same file as an uninterrupted one.

Modules
-------
:mod:`~expdesign.scan.parameters`
    axes, grids, spec paths, point hashes;
:mod:`~expdesign.scan.tasks`
    the base spec, a point's task and the worker that plans it into a row;
:mod:`~expdesign.scan.result`
    rows in files and :class:`ScanResult`;
:mod:`~expdesign.scan.runner`
    :func:`make_executor` and :func:`run_scan`;
:mod:`~expdesign.scan.dask_backend`
    Dask executors.
"""

from __future__ import annotations

from expdesign.executors import (
    BLAS_ENV,
    SerialExecutor,
    blas_threads,
    default_start_method,
    pin_threads,
)
from expdesign.scan.parameters import (
    MAX_AXIS_POINTS,
    MAX_SCAN_POINTS,
    Axis,
    apply_point,
    canonical_json,
    get_path,
    grid,
    parse_set,
    parse_values,
    point_hash,
    set_path,
)
from expdesign.scan.result import (
    META,
    RowAppender,
    ScanResult,
    columns_of,
    read_rows,
    write_rows,
)
from expdesign.scan.runner import make_executor, run_scan
from expdesign.scan.tasks import (
    EXCLUDED_RESULTS,
    Base,
    base_of,
    evaluate_task,
    exposure_label,
    make_task,
    plan_row,
    settings_dict,
)

"""Deprecated alias of :func:`expdesign.executors.pin_threads` (kept for
``expdesign.physics.edge3d`` until it takes its executor from the caller)."""

__all__ = [
    "MAX_AXIS_POINTS",
    "MAX_SCAN_POINTS",
    "Axis",
    "ScanResult",
    "SerialExecutor",
    "BLAS_ENV",
    "EXCLUDED_RESULTS",
    "META",
    "Base",
    "RowAppender",
    "blas_threads",
    "default_start_method",
    "pin_threads",
    "parse_set",
    "parse_values",
    "grid",
    "get_path",
    "set_path",
    "apply_point",
    "canonical_json",
    "point_hash",
    "make_task",
    "evaluate_task",
    "exposure_label",
    "plan_row",
    "make_executor",
    "run_scan",
    "read_rows",
    "write_rows",
    "columns_of",
    "base_of",
    "settings_dict",
]
