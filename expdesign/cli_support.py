"""Command-line helpers shared by the commands of :mod:`expdesign.cli`: the usage error,
the progress bar, spec loading with reported problems, Planner settings from the command
line, and the up-front checks of output paths and executors (exit 2 before any work)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import expdesign as ed

__all__ = ["UsageError", "Progress", "load_spec_or_report", "settings_kw", "planner_settings",
           "check_out_file", "make_out_dir", "check_executor", "keep_freed_memory"]

#: glibc ``mallopt`` parameters (malloc.h) and the values :func:`keep_freed_memory` sets
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD_BYTES = 32 * 2**20
TRIM_THRESHOLD_BYTES = 512 * 2**20


def keep_freed_memory() -> bool:
    """Let this (short-lived CLI) process reuse the memory of freed arrays (glibc only).

    Under glibc's defaults large arrays come from fresh kernel pages (above the mmap
    threshold) or from a heap whose freed top goes back to the kernel (above the trim
    threshold, twice the mmap one), so the kernels' large temporaries are zero-filled page
    by page again and again: a cold ``expdesign plan`` of the Er example spent 1.5 s in
    the system serially and 3.5-4.5 s with its forked children (issue 22, loaded
    machine).  ``mallopt`` sets the mmap threshold to 32 MiB (the largest glibc's dynamic
    threshold reaches) and keeps up to 512 MiB of freed heap: ~1 s then.  Numbers do not
    depend on it (only where arrays live).  Returns whether it was applied (False where
    the C library has no ``mallopt``).
    """
    import ctypes
    import ctypes.util

    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
                    and libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES))
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False


class UsageError(Exception):
    """A command line, output path or executor that cannot be used (exit 2)."""


class Progress:
    """Progress on stderr (tqdm) for work that may take more than a moment."""

    def __init__(self, label: str, quiet: bool = False):
        self.bar = None
        if not quiet:
            from tqdm import tqdm

            # no monitor thread: the Planner forks a worker only from a single-threaded
            # process (expdesign.executors.fork_available); the bar updates at each step
            tqdm.monitor_interval = 0
            self.bar = tqdm(total=100, desc=label, file=sys.stderr, leave=False,
                            disable=not sys.stderr.isatty(),
                            bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix}",
                            mininterval=0.2)
        self.done = 0

    def __call__(self, what: str, frac: float) -> None:
        if self.bar is None:
            return
        target = int(round(100 * frac))
        if target > self.done:
            self.bar.update(target - self.done)
            self.done = target
        self.bar.set_postfix_str(what, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def load_spec_or_report(path: str):
    """The spec at ``path``, or None and the exit code after printing its problems."""
    try:
        return ed.load_spec(path), 0
    except ed.SpecError as err:
        for prob in err.problems:
            print(str(prob), file=sys.stderr)
        return None, err.exit_code


def settings_kw(args: argparse.Namespace) -> dict:
    """Planner settings given on the command line, as a plain dict (scan workers get it as
    JSON; plan and compare build PlannerSettings from it)."""
    kw: dict = {}
    if getattr(args, "model", None):
        kw["model"] = args.model
    if getattr(args, "ranp_model", None):
        kw["ranp_model"] = args.ranp_model
    if getattr(args, "coherence_factor", None):
        kw["coherence_factor"] = args.coherence_factor
    if getattr(args, "angles", None) is not None:
        kw["angles"] = args.angles
    if getattr(args, "widths", None):
        kw["widths"] = args.widths
    if getattr(args, "horizon", None):
        try:
            kw["horizon_s"] = float(ed.ureg.Quantity(args.horizon).to("s").m)
        except Exception:  # noqa: BLE001 - pint raises several types
            raise UsageError(f"--horizon takes a time, e.g. '3 year', not "
                             f"{args.horizon!r}") from None
        if not kw["horizon_s"] > 0:
            raise UsageError("--horizon must be a positive time")
    if getattr(args, "grid", None):
        try:
            lo, hi, num = args.grid.split(",")
            grid = (float(lo), float(hi), int(num))
        except ValueError:
            raise UsageError("--grid takes START_DEG,STOP_DEG,POINTS, e.g. 0,180,601; got "
                             f"{args.grid!r}") from None
        kw["angle_grid"] = grid
    try:
        ed.PlannerSettings(**kw)  # refuses grids the kernels cannot take
    except ValueError as exc:
        opt = "--grid" if "grid" in str(exc) else "--angles"
        raise UsageError(f"{opt}: {exc}") from None
    return kw


def planner_settings(args: argparse.Namespace):
    """PlannerSettings from the command line (:func:`settings_kw`)."""
    return ed.PlannerSettings(**settings_kw(args))


def check_out_file(path: Path, opt: str = "--out") -> None:
    """Refuse an output file that cannot be written, before any work starts."""
    if path.is_dir():
        raise UsageError(f"{opt}: {path} is a directory, not a file")
    if path.exists() and not os.access(path, os.W_OK):
        raise UsageError(f"{opt}: {path} is not writable")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"{opt}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"{opt}: folder {parent} is not writable")


def make_out_dir(path: Path) -> None:
    """Create the output folder or refuse it (UsageError) before any work starts."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out: cannot create folder {path}: {exc.strerror or exc}"
                         ) from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"--out: folder {path} is not writable")


def check_executor(kind: str, timeout_s: float = 5.0) -> None:
    """Refuse an unknown executor or an unreachable Dask scheduler before any work."""
    if kind in ("processes", "serial", "dask"):
        return
    if "://" not in kind:
        raise UsageError(f"--executor: unknown executor {kind!r}: use processes, serial, "
                         "dask or dask://HOST:PORT")
    scheme, addr = kind.split("://", 1)
    if scheme not in ("dask", "tcp"):
        return  # inproc:// and other Dask transports: Dask checks them
    host, _, port = addr.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(f"--executor: {kind!r} is not HOST:PORT")
    import socket

    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s).close()
    except OSError as exc:
        raise UsageError(f"--executor: cannot reach the Dask scheduler at {host}:{port}: "
                         f"{exc.strerror or exc}") from None


SENSITIVITY_HELP = ("add 'What limits this design': elasticities of the rate, field and "
                    "exposures in every input (exact or by re-plans), the gap to the "
                    "horizon, uncertainty bands and a tornado plot (a few plans' time)")


def sensitivity_analyse(spec: Any, settings: Any, plan: Any) -> Any:
    """The Plan with its full sensitivity run (:func:`expdesign.analyse_sensitivity`);
    unchanged if it has one already (a spec with uncertainties)."""
    import expdesign as ed

    if plan.sensitivity is not None and plan.sensitivity.finite_differences:
        return plan
    return ed.analyse_sensitivity(spec, settings, plan)
