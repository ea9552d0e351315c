"""Figure of a candidate search: figure of merit against pair energy, per ion."""

from __future__ import annotations

from pathlib import Path

from matplotlib import colormaps
from matplotlib.figure import Figure

from expdesign.candidates.levels import IONS
from expdesign.candidates.search import SearchResult

__all__ = ["write_search_figure"]


def write_search_figure(result: SearchResult, path: Path,
                        highlight: tuple[str, ...] = ()) -> Path:
    """Scatter of the admitted, evaluable paths: FOM = s2 eps_pair^2 vs pair energy.

    One marker per distinct (ion, pair step); paths of ``highlight`` (``describe()``
    strings, e.g. the papers' paths) are circled.  Admitted paths whose spin element is
    not evaluable are counted in the legend.  Returns the written path.
    """
    fig = Figure(figsize=(10.5, 5.4))
    ax = fig.add_subplot()
    cmap = colormaps["tab20"]
    seen: set[tuple[str, str, str, float]] = set()
    for k, ion in enumerate(IONS):
        xs, ys = [], []
        n_ne = 0
        for p in result.admitted:
            if p.ion != ion:
                continue
            if p.fom is None:
                n_ne += 1
                continue
            up = p.pair_upper
            low = p.levels["p" if p.process == "RENP" else "g"]
            key = (ion, up.key, low.key, p.pair_energy_ev)
            if key in seen:
                continue
            seen.add(key)
            xs.append(p.pair_energy_ev)
            ys.append(p.fom)
        if xs or n_ne:
            lab = f"{ion}3+ ({len(xs)} pair steps" + (f", {n_ne} paths IC-missing)"
                                                     if n_ne else ")")
            ax.scatter(xs, ys, s=26, color=cmap((2 * k) % 20 + (2 * k) // 20),
                       marker="osD^v<>"[k % 7], label=lab, alpha=0.85)
    for p in result.admitted:
        if p.describe() in highlight and p.fom is not None:
            ax.scatter([p.pair_energy_ev], [p.fom], s=160, facecolors="none",
                       edgecolors="k", linewidths=1.5)
            ax.annotate(f"{p.ion}: {p.describe()}", (p.pair_energy_ev, p.fom),
                        textcoords="offset points", xytext=(-8, 9), ha="right", fontsize=7)
    ax.axvline(result.threshold_ev, color="0.5", ls="--", lw=1)
    ax.text(result.threshold_ev, 0.02, " heaviest pair threshold", rotation=90, va="bottom",
            fontsize=7, color="0.4", transform=ax.get_xaxis_transform())
    ax.set_yscale("log")
    ax.set_xlabel("pair energy (eV)")
    ax.set_ylabel(r"FOM = $|\langle S\rangle|^2/(2J+1)\ \epsilon_{pair}^2$ (eV$^2$)")
    ax.set_title(f"{result.process} candidate pair steps, Ln3+:{result.host} "
                 f"(circled: the papers' paths)", fontsize=10)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    ax.grid(alpha=0.3, which="both")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=130)
    return path
