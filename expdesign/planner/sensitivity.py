"""The sensitivity run: elasticities, gaps and uncertainty bands of a Plan's headline figures.

:func:`analyse` takes a spec (and its Plan, if already computed) and returns the Plan with
``Plan.sensitivity`` (:class:`expdesign.sensitivity_report.SensitivityReport`).

Inputs are the design's numeric inputs (laser intensities and timing, crystal size, the
detector's noise and efficiency, T1, the density, the target's A-coefficients, widths,
g-factor of ``|p>``), each with an id (``target.A(e->p)`` scales the MD, ED or total
A-coefficient of that transition together).  Elasticities are exact where the figure is a
power law in the input in the model used (RENP with a magnetometer; derivations in
:data:`EXACT_RENP_MAGNETOMETER`), else central differences in ``ln x`` of full re-plans
through the public Planner.  The re-plans reuse what does not change: the phase-space
kernels are memoised by geometry and kinematics (:mod:`expdesign.planner.phase_space`), and
the re-plans skip the phase-space error estimate (a second rule that changes no figure).
"""

from __future__ import annotations

import copy
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from expdesign.models import ExperimentSpec
from expdesign.models.quantities import quantity_to_str
from expdesign.physics import sensitivity as sens
from expdesign.physics.constants import YLF_RE_SITE_DENSITY_CM3
from expdesign.plan import Plan, Verdict
from expdesign.planner.settings import PlannerSettings
from expdesign.scan.parameters import get_path, set_path
from expdesign.sensitivity_report import (
    Band,
    Elasticity,
    Figure,
    SensitivityInput,
    SensitivityReport,
    Uncertainty,
)
from expdesign.units import Q_, parse_quantity

__all__ = ["analyse", "headline_figures", "EXACT_RENP_MAGNETOMETER", "DEFAULT_STEP"]

DEFAULT_STEP = 0.02
"""Step in ln x of the central differences (2 %)."""

COHERENCE_INPUT = "coherence.chi2_cycle_mean"

#: input kind -> (exponent of rates, of the field, of every exposure, derivation), RENP with
#: a magnetometer.  rate = 2 G_F^2 W n^2 V K / (2 pi)^2 with W = |chi|^2/4 (derived) or
#: h_r^2 |chi|^2 (seed 001 eq. 7; expdesign.physics.renp.coherence_weight), linear in the
#: cycle-mean |chi|^2 either way; the Bloch engine has no density; the mean field
#: is B = b_z mu_ion cos(theta) Gamma_PV T1 t_gen / (V period) (periodic steady state of
#: dM/dt = g - M/T1, expdesign.statistics.accumulation_cycle), mu_ion = g mu_B / 2; every
#: magnetometer exposure is t = (z S / B)^2 / 2 or 1 / (Delta chi^2 rate) with Delta chi^2 ~
#: (Delta B / S)^2, so t ~ S^2 B^-2.
EXACT_RENP_MAGNETOMETER: dict[str, tuple[float, float, float, str]] = {
    "density": (2.0, 2.0, -4.0, "rate ~ n^2 (seed 001 eq. 7); B ~ rate; t ~ B^-2"),
    "noise": (0.0, 0.0, 2.0, "t = (z S / B)^2 / 2 and Delta chi^2 ~ 1/S^2: t ~ S^2"),
    "T1": (0.0, 1.0, -2.0, "mean M = rate T1 t_gen / period (steady state); t ~ B^-2"),
    "g": (0.0, 1.0, -2.0, "mu_ion = g mu_B / 2; B ~ mu_ion; t ~ B^-2"),
    "coherence": (1.0, 1.0, -2.0, "rate ~ |chi|^2 cycle mean (seed 001 eq. 7); t ~ B^-2"),
}


