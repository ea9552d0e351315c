"""RENP step 2: the coherence |chi|^2 from the four-level Bloch engine (seed 001 App.)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from expdesign.physics import bloch
from expdesign.physics.assembly import cycle_average
from expdesign.physics.constants import HBAR_EV_S
from expdesign.plan import ArrayQuantity, TimeProfile
from expdesign.planner.context import Accumulator, PlanContext
from expdesign.planner.widths import LevelRates, bloch_dephasing, level_rates
from expdesign.units import rate_to_eV, to_natural

__all__ = ["Coherence", "coherence"]


@dataclass(frozen=True)
class Coherence:
    """The Bloch step's output (times in eV^-1)."""

    chi2_mean: float
    chi2_peak: float
    t_cycle: float
    t_gen: float


def _params(ctx: PlanContext, acc: Accumulator, laser_energies: tuple[float, float, float],
            rates: LevelRates) -> bloch.FourLevelParams:
    spec, tgt, p = ctx.spec, ctx.target, ctx.spec.path
    roles = ("g", "p", "q", "e")
    energies = [tgt.level(p[r]).energy_eV for r in roles]
    a_md: dict[tuple[str, str], float] = {}
    a_ed: dict[tuple[str, str], float] = {}
    inv = {p[r]: r for r in roles}
    out: dict[str, float] = {}
    for t in tgt.transitions:
        if t.upper in inv and t.lower in inv:
            key = (inv[t.upper], inv[t.lower])
            if t.split_known:
                a_md[key] = t.A_md_eV
                a_ed[key] = t.A_ed_eV
            else:
                a_ed[key] = t.A_eV
        elif t.upper in inv:
            out[inv[t.upper]] = out.get(inv[t.upper], 0.0) + t.A_eV
    exc1, exc2, trig = ctx.renp_lasers()
    intensities = tuple(to_natural(x.intensity, 4) for x in (exc1, exc2, trig))
    t_delay = to_natural(spec.lasers.trigger_delay, -1)
    kw: dict[str, Any] = {}
    if spec.overrides.dephasing_rate is not None:
        g = rate_to_eV(spec.overrides.dephasing_rate)
        kw["dephasing"] = np.array([0.0, g, g, g])
    else:
        deph = bloch_dephasing(ctx, acc, rates, roles)
        if deph is not None:
            kw["dephasing"] = deph
    rise = to_natural(spec.lasers.trigger_rise_time, -1)
    if rise > 0:
        kw.update(switch="sin2", rise=rise)
        acc.assumptions.append("trigger switched on as sin^2 over lasers.trigger_rise_time")
    par = bloch.FourLevelParams.from_rates(
        energies, a_md, a_ed, intensities, t_delay, a_out_eV=out,
        laser_energies_eV=laser_energies, **kw)
    dec, g_out = par.decay.copy(), par.gamma_out.copy()
    for lab, entries in rates.nonradiative.items():
        if lab not in inv:
            continue
        for r, to in entries:
            if to is not None and to in inv:
                dec[bloch.LEVEL_INDEX[inv[lab]], bloch.LEVEL_INDEX[inv[to]]] += r
            else:
                g_out[bloch.LEVEL_INDEX[inv[lab]]] += r
    if rates.nonradiative:
        acc.assumptions.append("non-radiative decay to a level outside g, p, q, e returns "
                               "population to q, as the radiative leak does (bloch leak_to)")
        par = replace(par, decay=dec, gamma_out=g_out)
    return par


def coherence(ctx: PlanContext, acc: Accumulator,
              laser_energies: tuple[float, float, float],
              rates: LevelRates | None = None) -> Coherence:
    """Solve the four-level Bloch equations over one laser cycle and record |chi|^2."""
    spec = ctx.spec
    if rates is None:
        rates = level_rates(ctx, acc, [spec.path[r] for r in ("g", "p", "q", "e")])
    params = _params(ctx, acc, laser_energies, rates)
    t_delay = to_natural(spec.lasers.trigger_delay, -1)
    tau_e = params.lifetime("e")
    if spec.lasers.cycle_duration is not None:
        t_cycle = to_natural(spec.lasers.cycle_duration, -1)
    else:
        t_cycle = 2.5 * tau_e
        acc.assumptions.append("cycle duration 2.5 lifetimes of |e> (seed 001 Figs. 11-12)")
    times = np.linspace(0.0, t_cycle, ctx.settings.bloch_points)
    res = bloch.solve(params, times)
    ctx.solver_stats.update({f"bloch.{k}": str(v) for k, v in res.stats.items()})
    chi2 = np.asarray(res.chi2).reshape(-1)
    rf = np.asarray(res.rate_factor).reshape(-1)
    mf = np.asarray(res.magnetization_factor).reshape(-1)
    t_gen = max(t_cycle - t_delay, 0.0)
    mean_chi2 = cycle_average(chi2, times, t_cycle)
    acc.add("chi2_cycle_mean", mean_chi2, "dimensionless",
            "|rho_ee rho_ep|^2 averaged over the cycle", "Bloch engine (seed 001 App.)")
    acc.add("chi2_peak", float(np.max(chi2)), "dimensionless", "peak |rho_ee rho_ep|^2",
            "Bloch engine")
    acc.add("magnetization_factor_peak", float(np.max(mf)), "dimensionless",
            "peak rho_ee^3 |rho_ep|^2 (seed 001 Fig. 11 quantity)", "Bloch engine")
    acc.add("lifetime_e", tau_e * HBAR_EV_S, "s", "lifetime of |e> from the rates",
            "target transitions")
    t_ms = times * HBAR_EV_S * 1e3
    sel = slice(None, None, max(1, len(times) // 400))
    acc.profiles.append(TimeProfile(
        name="coherence during one cycle", t=ArrayQuantity.of(t_ms[sel], "ms"),
        series={"|chi|^2 = |rho_ee rho_ep|^2": ArrayQuantity.of(chi2[sel], "dimensionless"),
                "rho_ee^2 |rho_ep|^2 (rate)": ArrayQuantity.of(rf[sel], "dimensionless"),
                "rho_ee^3 |rho_ep|^2 (paper)": ArrayQuantity.of(mf[sel], "dimensionless"),
                "trigger": ArrayQuantity.of(np.asarray(res.trigger).reshape(-1)[sel],
                                            "dimensionless")}))
    acc.assumptions.append(
        "Rabi frequencies from the J-manifold A-coefficients (an upper bound for one "
        "Stark-resolved transition), peak field sqrt(2 I), ED and MD added in quadrature")
    return Coherence(mean_chi2, float(np.max(chi2)), t_cycle, t_gen)
