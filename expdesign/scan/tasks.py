"""Scan tasks: the base spec, the plain-dict task of one point and the worker that
plans it into a row.

Workers receive each point as a plain dict: the spec as canonical JSON (with the
point already set), the spec's base directory (for target files given by relative
path) and the Planner settings as a dict; they return a plain dict row (see
:mod:`expdesign.scan` for the columns).  No pint or pydantic object crosses a
process boundary.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from expdesign.executors import BLAS_ENV
from expdesign.scan.parameters import apply_point, canonical_json, point_hash

__all__ = [
    "EXCLUDED_RESULTS",
    "Base",
    "base_of",
    "evaluate_task",
    "exposure_label",
    "import_planner",
    "make_task",
    "plan_row",
    "settings_dict",
]

EXCLUDED_RESULTS = frozenset({"planner_wall_time"})
"""Result keys left out of a row (so a row depends on the point only)."""


@dataclass(frozen=True)
class Base:
    """A validated spec reduced to what workers need: canonical JSON and base dir."""

    data: dict[str, Any]
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


def make_task(base: Base, point: dict[str, str], settings: dict[str, Any]) -> dict[str, Any]:
    """The plain-dict task for one point (what a worker receives)."""
    return {"hash": point_hash(point, base.sha, settings), "point": dict(point),
            "spec_json": canonical_json(apply_point(base.data, point)),
            "base_dir": base.base_dir, "settings": dict(settings), "name": "point"}


def import_planner() -> None:
    """Import the spec loader and the Planner (a worker initializer: once per worker,
    not inside the first task)."""
    import expdesign.io  # noqa: F401
    import expdesign.planner  # noqa: F401


def _one_line(s: str) -> str:
    return " | ".join(x.strip() for x in str(s).splitlines() if x.strip())


def _unit_str(q: Any) -> str:
    u = f"{q.units:~C}"
    return u or "dimensionless"


def exposure_label(question: str, against: str = "") -> str:
    """Row label of an exposure: ``question`` or ``"question | against"``."""
    return f"{question} | {against}" if against else question


def plan_row(plan: Any) -> dict[str, Any]:
    """The figures of a :class:`~expdesign.plan.Plan` as a flat dict of floats/strings."""
    out: dict[str, Any] = {}
    fails = [v.name for v in plan.verdicts if v.status == "fail" and v.kind == "limit"]
    out["failed_verdicts"] = "; ".join(fails)
    out["failed_validity"] = "; ".join(v.name for v in plan.verdicts
                                       if v.status == "fail" and v.kind != "limit")
    for r in plan.results:
        if r.key in EXCLUDED_RESULTS:
            continue
        out[r.key] = float(r.value.magnitude)
        out[f"{r.key}_unit"] = _unit_str(r.value)
    for v in plan.verdicts:
        out[f"verdict:{v.name}"] = v.status
    for e in plan.exposures:
        lab = exposure_label(e.question, e.against)
        if e.time is not None and e.status in ("ok", "infeasible"):  # see failed_verdicts
            out[f"exposure_s:{lab}"] = float(e.time.to("s").magnitude)
        out[f"exposure_status:{lab}"] = e.status
    return out


def evaluate_task(task: dict[str, Any]) -> dict[str, Any]:
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
