"""RENP step 2: the coherence factor from the four-level Bloch engine (seed 001 App.).

``PlannerSettings.coherence_factor`` picks it (docs/planner.md, "The coherence factor,
derived"): ``"derived"`` -> ``|chi|^2 = |rho_ep|^2`` (class-averaged ``|<rho_ep>|^2``; the
trigger and each class's trigger detuning are inside the Bloch solution), ``"paper"`` ->
seed 001's ``|rho_ee rho_ep|^2`` (``|<rho_ee rho_ep R/R0>|^2``).  The rate's weight is
formed from it in one place, :func:`expdesign.physics.renp.coherence_weight`.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from expdesign.physics import bloch
from expdesign.physics.assembly import cycle_average
from expdesign.physics.bloch import independent as indep
from expdesign.physics.bloch import inhomogeneous as inh
from expdesign.physics.constants import HBAR_EV_S
from expdesign.plan import ArrayQuantity, TimeProfile
from expdesign.planner.context import Accumulator, PlanContext
from expdesign.planner.widths import (
    LevelRates,
    bloch_dephasing,
    hr_width,
    inhomogeneous_line,
    level_rates,
)
from expdesign.units import rate_to_eV, to_natural

__all__ = ["Coherence", "coherence"]


@dataclass(frozen=True)
class Coherence:
    """The Bloch step's output (times in eV^-1).

    ``chi2_mean``, ``chi2_peak``: cycle mean and peak of ``|chi|^2`` of the factor
    ``factor`` (module docstring); ``chi2_paper_mean``: seed 001's ``<|rho_ee rho_ep|^2>``
    where it was computed (the ``"paper"`` factor, or a homogeneous line), else None."""

    chi2_mean: float
    chi2_peak: float
    t_cycle: float
    t_gen: float
    #: fraction of the ions taking part (spectral tailoring; 1 without)
    density_fraction: float = 1.0
    #: the Bloch parameters (populations for the optical depth)
    params: bloch.FourLevelParams | None = None
    #: cycle-averaged populations of g, p, q, e (class-averaged where broadened)
    populations: tuple[float, float, float, float] = (1.0, 0.0, 0.0, 0.0)
    #: inhomogeneous angular FWHMs (eV) of g-q, q-e, p-g and their shape
    inhom_fwhm: tuple[float, float, float] = (0.0, 0.0, 0.0)
    inhom_shape: str = "gaussian"
    factor: str = "derived"
    chi2_paper_mean: float | None = None


#: class averages by (parameters, times, line, gamma, window): a re-plan with another
#: neutrino hypothesis (or only other angles) does not recompute them
_AVERAGES: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CACHE_SIZE = 16
#: largest phase winding (FWHM x cycle, rad) of an outer line of the independent-shifts
#: average that the Planner attempts (the outer rule resolves it by bisection only)
MAX_OUTER_WINDING = 100.0


def _key(p: bloch.FourLevelParams, times: np.ndarray, *rest: Any) -> tuple[Any, ...]:
    fields = tuple((k, v.tobytes() if isinstance(v, np.ndarray) else v)
                   for k, v in sorted(vars(p).items()))
    return (fields, times.tobytes(), *rest)


def class_average_cached(p: bloch.FourLevelParams, times: np.ndarray, shape: str,
                         fwhm: float, gamma: float | None, window: float | None,
                         amplitude: inh.Amplitude = "rho_ee_rho_ep"
                         ) -> tuple[inh.ClassAverage, bool]:
    """:func:`~expdesign.physics.bloch.inhomogeneous.class_average`, memoised in-process;
    returns (average, whether it came from the cache)."""
    key = _key(p, times, shape, fwhm, gamma, window, amplitude)
    hit = key in _AVERAGES
    if hit:
        _AVERAGES.move_to_end(key)
    else:
        # rtol 1e-3 (summed Kronrod-Gauss differences of every averaged block): on the Er
        # example the cycle mean moves by 2e-7 relative from rtol 1e-4, at 60 % of the cost
        _AVERAGES[key] = inh.class_average(p, times, shape, fwhm,  # type: ignore[arg-type]
                                           resonance_width=gamma, window=window, rtol=1e-3,
                                           max_panels=200, amplitude=amplitude)
        while len(_AVERAGES) > _CACHE_SIZE:
            _AVERAGES.popitem(last=False)
    return _AVERAGES[key], hit


def independent_average_cached(p: bloch.FourLevelParams, times: np.ndarray,
                               lines: tuple[tuple[str, float] | None, ...],
                               gamma: float | None, window: float | None,
                               amplitude: inh.Amplitude = "rho_ee_rho_ep"
                               ) -> tuple[indep.IndependentAverage, bool]:
    """:func:`~expdesign.physics.bloch.independent.independent_average` (independent shifts
    of the broadened transitions), memoised like :func:`class_average_cached`."""
    key = _key(p, times, "independent", lines, gamma, window, amplitude)
    hit = key in _AVERAGES
    if hit:
        _AVERAGES.move_to_end(key)
    else:
        _AVERAGES[key] = indep.independent_average(
            p, times, lines, resonance_width=gamma, rtol=1e-3,  # type: ignore[arg-type]
            max_panels=200, window=window, amplitude=amplitude)
        while len(_AVERAGES) > _CACHE_SIZE:
            _AVERAGES.popitem(last=False)
    return _AVERAGES[key], hit


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
    acc.assumptions.append(
        "Bloch step: each laser couples with its line's whole dipole, Omega = sqrt(d^2 + mu^2)"
        " E_0 (projection 1: the field along the dipole of one Stark line, as seed 001's "
        "Appendix eq. 81; an upper bound); h_r and the RANP trigger use the isotropic 1/3. "
        "With 1/3 for the trigger the weak-trigger rate and field would be 3x lower "
        "(magnetometer exposures ~9x longer); polarised Stark-line rates are not in the data")
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
    if spec.overrides.gamma_ep is not None and ctx.settings.coherence_factor == "derived":
        par = _ep_width(acc, par, rate_to_eV(spec.overrides.gamma_ep))
    return par


def _ep_width(acc: Accumulator, par: bloch.FourLevelParams, want: float
              ) -> bloch.FourLevelParams:
    """The derived coherence factor takes ``overrides.gamma_ep`` (the whole e-p width) in
    the Bloch engine, not in h_r: pure dephasing of p raised so that the e-p coherence's
    FWHM ``Gamma_e + Gamma_p + 2 (gamma_phi_e + gamma_phi_p)`` equals it (it cannot be made
    narrower than the decay rates allow: then the engine's width is kept and said so)."""
    gam, deph = par.gamma_total, np.asarray(par.dephasing, dtype=float).copy()
    i_p, i_e = bloch.LEVEL_INDEX["p"], bloch.LEVEL_INDEX["e"]
    have = float(gam[i_p] + gam[i_e] + 2.0 * (deph[i_p] + deph[i_e]))
    if want < have:
        acc.warnings.append(
            f"overrides.gamma_ep = {want / HBAR_EV_S:.4g} s^-1 is narrower than the e-p "
            f"coherence width the level decays and dephasing give ({have / HBAR_EV_S:.4g} "
            "s^-1): the Bloch engine keeps its own width (the derived coherence factor takes "
            "gamma_ep in the engine, not in h_r; docs/planner.md)")
        return par
    deph[i_p] += 0.5 * (want - have)
    acc.assumptions.append(
        f"overrides.gamma_ep = {want / HBAR_EV_S:.4g} s^-1 is the e-p coherence's FWHM in the "
        "Bloch engine (pure dephasing of p raised to it; the p-g and p-q coherences widen "
        "with it): the derived coherence factor takes the width there, not in h_r")
    return replace(par, dephasing=deph)


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
    factor = ctx.settings.coherence_factor
    derived = factor == "derived"
    chi2_paper = np.asarray(res.chi2).reshape(-1)
    chi2 = np.asarray(res.ep2).reshape(-1) if derived else chi2_paper
    rf = np.asarray(res.rate_factor).reshape(-1)
    mf = np.asarray(res.magnetization_factor).reshape(-1)
    pops = np.asarray(res.populations).reshape(-1, 4)
    t_gen = max(t_cycle - t_delay, 0.0)
    frac = 1.0
    line = inhomogeneous_line(ctx, acc)
    tail = spec.overrides.tailored_class_width
    if line is None and spec.overrides.inhomogeneous_correlation == "independent":
        acc.warnings.append("overrides.inhomogeneous_correlation: the Plan has no "
                            "inhomogeneous line, so the correlation model changes nothing")
    paper_mean: float | None = cycle_average(chi2_paper, times, t_cycle)
    if line is not None:
        chi2, pops, frac = _broadened(ctx, acc, params, times, t_cycle, line, rates)
        paper_mean = None if derived else cycle_average(chi2, times, t_cycle)
    elif tail is not None:
        acc.warnings.append("overrides.tailored_class_width: the Plan has no inhomogeneous "
                            "line, so every ion is already in the class (fraction 1, no "
                            "change)")
        acc.add("tailored_fraction", 1.0, "dimensionless",
                "fraction of the ions in the tailored class", "no inhomogeneous line")
    mean_chi2 = cycle_average(chi2, times, t_cycle)
    what = ("|rho_ep|^2" if line is None else "|<rho_ep>|^2") if derived else (
        "|rho_ee rho_ep|^2" if line is None else "|<rho_ee rho_ep R/R0>|^2")
    acc.add("chi2_cycle_mean", mean_chi2, "dimensionless",
            f"|chi|^2 = {what} averaged over the cycle"
            + ("" if line is None else " (class average over the inhomogeneous line)")
            + f" (coherence_factor='{factor}')",
            ("derived: pair vertex on the Bloch rho_ep (docs/planner.md)" if derived else
             "seed 001 App.") + (", Bloch engine" if line is None else
                                 ", Bloch class average (docs/coherence.md)"))
    acc.add("chi2_peak", float(np.max(chi2)), "dimensionless", f"peak {what}",
            "Bloch engine")
    acc.assumptions.append(
        "coherence factor: |rho_ep|^2/4 in place of h_r^2 |chi|^2 (derived: the pair vertex "
        "acting on the Bloch e-p coherence, which the trigger makes; h_r does not enter the "
        "rate; docs/planner.md)" if derived else
        "coherence factor: seed 001's h_r^2 |rho_ee rho_ep|^2 (coherence_factor='paper'; "
        "the trigger counted in h_r and again in rho_ep, docs/planner.md)")
    if line is None:  # a per-ion quantity: the class average has no single ion
        acc.add("magnetization_factor_peak", float(np.max(mf)), "dimensionless",
                "peak rho_ee^3 |rho_ep|^2 (seed 001 Fig. 11 quantity)", "Bloch engine")
    acc.add("lifetime_e", tau_e * HBAR_EV_S, "s", "lifetime of |e> from the rates",
            "target transitions")
    t_ms = times * HBAR_EV_S * 1e3
    sel = slice(None, None, max(1, len(times) // 400))
    series = {f"|chi|^2 = {what}" + ("" if line is None else " (class average)"):
              ArrayQuantity.of(chi2[sel], "dimensionless")}
    if line is None:
        if derived:
            series["rho_ee^2 |rho_ep|^2 (seed 001 rate)"] = ArrayQuantity.of(rf[sel],
                                                                             "dimensionless")
        series["rho_ee^3 |rho_ep|^2 (seed 001 magnetization)"] = ArrayQuantity.of(
            mf[sel], "dimensionless")
    series["trigger"] = ArrayQuantity.of(np.asarray(res.trigger).reshape(-1)[sel],
                                         "dimensionless")
    acc.profiles.append(TimeProfile(name="coherence during one cycle",
                                    t=ArrayQuantity.of(t_ms[sel], "ms"), series=series))
    acc.assumptions.append(
        "Rabi frequencies from the J-manifold A-coefficients (an upper bound for one "
        "Stark-resolved transition), peak field sqrt(2 I), ED and MD added in quadrature")
    mean_pops = tuple(float(cycle_average(pops[:, k], times, t_cycle)) for k in range(4))
    inhom = (0.0, 0.0, 0.0) if line is None else (line.fwhm * abs(line.axis[0]),
                                                  line.fwhm * abs(line.axis[1]),
                                                  line.fwhm * abs(line.axis[2]))
    return Coherence(mean_chi2, float(np.max(chi2)), t_cycle, t_gen, frac, params,
                     (mean_pops[0], mean_pops[1], mean_pops[2], mean_pops[3]), inhom,
                     line.shape if line is not None else "gaussian", factor, paper_mean)


def _broadened(ctx: PlanContext, acc: Accumulator, params: bloch.FourLevelParams,
               times: np.ndarray, t_cycle: float, line: Any, rates: LevelRates
               ) -> tuple[np.ndarray, np.ndarray, float]:
    """|chi|^2 (T,), populations (T, 4) and the taking-part fraction from the class average
    over the inhomogeneous line (and the tailored class, if any)."""
    spec, p = ctx.spec, ctx.spec.path
    a_ep = ctx.target.transition(p["e"], p["p"])
    amp: inh.Amplitude = "rho_ep" if ctx.settings.coherence_factor == "derived" \
        else "rho_ee_rho_ep"
    # the derived factor carries each class's trigger detuning in its own Bloch rho_ep; the
    # paper's multiplies rho_ee rho_ep by eq. (7)'s resonance factor R (docs/planner.md)
    gam = None if amp == "rho_ep" else hr_width(ctx, Accumulator(), rates,
                                                a_ep.A_eV if a_ep is not None else 0.0)[0]
    par = replace(params, inhom_axis=line.axis)
    acc.add("inhomogeneous_width_class", line.fwhm / HBAR_EV_S, "1/s",
            f"angular FWHM of the class variable ({line.shape})", line.source)
    tail = spec.overrides.tailored_class_width
    window = None if tail is None else rate_to_eV(tail)
    broad = [k for k in range(3) if line.widths[k] > 0]
    full: inh.ClassAverage | indep.IndependentAverage
    cls: inh.ClassAverage | indep.IndependentAverage
    if line.correlation == "independent" and len(broad) > 1:
        lines = tuple((line.shapes[k], line.widths[k]) if line.widths[k] > 0 else None
                      for k in range(3))
        inner_k = 2 if line.widths[2] > 0 else max(broad, key=lambda k: line.widths[k])
        for k in broad:
            wind = line.widths[k] * t_cycle
            if k != inner_k and wind > MAX_OUTER_WINDING:
                raise bloch.BlochCheckError(
                    "overrides.inhomogeneous_correlation = 'independent': the "
                    f"{('g-q', 'q-e', 'p-g')[k]} line (FWHM {line.widths[k] / HBAR_EV_S:.3g}"
                    f" s^-1) winds the phase of its off-resonant classes by {wind:.3g} rad "
                    "over the cycle; the nested outer average (Gauss-Kronrod without Filon "
                    f"weights) resolves at most {MAX_OUTER_WINDING:g} rad: not evaluable "
                    "(use 'correlated', docs/coherence.md)")
        full, hit = independent_average_cached(params, times, lines, gam, None, amp)
        _record(ctx, acc, full, hit, "")
        inner = full.inner
        shape_in, fwhm_in = line.shapes[inner], line.widths[inner]
        if window is None:
            return full.chi2, full.populations, 1.0
        cls, hit = independent_average_cached(params, times, lines, gam, window, amp)
        frac = inh.class_fraction(shape_in, fwhm_in, window)
    else:
        full, hit = class_average_cached(par, times, line.shape, line.fwhm, gam, None, amp)
        _record(ctx, acc, full, hit, "")
        if window is None:
            return full.chi2, full.populations, 1.0
        frac = inh.class_fraction(line.shape, line.fwhm, window)
        cls, hit = class_average_cached(par, times, line.shape, line.fwhm, gam, window, amp)
    _record(ctx, acc, cls, hit, "_tailored")
    untailored = cycle_average(full.chi2, times, t_cycle)
    tailored = cycle_average(cls.chi2, times, t_cycle)
    acc.add("tailored_class_width", window / HBAR_EV_S, "1/s",
            "angular width of the tailored class", "spec override "
            "(overrides.tailored_class_width)")
    acc.add("tailored_fraction", frac, "dimensionless",
            "fraction of the ions in the tailored class: n_eff = n x this (its cost)",
            f"integral of the {line.shape} line over the class (~ width g(0))")
    acc.add("chi2_cycle_mean_untailored", untailored, "dimensionless",
            "|chi|^2 of the whole line (no tailoring)", "Bloch class average")
    if untailored > 0:
        acc.add("tailoring_rate_gain", frac**2 * tailored / untailored, "dimensionless",
                "rate with tailoring / without (n_eff^2 |chi|^2: what it buys)",
                "rate propto n^2 |chi|^2")
    acc.assumptions.append(
        "spectral tailoring: only the ions of the tailored class take part (prepared by hole "
        "burning / optical pumping, not modelled), with that class's coherence; n_eff = n x "
        f"{frac:.4g}")
    return cls.chi2, cls.populations, frac


def _record(ctx: PlanContext, acc: Accumulator,
            avg: inh.ClassAverage | indep.IndependentAverage, hit: bool,
            suffix: str) -> None:
    acc.add(f"chi2_class_average_error{suffix}",
            inh.round_sig(2.0 * float(np.max(np.abs(avg.coherence))) * avg.error),
            "dimensionless", "error estimate of |chi|^2 (max over the cycle)",
            "Kronrod-Gauss differences of the class average")
    ctx.solver_stats.update({
        f"inhomogeneous{suffix}.n_classes": str(avg.n_classes),
        **({f"inhomogeneous{suffix}.n_panels": str(avg.n_panels)}
           if isinstance(avg, inh.ClassAverage) else
           {f"inhomogeneous{suffix}.independent_inner_averages": str(avg.n_inner)}),
        f"inhomogeneous{suffix}.converged": str(avg.converged),
        f"inhomogeneous{suffix}.wall_time_s": f"{avg.wall_time_s:.3g}",
        f"inhomogeneous{suffix}.cached": str(hit)})
    if not avg.converged:
        acc.warnings.append(
            "the inhomogeneous class average did not reach its tolerance within its panel "
            f"bound: |chi| error estimate {avg.error:.3g}")
