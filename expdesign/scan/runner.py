"""Running a scan: the executor and :func:`run_scan` (resumable, with progress).

Any :class:`concurrent.futures.Executor` works; :func:`make_executor` builds the
named ones: ``"processes"`` (default) is a pinned process pool
(:func:`expdesign.executors.start_pinned_pool`: one BLAS/OpenMP thread per worker),
``"serial"`` runs in this process, ``"dask"`` / ``"dask://HOST:PORT"`` use Dask
(:mod:`expdesign.scan.dask_backend`).
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from expdesign.executors import SerialExecutor, start_pinned_pool, terminate_pool
from expdesign.scan.dask_backend import dask_executor, is_dask_address
from expdesign.scan.parameters import Axis, get_path, grid
from expdesign.scan.result import RowAppender, ScanResult, read_rows, write_rows
from expdesign.scan.tasks import base_of, evaluate_task, import_planner, make_task, settings_dict

__all__ = ["PLANNER_MODULES", "check_values", "make_executor", "run_scan"]

PLANNER_MODULES = ("expdesign.io", "expdesign.planner")
"""Modules a pool preloads (before a ``fork``, or in the fork server)."""


def make_executor(kind: Any = "processes", workers: int | None = None,
                  start_method: str | None = None) -> tuple[cf.Executor, Callable[[], None]]:
    """An executor and a function that releases it.

    ``kind``: an Executor (used as is, not shut down), ``"processes"``, ``"serial"``,
    ``"dask"`` (a new local cluster with ``workers`` single-threaded workers) or
    ``"dask://HOST:PORT"`` or any scheduler address (``"tcp://HOST:PORT"``,
    ``"inproc://..."``) of a running Dask scheduler.

    The process pool's start method (unless ``start_method`` is given): on Linux
    ``fork`` while this process has a single thread (workers inherit the imported
    Planner), else ``forkserver`` (the server imports the Planner once, workers fork
    from it, no threads inherited); ``spawn`` elsewhere.  Every worker is pinned to one
    BLAS/OpenMP thread: the environment variables are set while the workers (and the
    fork server) start, and the initializer calls
    :func:`~expdesign.executors.pin_threads` (``threadpoolctl``), which also acts on
    libraries already loaded (the forked case); see
    :func:`expdesign.executors.start_pinned_pool`.
    """
    if isinstance(kind, cf.Executor):
        return kind, lambda: None
    if kind in (None, "processes", "process"):
        n = workers or os.cpu_count() or 1
        ex = start_pinned_pool(n, start_method=start_method, initializer=import_planner,
                               preload=PLANNER_MODULES)
        return ex, lambda: ex.shutdown(wait=True, cancel_futures=True)
    if kind == "serial":
        return SerialExecutor(), lambda: None
    if is_dask_address(kind):
        return dask_executor(kind, workers)
    raise ValueError(f"unknown executor {kind!r}: use processes, serial, dask or "
                     "dask://HOST:PORT")


def check_values(path: str, current: Any, values: Iterable[str]) -> None:
    """Refuse, before anything runs, a value that cannot be the field's kind: where the
    spec holds a quantity string at ``path``, every value must pass the strict quantity
    grammar and name known units (ValueError naming the path and the value).  Values
    that parse but make the spec invalid still give ``invalid`` rows."""
    from expdesign.quantity_grammar import QuantitySyntaxError, check_quantity_text
    from expdesign.units import UnitConversionError, parse_quantity

    if not isinstance(current, str):
        return
    try:
        check_quantity_text(current)
        has_unit = not parse_quantity(current).unitless
    except (QuantitySyntaxError, UnitConversionError):
        return  # not a quantity field (a name, a label, ...)
    for v in sorted(values):
        try:
            q = parse_quantity(v)
        except UnitConversionError as exc:
            raise ValueError(f"{path}: {exc}") from None
        if has_unit and q.unitless:
            raise ValueError(f"{path}: {v!r} has no unit (the field holds {current!r}); "
                             "values of an axis are separated by commas, so write "
                             "'1.5 cm', not '1,5 cm'")


def run_scan(spec: Any, axes: Sequence[Axis] | None = None, *,
             points: Sequence[dict[str, str]] | None = None,
             executor: Any = "processes", workers: int | None = None,
             out: str | Path | None = None, settings: Any = None,
             progress: bool = True, resume: bool = True,
             strict_values: bool = False) -> ScanResult:
    """Plan ``spec`` at every point of ``grid(axes)`` (or of ``points``).

    Parameters
    ----------
    spec
        Spec file path, validated ``ExperimentSpec`` (target paths then resolve
        against the current directory) or ``(ExperimentSpec, base_dir)``.
    axes, points
        The grid, as axes (cartesian product) or as explicit points
        ``{path: value string}``.
    executor
        ``"processes"`` (default), ``"serial"``, ``"dask"``, ``"dask://HOST:PORT"`` or
        any :class:`concurrent.futures.Executor` (e.g. ``Client.get_executor()``).
    workers
        Pool size for the executors this function creates.
    out
        ``.jsonl`` or ``.csv`` file; rows are appended as they complete and points
        already in the file are skipped (``resume=False`` starts the file afresh).
    settings
        :class:`~expdesign.planner.PlannerSettings` or a dict of its fields.
    progress
        tqdm progress bar on stderr.
    strict_values
        Refuse (ValueError, before anything runs) a value that is not a quantity where
        the spec holds one (:func:`check_values`; the CLI sets it); otherwise such a
        value gives an ``invalid`` row.

    Returns
    -------
    ScanResult
        Rows in grid order.  Paths that do not exist in the spec raise ``KeyError``
        before anything runs; values that make the spec invalid give ``invalid`` rows.
    """
    if (axes is None) == (points is None):
        raise ValueError("give either axes or points")
    pts = grid(axes) if axes is not None else [dict(p) for p in points or ()]
    base = base_of(spec)
    sett = settings_dict(settings)
    for path in {k for p in pts for k in p}:
        current = get_path(base.data, path)  # KeyError with the available fields
        if strict_values:
            check_values(path, current, {p[path] for p in pts if path in p})
    tasks = [make_task(base, p, sett) for p in pts]
    hashes = [t["hash"] for t in tasks]
    outp = Path(out) if out is not None else None
    if outp is not None and not resume and outp.exists():
        outp.unlink()
    existing = read_rows(outp) if outp is not None else []
    done = {r["point_hash"]: r for r in existing if "point_hash" in r}
    todo = [t for t in tasks if t["hash"] not in done]
    todo = list({t["hash"]: t for t in todo}.values())  # a point listed twice runs once
    app = RowAppender(outp, existing)
    results: dict[str, dict[str, Any]] = {h: done[h] for h in hashes if h in done}
    complete = False
    if todo:
        from tqdm import tqdm

        ex, release = make_executor(executor, workers or min(os.cpu_count() or 1, len(todo)))
        bar = tqdm(total=len(pts), initial=len(pts) - len(todo), desc="scan", unit="plan",
                   file=sys.stderr, disable=not progress, mininterval=0.2)
        futs: dict[cf.Future[dict[str, Any]], str] = {}
        done_futs: Iterable[cf.Future[dict[str, Any]]]
        try:
            if isinstance(ex, SerialExecutor):
                # one at a time, so each row is saved before the next plan starts
                done_futs = (ex.submit(evaluate_task, t) for t in todo)
            else:
                futs = {ex.submit(evaluate_task, t): t["hash"] for t in todo}
                done_futs = cf.as_completed(futs)
            for fut in done_futs:
                row = fut.result()
                results[row["point_hash"]] = row
                app.add(row)
                bar.update(1)
            complete = True
        except (KeyboardInterrupt, SystemExit):
            terminate_pool(ex)
            raise
        finally:
            bar.close()
            for f in futs:
                f.cancel()
            release()
    else:
        complete = True
    rows = [results[h] for h in dict.fromkeys(hashes) if h in results]
    mine = set(hashes)
    foreign = [r for r in app.rows if r.get("point_hash") not in mine]
    if complete and outp is not None:
        write_rows(rows + foreign, outp)  # grid order; rows of other scans kept after
    return ScanResult(rows=rows, points=pts, n_run=len(todo) if complete else 0,
                      n_skipped=len(pts) - len(todo), out=outp, complete=complete,
                      foreign=foreign)
