"""Figures of a Plan: one PNG per distribution family and per time profile.

Drawn with matplotlib's object API (:class:`matplotlib.figure.Figure`), so the library
never selects a backend; notebooks and the CLI keep theirs.  Each figure has a full
title, axis labels with quantity and unit, a logarithmic axis where the values span more
than two decades, and vertical markers at the pair thresholds (labelled ``(ij)``) and
the kinematic edges ``M^2 = 0`` found in the Plan's results.  RANP figures add a panel
over the angles where the thresholds lie (near 180 deg).
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from expdesign.executors import start_forked
from expdesign.plan import Distribution, Plan
from expdesign.units import ureg

__all__ = ["write_figures", "readable_unit", "file_stem", "angle_markers"]

#: file stems of the known distribution families and profiles
_STEMS = {
    "RENP rate": "renp_rate_vs_trigger_angle",
    "magnetization rate": "magnetization_rate_vs_trigger_angle",
    "field at sensor": "field_at_sensor_vs_trigger_angle",
    "sum F_ij (eq. 6)": "ranp_angular_sum_F_vs_angle",
    "dGamma/dOmega": "ranp_rate_per_solid_angle_vs_angle",
    "coherence during one cycle": "coherence_during_one_cycle",
}


#: a log-scale profile shows this many decades below its largest value
_PROFILE_RANGE = 1e-10


def readable_unit(unit: str) -> str:
    """A unit as a physicist writes it: ``eV**2`` -> ``eV²``, ``1/s`` -> ``1/s``,
    ``dimensionless`` -> ``1``."""
    if unit in ("", "dimensionless"):
        return "1"
    try:
        s = f"{ureg.Unit(unit):~P}"
    except Exception:  # noqa: BLE001 - pint raises several types
        return unit
    return {"a": "yr"}.get(s, s) or "1"


def file_stem(name: str) -> str:
    """A file name for a distribution family or profile: a known descriptive stem, else
    the name with runs of other characters folded to one ``_``."""
    if name in _STEMS:
        return _STEMS[name]
    s = re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")
    return s[:60] or "figure"


def angle_markers(plan: Plan) -> list[tuple[float, str, str]]:
    """``(angle deg, label, kind)`` of the pair thresholds of the assumed truth (``kind``
    "threshold", label ``(ij)``) and of the kinematic edges ``M^2 = 0`` ("edge")."""
    out: list[tuple[float, str, str]] = []
    for r in plan.results:
        m = re.fullmatch(r"threshold_(\d)(\d)_(?:branch\d|hyp0)", r.key)
        if m:
            out.append((float(r.value.to("deg").m), f"({m.group(1)}{m.group(2)})",
                        "threshold"))
        elif r.key.startswith("mcq_boundary_angle_"):
            out.append((float(r.value.to("deg").m), "M²=0", "edge"))
        elif m2 := re.fullmatch(r"threshold_omega_(\d)(\d)", r.key):  # RENP_ATOMIC (eV)
            out.append((float(r.value.to("eV").m), f"({m2.group(1)}{m2.group(2)})",
                        "threshold"))
    return out


def _use_log(ys: list[np.ndarray]) -> bool:
    a = np.abs(np.concatenate([y.ravel() for y in ys])) if ys else np.zeros(0)
    a = a[a > 0]
    if len(a) < 2:
        return False
    same_sign = all(np.all(y >= 0) or np.all(y <= 0) for y in ys)
    return bool(same_sign and a.max() / a.min() > 100.0)


def _x_label(plan: Plan, unit: str) -> str:
    what = {"RENP": "trigger angle θ_s", "RENP_ATOMIC": "trigger photon energy ω"}.get(
        plan.process, "signal-photon angle θ from the excitation axis")
    return f"{what} [{readable_unit(unit)}]"


def _markers(ax: Axes, marks: list[tuple[float, str, str]], lo: float, hi: float) -> None:
    """Vertical lines at the markers inside [lo, hi], labels staggered to stay legible."""
    inside = sorted((m for m in marks if lo <= m[0] <= hi), key=lambda m: m[0])
    span = hi - lo if hi > lo else 1.0
    last = -np.inf
    level = 0
    for ang, lab, kind in inside:
        ax.axvline(ang, color="0.35" if kind == "threshold" else "tab:red",
                   ls=":" if kind == "threshold" else "--", lw=0.9)
        level = level + 1 if ang - last < 0.04 * span else 0
        last = ang
        ax.text(ang, 0.98 - 0.06 * (level % 6), lab, rotation=90, fontsize=7, ha="right",
                va="top", transform=ax.get_xaxis_transform(),
                color="0.25" if kind == "threshold" else "tab:red")


def _draw(ax: Axes, ds: list[Distribution], log: bool) -> None:
    for d in ds:
        x = np.asarray(d.x.values)
        y = np.asarray(d.smoothed.values if d.smoothed is not None else d.y.values)
        if log:
            y = np.where(np.abs(y) > 0, np.abs(y), np.nan)
        ax.plot(x, y, label=d.hypothesis, lw=1.3)
    if log:
        ax.set_yscale("log")
    ax.grid(alpha=0.3)


def _distribution_figure(plan: Plan, name: str, ds: list[Distribution],
                         marks: list[tuple[float, str, str]], stem: Path) -> Path:
    ys = [np.asarray(d.smoothed.values if d.smoothed is not None else d.y.values)
          for d in ds]
    log = _use_log(ys)
    negative = all(np.all(y <= 0) for y in ys) and any(np.any(y < 0) for y in ys)
    qty = f"|{name}|" if log and negative else name
    ylab = f"{qty} [{readable_unit(ds[0].y.unit)}]"
    x = np.asarray(ds[0].x.values)
    th = [m[0] for m in marks if m[2] == "threshold"]
    zoom = None
    if plan.process == "RANP" and th and x[-1] >= 179.0:
        zlo = max(float(x[0]), min(th) - 5.0)
        if zlo > float(x[0]) + 0.2 * (float(x[-1]) - float(x[0])):
            zoom = (zlo, float(x[-1]))
    fig = Figure(figsize=(7.5, 4.6 if zoom is None else 7.6))
    axes = fig.subplots(2 if zoom else 1, 1, squeeze=False)[:, 0]
    _draw(axes[0], ds, log)
    _markers(axes[0], marks, float(x[0]), float(x[-1]))
    axes[0].set_ylabel(ylab)
    if zoom is not None:
        ax = axes[1]
        sub = [d.model_copy() for d in ds]
        _draw(ax, sub, log)
        ax.set_xlim(*zoom)
        keep = (x >= zoom[0])
        vals = np.concatenate([np.abs(y[keep]) for y in ys])
        vals = vals[np.isfinite(vals) & (vals > 0)] if log else vals[np.isfinite(vals)]
        if len(vals):
            lo_v, hi_v = float(vals.min()), float(vals.max())
            if log:
                ax.set_ylim(lo_v / 2, hi_v * 2)
            elif hi_v > lo_v:
                pad = 0.05 * (hi_v - lo_v)
                ax.set_ylim(lo_v - pad, hi_v + pad)
        _markers(ax, marks, *zoom)
        ax.set_ylabel(ylab)
        ax.set_title(f"zoom: {zoom[0]:.4g}-{zoom[1]:.4g} deg, where the pair thresholds lie",
                     fontsize=8)
    axes[-1].set_xlabel(_x_label(plan, ds[0].x.unit))
    versus = "photon energy" if plan.process == "RENP_ATOMIC" else "angle"
    title = f"{name} vs {versus} ({ds[0].model})" + ("; log scale" if log else "")
    if marks:
        title += f"; dotted: pair thresholds (ij) of '{plan.hypotheses[0]}'"
        if any(m[2] == "edge" and x[0] <= m[0] <= x[-1] for m in marks):
            title += "; dashed: M² = 0"
    return _finish(fig, axes[0], f"{plan.spec_name}\n{title}", stem)


def _profile_figure(plan: Plan, prof_name: str, t: np.ndarray, t_unit: str,
                    series: dict[str, np.ndarray], stem: Path) -> Path:
    fig = Figure(figsize=(7.5, 4.6))
    ax = fig.subplots()
    steps = {k: v for k, v in series.items() if k == "trigger"}
    rest = {k: v for k, v in series.items() if k not in steps}
    log = _use_log(list(rest.values()))
    for k, y in rest.items():
        ax.plot(t, np.where(y > 0, y, np.nan) if log else y, label=k, lw=1.3)
    if log:
        ax.set_yscale("log")
        top = max(float(np.nanmax(y)) for y in rest.values())
        ax.set_ylim(top * _PROFILE_RANGE, top * 3)
    ax.set_ylabel("coherence factors [1]" + (" (log scale)" if log else ""))
    ax.set_xlabel(f"time in the cycle [{readable_unit(t_unit)}]")
    ax.grid(alpha=0.3)
    if steps:
        ax2 = ax.twinx()
        for k, y in steps.items():
            ax2.plot(t, y, color="0.5", ls="--", lw=1.0, label=f"{k} (on/off, right axis)")
        ax2.set_ylim(-0.05, 1.3)
        ax2.set_ylabel("trigger on/off [1]")
        ax2.legend(fontsize=7, loc="lower left")
    note = (f"; log scale, values below {_PROFILE_RANGE:.0e} of the largest not shown"
            if log else "")
    return _finish(fig, ax, f"{plan.spec_name}\n{prof_name}{note}", stem,
                   legend_loc="lower right")


def write_figures(plan: Plan, folder: str | Path, workers: int | None = 2) -> list[Path]:
    """Draw the Plan's figures as PNG files in ``folder``; return their paths.

    With ``workers`` >= 2 a forked child draws every second figure while this process
    draws the others (:func:`expdesign.executors.start_forked`; where forking is not
    available, or the child fails, this process draws them all); the files are the same.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    marks = angle_markers(plan)
    names = sorted({d.name for d in plan.distributions})
    tasks: list[Callable[[], Path | None]] = []
    for name in names:
        ds = [d for d in plan.distributions if d.name == name]
        tasks.append(functools.partial(_distribution_figure, plan, name, ds, marks,
                                       folder / file_stem(name)))
    for prof in plan.profiles:
        tasks.append(functools.partial(
            _profile_figure, plan, prof.name, np.asarray(prof.t.values), prof.t.unit,
            {k: np.asarray(a.values) for k, a in prof.series.items()},
            folder / file_stem(prof.name)))
    from expdesign.sensitivity_figure import tornado_figure  # it imports this package's Plan

    tasks.append(functools.partial(tornado_figure, plan, folder))
    done = _draw_all(tasks, workers)
    return [p for p in done if p is not None]


