"""Exposure questions of a Plan: signal, hypothesis discrimination and the mass interval.

The statistics live in :mod:`expdesign.statistics`; this module asks the questions and
writes the answers (with units) into the Plan.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pint

from expdesign import statistics as stats
from expdesign.models import NeutrinoHypothesis
from expdesign.plan import Exposure
from expdesign.planner.context import Accumulator, PlanContext
from expdesign.units import Q_, energy_to_eV

__all__ = [
    "readable_time",
    "question",
    "add_exposure",
    "add_discrimination",
    "photon_exposures",
    "mass_resolution",
]


def readable_time(t_s: float) -> pint.Quantity:
    """A time in s as a quantity in the largest unit that keeps it readable
    (s below 2 min, min below 2 h, hours below 2 days, days below 2 years, else years)."""
    q = Q_(float(t_s), "s")
    for unit, lim in (("s", 120.0), ("min", 120.0), ("hour", 48.0), ("day", 730.0)):
        if q.to(unit).m < lim:
            return q.to(unit)
    return q.to("year")


def question(ctx: PlanContext, k: int) -> str:
    """What hypothesis ``k`` asks against the assumed truth (hypothesis 0)."""
    h0, hk = ctx.spec.hypotheses[0], ctx.spec.hypotheses[k]
    if hk.ordering != h0.ordering:
        return "NO vs IO"
    if hk.nature != h0.nature:
        return "Dirac vs Majorana"
    if hk.lightest_mass != h0.lightest_mass:
        return "lightest mass"
    return "alternative hypothesis"


def add_exposure(acc: Accumulator, q: str, t_s: float | None, detail: str,
                 against: str = "") -> None:
    """Add an exposure (``t_s`` in s; None, inf or <= 0: not reachable)."""
    if t_s is None or not np.isfinite(t_s) or t_s <= 0:
        acc.exposures.append(Exposure(question=q, against=against,
                                      status="not reachable", detail=detail))
        return
    acc.exposures.append(Exposure(question=q, against=against,
                                  time=readable_time(t_s), status="ok", detail=detail))


def add_discrimination(ctx: PlanContext, acc: Accumulator, k: int, dchi_rate: float,
                       detail: str) -> None:
    """Exposure to tell hypothesis ``k`` from the truth at 5 sigma (``Delta chi^2 = 25``)
    from its ``Delta chi^2`` per second."""
    hk = ctx.spec.hypotheses[k]
    q = question(ctx, k)
    if dchi_rate <= 0 or not np.isfinite(dchi_rate):
        acc.exposures.append(Exposure(question=f"{q} at 5 sigma", against=hk.label,
                                      status="not reachable",
                                      detail="identical predictions"))
        return
    t = stats.time_for_delta_chi2(dchi_rate, 25.0)
    add_exposure(acc, f"{q} at 5 sigma", t, detail, hk.label)


def photon_exposures(ctx: PlanContext, acc: Accumulator, per_h: Sequence[np.ndarray],
                     eff: float, bkg: float, theta_deg: np.ndarray, per_bin: bool) -> None:
    """Counting exposures (rates s^-1 per angle; ``bkg`` s^-1).  ``per_bin``: all angles
    recorded at once (RANP); else angle settings one after another (RENP)."""
    s0 = eff * np.asarray(per_h[0])
    s_best = float(np.sum(s0)) if per_bin else float(np.max(s0))
    if not s_best > 0:
        acc.exposures.append(Exposure(question="signal at 5 sigma", status="not reachable",
                                      detail="zero signal at the scanned angles"))
    elif per_bin:
        t5 = stats.counting_time_for_significance(s_best, bkg, 5.0)
        add_exposure(acc, "signal at 5 sigma", t5, "all angles, Asimov significance")
    else:
        t5 = stats.counting_time_for_significance(s_best, bkg, 5.0)
        add_exposure(acc, "signal at 5 sigma", t5, "best trigger angle, Asimov")
    nb = len(theta_deg)
    b_bin = bkg / nb if per_bin else bkg
    for k in range(1, len(per_h)):
        sk = eff * np.asarray(per_h[k])
        mu_t = s0 + b_bin
        mu_a = sk + b_bin
        if per_bin:
            dchi = stats.delta_chi2_rate_counting_with_empty(mu_a, mu_t)
        else:
            per_setting = [stats.delta_chi2_rate_counting_with_empty(mu_a[i:i + 1],
                                                                     mu_t[i:i + 1])
                           for i in range(nb)]
            dchi = stats.combined_delta_chi2_rate(per_setting, [1.0 / nb] * nb)
        add_discrimination(ctx, acc, k, dchi, "Asimov Delta chi^2 over angle bins")


def mass_resolution(ctx: PlanContext, acc: Accumulator,
                    dchi_of: Callable[[NeutrinoHypothesis], float], detail: str) -> None:
    """Time until the 1-sigma interval of the lightest mass is within ``+-delta`` of the
    truth (:func:`expdesign.statistics.mass_interval_halfwidth`): ``Delta chi^2 = 1``
    reached on both sides, ``m0 +- delta``, other parameters fixed at the truth."""
    h0 = ctx.spec.hypotheses[0]
    m0 = energy_to_eV(h0.lightest_mass)
    delta = stats.mass_interval_halfwidth(m0)
    times = []
    for mm in (max(m0 - delta, 0.0), m0 + delta):
        if mm == m0:
            continue
        h = h0.model_copy(update={"lightest_mass": Q_(mm, "eV")})
        d = dchi_of(h)
        times.append(stats.time_for_delta_chi2(d, 1.0) if d > 0 else math.inf)
    t = max(times) if times else math.inf
    q = f"lightest mass to +-{1e3 * delta:.3g} meV (1 sigma)"
    add_exposure(acc, q, t if math.isfinite(t) else None, detail, h0.label)
