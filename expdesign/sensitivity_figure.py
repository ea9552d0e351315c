"""The tornado plot of a Plan's sensitivity run: how far each input moves the lead figure."""

from __future__ import annotations

import math
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from expdesign.plan import Plan
from expdesign.sensitivity_report import SIGNAL_QUESTION

__all__ = ["tornado_figure"]


def tornado_figure(plan: Plan, folder: str | Path, top: int = 12) -> Path | None:
    """Draw ``sensitivity_tornado.png`` in ``folder`` (None without a sensitivity run).

    Each bar spans ``exp(-+ |e| sd)``, the factor by which the lead figure (the 5-sigma
    signal exposure, else the first figure) changes when the input moves by one standard
    deviation of ``ln x`` (its uncertainty), or by a factor 2 where no uncertainty is given
    (light bars); elasticity ``e``.
    """
    rep = plan.sensitivity
    if rep is None or not rep.figures:
        return None
    lead = next((f.key for f in rep.figures if f.question == SIGNAL_QUESTION),
                rep.figures[0].key)
    rows = [r for r in rep.ranked_inputs(lead) if r[2] > 0][:top][::-1]
    if not rows:
        return None
    fig = Figure(figsize=(8.0, 0.45 * len(rows) + 1.8))
    ax = fig.subplots()
    for i, (x, el, w) in enumerate(rows):
        lo, hi = math.exp(-w), math.exp(w)
        known = x.uncertainty is not None
        color = "tab:red" if el.value > 0 else "tab:blue"
        ax.barh(i, hi - lo, left=lo, color=color, alpha=0.9 if known else 0.35,
                edgecolor="black", linewidth=0.5)
        ax.text(hi * 1.05, i, f"e = {el.value:+.3g}", va="center", fontsize=7)
    ax.set_yticks(range(len(rows)), [f"{x.id}" for x, _, _ in rows], fontsize=7)
    ax.set_xscale("log")
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_xlabel(f"factor on {lead} (input at -1 / +1 sd of ln x; light: x/2 to x2)",
                  fontsize=8)
    fig.legend(handles=[Patch(color="tab:red", label="figure grows with the input"),
                       Patch(color="tab:blue", label="figure shrinks as the input grows"),
                       Patch(color="grey", alpha=0.35, label="no uncertainty given: x2")],
              fontsize=7, loc="lower center", ncol=3)
    xs = [math.exp(r[2]) for r in rows]
    ax.set_xlim(1 / max(xs) / 1.5, max(xs) * 3)
    fig.suptitle(f"What limits this design: {plan.spec_name}"[:110], fontsize=9)
    fig.tight_layout(rect=(0.0, 0.05, 1.0, 1.0))
    path = Path(folder) / "sensitivity_tornado.png"
    fig.savefig(path, dpi=110)
    return path