def _draw_all(tasks: list[Callable[[], Path | None]], workers: int | None
              ) -> list[Path | None]:
    """Run the drawing ``tasks`` in order; a forked child takes every second one."""
    out: dict[int, Path | None] = {}
    theirs = list(range(1, len(tasks), 2))
    child = start_forked(lambda: [tasks[i]() for i in theirs], workers) \
        if len(tasks) > 1 else None
    try:
        for i in range(0, len(tasks), 1 if child is None else 2):
            out[i] = tasks[i]()
        if child is not None:
            ok, paths = child.result()
            if ok:
                out.update(zip(theirs, paths, strict=True))
    finally:
        if child is not None:
            child.cancel()
    for i in range(len(tasks)):  # the child's, where it failed
        if i not in out:
            out[i] = tasks[i]()
    return [out[i] for i in range(len(tasks))]


def _finish(fig: Figure, ax: Axes, title: str, stem: Path,
            legend_loc: Literal["best", "upper left", "lower right"] = "best") -> Path:
    lines = []
    for part in title.split("\n"):
        lines += textwrap.wrap(part, 90) or [""]
    fig.suptitle("\n".join(lines), fontsize=9)
    ax.legend(fontsize=7, loc=legend_loc)
    fig.tight_layout()
    path = stem.with_suffix(".png")
    fig.savefig(path, dpi=110)
    return path
