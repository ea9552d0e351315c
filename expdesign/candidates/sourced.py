"""Spin elements between multiplets from the sourced MD rates of the shipped targets.

Between multiplets of different J the magnetic dipole ``L + 2S = J + S`` reduces to the
spin (``<J'||J||J> = 0``), exactly and in any coupling, so a sourced magnetic-dipole
A-coefficient gives the intermediate-coupling spin element ``|<J'||S||J>|^2`` (seed 001
eq. 42; :func:`expdesign.physics.atomic.spin_reduced_sq_from_md`, the kernel the Planner
uses for the RENP pair step).  This is the only intermediate-coupling data the search has:
seed 001 Table 1 (Er3+, rates computed for Cs2NaYF6 and used for YLF, as the target file
says).  The transition energy is the shipped target's (YLF), as in the Planner.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from expdesign.models import load_shipped_target
from expdesign.physics.atomic import spin_reduced_sq_from_md
from expdesign.units import energy_to_eV, rate_to_eV

__all__ = ["SourcedSpin", "sourced_spin_elements", "refractive_index_of", "TARGET_OF_ION",
           "sourced_ed_rates"]

#: shipped lanthanide targets by ion symbol
TARGET_OF_ION: dict[str, str] = {"Er": "er_ylf", "Ho": "ho_ylf"}


@dataclass(frozen=True)
class SourcedSpin:
    """``|<lower||S||upper>|^2`` derived from a sourced MD rate of a shipped target."""

    ion: str
    upper_term: str
    lower_term: str
    spin_sq: float
    target: str
    source: str


@lru_cache(maxsize=4)
def sourced_spin_elements() -> dict[tuple[str, str, str], SourcedSpin]:
    """(ion, upper term, lower term) -> spin element from the shipped targets' MD rates.

    Only transitions with a positive ``A_md`` between levels of different J enter.
    """
    out: dict[tuple[str, str, str], SourcedSpin] = {}
    for ion, name in TARGET_OF_ION.items():
        tgt = load_shipped_target(name)
        levels = {lv.label: lv for lv in tgt.levels}
        for tr in tgt.transitions:
            a_md = rate_to_eV(tr.A_md)
            up, lo = levels[tr.upper], levels[tr.lower]
            if a_md <= 0 or up.J == lo.J or not up.term or not lo.term:
                continue
            eps = energy_to_eV(up.energy) - energy_to_eV(lo.energy)
            s2 = spin_reduced_sq_from_md(a_md, eps, float(up.J))
            out[(ion, up.term, lo.term)] = SourcedSpin(ion, up.term, lo.term, s2, name,
                                                        tr.source)
    return out


def refractive_index_of(target: str) -> float:
    """Refractive index of a shipped target (1.0 where the target gives none)."""
    tgt = load_shipped_target(target)
    ri = tgt.refractive_index
    return float(ri.value) if ri is not None else 1.0


@lru_cache(maxsize=4)
def sourced_ed_rates() -> dict[tuple[str, str, str], tuple[float, str]]:
    """(ion, upper term, lower term) -> (forced-E1 A-coefficient in 1/s, source) from the
    shipped targets (seed 001 Table 1 for Er3+: Judd-Ofelt rates of Loiko et al. 2017).

    These are the only E1 strengths the search has: no Judd-Ofelt parameters ship
    (docs/candidates.md).  Only positive ``A_ed`` enter.
    """
    out: dict[tuple[str, str, str], tuple[float, str]] = {}
    for ion, name in TARGET_OF_ION.items():
        tgt = load_shipped_target(name)
        levels = {lv.label: lv for lv in tgt.levels}
        for tr in tgt.transitions:
            a_ed = float(tr.A_ed.to("1/s").m) if tr.A_ed is not None else 0.0
            up, lo = levels[tr.upper], levels[tr.lower]
            if a_ed > 0 and up.term and lo.term:
                out[(ion, up.term, lo.term)] = (a_ed, f"{name}: {tr.source}")
    return out
