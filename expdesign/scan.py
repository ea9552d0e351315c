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
    exposure time in seconds (absent when the status is not ``ok``) and status.

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
:func:`pin_blas_threads` in each worker;
``"serial"`` runs in this process; ``"dask://HOST:PORT"`` uses
``dask.distributed.Client(address).get_executor()`` (Dask's nanny already starts
workers with these variables set to 1); ``"dask"`` starts a local cluster.

Rows are appended to the output file (``.jsonl`` or ``.csv``) as they complete;
on a rerun the points whose hash is already in the file are skipped, so an
interrupted scan resumes.  When the scan finishes the file is rewritten in grid
order, so a resumed scan leaves the same file as an uninterrupted one.
"""

from __future__ import annotations

import concurrent.futures as cf
import copy
import csv
import hashlib
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Axis",
    "ScanResult",
    "SerialExecutor",
    "BLAS_ENV",
    "blas_threads",
    "pin_blas_threads",
    "parse_set",
    "parse_values",
    "grid",
    "get_path",
    "set_path",
    "apply_point",
    "point_hash",
    "make_task",
    "evaluate_task",
    "plan_row",
    "make_executor",
    "run_scan",
    "read_rows",
    "write_rows",
    "columns_of",
    "base_of",
]

BLAS_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "VECLIB_MAXIMUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1"}
"""Environment that pins BLAS / OpenMP thread pools to one thread."""

META = ("point_hash", "status", "error", "failed_verdicts")
EXCLUDED_RESULTS = frozenset({"planner_wall_time"})
_STRING_PREFIXES = ("param:", "verdict:", "exposure_status:")


# ====================================================================== axes and grids
@dataclass(frozen=True)
class Axis:
    """One scanned field: its path and the values (strings as given)."""

    path: str
    values: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.path:
            raise ValueError("empty parameter path")
        if not self.values:
            raise ValueError(f"no values for {self.path}")


_RANGE = re.compile(r"^\s*(linspace|logspace|geomspace)\s*\((.*)\)\s*$", re.IGNORECASE)


def _fmt(x: float) -> str:
    return format(float(x), ".12g")


def parse_values(text: str) -> tuple[str, ...]:
    """Values of one axis: ``"1 cm, 2 cm"`` or ``linspace(1 cm, 5 cm, 9)``.

    ``linspace(a, b, n)`` and ``geomspace(a, b, n)`` (alias ``logspace``) take two
    quantities (``b`` is converted to ``a``'s unit) and a point count; plain numbers
    give plain numbers.  Values are returned as strings ("1.5 cm").
    """
    m = _RANGE.match(text)
    if not m:
        vals = tuple(v.strip() for v in text.split(","))
        if any(not v for v in vals):
            raise ValueError(f"empty value in {text!r}")
        return vals
    import numpy as np

    from expdesign.units import parse_quantity

    kind = m.group(1).lower()
    parts = [p.strip() for p in m.group(2).split(",")]
    if len(parts) != 3:
        raise ValueError(f"{kind} needs (start, stop, points), got {text!r}")
    try:
        n = int(parts[2])
    except ValueError:
        raise ValueError(f"{kind}: points must be an integer, got {parts[2]!r}") from None
    if n < 1:
        raise ValueError(f"{kind}: points must be >= 1")
    plain = all(_is_number(p) for p in parts[:2])
    if plain:
        a, b, unit = float(parts[0]), float(parts[1]), ""
    else:
        qa, qb = parse_quantity(parts[0]), parse_quantity(parts[1])
        unit = f"{qa.units:~C}"
        a, b = float(qa.magnitude), float(qb.to(qa.units).magnitude)
    if kind == "linspace":
        xs = np.linspace(a, b, n)
    else:
        if a <= 0 or b <= 0:
            raise ValueError(f"{kind} needs positive ends, got {a} and {b}")
        xs = np.geomspace(a, b, n)
    return tuple(_fmt(x) + (f" {unit}" if unit else "") for x in xs)


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def parse_set(text: str) -> Axis:
    """Parse a ``--set`` argument ``PATH=V1,V2,...`` (or ``PATH=linspace(a, b, n)``)."""
    if "=" not in text:
        raise ValueError(f"expected PATH=VALUES, got {text!r}")
    path, vals = text.split("=", 1)
    return Axis(path.strip(), parse_values(vals))


def grid(axes: Sequence[Axis]) -> list[dict[str, str]]:
    """Cartesian product of the axes (the first axis varies slowest)."""
    paths = [a.path for a in axes]
    if len(set(paths)) != len(paths):
        raise ValueError(f"a path is scanned twice: {paths}")
    return [dict(zip(paths, combo, strict=True))
            for combo in itertools.product(*(a.values for a in axes))]


# ====================================================================== spec paths
def _step(node: Any, seg: str, path: str) -> tuple[Any, Any]:
    """Container key for ``seg`` in ``node`` (list index or element name)."""
    if isinstance(node, list):
        if re.fullmatch(r"-?\d+", seg):
            i = int(seg)
            if not -len(node) <= i < len(node):
                raise KeyError(f"{path}: index {i} out of range (list of {len(node)})")
            return i, node[i]
        for i, el in enumerate(node):
            if isinstance(el, dict) and el.get("name") == seg:
                return i, el
        names = [el.get("name") for el in node if isinstance(el, dict) and "name" in el]
        raise KeyError(f"{path}: no list element named {seg!r}"
                       + (f" (names: {', '.join(map(str, names))})" if names else ""))
    if isinstance(node, dict):
        if seg not in node:
            raise KeyError(f"{path}: no field {seg!r} (fields: {', '.join(sorted(node))})")
        return seg, node[seg]
    raise KeyError(f"{path}: {seg!r} is below a value, not an object or list")


def get_path(data: Any, path: str) -> Any:
    """The value at ``path`` in decoded spec JSON (KeyError says where it fails)."""
    node = data
    for seg in path.split("."):
        _, node = _step(node, seg, path)
    return node


def _coerce(text: str, current: Any) -> Any:
    """The JSON value for ``text`` given the field's current value (text on failure:
    the model then reports the problem as an invalid point)."""
    if isinstance(current, bool):
        low = text.strip().lower()
        return {"true": True, "false": False}.get(low, text)
    if isinstance(current, int):
        try:
            return int(text)
        except ValueError:
            pass
    if isinstance(current, int | float):
        try:
            return float(text)
        except ValueError:
            return text
    if isinstance(current, str):
        return text
    try:
        val = json.loads(text)
    except ValueError:
        return text
    if isinstance(current, dict | list) or isinstance(val, int | float | bool) or val is None:
        return val
    return text


def set_path(data: Any, path: str, text: str) -> None:
    """Set ``path`` in decoded spec JSON (in place) to the value ``text``."""
    segs = path.split(".")
    node = data
    for seg in segs[:-1]:
        _, node = _step(node, seg, path)
    key, current = _step(node, segs[-1], path)
    node[key] = _coerce(text, current)


def apply_point(base: dict, point: dict[str, str]) -> dict:
    """A deep copy of ``base`` with every path of ``point`` set."""
    data = copy.deepcopy(base)
    for path, text in point.items():
        set_path(data, path, text)
    return data


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def point_hash(point: dict[str, str], spec_sha: str, settings: dict[str, Any]) -> str:
    """Key of a row: sha256 of (base spec hash, settings, point), 16 hex digits."""
    blob = _canonical({"spec": spec_sha, "settings": settings, "point": point})
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


# ====================================================================== base spec
@dataclass(frozen=True)
class Base:
    """A validated spec reduced to what workers need: canonical JSON and base dir."""

    data: dict
    base_dir: str | None
    name: str
    sha: str


def base_of(spec: Any) -> Base:
    """A :class:`Base` from a spec path, an ``ExperimentSpec`` or a ``(spec, base_dir)``."""
    from expdesign.io import load_spec

    base_dir = None
    if isinstance(spec, tuple):
        spec, base_dir = spec
    if isinstance(spec, str | Path):
        path = Path(spec)
        base_dir = str(path.resolve().parent)
        spec = load_spec(path)
    text = spec.canonical_json()
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Base(json.loads(text), None if base_dir is None else str(base_dir), spec.name, sha)


def settings_dict(settings: Any) -> dict[str, Any]:
    """Planner settings as a plain dict (from PlannerSettings, a dict or None)."""
    if settings is None:
        return {}
    if isinstance(settings, dict):
        return dict(settings)
    return dict(settings.__dict__)


def make_task(base: Base, point: dict[str, str], settings: dict[str, Any]) -> dict:
    """The plain-dict task for one point (what a worker receives)."""
    return {"hash": point_hash(point, base.sha, settings), "point": dict(point),
            "spec_json": _canonical(apply_point(base.data, point)),
            "base_dir": base.base_dir, "settings": dict(settings), "name": "point"}


# ====================================================================== worker side
_BLAS_SYMBOLS = (  # (getter, setter) pairs of the BLAS / OpenMP runtimes numpy/scipy ship
    ("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
    ("scipy_openblas_get_num_threads", "scipy_openblas_set_num_threads"),
    ("openblas_get_num_threads64_", "openblas_set_num_threads64_"),
    ("openblas_get_num_threads", "openblas_set_num_threads"),
    ("MKL_Get_Max_Threads", "MKL_Set_Num_Threads"),
    ("omp_get_max_threads", "omp_set_num_threads"),
)


def _blas_libraries() -> list[tuple[str, Any, str, str]]:
    """(path, handle, getter, setter) of the BLAS/OpenMP libraries loaded in this process
    (Linux: read from /proc/self/maps; elsewhere an empty list)."""
    import ctypes

    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as fh:
            paths = {ln.split()[-1] for ln in fh if "/" in ln}
    except OSError:
        return []
    out = []
    for p in sorted(paths):
        name = os.path.basename(p).lower()
        if not any(k in name for k in ("openblas", "mkl_rt", "libgomp", "libiomp", "libomp")):
            continue
        try:
            lib = ctypes.CDLL(p)
        except OSError:
            continue
        for get, put in _BLAS_SYMBOLS:
            if hasattr(lib, get) and hasattr(lib, put):
                out.append((p, lib, get, put))
                break
    return out


def blas_threads() -> dict[str, int]:
    """Thread count of each loaded BLAS/OpenMP library (file name -> threads)."""
    return {os.path.basename(p): int(getattr(lib, get)()) for p, lib, get, _ in
            _blas_libraries()}


def pin_blas_threads(n: int = 1) -> dict[str, int]:
    """Pin BLAS/OpenMP to ``n`` threads in this process: sets the environment variables
    (for libraries loaded later) and calls the loaded libraries' own setters (OpenBLAS,
    MKL, OpenMP, found via ctypes; ``threadpoolctl`` is not needed).  Returns
    :func:`blas_threads` afterwards."""
    os.environ.update({k: str(n) for k in BLAS_ENV})
    for _, lib, _, put in _blas_libraries():
        try:
            getattr(lib, put)(int(n))
        except Exception:  # noqa: BLE001 - a foreign runtime that refuses: leave it
            continue
    return blas_threads()


def _one_line(s: str) -> str:
    return " | ".join(x.strip() for x in str(s).splitlines() if x.strip())


def _unit_str(q) -> str:
    u = f"{q.units:~C}"
    return u or "dimensionless"


def exposure_label(question: str, against: str = "") -> str:
    return f"{question} | {against}" if against else question


def plan_row(plan) -> dict[str, Any]:
    """The figures of a :class:`~expdesign.plan.Plan` as a flat dict of floats/strings."""
    out: dict[str, Any] = {}
    fails = [v.name for v in plan.verdicts if v.status == "fail"]
    out["failed_verdicts"] = "; ".join(fails)
    for r in plan.results:
        if r.key in EXCLUDED_RESULTS:
            continue
        out[r.key] = float(r.value.magnitude)
        out[f"{r.key}_unit"] = _unit_str(r.value)
    for v in plan.verdicts:
        out[f"verdict:{v.name}"] = v.status
    for e in plan.exposures:
        lab = exposure_label(e.question, e.against)
        if e.time is not None and e.status == "ok":
            out[f"exposure_s:{lab}"] = float(e.time.to("s").magnitude)
        out[f"exposure_status:{lab}"] = e.status
    return out


def evaluate_task(task: dict) -> dict[str, Any]:
    """Plan one point (worker function): plain dict in, plain dict row out."""
    if "numpy" not in sys.modules:
        os.environ.update(BLAS_ENV)
    from expdesign.io import SpecError, load_spec_dict
    from expdesign.planner import Planner, PlannerSettings

    row: dict[str, Any] = {"point_hash": task["hash"]}
    row.update({f"param:{k}": v for k, v in task["point"].items()})
    row.update(status="ok", error="", failed_verdicts="")
    try:
        spec = load_spec_dict(json.loads(task["spec_json"]), task.get("name", "<scan point>"),
                              task.get("base_dir"))
    except SpecError as err:
        row.update(status="invalid", error=_one_line("; ".join(str(p) for p in err.problems)))
        return row
    try:
        plan = Planner(spec, PlannerSettings(**task["settings"])).run()
    except Exception as exc:  # noqa: BLE001 - a failed point is a row, not a crash
        row.update(status="error", error=_one_line(f"{type(exc).__name__}: {exc}"))
        return row
    row.update(plan_row(plan))
    return row


# ====================================================================== executors
class SerialExecutor(cf.Executor):
    """Runs each task at submission, in this process (for debugging and baselines)."""

    def submit(self, fn, /, *args, **kwargs):  # noqa: D102
        fut: cf.Future = cf.Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - Ctrl-C propagates at once
            fut.set_exception(exc)
        return fut


def _init_worker() -> None:
    pin_blas_threads(1)
    # import the Planner once per worker, not inside the first task
    import expdesign.io  # noqa: F401
    import expdesign.planner  # noqa: F401


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
    fork server) start, and the initializer calls :func:`pin_blas_threads`, which also
    acts on libraries already loaded (the forked case).
    """
    if isinstance(kind, cf.Executor):
        return kind, lambda: None
    if kind in (None, "processes", "process"):
        import multiprocessing as mp

        n = workers or os.cpu_count() or 1
        method = start_method or _default_start_method()
        if method == "fork":
            # workers inherit the Planner from this process instead of importing it
            import expdesign.io  # noqa: F401
            import expdesign.planner  # noqa: F401
        ctx = mp.get_context(method)
        if method == "forkserver":
            # the server imports the Planner once (with BLAS pinned by the environment
            # below); workers fork from it without threads and without import cost
            ctx.set_forkserver_preload(["expdesign.io", "expdesign.planner"])
        saved = {k: os.environ.get(k) for k in BLAS_ENV}
        os.environ.update(BLAS_ENV)  # spawned workers start with these
        try:
            ex = cf.ProcessPoolExecutor(max_workers=n, mp_context=ctx,
                                        initializer=_init_worker)
            # start the workers now, while the environment is pinned
            list(ex.map(_noop, range(n)))
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        return ex, lambda: ex.shutdown(wait=True, cancel_futures=True)
    if kind == "serial":
        return SerialExecutor(), lambda: None
    if isinstance(kind, str) and (kind == "dask" or "://" in kind):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise RuntimeError("the dask executor needs the 'dask' extra: "
                               "pip install 'expdesign[dask]'") from exc
        if kind == "dask":
            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1,
                                   threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            cluster = None
            addr = kind.removeprefix("dask://")
            client = Client(addr if "://" in addr else f"tcp://{addr}")
        ex = client.get_executor()

        def release() -> None:
            client.close()
            if cluster is not None:
                cluster.close()

        return ex, release
    raise ValueError(f"unknown executor {kind!r}: use processes, serial, dask or "
                     "dask://HOST:PORT")


