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
from expdesign.physics import neutrino
from expdesign.plan import Exposure
from expdesign.planner.context import Accumulator, PlanContext, hypothesis_couplings
from expdesign.units import Q_, energy_to_eV

__all__ = [
    "lightest_mass_neighbours",
    "readable_time",
    "question",
    "difference_note",
    "hypothesis_notes",
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


def _deg(q: pint.Quantity) -> str:
    return f"{q.to('deg').m:g} deg"


def _only_phases_differ(ctx: PlanContext, k: int) -> list[str]:
    """Names of the Majorana phases (``alpha``, ``beta``) in which hypothesis ``k`` differs
    from the truth when nothing else (but the name) differs; else an empty list."""
    h0, hk = ctx.spec.hypotheses[0], ctx.spec.hypotheses[k]
    names = [n for n in ("alpha", "beta") if getattr(hk, n) != getattr(h0, n)]
    same = hk.model_copy(update={"alpha": h0.alpha, "beta": h0.beta, "name": h0.name}) == h0
    return names if same else []


def question(ctx: PlanContext, k: int) -> str:
    """What hypothesis ``k`` asks against the assumed truth (hypothesis 0): the first
    difference of ordering, nature, lightest mass, sterile state (``"sterile state"``),
    Majorana phases only (``"Majorana phase alpha"``, ``"Majorana phases alpha, beta"``),
    Dirac phase.  The values are in the exposure's detail (:func:`difference_note`), so a
    scan over a phase keeps one column per question."""
    h0, hk = ctx.spec.hypotheses[0], ctx.spec.hypotheses[k]
    if hk.ordering != h0.ordering:
        return "NO vs IO"
    if hk.nature != h0.nature:
        return "Dirac vs Majorana"
    if hk.lightest_mass != h0.lightest_mass:
        return "lightest mass"
    if hk.sterile != h0.sterile:
        return "sterile state"
    names = _only_phases_differ(ctx, k)
    if names:
        return ("Majorana phase " if len(names) == 1 else "Majorana phases ") + ", ".join(names)
    if hk.delta != h0.delta:
        return "Dirac phase delta"
    return "alternative hypothesis"


def difference_note(ctx: PlanContext, k: int) -> str:
    """The values behind a sterile-state or Majorana-phase question and, for the latter,
    which pairs (ij) carry the phase information (empty string for other questions)."""
    h0, hk = ctx.spec.hypotheses[0], ctx.spec.hypotheses[k]
    q = question(ctx, k)
    if q == "sterile state":
        def lab(h: NeutrinoHypothesis) -> str:
            return h.sterile.label if h.sterile is not None else "none"
        return f"sterile state: truth {lab(h0)}, alternative {lab(hk)}"
    names = _only_phases_differ(ctx, k)
    if not names:
        return ""
    vals = ", ".join(f"{n} {_deg(getattr(h0, n))} (truth) vs {_deg(getattr(hk, n))}"
                     for n in names)
    if h0.nature == "dirac":
        return (f"{vals}; Dirac neutrinos: the rates depend on |b_ij|^2 only, so Majorana "
                "phases cannot be measured")
    pp = neutrino.majorana_phase_pairs(hypothesis_couplings(h0)[0],
                                       hypothesis_couplings(hk)[0])
    if not pp:
        return f"{vals}; no pair's Majorana interference Re(b_ij^2) changes"
    pnames = ", ".join(f"({i + 1}{j + 1})" for i, j in pp)
    return (f"{vals}; phase information in pairs {pnames} (Majorana interference "
            "Re(b_ij^2), i != j; diagonal pairs and Dirac weights |b_ij|^2 do not depend "
            "on the phases)")


def hypothesis_notes(ctx: PlanContext, acc: Accumulator) -> None:
    """Say in the Plan where a hypothesis field cannot act: Majorana phases of a Dirac
    hypothesis (rates use |b_ij|^2 only) and a sterile state with all mixings zero
    (b_i4 = 0: it couples to nothing and is left out)."""
    for h in ctx.spec.hypotheses:
        st = h.sterile
        if h.nature == "dirac" and (h.alpha.m != 0 or h.beta.m != 0
                                    or (st is not None and st.gamma.m != 0)):
            acc.assumptions.append(f"hypothesis '{h.label}' is Dirac: its Majorana phases "
                                   "do not enter any rate (|b_ij|^2 only)")
        if st is not None and st.ue4_sq + st.umu4_sq + st.utau4_sq == 0:
            acc.assumptions.append(f"hypothesis '{h.label}': the sterile state has all "
                                   "mixings zero, couples to nothing (b_i4 = 0) and is left "
                                   "out (three-flavour couplings)")


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
    note = difference_note(ctx, k)
    if dchi_rate <= 0 or not np.isfinite(dchi_rate):
        acc.exposures.append(Exposure(question=f"{q} at 5 sigma", against=hk.label,
                                      status="not reachable",
                                      detail="identical predictions"
                                      + (f"; {note}" if note else "")))
        return
    t = stats.time_for_delta_chi2(dchi_rate, 25.0)
    add_exposure(acc, f"{q} at 5 sigma", t, detail + (f"; {note}" if note else ""), hk.label)


def photon_exposures(ctx: PlanContext, acc: Accumulator, per_h: Sequence[np.ndarray],
                     eff: float, bkg: float, theta_deg: np.ndarray, per_bin: bool) -> None:
    """Counting exposures (rates s^-1 per angle; ``bkg`` s^-1).  ``per_bin``: all angles
    recorded at once (RANP); else angle settings one after another (RENP)."""
    s0 = eff * np.asarray(per_h[0])
    s_best = float(np.sum(s0)) if per_bin else float(np.max(s0))
    if not s_best > 0:  # zero (or underflowed) rates at every angle: no signal to count
        acc.exposures.append(Exposure(question="signal at 5 sigma", status="not reachable",
                                      detail=f"the signal rate is {s_best:g} /s at every "
                                      "angle"))
    elif per_bin:
        t5 = stats.counting_time_for_significance(s_best, bkg, 5.0)
        add_exposure(acc, "signal at 5 sigma", t5, f"scanned angles {theta_deg[0]:g}-"
                     f"{theta_deg[-1]:g} deg at once, Asimov significance")
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


def lightest_mass_neighbours(h0: NeutrinoHypothesis) -> list[NeutrinoHypothesis]:
    """The hypotheses at ``m0 - delta`` (not below 0) and ``m0 + delta`` of
    :func:`mass_resolution` (``delta`` from
    :func:`expdesign.statistics.mass_interval_halfwidth`), other parameters as ``h0``."""
    m0 = energy_to_eV(h0.lightest_mass)
    delta = stats.mass_interval_halfwidth(m0)
    return [h0.model_copy(update={"lightest_mass": Q_(mm, "eV")})
            for mm in (max(m0 - delta, 0.0), m0 + delta) if mm != m0]


def mass_resolution(ctx: PlanContext, acc: Accumulator,
                    dchi_of: Callable[[NeutrinoHypothesis], float], detail: str) -> None:
    """Time until the 1-sigma interval of the lightest mass is within ``+-delta`` of the
    truth (:func:`expdesign.statistics.mass_interval_halfwidth`): ``Delta chi^2 = 1``
    reached on both sides, ``m0 +- delta``, other parameters fixed at the truth."""
    h0 = ctx.spec.hypotheses[0]
    delta = stats.mass_interval_halfwidth(energy_to_eV(h0.lightest_mass))
    times = []
    for h in lightest_mass_neighbours(h0):
        d = dchi_of(h)
        times.append(stats.time_for_delta_chi2(d, 1.0) if d > 0 else math.inf)
    t = max(times) if times else math.inf
    q = f"lightest mass to +-{1e3 * delta:.3g} meV (1 sigma)"
    add_exposure(acc, q, t if math.isfinite(t) else None, detail, h0.label)
