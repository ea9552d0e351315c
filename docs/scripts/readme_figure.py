"""Draw the README figure: RENP rate and field at the sensor vs trigger angle (Er design)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from expdesign.io import load_spec  # noqa: E402
from expdesign.planner import Planner  # noqa: E402


def main() -> None:
    spec = load_spec("schemas/examples/er_ylf_renp.json")
    plan = Planner(spec).run()
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    for d in plan.distributions:
        if d.name == "RENP rate":
            axes[0].plot(d.x.values, d.y.values, label=d.hypothesis, lw=1.2)
        if d.name == "field at sensor":
            axes[1].plot(d.x.values, d.y.values, label=d.hypothesis, lw=1.2)
    axes[0].set_ylabel("RENP rate [1/s]")
    axes[1].set_ylabel("mean accumulated field at sensor [nG]")
    for ax in axes:
        ax.set_xlabel("trigger angle theta_s [deg]")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7)
    model = next(d.model for d in plan.distributions if d.name == "RENP rate")
    fig.suptitle(f"Er3+:YLF reference design (seed 001), {model}", fontsize=9)
    fig.tight_layout()
    out = Path("docs/figures/readme_er_rate.png")
    fig.savefig(out, dpi=100)
    print(f"wrote {out}; peak rate {np.max(plan.distributions[0].y.values):.3g} 1/s")


if __name__ == "__main__":
    main()
