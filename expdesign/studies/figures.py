"""Figures of a study: the Delta chi^2 map, exposures against the true lightest mass, and
the best angle window of each question (one PNG each, per model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

from expdesign.physics.constants import SECONDS_PER_YEAR
from expdesign.studies.analysis import QUESTIONS

__all__ = ["study_figures"]

_YEAR = SECONDS_PER_YEAR


def study_figures(result: Any, folder: Path) -> list[Path]:
    """Draw the study's figures into ``folder``; return their paths."""
    out = []
    for model in result.meta["models"]:
        out.append(_dchi2_map(result, model, folder))
        out.append(_exposures(result, model, folder))
        out.append(_best_angles(result, model, folder))
    return out


def _families(rows: list[dict[str, Any]]) -> list[tuple[str, str, float, float]]:
    seen: dict[tuple[str, str, float, float], None] = {}
    for r in rows:
        seen.setdefault((r["ordering"], r["nature"], r["alpha_deg"], r["beta_deg"]), None)
    return list(seen)


def _fam_label(f: tuple[str, str, float, float]) -> str:
    o, n, a, b = f
    return f"{o} {n}" + (f" (alpha {a:g}, beta {b:g} deg)" if n == "majorana" and (a or b)
                         else "")


def _dchi2_map(result: Any, model: str, folder: Path) -> Path:
    rows = [r for r in result.rows if r["model"] == model]
    theta = np.asarray(result.meta["angles_deg"])
    fams = _families(rows)
    ncol = 2
    nrow = (len(fams) + 1) // 2
    fig = Figure(figsize=(10, 3.6 * nrow), layout="constrained")
    axes = np.atleast_1d(fig.subplots(nrow, ncol, squeeze=False)).ravel()
    d_all = np.array([r["dchi2_per_s"] for r in rows])
    pos = d_all[d_all > 0]
    vmax = float(pos.max()) if pos.size else 1.0
    norm = LogNorm(vmin=vmax * 1e-8, vmax=vmax)
    im = None
    for ax, f in zip(axes, fams, strict=False):
        sel = [r for r in rows if (r["ordering"], r["nature"], r["alpha_deg"],
                                   r["beta_deg"]) == f]
        m = np.array(sorted({r["lightest_mass_meV"] for r in sel}))
        d = np.array([r["dchi2_per_s"] for r in sel]).reshape(len(m), len(theta))
        d = np.where(d > 0, d, np.nan)
        im = ax.pcolormesh(theta, m, d, norm=norm, shading="nearest", cmap="viridis")
        ax.set_title(_fam_label(f), fontsize=9)
        ax.set_xlabel("trigger angle [deg]")
        ax.set_ylabel("lightest mass [meV]")
    for ax in axes[len(fams):]:
        ax.set_visible(False)
    if im is not None:
        fig.colorbar(im, ax=list(axes[:len(fams)]),
                     label="Delta chi^2 per second at this angle vs the truth")
    fig.suptitle(f"{result.meta['spec']} ({model}): hypothesis vs assumed truth "
                 f"({result.meta['truth']})", fontsize=10)
    path = folder / f"study_dchi2_map_{_slug(model)}.png"
    fig.savefig(path, dpi=100)
    return path


def _exposures(result: Any, model: str, folder: Path) -> Path:
    qs = [q for q in result.questions if q["model"] == model]
    fig = Figure(figsize=(8, 4.6))
    ax = fig.subplots()
    styles = {"NO dirac": "-", "NO majorana": "--", "IO dirac": "-.", "IO majorana": ":"}
    colors = dict(zip(QUESTIONS, ("C0", "C1", "C2"), strict=True))
    for f in _families(qs):
        for q in QUESTIONS:
            sel = [r for r in qs if (r["ordering"], r["nature"], r["alpha_deg"],
                                     r["beta_deg"]) == f and r["question"] == q]
            if not sel:
                continue
            m = np.array([r["lightest_mass_meV"] for r in sel])
            t = np.array([r["exposure_s"] for r in sel]) / _YEAR
            ax.semilogy(m, np.where(np.isfinite(t), t, np.nan), lw=1.2, color=colors[q],
                        ls=styles.get(f"{f[0]} {f[1]}", "-"),
                        label=f"{q}, truth {_fam_label(f)}")
    ax.set_xlabel("true lightest mass [meV]")
    ax.set_ylabel("exposure [year] (all angles, equal time)")
    ax.set_title(f"{result.meta['spec']} ({model}): exposure per question", fontsize=9)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=6, ncol=2)
    fig.tight_layout()
    path = folder / f"study_exposures_{_slug(model)}.png"
    fig.savefig(path, dpi=100)
    return path


def _best_angles(result: Any, model: str, folder: Path) -> Path:
    qs = [q for q in result.questions if q["model"] == model]
    fig = Figure(figsize=(8, 4.6))
    ax = fig.subplots()
    colors = dict(zip(QUESTIONS, ("C0", "C1", "C2"), strict=True))
    fams = _families(qs)
    f0 = fams[0] if fams else None
    for q in QUESTIONS:
        sel = [r for r in qs if (r["ordering"], r["nature"], r["alpha_deg"],
                                 r["beta_deg"]) == f0 and r["question"] == q]
        if not sel:
            continue
        m = np.array([r["lightest_mass_meV"] for r in sel])
        best = np.array([r["best_angle_deg"] for r in sel])
        lo = np.array([r["window_lo_deg"] for r in sel])
        hi = np.array([r["window_hi_deg"] for r in sel])
        ax.fill_between(m, lo, hi, color=colors[q], alpha=0.2)
        ax.plot(m, best, color=colors[q], lw=1.3, label=q)
    ax.set_xlabel("true lightest mass [meV]")
    ax.set_ylabel("trigger angle [deg]")
    ax.set_title(f"{result.meta['spec']} ({model})\nbest angle (line) and the window where "
                 f"Delta chi^2 >= half its best (band); truth "
                 f"{_fam_label(f0) if f0 else '-'}", fontsize=8)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = folder / f"study_best_angle_{_slug(model)}.png"
    fig.savefig(path, dpi=100)
    return path


def _slug(s: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in s.lower()).strip("_") or "model"
