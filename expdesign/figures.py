"""Figures of a Plan: one PNG per distribution family and per time profile.

Drawn with matplotlib's object API (:class:`matplotlib.figure.Figure`), so the library
never selects a backend; notebooks and the CLI keep theirs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from expdesign.plan import Plan

__all__ = ["write_figures"]


def write_figures(plan: Plan, folder: str | Path) -> list[Path]:
    """Draw the Plan's figures as PNG files in ``folder``; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    names = sorted({d.name for d in plan.distributions})
    for name in names:
        ds = [d for d in plan.distributions if d.name == name]
        fig = Figure(figsize=(7, 4.2))
        ax = fig.subplots()
        for d in ds:
            x = np.asarray(d.x.values)
            y = np.asarray(d.smoothed.values if d.smoothed is not None else d.y.values)
            ax.plot(x, y, label=d.hypothesis, lw=1.3)
        out.append(_finish(fig, ax, f"angle [{ds[0].x.unit}]", f"{name} [{ds[0].y.unit}]",
                           f"{plan.spec_name}\n{name} ({ds[0].model})", folder / _slug(name)))
    for prof in plan.profiles:
        fig = Figure(figsize=(7, 4.2))
        ax = fig.subplots()
        t = np.asarray(prof.t.values)
        for k, arr in prof.series.items():
            ax.plot(t, np.asarray(arr.values), label=k, lw=1.3)
        out.append(_finish(fig, ax, f"time [{prof.t.unit}]", "dimensionless",
                           f"{plan.spec_name}\n{prof.name}", folder / _slug(prof.name)))
    return out


def _finish(fig: Figure, ax: Axes, xlabel: str, ylabel: str, title: str, stem: Path) -> Path:
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    path = stem.with_suffix(".png")
    fig.savefig(path, dpi=110)
    return path


def _slug(s: str) -> str:
    keep = [c if c.isalnum() else "_" for c in s.lower()]
    return "".join(keep).strip("_")[:60] or "figure"