@dataclass
class _Input:
    id: str
    label: str
    paths: list[str]
    kind: str = ""
    value: float = 0.0
    unit: str = ""
    bound_high: float | None = None
    bound_low: float | None = None
    bound_source: str = ""
    uncertainty: Uncertainty | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def headline_figures(plan: Plan) -> list[Figure]:
    """The figures a sensitivity run follows: the peak (or total) rate, the field at the
    sensor, and every exposure with a time (status ok or infeasible), in s."""
    out = []
    for key, unit in (("rate_peak", "1/s"), ("rate_total", "1/s"),
                      ("field_at_sensor_peak", "nG")):
        if plan.has_result(key):
            v = float(plan.result(key).to(unit).m)
            if math.isfinite(v) and v != 0:
                out.append(Figure(key=key, value=v, unit=unit, kind="result"))
    for e in plan.exposures:
        if e.time is not None and e.status in ("ok", "infeasible"):
            key = f"exposure: {e.question}" + (f" [{e.against}]" if e.against else "")
            out.append(Figure(key=key, value=float(e.time.to("s").m), unit="s",
                              kind="exposure", question=e.question, against=e.against))
    return out


def _base_dict(spec: ExperimentSpec) -> dict:
    d = json.loads(spec.canonical_json())
    d["target"] = spec.resolved_target.model_dump(mode="json")
    for key in ("widths", "nonradiative"):
        for w in d["target"].get(key, []):
            w["range"] = None  # a perturbed value may leave its range; no figure uses it
    d["uncertainties"] = []
    return d


def _read(d: dict, path: str) -> tuple[float, str]:
    v = get_path(d, path)
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v), ""
    q = parse_quantity(str(v))
    return float(q.m), f"{q.units:~P}"