def _default_start_method() -> str:
    """``fork`` on Linux while this process runs a single thread (fast: no imports in
    the workers; safe: no lock can be held by another thread), ``forkserver`` on Linux
    otherwise (e.g. after a Dask client or a progress-bar monitor thread started),
    ``spawn`` elsewhere."""
    import threading

    if sys.platform != "linux":
        return "spawn"
    return "fork" if threading.active_count() == 1 else "forkserver"


def _noop(x: int) -> int:
    return x


# ====================================================================== files
def _kind(path: Path) -> str:
    return "csv" if path.suffix.lower() == ".csv" else "jsonl"


def columns_of(rows: Iterable[dict]) -> list[str]:
    """Union of the row keys: meta columns and params first, then first-seen order."""
    seen: dict[str, None] = {}
    rows = list(rows)
    for r in rows:
        for k in r:
            if k.startswith("param:"):
                seen.setdefault(k)
    head = [k for k in ("point_hash",) if any(k in r for r in rows)] + list(seen)
    head += [k for k in META[1:] if any(k in r for r in rows)]
    rest: dict[str, None] = {}
    for r in rows:
        for k in r:
            if k not in rest and k not in head:
                rest[k] = None
    return head + list(rest)


def _parse_cell(col: str, val: str) -> Any:
    if col in META or col.startswith(_STRING_PREFIXES) or col.endswith("_unit"):
        return val
    return float(val)


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a scan output file (``.csv`` or JSON Lines); a partial last line (an
    interrupted write) is dropped.  CSV cells are typed back (floats / strings)."""
    path = Path(path)
    if not path.exists():
        return []
    text = path.read_text("utf-8")
    if not text.endswith("\n"):
        text = text[: text.rfind("\n") + 1]  # drop a partly written last line
    if _kind(path) == "jsonl":
        rows = []
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return rows
    lines = text.splitlines()
    if not lines:
        return []
    out = []
    for rec in csv.DictReader(lines):
        if None in rec:  # more cells than the header: damaged line
            continue
        row = {}
        try:
            for k, v in rec.items():
                if v is None:
                    raise ValueError("short line")
                if v == "" and k not in META:
                    continue
                row[k] = _parse_cell(k, v)
        except ValueError:
            continue
        if "point_hash" in row:
            out.append(row)
    return out


def write_rows(rows: list[dict], path: str | Path) -> Path:
    """Write rows to ``.csv`` (wide, union of columns) or ``.jsonl``, atomically."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        if _kind(path) == "csv":
            w = csv.DictWriter(fh, fieldnames=columns_of(rows), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        else:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    return path


class _Appender:
    """Appends rows as they complete; CSV gets its header widened when a row brings a
    new column (the file is then rewritten, atomically)."""

    def __init__(self, path: Path | None, existing: list[dict]):
        self.path = path
        self.rows = list(existing)
        self.header: list[str] = columns_of(existing)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # normalise the file (drops a partial last line, fixes the header)
        if path.exists() or existing:
            write_rows(self.rows, path)

    def add(self, row: dict) -> None:
        self.rows.append(row)
        if self.path is None:
            return
        if _kind(self.path) == "jsonl":
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                fh.flush()
            return
        if not self.path.exists() or any(k not in self.header for k in row):
            self.header = columns_of(self.rows)
            write_rows(self.rows, self.path)
            return
        with self.path.open("a", encoding="utf-8", newline="") as fh:
            csv.DictWriter(fh, fieldnames=self.header, lineterminator="\n").writerow(row)
            fh.flush()


# ====================================================================== the scan
@dataclass
class ScanResult:
    """A finished (or interrupted) scan: rows in grid order."""

    rows: list[dict[str, Any]]
    points: list[dict[str, str]]
    n_run: int
    n_skipped: int
    out: Path | None = None
    complete: bool = True
    foreign: list[dict[str, Any]] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return columns_of(self.rows)

    def column(self, key: str) -> list[Any]:
        """Values of one column in grid order (None where a row lacks it)."""
        return [r.get(key) for r in self.rows]

    def to_csv(self, path: str | Path) -> Path:
        return write_rows(self.rows, Path(path).with_suffix(".csv"))

    def to_jsonl(self, path: str | Path) -> Path:
        return write_rows(self.rows, Path(path).with_suffix(".jsonl"))

    def to_json(self, path: str | Path | None = None) -> str:
        text = json.dumps(self.rows, indent=1, ensure_ascii=False)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text


def run_scan(spec: Any, axes: Sequence[Axis] | None = None, *,
             points: Sequence[dict[str, str]] | None = None,
             executor: Any = "processes", workers: int | None = None,
             out: str | Path | None = None, settings: Any = None,
             progress: bool = True, resume: bool = True) -> ScanResult:
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

    Returns
    -------
    ScanResult
        Rows in grid order.  Paths that do not exist in the spec raise ``KeyError``
        before anything runs; values that make the spec invalid give ``invalid`` rows.
    """
    if (axes is None) == (points is None):
        raise ValueError("give either axes or points")
    pts = grid(axes) if axes is not None else [dict(p) for p in points]
    base = base_of(spec)
    sett = settings_dict(settings)
    for path in {k for p in pts for k in p}:
        get_path(base.data, path)  # KeyError with the available fields
    tasks = [make_task(base, p, sett) for p in pts]
    hashes = [t["hash"] for t in tasks]
    outp = Path(out) if out is not None else None
    if outp is not None and not resume and outp.exists():
        outp.unlink()
    existing = read_rows(outp) if outp is not None else []
    done = {r["point_hash"]: r for r in existing if "point_hash" in r}
    todo = [t for t in tasks if t["hash"] not in done]
    todo = list({t["hash"]: t for t in todo}.values())  # a point listed twice runs once
    app = _Appender(outp, existing)
    results: dict[str, dict] = {h: done[h] for h in hashes if h in done}
    complete = False
    if todo:
        from tqdm import tqdm

        ex, release = make_executor(executor, workers or min(os.cpu_count() or 1, len(todo)))
        bar = tqdm(total=len(pts), initial=len(pts) - len(todo), desc="scan", unit="plan",
                   file=sys.stderr, disable=not progress, mininterval=0.2)
        futs = {}
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
