"""Design optimisation: maximise a Plan figure or minimise an exposure time over spec fields.

The varied fields are given as :class:`Vary` (a spec path and bounds with a unit,
optionally on a log scale).  The optimiser works in the unit cube: ``u = 0`` is the
lower bound and ``u = 1`` the upper, linearly or logarithmically.  Each evaluation
is a full plan of the spec with the fields set (the same worker function as
:mod:`expdesign.scan`, so an optimum's row equals the scan row of that point).

Objective (minimised)
    * ``maximize=KEY``: ``-v / |v_0|`` with ``v`` the Result ``KEY`` (in its Planner
      unit) and ``v_0`` the first nonzero value met (a fixed scale: Nelder-Mead's
      tolerances are absolute);
    * ``minimize=KEY``: ``v / |v_0|``;
    * ``minimize_exposure=QUESTION``: ``log10(t / s)`` of that exposure time (the
      times span tens of decades; the log is monotone, so the optimum is the same).

Constraints (McQ and the other verdicts)
    A point whose Plan has any ``limit`` verdict ``fail`` (McQ, phase matching, the
    sensor's place) is infeasible, as is a point that is invalid, fails to plan, lacks
    the figure or has no reachable exposure.  ``model validity`` verdicts (the
    uniform-field assumption of an optically thick crystal) say the model's numbers are
    not trustworthy, not that the design cannot work: they constrain only with
    ``validity=True``.  An
    infeasible point gets the objective ``PENALTY`` (1e12, above any feasible
    value), so the optimum is feasible whenever a feasible point was met; with
    ``constraints=False`` only invalid points are penalised.

Methods
    * ``"bounded"`` (default for one parameter): a coarse grid of ``grid_points``
      points (run on the given executor), then Brent's bounded method
      (:func:`scipy.optimize.minimize_scalar`) between the neighbours of the best
      feasible grid point, to ``xatol`` in u.  The grid finds the basin and keeps
      Brent clear of an infeasible plateau; an optimum on a constraint boundary is
      approached from the feasible side.
    * ``"nelder-mead"`` (default for several): the coarse grid's best feasible point
      starts a bounded Nelder-Mead in u.
    * ``"differential-evolution"``: :func:`scipy.optimize.differential_evolution` in u
      (seeded; no gradient polish, the penalty is not smooth), then Nelder-Mead.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from expdesign.scan import (
    Base,
    base_of,
    evaluate_task,
    exposure_label,
    get_path,
    make_executor,
    make_task,
    settings_dict,
)

__all__ = ["Vary", "OptimizeResult", "parse_vary", "optimize", "PENALTY"]

PENALTY = 1.0e12


@dataclass(frozen=True)
class Vary:
    """A varied spec field: ``path`` between ``low`` and ``high`` (floats in ``unit``;
    ``unit == ""`` writes plain numbers), on a log scale if ``log``."""

    path: str
    low: float
    high: float
    unit: str = ""
    log: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high)) or self.high <= self.low:
            raise ValueError(f"{self.path}: need finite LOW < HIGH, got {self.low}, {self.high}")
        if self.log and self.low <= 0:
            raise ValueError(f"{self.path}: a log scale needs LOW > 0")

    def x(self, u: float) -> float:
        """The field value (in ``unit``) at the unit-cube coordinate ``u`` in [0, 1]."""
        u = min(max(float(u), 0.0), 1.0)
        if self.log:
            return math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        return self.low + u * (self.high - self.low)

    def u(self, x: float) -> float:
        if self.log:
            return (math.log(x) - math.log(self.low)) / (math.log(self.high) - math.log(self.low))
        return (x - self.low) / (self.high - self.low)

    def text(self, x: float) -> str:
        s = format(float(x), ".17g")
        return f"{s} {self.unit}" if self.unit else s


def parse_vary(text: str) -> Vary:
    """Parse ``PATH=LOW:HIGH`` or ``PATH=LOW:HIGH:log`` (LOW, HIGH pint strings; HIGH
    is converted to LOW's unit; plain numbers stay plain)."""
    from expdesign.units import parse_quantity

    if "=" not in text:
        raise ValueError(f"expected PATH=LOW:HIGH, got {text!r}")
    path, rng = text.split("=", 1)
    parts = [p.strip() for p in rng.split(":")]
    log = False
    if len(parts) == 3 and parts[2].lower() in ("log", "lin"):
        log = parts[2].lower() == "log"
        parts = parts[:2]
    if len(parts) != 2:
        raise ValueError(f"expected PATH=LOW:HIGH[:log], got {text!r}")
    try:
        lo, hi = float(parts[0]), float(parts[1])
        unit = ""
    except ValueError:
        qa, qb = parse_quantity(parts[0]), parse_quantity(parts[1])
        unit = f"{qa.units:~C}"
        lo, hi = float(qa.magnitude), float(qb.to(qa.units).magnitude)
    return Vary(path.strip(), lo, hi, unit, log)


@dataclass
class OptimizeResult:
    """The optimum and how it was found.

    ``x``: optimum field values (floats in each Vary's unit); ``point``: the same as
    the strings written into the spec; ``value``: the figure at the optimum (in
    ``unit``; seconds for an exposure); ``row``: the optimum's full scan row;
    ``evaluations``: every evaluation in order (``n``, ``u``, ``objective``,
    ``feasible``, and the scan row); ``feasible``: the optimum passes every verdict.
    """

    x: dict[str, float]
    point: dict[str, str]
    value: float | None
    unit: str
    objective: float
    feasible: bool
    row: dict[str, Any]
    evaluations: list[dict[str, Any]]
    method: str
    success: bool
    message: str

    @property
    def n_evaluations(self) -> int:
        return len(self.evaluations)

    def to_dict(self) -> dict[str, Any]:
        return {"x": self.x, "point": self.point, "value": self.value, "unit": self.unit,
                "objective": self.objective, "feasible": self.feasible, "method": self.method,
                "success": self.success, "message": self.message,
                "n_evaluations": self.n_evaluations, "row": self.row,
                "evaluations": self.evaluations}


@dataclass
class _Problem:
    base: Base
    vary: list[Vary]
    settings: dict[str, Any]
    figure: str  # row column holding the figure
    unit_col: str | None
    sense: Literal["max", "min", "log"]
    constraints: bool
    validity: bool = False
    cache: dict[str, dict[str, Any]] = field(default_factory=dict)
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    scale: float | None = None
    bar: Any = None

    def point(self, u: Sequence[float]) -> dict[str, str]:
        return {v.path: v.text(v.x(ui)) for v, ui in zip(self.vary, u, strict=True)}

    def task(self, u: Sequence[float]) -> dict[str, Any]:
        return make_task(self.base, self.point(u), self.settings)

    def value(self, row: dict[str, Any]) -> tuple[float | None, bool]:
        """(figure, feasible) of a row."""
        raw = row.get(self.figure)
        v = raw if isinstance(raw, int | float) else None
        ok = row.get("status") == "ok" and v is not None and math.isfinite(v)
        if self.sense == "log":
            ok = ok and v is not None and v > 0
        if self.constraints and (row.get("failed_verdicts") or (
                self.validity and row.get("failed_validity"))):
            ok = False
        return v, ok

    def objective_of(self, row: dict[str, Any]) -> float:
        v, ok = self.value(row)
        if not ok or v is None:  # ok implies a number
            return PENALTY
        if self.sense == "log":
            return math.log10(v)
        if self.scale is None and v != 0:
            self.scale = abs(v)
        s = self.scale or 1.0
        return -v / s if self.sense == "max" else v / s

    def record(self, u: Sequence[float], row: dict[str, Any]) -> float:
        f = self.objective_of(row)
        _, ok = self.value(row)
        self.evaluations.append({"n": len(self.evaluations), "u": [float(x) for x in u],
                                 "objective": f, "feasible": ok, "row": row})
        if self.bar is not None:
            self.bar.update(1)
        return f

    def __call__(self, u: Sequence[float]) -> float:
        t = self.task(u)
        row = self.cache.get(t["hash"])
        if row is None:
            row = evaluate_task(t)
            self.cache[t["hash"]] = row
        return self.record(u, row)

    def batch(self, us: list[list[float]], executor: Any, workers: int | None) -> list[float]:
        tasks = [self.task(u) for u in us]
        need = [t for t in tasks if t["hash"] not in self.cache]
        if need:
            ex, release = make_executor(executor, workers) if len(need) > 1 else \
                make_executor("serial")
            try:
                for t, row in zip(need, ex.map(evaluate_task, need), strict=True):
                    self.cache[t["hash"]] = row
            finally:
                release()
        return [self.record(u, self.cache[t["hash"]]) for u, t in zip(us, tasks, strict=True)]


def _figure_column(maximize: str | None, minimize: str | None,
                   minimize_exposure: str | None, against: str | None
                   ) -> tuple[str, str | None, Literal["max", "min", "log"]]:
    """(row column of the figure, its unit column, sense) of the objective."""
    if minimize_exposure is not None:
        return f"exposure_s:{exposure_label(minimize_exposure, against or '')}", None, "log"
    key = maximize if maximize is not None else minimize
    if key is None:
        raise ValueError("give exactly one of maximize, minimize, minimize_exposure")
    return key, f"{key}_unit", ("max" if maximize is not None else "min")


def optimize(spec: Any, vary: Sequence[Vary], *, maximize: str | None = None,
             minimize: str | None = None, minimize_exposure: str | None = None,
             against: str | None = None, settings: Any = None,
             method: Literal["auto", "bounded", "nelder-mead",
                             "differential-evolution"] = "auto",
             constraints: bool = True, validity: bool = False,
             grid_points: int | None = None, xatol: float = 1e-3,
             maxiter: int = 200, seed: int = 0, executor: Any = "serial",
             workers: int | None = None, progress: bool = False) -> OptimizeResult:
    """Optimise a Plan figure over the ``vary`` fields of ``spec``.

    Parameters
    ----------
    spec
        Spec path, ``ExperimentSpec`` or ``(ExperimentSpec, base_dir)``.
    vary
        Fields and bounds (see :class:`Vary`, :func:`parse_vary`).
    maximize, minimize, minimize_exposure
        Exactly one: a Result key (``rate_peak``, ``chi2_cycle_mean``, ...) or an
        exposure question (``"signal at 5 sigma"``; give ``against`` = the alternative
        hypothesis label when the question has one).
    constraints
        Treat a point with a failing ``limit`` verdict as infeasible (default).
    validity
        With ``constraints``, also a point with a failing ``model validity`` verdict
        (default False: those say the numbers are approximate, not that the design fails).
    grid_points
        Coarse grid points per parameter before the local search (default 9 for one
        parameter, 4 per parameter for several).
    xatol
        Tolerance on the optimum in unit-cube coordinates (fraction of the range, or
        of the log range).
    maxiter
        Evaluation budget of the search after the coarse grid (Brent iterations,
        Nelder-Mead function evaluations, or differential-evolution population x
        generations; the Nelder-Mead polish after DE has the same budget again).
    executor, workers
        Where the coarse grid runs (see :func:`expdesign.scan.make_executor`); the
        local search runs in this process.

    Returns
    -------
    OptimizeResult
    """
    import numpy as np
    from scipy import optimize as so

    if sum(x is not None for x in (maximize, minimize, minimize_exposure)) != 1:
        raise ValueError("give exactly one of maximize, minimize, minimize_exposure")
    vary = list(vary)
    if not vary:
        raise ValueError("nothing to vary")
    base = base_of(spec)
    for v in vary:
        get_path(base.data, v.path)
    col, unit_col, sense = _figure_column(maximize, minimize, minimize_exposure, against)
    prob = _Problem(base, vary, settings_dict(settings), col, unit_col, sense, constraints,
                    validity)
    n = len(vary)
    if method == "auto":
        method = "bounded" if n == 1 else "nelder-mead"
    if method == "bounded" and n != 1:
        raise ValueError("method 'bounded' is for one parameter")
    g = grid_points or (9 if n == 1 else 4)
    if progress:
        from tqdm import tqdm

        prob.bar = tqdm(desc="optimize", unit="plan", file=sys.stderr, mininterval=0.2)
    try:
        axes = [np.linspace(0.0, 1.0, g) for _ in range(n)]
        us = [list(c) for c in itertools.product(*axes)]
        fs = prob.batch(us, executor, workers) if method != "differential-evolution" else []
        msg, success = "", True
        if method == "bounded":
            i = int(np.argmin(fs))
            if fs[i] >= PENALTY:
                msg, success = "no feasible point on the coarse grid", False
            else:
                lo = axes[0][max(i - 1, 0)]
                hi = axes[0][min(i + 1, g - 1)]
                r = so.minimize_scalar(lambda u: prob([u]), bounds=(lo, hi), method="bounded",
                                       options={"xatol": xatol, "maxiter": maxiter})
                msg, success = str(r.message), bool(r.success)
        elif method == "nelder-mead":
            i = int(np.argmin(fs))
            if fs[i] >= PENALTY:
                msg, success = "no feasible point on the coarse grid", False
            else:
                r = so.minimize(prob, np.asarray(us[i]), method="Nelder-Mead",
                                bounds=[(0.0, 1.0)] * n,
                                options={"xatol": xatol, "fatol": 1e-9, "maxfev": maxiter,
                                         "initial_simplex": _simplex(us[i], 1.0 / (g - 1))})
                msg, success = str(r.message), bool(r.success)
        elif method == "differential-evolution":
            # maxiter is an evaluation budget: generations = budget / population
            gens = max(3, maxiter // (8 * n))
            r = so.differential_evolution(prob, [(0.0, 1.0)] * n, seed=seed, maxiter=gens,
                                          polish=False, tol=1e-6, popsize=8, init="sobol")
            r2 = so.minimize(prob, r.x, method="Nelder-Mead", bounds=[(0.0, 1.0)] * n,
                             options={"xatol": xatol, "fatol": 1e-9, "maxfev": maxiter,
                                      "initial_simplex": _simplex(list(r.x), 0.05)})
            msg, success = f"{r.message}; polish: {r2.message}", bool(r.success)
        else:
            raise ValueError(f"unknown method {method!r}")
    finally:
        if prob.bar is not None:
            prob.bar.close()
    best = min(prob.evaluations, key=lambda e: (e["objective"], e["n"]))
    row = best["row"]
    val, ok = prob.value(row)
    if not ok:
        success = False
        msg = (msg + "; " if msg else "") + "no feasible point found"
    u = best["u"]
    unit = "s" if sense == "log" else str(row.get(unit_col, ""))
    return OptimizeResult(
        x={v.path: v.x(ui) for v, ui in zip(vary, u, strict=True)},
        point=prob.point(u), value=val, unit=unit, objective=best["objective"], feasible=ok,
        row=row, evaluations=prob.evaluations, method=method, success=success, message=msg)


def _simplex(u0: Sequence[float], step: float) -> list[list[float]]:
    """An initial simplex around u0 inside the unit cube."""
    pts = [list(u0)]
    for k in range(len(u0)):
        p = list(u0)
        p[k] = p[k] + step if p[k] + step <= 1.0 else p[k] - step
        pts.append(p)
    return pts