def _inputs(spec: ExperimentSpec, d: dict) -> list[_Input]:
    tgt = spec.resolved_target
    ov = spec.overrides
    roles = set(spec.path.values())
    ins: list[_Input] = []
    for las in spec.lasers.lasers:
        ins.append(_Input(f"lasers.lasers.{las.name}.intensity", f"{las.name} intensity",
                          [f"lasers.lasers.{las.name}.intensity"]))
    for name in ("trigger_delay", "cycle_duration", "repetition_rate"):
        if d["lasers"].get(name) is not None:
            ins.append(_Input(f"lasers.{name}", name.replace("_", " "), [f"lasers.{name}"]))
    ins += [_Input("geometry.radius", "crystal radius", ["geometry.radius"]),
            _Input("geometry.length", "crystal length", ["geometry.length"])]
    det = d["detector"]
    if det.get("noise_density") is not None:
        ins.append(_Input("detector.noise_density", "magnetometer noise density",
                          ["detector.noise_density"], kind="noise"))
    if spec.detector.kind != "magnetometer":
        ins.append(_Input("detector.efficiency", "detection efficiency",
                          ["detector.efficiency"], bound_high=1.0,
                          bound_source="an efficiency is at most 1"))
        if det.get("background_rate") is not None and _read(d, "detector.background_rate")[0]:
            ins.append(_Input("detector.background_rate", "background rate",
                              ["detector.background_rate"]))
    for name, label, kind in (("spin_relaxation_T1", "spin relaxation T1", "T1"),
                              ("number_density", "ion density", "density"),
                              ("gamma_ep", "e-p width gamma_ep", ""),
                              ("inhomogeneous_width", "inhomogeneous width", ""),
                              ("dephasing_rate", "pure dephasing rate", ""),
                              ("ranp_eta", "RANP coherence factor eta", "")):
        if getattr(ov, name) is not None:
            ins.append(_Input(f"overrides.{name}", label, [f"overrides.{name}"], kind=kind))
    if ov.number_density is None and tgt.number_density is not None:
        ins.append(_Input("target.number_density", "ion density",
                          ["target.number_density.value"], kind="density"))
    if ov.spin_relaxation_T1 is None and tgt.spin_relaxation_T1 is not None:
        ins.append(_Input("target.T1", "spin relaxation T1",
                          ["target.spin_relaxation_T1.value"], kind="T1"))
    for k, t in enumerate(tgt.transitions):
        if t.upper not in roles:
            continue
        paths = [f"target.transitions.{k}.{f}" for f in ("A_md", "A_ed", "A_total")
                 if getattr(t, f) is not None and float(getattr(t, f).m) > 0]
        ins.append(_Input(f"target.A({t.upper}->{t.lower})",
                          f"A-coefficient {t.upper} -> {t.lower}", paths))
    for k, w in enumerate(tgt.widths):
        if w.upper in roles and w.lower in roles:
            inp = _Input(f"target.width({w.upper}-{w.lower} {w.kind})",
                         f"{w.kind} width {w.upper}-{w.lower}", [f"target.widths.{k}.value"])
            if w.range is not None:
                unit = str(w.value.units)
                inp.extra["range"] = (float(w.range[0].to(w.value.units).m),
                                      float(w.range[1].to(w.value.units).m), unit, w.source)
            ins.append(inp)
    for k, nr in enumerate(tgt.nonradiative):
        if nr.level in roles:
            inp = _Input(f"target.nonradiative({nr.level})",
                         f"non-radiative rate of {nr.level}", [f"target.nonradiative.{k}.value"])
            if nr.range is not None:
                inp.extra["range"] = (float(nr.range[0].to(nr.value.units).m),
                                      float(nr.range[1].to(nr.value.units).m),
                                      str(nr.value.units), nr.source)
            ins.append(inp)
    for k, gf in enumerate(tgt.g_factors):
        if gf.level == spec.path.get("p"):
            ins.append(_Input(f"target.g({gf.level})", f"g-factor of {gf.level}",
                              [f"target.g_factors.{k}.value"], kind="g"))
    for inp in ins:
        inp.value, inp.unit = _read(d, inp.paths[0])
    ins = [x for x in ins if x.value > 0]  # ln x: a zero delay or rate has no elasticity
    for inp in ins:
        if inp.kind == "density" and "YLF" in (tgt.host or ""):
            inp.bound_high = float(Q_(YLF_RE_SITE_DENSITY_CM3, "cm^-3").to(inp.unit).m)
            inp.bound_source = ("stoichiometric: every Y site of YLF, 1.4e22 cm^-3 "
                                "(seed 001: 0.1 % = 1.4e19 cm^-3)")
        if inp.id == "overrides.ranp_eta":
            inp.bound_high, inp.bound_source = 1.0, "eta is a fraction (seed 000 eq. 4)"
        if "range" in inp.extra:
            lo, hi, unit, src = inp.extra["range"]
            f = float(Q_(1.0, unit).to(inp.unit).m)
            inp.uncertainty = Uncertainty(kind="range", low=lo * f, high=hi * f,
                                          source=src[:300])
    return ins


def _scaled(d: dict, inp: _Input, factor: float) -> dict:
    d2 = copy.deepcopy(d)
    for p in inp.paths:
        v = get_path(d2, p)
        if isinstance(v, int | float) and not isinstance(v, bool):
            set_path(d2, p, repr(float(v) * factor))
        else:
            set_path(d2, p, quantity_to_str(parse_quantity(str(v)) * factor))
    return d2


def _apply_uncertainties(spec: ExperimentSpec, ins: list[_Input]) -> list[str]:
    """Attach the spec's uncertainties to the inputs; return the unknown input ids."""
    by = {x.id: x for x in ins}
    unknown = []
    for u in spec.uncertainties:
        x = by.get(u.input)
        if x is None:
            unknown.append(u.input)
            continue
        if u.relative is not None:
            x.uncertainty = Uncertainty(kind="relative", relative=u.relative, source=u.source)
        elif u.lognormal_sigma is not None:
            x.uncertainty = Uncertainty(kind="lognormal", sigma=u.lognormal_sigma,
                                        source=u.source)
        else:
            assert u.range is not None
            x.uncertainty = Uncertainty(kind="range", low=u.range[0], high=u.range[1],
                                        source=u.source)
    return unknown


