"""Vacuum A-coefficients for the neutrino-pair vertex (host refractive-index factors).

A target's A-coefficients may refer to the ion in its host (``Target.rates_refractive_index``
says which index; absent = taken as vacuum rates).  The spin and velocity elements of the
RENP pair vertex (seed 001 eqs. 42-43) need the vacuum rates: MD / n^3, ED / (n((n^2+2)/3)^2)
(:mod:`expdesign.physics.atomic.medium`).  Photon rates inside the crystal (trigger Rabi
frequencies, widths) keep the in-medium rates: this module is used only for the vertex.
"""

from __future__ import annotations

from expdesign.physics import atomic
from expdesign.planner.context import Accumulator, PlanContext

__all__ = ["vertex_rates"]

_SRC = ("Henderson & Imbusch, Optical Spectroscopy of Inorganic Solids (1989) ch. 5; "
        "Hehlen, Brik, Kraemer, J. Lumin. 136, 221 (2013)")


def vertex_rates(ctx: PlanContext, acc: Accumulator, a_md: float, a_ed: float,
                 what: str) -> tuple[float, float]:
    """(MD, ED) vacuum A-coefficients (eV) of ``what`` for the pair vertex, with the
    factors divided out recorded in the Plan (quantities and assumptions)."""
    tgt = ctx.target
    ri = tgt.rates_refractive_index
    if ri is None:
        n_host = tgt.refractive_index.value if tgt.refractive_index is not None else None
        size = ("" if n_host is None else
                f"; if they were computed for the host (n = {n_host:g}) the spin element "
                f"|S|^2 is too large by n^3 = {atomic.md_medium_factor(n_host):.3g} and |v|^2 "
                f"by n((n^2+2)/3)^2 = {atomic.ed_local_field_factor(n_host):.3g}")
        acc.assumptions.append(
            f"A-coefficients of {what} taken as VACUUM rates for the neutrino-pair vertex "
            f"(the target gives no rates_refractive_index){size}")
        return a_md, a_ed
    n = ri.value
    f_md, f_ed = atomic.md_medium_factor(n), atomic.ed_local_field_factor(n)
    acc.add("rates_medium_factor_md", f_md, "dimensionless",
            f"n^3 divided out of the MD rate of {what} for the pair vertex (n = {n:g}: "
            f"{ri.source})", _SRC)
    acc.add("rates_medium_factor_ed", f_ed, "dimensionless",
            f"n((n^2+2)/3)^2 divided out of the ED rate of {what} (virtual-cavity local "
            "field)", _SRC)
    acc.assumptions.append(
        f"the target's A-coefficients refer to a medium of index n = {n:g} ({ri.source}): "
        f"the pair vertex uses vacuum rates (MD / {f_md:.4g}, ED / {f_ed:.4g}); photon "
        "emission and absorption in the crystal (trigger h_r, widths) keep the in-medium "
        "rates")
    return atomic.vacuum_rate_md(a_md, n), atomic.vacuum_rate_ed(a_ed, n)