def _spread(x: _Input) -> sens.LogSpread:
    u = x.uncertainty
    assert u is not None
    if u.kind == "relative":
        return sens.log_spread(x.value, relative=u.relative)
    if u.kind == "lognormal":
        return sens.log_spread(x.value, lognormal_sigma=u.sigma)
    assert u.low is not None and u.high is not None
    return sens.log_spread(x.value, rng=(u.low, u.high))


def analyse(spec: ExperimentSpec, settings: PlannerSettings | None = None,
            plan: Plan | None = None, step: float = DEFAULT_STEP,
            only: list[str] | None = None, samples: int = 4000,
            replan: Callable[[ExperimentSpec, PlannerSettings], Plan] | None = None,
            finite_differences: bool = True) -> Plan:
    """The Plan of ``spec`` with its sensitivity section (``Plan.sensitivity``).

    Parameters
    ----------
    spec, settings
        The design and the Planner settings (default :class:`PlannerSettings`).
    plan
        Its Plan under ``settings`` if already computed (else it is planned here).
    step
        Step in ``ln x`` of the central differences.
    only
        Input ids to evaluate (default all).
    samples
        Monte Carlo samples of the uncertainty bands.
    replan
        ``replan(spec, settings) -> Plan`` (default: the Planner in this process).
    finite_differences
        False: the exact elasticities only (no re-plan, no wall time recorded: what every
        Plan carries); the report names the inputs left out.
    """
    from expdesign.planner.core import Planner  # core imports this module lazily

    t0 = time.perf_counter()
    settings = settings or PlannerSettings()
    run = replan or (lambda s, st: Planner(s, st).run())
    if plan is None:
        plan = run(spec.model_copy(update={"uncertainties": []}), settings)
    figs = headline_figures(plan)
    d = _base_dict(spec)
    ins = _inputs(spec, d)
    unknown = _apply_uncertainties(spec, ins)
    if only is not None:
        missing = set(only) - {x.id for x in ins}
        if missing:
            raise KeyError(f"unknown sensitivity inputs {sorted(missing)}; inputs: "
                           + ", ".join(x.id for x in ins))
        ins = [x for x in ins if x.id in only]
    exact = spec.process == "RENP" and spec.detector.kind == "magnetometer"
    if exact and plan.has_result("chi2_cycle_mean"):
        paper = settings.coherence_factor == "paper"
        ins.append(_Input(COHERENCE_INPUT, "cycle-mean |rho_ee rho_ep|^2 (Bloch engine)"
                          if paper else "cycle-mean |rho_ep|^2 (Bloch engine)", [],
                          kind="coherence", value=float(plan.result("chi2_cycle_mean").m),
                          bound_high=sens.MAX_CHI2 if paper else sens.MAX_RHO_EP2,
                          bound_source="positivity of the density matrix: |rho_ep|^2 <= "
                          + ("rho_ee rho_pp, max 27/256" if paper else "rho_ee rho_pp <= 1/4")))
    els: list[Elasticity] = []
    notes: list[str] = []
    skipped: list[str] = []
    fd_settings = replace(settings, phase_space_error=False)
    n_re = 0
    for x in ins:
        if exact and x.kind in EXACT_RENP_MAGNETOMETER:
            er, ef, et, why = EXACT_RENP_MAGNETOMETER[x.kind]
            for f in figs:
                v = et if f.kind == "exposure" else (ef if f.key.startswith("field") else er)
                els.append(Elasticity(figure=f.key, input=x.id, value=v, method="exact",
                                      derivation=why))
            continue
        if not x.paths:
            continue
        if not finite_differences:
            skipped.append(x.id)
            continue
        vals: dict[int, dict[str, float]] = {}
        bad = ""
        # central (+1, -1); at an upper bound (an efficiency of 1) one-sided (-1, -2)
        for sgns in ((1, -1), (-1, -2)):
            vals = {}
            for sgn in sgns:
                try:
                    s2 = ExperimentSpec.model_validate(_scaled(d, x, math.exp(sgn * step)))
                except (ValidationError, ValueError) as exc:
                    bad = str(exc).splitlines()[0][:120]
                    break
                p2 = run(s2, fd_settings)
                n_re += 1
                vals[sgn] = {f.key: f.value for f in headline_figures(p2)}
            if len(vals) == 2:
                break
        if len(vals) < 2:
            notes.append(f"{x.id}: a {100 * step:g} % change either way makes the spec "
                         f"invalid ({bad}); no elasticity")
            continue
        one_sided = -2 in vals
        for f in figs:
            fa, fb = (vals[-1].get(f.key), vals[-2].get(f.key)) if one_sided else (
                vals[1].get(f.key), vals[-1].get(f.key))
            try:
                if fa is None or fb is None:
                    raise ValueError("missing")
                if one_sided:  # second-order backward difference
                    e, err, c = sens.log_elasticity(fb, fa, f.value, step)
                    e, err = e + c * step, err + abs(c) * step
                else:
                    e, err, c = sens.log_elasticity(fb, f.value, fa, step)
            except ValueError:
                notes.append(f"{x.id}: {f.key} not evaluable at x e^+-{step:g}")
                continue
            els.append(Elasticity(figure=f.key, input=x.id, value=e,
                                  method="finite difference", step=step, error=err,
                                  curvature=c))
        if one_sided:
            notes.append(f"{x.id}: at its upper limit; backward (one-sided) differences")
    rep_inputs = [SensitivityInput(id=x.id, label=x.label, value=x.value, unit=x.unit,
                                   paths=x.paths, uncertainty=x.uncertainty,
                                   bound_low=x.bound_low, bound_high=x.bound_high,
                                   bound_source=x.bound_source) for x in ins]
    report = SensitivityReport(figures=figs, inputs=rep_inputs, elasticities=els,
                               step=step, replans=n_re, wall_time_s=0.0, notes=notes,
                               finite_differences=finite_differences)
    report.bands = _bands(report, ins, samples)
    report.gaps = [report.gap(f.key, horizon_s=float(plan.horizon.to("s").m))
                   for f in figs if f.kind == "exposure"]
    if unknown:
        notes.append("uncertainties name unknown inputs: " + ", ".join(unknown))
    if spec.uncertainties and not figs:
        notes.append("the spec gives uncertainties, but no rate, field or exposure time "
                     "could be evaluated: no band")
    if skipped:
        notes.append(f"{len(skipped)} inputs need finite differences (expdesign plan "
                     "--sensitivity): " + ", ".join(skipped))
    report.wall_time_s = time.perf_counter() - t0 if finite_differences else 0.0
    update: dict[str, Any] = {"sensitivity": report}
    if unknown:
        update["verdicts"] = plan.verdicts + [Verdict(
            name="uncertainty inputs", status="not evaluable",
            detail="spec uncertainties name inputs the design does not have: "
            + ", ".join(unknown) + "; inputs: " + ", ".join(x.id for x in ins),
            missing=unknown)]
    return plan.model_copy(update=update)


def _bands(report: SensitivityReport, ins: list[_Input], samples: int) -> list[Band]:
    unc = [x for x in ins if x.uncertainty is not None]
    out = []
    for f in report.figures:
        es, cs, sp, ids = [], [], [], []
        for x in unc:
            try:
                el = report.elasticity(f.key, x.id)
            except KeyError:
                continue
            es.append(el.value)
            cs.append(el.curvature)
            sp.append(_spread(x))
            ids.append(x.id)
        if not es:
            continue
        lo, mid, hi, dom = sens.linear_band(f.value, es, sp)
        slo, smed, shi = sens.sampled_band(f.value, es, cs, sp, n=samples)
        out.append(Band(figure=f.key, unit=f.unit, value=f.value, linear_low=lo,
                        linear_centre=mid, linear_high=hi, sampled_low=slo,
                        sampled_median=smed, sampled_high=shi, samples=samples,
                        dominant=ids[dom] if dom >= 0 else ""))
    return out
