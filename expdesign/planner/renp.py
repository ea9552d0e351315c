"""The RENP pipeline (seed 001).

Steps
-----
1. energies, refractive index, phase matching (eqs. 23, 28-29), pair mass ``M^2(theta_s)``
2. coherence from the four-level Bloch engine (derived ``|chi|^2 = |rho_ep|^2``, or seed
   001's ``|rho_ee rho_ep|^2``: ``PlannerSettings.coherence_factor``)
3. atomic factors: reduced elements (eqs. 40-44), ``S_ep``, ``v_ep``, c-axis case,
   ``h_r`` (eq. 7; the trigger coupling derived in docs/planner.md)
4. pair weights (eq. 3, CP phases), angular kernels (infinite volume or finite size)
5. absolute rate (s^-1) and parity-violating magnetization (A/m/s) per trigger angle
6. accumulation with T1 over repeated cycles, field at the sensor, exposures
7. McQ / extinction verdicts (sec. V)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from expdesign.models import NeutrinoHypothesis
from expdesign.paper_check.printed import SEED001_HR_AT_10MW, SEED001_REF_TRIGGER
from expdesign.physics import atomic, kinematics, neutrino, renp
from expdesign.physics.assembly import kramers_ion_moment, magnetization_rate
from expdesign.physics.constants import HBAR_EV_S
from expdesign.plan import ArrayQuantity, Comparison, Distribution
from expdesign.planner.context import Accumulator, PlanContext, hypothesis_couplings
from expdesign.planner.exposures import lightest_mass_neighbours
from expdesign.planner.feasibility import phase_matching_verdict, window_checks
from expdesign.planner.medium import vertex_rates
from expdesign.planner.optical_depth import LaserLine, optical_depth_verdict
from expdesign.planner.phase_space import (
    KernelsAhead,
    PairKernels,
    describe_kernels,
    pair_kernels,
)
from expdesign.planner.renp_coherence import Coherence, coherence
from expdesign.planner.renp_detection import (
    Observation,
    SettingStatistics,
    backgrounds_verdicts,
    field_and_exposures,
    paper_comparisons,
    spin_relaxation_T1,
)
from expdesign.planner.widths import (
    LevelRates,
    hr_width,
    hr_width_alternatives,
    level_rates,
    widths_note,
)
from expdesign.units import Q_, from_natural, to_natural

__all__ = ["RenpObservables", "run_renp"]


@dataclass(frozen=True)
class _Geometry:
    """Step 1's output: photon energies (eV), angles (rad), index, pair energy (eV)."""

    w1: float
    w2: float
    ws: float
    theta_e: float
    n_r: float
    eps_ep: float
    eps_pg: float
    theta_deg: np.ndarray
    allowed: tuple[float, float] | None
    thresholds: dict[str, float]

    @property
    def energies(self) -> tuple[float, float, float]:
        return self.w1, self.w2, self.ws

    @property
    def theta(self) -> np.ndarray:
        return np.radians(self.theta_deg)


@dataclass(frozen=True)
class _Atomic:
    """Step 3's output: Stark-state elements, orientation tensor, h_r (and at 10 mW/cm^2)."""

    s_amp: float
    u_amp: float
    orient: np.ndarray
    h_r: float
    h_r10: float


@dataclass(frozen=True)
class RenpObservables:
    """What a finished RENP pipeline can evaluate for any hypothesis (SI units).

    ``observe(h)`` gives (rate s^-1, magnetization rate A/m/s) per trigger angle;
    ``per_pair(h)`` the same per ordered pair ``(i, j)``, shape (n_angles, N, N) (N = 3, or
    4 with a sterile state), whose sum over the pairs is ``observe(h)``.
    ``prefetch(masses)`` computes the phase-space kernels of many mass sets ((H, N) eV) at
    once, so that ``observe`` of hypotheses with those masses only combines weights;
    ``statistics`` is the detector's per-setting view (None where not evaluable).
    """

    theta_deg: np.ndarray
    observe: Callable[[NeutrinoHypothesis], tuple[np.ndarray, np.ndarray]]
    per_pair: Callable[[NeutrinoHypothesis], tuple[np.ndarray, np.ndarray]]
    prefetch: Callable[[np.ndarray], None] | None = None
    statistics: SettingStatistics | None = None


def run_renp(ctx: PlanContext, acc: Accumulator) -> RenpObservables | None:
    """Run the RENP steps of the module docstring into ``acc``; return the observables
    (None where the rates are not evaluable).

    As soon as the kinematics are known, the phase-space kernels of the spec's hypotheses
    start in a forked child (:class:`~expdesign.planner.phase_space.KernelsAhead`,
    ``settings.workers`` >= 2) while this process solves the Bloch class average; the
    Plan is the same as computed serially."""
    geo = _kinematics(ctx, acc)
    kern: PairKernels | None = None
    calls: list[tuple[np.ndarray, bool]] = []
    try:  # anything odd here: the steps below meet it where they always did
        kern = pair_kernels(ctx, None, geo.theta, geo.theta_e, geo.energies, geo.n_r,
                            geo.eps_ep, _orientation(ctx))
        calls = _kernel_calls(ctx)
    except Exception:  # noqa: BLE001
        kern = None
    ahead = KernelsAhead(kern, calls, ctx.settings.workers) if kern is not None else None
    try:
        return _run(ctx, acc, geo, kern, ahead)
    finally:
        if ahead is not None:
            ahead.close()


def _kernel_calls(ctx: PlanContext) -> list[tuple[np.ndarray, bool]]:
    """The (masses eV, with_error) kernel calls of the pipeline, in its order: each
    hypothesis (the error estimate for the assumed truth), then the lightest-mass
    neighbours of the exposures where T1 is known (:func:`field_and_exposures`)."""
    hyps = list(ctx.spec.hypotheses)
    truth = hyps[0]
    calls = [(hypothesis_couplings(h)[2], h is truth) for h in hyps]
    if spin_relaxation_T1(ctx) is not None:
        calls += [(hypothesis_couplings(h)[2], False)
                  for h in lightest_mass_neighbours(truth)]
    return calls


def _run(ctx: PlanContext, acc: Accumulator, geo: _Geometry, kern: PairKernels | None,
         ahead: KernelsAhead | None) -> RenpObservables | None:
    """The steps of :func:`run_renp` after the kinematics."""
    ctx.step("Bloch coherence", 0.1)
    lrates = level_rates(ctx, acc, [ctx.spec.path[r] for r in ("g", "p", "q", "e")])
    widths_note(ctx, acc)
    # extreme laser inputs: a BlochCheckError reaches the Planner's not-evaluable verdict
    coh = coherence(ctx, acc, geo.energies, lrates)
    ctx.step("atomic factors", 0.3)
    at = _atomic_factors(ctx, acc, geo, lrates)
    if at is None:
        return None
    ctx.step("phase-space kernels", 0.4)
    n = ctx.density_eV3()
    if n is None:
        acc.warnings.append("no number density: rates not evaluable")
        return None
    _optical_depth(ctx, acc, coh, n)
    if coh.density_fraction < 1.0:  # spectral tailoring: only the class takes part
        n *= coh.density_fraction
        acc.add("number_density_effective", from_natural(n, "1/cm^3").m, "1/cm^3",
                "ions in the tailored class (n x tailored_fraction)", "spectral tailoring")
    V = ctx.volume_eV()
    describe_kernels(ctx, acc, geo.eps_ep, at.orient)
    if kern is None:
        kern = pair_kernels(ctx, None, geo.theta, geo.theta_e, geo.energies, geo.n_r,
                            geo.eps_ep, at.orient)
    weight = _coherence_weight(ctx, acc, coh, at.h_r)
    pref = renp.rate_prefactor(1.0, n, V) * weight
    mu_ion = _ion_moment(ctx, acc)
    st = ctx.settings
    truth = ctx.spec.hypotheses[0]

    def terms(h: NeutrinoHypothesis, combine: Callable[..., np.ndarray]
              ) -> tuple[np.ndarray, np.ndarray]:
        b, c, m = hypothesis_couplings(h)
        gs, gv = renp.effective_couplings(b, c, at.s_amp, at.u_amp, st.axial_factor)
        w = renp.pair_weights(gs, gv)
        # the error estimate (a second rule) is computed for the assumed truth only
        KD, KM = kern.kernel(m, h is truth)
        maj = h.nature == "majorana"
        pc = combine(KD, KM, w["D_pc"], w["M_pc"], maj)
        pv = combine(KD, KM, w["D_pv"], w["M_pv"], maj)
        rate = pref * pc / HBAR_EV_S  # s^-1
        gam_pv = pref * pv
        cos_shape = geo.theta.reshape((-1,) + (1,) * (np.ndim(pv) - 1))
        return rate, _to_si_magnetization_rate(magnetization_rate(mu_ion, cos_shape, gam_pv,
                                                                  V))

    def observe(h: NeutrinoHypothesis) -> tuple[np.ndarray, np.ndarray]:
        """(rate s^-1, magnetization rate A/m/s) per trigger angle for hypothesis h."""
        return terms(h, renp.combine)

    def per_pair(h: NeutrinoHypothesis) -> tuple[np.ndarray, np.ndarray]:
        """The same per ordered pair (n_angles, N, N)."""
        return terms(h, renp.pair_terms)

    if ahead is not None:
        ahead.adopt()
    rates, mags = _rates(ctx, acc, geo, kern.label, observe)
    if kern.errors:
        acc.add("phase_space_rel_error", max(kern.errors), "dimensionless",
                "largest error estimate of the phase-space integrals relative to their peak "
                f"({kern.error_kind}; assumed-truth hypothesis)", kern.error_source)
        acc.add("phase_space_local_rel_error", max(kern.local_errors), "dimensionless",
                "largest error estimate of the phase-space integrals relative to the local "
                f"value, over angles and pairs ({kern.error_kind}; assumed-truth hypothesis)",
                kern.error_source)
    _peaks(ctx, acc, geo, rates, mags)
    stat = field_and_exposures(ctx, acc, Observation(geo.theta_deg, rates, mags, observe),
                               coh, mu_ion, V)
    if coh.factor == "paper":
        _width_variants(acc, at.h_r)
    else:
        acc.assumptions.append(
            "rate under the other width choices: re-plan with --widths low/high/radiative "
            "(the derived coherence factor has no h_r, so the h_r^2 scaling of the "
            "'paper' factor does not apply; the h_r_widths_* rows give h_r only)")
    paper_comparisons(acc, at.h_r10)
    backgrounds_verdicts(ctx, acc, geo.energies, geo.theta_e, geo.theta, geo.n_r, geo.eps_ep,
                         rates[0])
    return RenpObservables(geo.theta_deg, observe, per_pair, kern.prefetch, stat)


def _coherence_weight(ctx: PlanContext, acc: Accumulator, coh: Coherence, h_r: float
                      ) -> float:
    """The rate's weight W (in place of h_r^2 |chi|^2), formed once
    (:func:`expdesign.physics.renp.coherence_weight`), and the paper's for comparison."""
    w = renp.coherence_weight(coh.factor, coh.chi2_mean, h_r)  # type: ignore[arg-type]
    acc.add("coherence_weight", w, "dimensionless",
            "weight of the rate in place of h_r^2 |chi|^2: " + (
                "<|rho_ep|^2>/4 (derived)" if coh.factor == "derived" else
                "h_r^2 <|rho_ee rho_ep|^2> (seed 001)"),
            "docs/planner.md, 'The coherence factor, derived'")
    if coh.factor == "derived" and coh.chi2_paper_mean is not None:
        w_p = renp.coherence_weight("paper", coh.chi2_paper_mean, h_r)
        acc.add("coherence_weight_paper", w_p, "dimensionless",
                "seed 001's h_r^2 <|rho_ee rho_ep|^2> at this Plan's Bloch solution (for "
                "comparison; not used)", "seed 001 eq. (7), App.")
    return w


def _width_variants(acc: Accumulator, h_r: float) -> None:
    """Peak rate and field under the other width choices, at the same |chi|^2: both scale
    as h_r^2 (rate = C |chi|^2 x phase space, seed 001 eqs. 7, 24)."""
    res = {r.key: r.value for r in acc.results}
    for key, q in list(res.items()):
        if not key.startswith("h_r_widths_") or h_r <= 0:
            continue
        end = key.removeprefix("h_r_widths_")
        f = (float(q.m) / h_r) ** 2
        for base, unit in (("rate_peak", "1/s"), ("field_at_sensor_peak", "nG")):
            if base in res:
                acc.add(f"{base}_widths_{end}", float(res[base].to(unit).m) * f, unit,
                        f"{base} with widths='{end}' at this Plan's |chi|^2 (x h_r^2 ratio)",
                        "seed 001 eqs. (7), (24): rate ~ h_r^2")


def _kinematics(ctx: PlanContext, acc: Accumulator) -> _Geometry:
    tgt = ctx.target
    exc1, exc2, trig = ctx.renp_lasers()
    w1, w2, ws = (ctx.laser_energy(x) for x in (exc1, exc2, trig))
    eps_ep = ctx.spacing("e", "p")
    eps_pg = ctx.spacing("p", "g")
    n_r = tgt.refractive_index.value if tgt.refractive_index is not None else 1.0
    ts_pm, te_pm = kinematics.renp_phase_matching_angles(w1, w2, ws)
    theta_e = exc2.direction.to("rad").m if exc2.direction is not None else te_pm
    if exc2.direction is None:
        acc.assumptions.append("second excitation laser at the phase-matching angle "
                               "(seed 001 eq. 29)")
    acc.add("omega_1", w1, "eV", "first excitation photon", "spec lasers")
    acc.add("omega_2", w2, "eV", "second excitation photon", "spec lasers")
    acc.add("omega_s", ws, "eV", "trigger (= signal) photon", "spec lasers")
    acc.add("eps_ep", eps_ep, "eV", "pair energy at trigger resonance", "target levels")
    acc.add("theta_s_phase_matching", math.degrees(ts_pm), "deg",
            "trigger angle of zero pair momentum", "seed 001 eq. (28)")
    acc.add("theta_e_phase_matching", math.degrees(te_pm), "deg",
            "second-excitation angle of eq. (29)", "seed 001 eq. (29)")
    acc.add("theta_e", math.degrees(theta_e), "deg", "second excitation laser direction",
            "spec")
    acc.add("refractive_index", n_r, "dimensionless", "host index n_r",
            tgt.refractive_index.source if tgt.refractive_index else "vacuum")
    ctx.step("kinematics", 0.05)

    theta_deg = ctx.angles_deg((math.degrees(ts_pm) - 10.8, math.degrees(ts_pm) + 10.8))
    theta = np.radians(theta_deg)
    M2 = kinematics.renp_pair_mass2(theta, theta_e, w1, w2, ws, n_r)
    allth = np.radians(np.linspace(0, 180, 721))
    M2all = kinematics.renp_pair_mass2(allth, theta_e, w1, w2, ws, n_r)
    b0 = np.sort(np.degrees(kinematics.renp_threshold_angles(0.0, theta_e, w1, w2, ws, n_r)))
    allowed = _allowed_window(b0, float(np.max(M2all)) > 0, theta_e, w1, w2, ws, n_r)
    if np.any(M2 <= 0):
        where = (f"M^2 > 0 between {allowed[0]:.6g} and {allowed[1]:.6g} deg"
                 if allowed is not None else "M^2 <= 0 at every trigger angle")
        acc.warnings.append(
            f"{int(np.sum(M2 <= 0))} of {len(M2)} scanned trigger angles have M^2 <= 0: no "
            f"pair can be emitted there; {where} (second excitation at {math.degrees(theta_e):.6g}"
            f" deg; its phase-matching angle, seed 001 eq. (29), is {math.degrees(te_pm):.6g} "
            "deg; `expdesign validate --suggest` lists the edges and thresholds)")
    phase_matching_verdict(acc, theta_deg, M2, allowed)
    for k, ang in enumerate(b0):
        acc.add(f"mcq_boundary_angle_{k + 1}", float(ang), "deg",
                "trigger angle where M^2 = 0 (a massless third body could close); "
                "M^2 > 0 between the two", "seed 001 eqs. (21)-(22)")
    h0 = ctx.spec.hypotheses[0]
    m0 = hypothesis_couplings(h0)[2]
    thresholds: dict[str, float] = {}
    for (i, j) in neutrino.pairs(len(m0)):
        a = np.degrees(kinematics.renp_threshold_angles(m0[i] + m0[j], theta_e, w1, w2, ws,
                                                        n_r))
        for k, ang in enumerate(np.sort(a)):
            thresholds[f"({i + 1}{j + 1}) branch {k + 1}"] = float(ang)
            acc.add(f"threshold_{i + 1}{j + 1}_branch{k + 1}", float(ang), "deg",
                    f"({i + 1}{j + 1}) pair threshold, {h0.label}",
                    "M^2(theta_s) = (m_i + m_j)^2, seed 001 eqs. (21)-(22)")
    return _Geometry(w1, w2, ws, theta_e, n_r, eps_ep, eps_pg, theta_deg, allowed,
                     thresholds)


def _allowed_window(b0: np.ndarray, any_allowed: bool, theta_e: float, w1: float, w2: float,
                    ws: float, n_r: float) -> tuple[float, float] | None:
    """Trigger angles (deg, increasing; the upper may exceed 180) between which
    ``M^2 > 0``, from the two ``M^2 = 0`` edges ``b0`` (deg); None where nowhere."""
    if not any_allowed:
        return None
    if len(b0) < 2:
        return (-180.0, 180.0)
    lo, hi = float(b0[0]), float(b0[-1])
    mid = np.radians([(lo + hi) / 2])
    if float(kinematics.renp_pair_mass2(mid, theta_e, w1, w2, ws, n_r)[0]) > 0:
        return (lo, hi)
    return (hi, lo + 360.0)


def _atomic_factors(ctx: PlanContext, acc: Accumulator, geo: _Geometry,
                    rates: LevelRates) -> _Atomic | None:
    spec, tgt, p = ctx.spec, ctx.target, ctx.spec.path
    A_ep = ctx.rate("e", "p")
    A_pg = ctx.rate("p", "g")
    missing = []
    if A_ep is None or A_ep[0] <= 0:
        missing.append(f"MD A-coefficient {p['e']} -> {p['p']}")
    if A_pg is None:
        missing.append(f"A-coefficient {p['p']} -> {p['g']}")
    if missing or A_ep is None or A_pg is None:
        acc.warnings.append("RENP rates not evaluable: missing " + "; ".join(missing))
        return None
    eps_ep = geo.eps_ep
    J_e = tgt.level(p["e"]).J
    J_p = tgt.level(p["p"]).J
    md_vac, ed_vac = vertex_rates(ctx, acc, A_ep[0], A_ep[1], f"{p['e']} -> {p['p']}")
    red_s = math.sqrt(atomic.spin_reduced_sq_from_md(md_vac, eps_ep, J_e))
    red_v = math.sqrt(atomic.velocity_reduced_sq_from_ed(ed_vac, eps_ep, J_e)) \
        if ed_vac > 0 else 0.0
    s_amp, mpath = atomic.dominant_stark_element(
        J_p, tgt.level(p["p"]).mj_composition, J_e, tgt.level(p["e"]).mj_composition, red_s)
    u_amp = s_amp * red_v / red_s
    acc.add("reduced_S_ep", red_s, "dimensionless", "<p||S||e> (vacuum MD rate)",
            "seed 001 eq. (42)")
    acc.add("reduced_v_ep", red_v, "dimensionless", "<p||v||e>", "seed 001 eq. (43)")
    acc.add("S_ep_sq", s_amp**2, "dimensionless", f"|S_ep|^2 between Stark states ({mpath})",
            "seed 001 eq. (33), after eq. (36)")
    acc.add("v_ep_abs", u_amp, "dimensionless", "|v_ep| (same M_J pair)", "seed 001 eq. (43)")
    orient = _orientation(ctx)
    acc.assumptions.append(
        "S_ep and v_ep lie in the plane normal to the c-axis (Delta M_J = +-1 element; "
        "seed 001 puts them along c, which a Delta M = 1 element cannot do)")

    gamma_ep_rad = A_ep[2]
    gamma_ep, src = hr_width(ctx, acc, rates, gamma_ep_rad)
    I_t = to_natural(spec.lasers.trigger.intensity, 4)
    h_r = atomic.trigger_factor_hr(geo.eps_pg, A_pg[0], A_pg[1], I_t, gamma_ep)
    acc.add("gamma_ep", gamma_ep / HBAR_EV_S, "1/s", "width entering h_r", src)
    acc.add("h_r", h_r, "dimensionless", "trigger factor at the spec's trigger intensity "
            "(enters the rate with coherence_factor='paper' only; the derived factor's "
            "weak-trigger limit is h_r^2 |rho_eg|^2)",
            "seed 001 eq. (7); coupling derived in docs/planner.md")
    for end, g_alt in hr_width_alternatives(ctx, gamma_ep_rad).items():
        h_alt = atomic.trigger_factor_hr(geo.eps_pg, A_pg[0], A_pg[1], I_t, g_alt)
        acc.add(f"h_r_widths_{end}", h_alt, "dimensionless",
                f"h_r with widths='{end}' (rate ~ h_r^2 at the same |chi|^2)",
                "seed 001 eq. (7); docs/planner.md; docs/coherence.md")
    h_r10 = atomic.trigger_factor_hr(geo.eps_pg, A_pg[0], A_pg[1],
                                     to_natural(Q_(SEED001_REF_TRIGGER), 4), gamma_ep_rad)
    h_eq8 = atomic.trigger_factor_hr(geo.eps_pg, A_pg[0], A_pg[1],
                                     to_natural(Q_(SEED001_REF_TRIGGER), 4), gamma_ep_rad,
                                     field="rms", combine="coherent")
    acc.comparisons.append(Comparison(
        quantity="h_r at 10 mW/cm^2, gamma_ep = radiative", source="seed 001 eq. (9)",
        paper=SEED001_HR_AT_10MW, ours=h_r10, unit="",
        reason="derived h_r (RWA coupling d E_0/2 with I = E_0^2/2, sqrt(d^2 + mu^2); "
               "docs/planner.md) with Table 1 inputs and 10 mW/cm^2 = 1.5997e-8 eV^4; eq. (8) "
               f"as printed (|E_t| = sqrt(I_t), d + mu) is {h_eq8 / h_r10:.3g}x larger"))
    return _Atomic(s_amp, u_amp, np.asarray(orient), h_r, h_r10)


def _orientation(ctx: PlanContext) -> np.ndarray:
    """The spin orientation tensor of the spec's c-axis (seed 001 cases 1-3)."""
    g = ctx.spec.geometry
    case = {"parallel_k1": 1, "in_laser_plane": 2, "normal_to_plane": 3}[g.c_axis]
    ang = g.c_axis_angle.to("rad").m if g.c_axis_angle else 0.0
    return np.asarray(atomic.spin_orientation_tensor(atomic.c_axis_direction(case, ang)))


def _ion_moment(ctx: PlanContext, acc: Accumulator) -> float:
    """Moment of one ion in |p>, eV^-1 (g = 2 assumed where the target gives none)."""
    g_fac = ctx.target.g_factor(ctx.spec.path["p"])
    g_val = g_fac.value if g_fac is not None else 2.0
    if g_fac is None:
        acc.assumptions.append("g-factor of |p> not in the target: g = 2 assumed")
    return kramers_ion_moment(g_val)


def _to_si_magnetization_rate(dMdt_nat: np.ndarray) -> np.ndarray:
    """Natural (eV^3: moment eV^-1 x rate eV / volume eV^-3) to A/m/s."""
    return np.asarray(dMdt_nat) / to_natural(Q_(1.0, "A/m/s"))


def _rates(ctx: PlanContext, acc: Accumulator, geo: _Geometry, label: str,
           observe: Callable[[NeutrinoHypothesis], tuple[np.ndarray, np.ndarray]]
           ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    spec = ctx.spec
    rates, mags = [], []
    for k, h in enumerate(spec.hypotheses):
        rate, dMdt_si = observe(h)
        rates.append(rate)
        mags.append(dMdt_si)
        acc.distributions.append(Distribution(
            name="RENP rate", hypothesis=h.label, x=ArrayQuantity.of(geo.theta_deg, "deg"),
            y=ArrayQuantity.of(rate, "1/s"), model=label))
        acc.distributions.append(Distribution(
            name="magnetization rate", hypothesis=h.label,
            x=ArrayQuantity.of(geo.theta_deg, "deg"), y=ArrayQuantity.of(dMdt_si, "A/m/s"),
            model=label))
        ctx.step("rates", 0.5 + 0.3 * (k + 1) / len(spec.hypotheses))
    return rates, mags


def _peaks(ctx: PlanContext, acc: Accumulator, geo: _Geometry, rates: list[np.ndarray],
           mags: list[np.ndarray]) -> None:
    label = ctx.spec.hypotheses[0].label
    i0 = int(np.argmax(rates[0]))
    acc.add("rate_peak", float(rates[0][i0]), "1/s",
            f"largest RENP rate over the trigger angles ({label})",
            "derived: seed 001 eqs. (7), (12), (13)")
    acc.add("rate_peak_angle", float(geo.theta_deg[i0]), "deg",
            "trigger angle of rate_peak (the largest over the scanned angles)")
    window_checks(acc, "RENP rate", geo.theta_deg, rates[0], geo.thresholds,
                  geo.allowed if geo.allowed is not None else (-180.0, 180.0))
    j0 = int(np.argmax(np.abs(mags[0])))
    acc.add("magnetization_rate_peak", float(mags[0][j0]), "A/m/s",
            "largest magnetization generation rate (SI magnetization per second)",
            "derived: one ion's moment per parity-violating event")


def _optical_depth(ctx: PlanContext, acc: Accumulator, coh: Coherence, n: float) -> None:
    """The uniform-field (optical depth) verdict of the three lasers on their transitions,
    with the cycle-averaged Bloch populations (:mod:`expdesign.planner.optical_depth`)."""
    if coh.params is None:
        return
    p, tgt, par = ctx.spec.path, ctx.target, coh.params
    gam = par.gamma_total
    pops = coh.populations
    lines = []
    idx = {"g": 0, "p": 1, "q": 2, "e": 3}
    for las, (lo, up), k in zip(ctx.renp_lasers(), (("g", "q"), ("q", "e"), ("g", "p")),
                                 range(3), strict=True):
        tr = tgt.transition(p[up], p[lo])
        if tr is None:
            continue
        i, j = idx[lo], idx[up]
        hom = gam[i] + gam[j] + 2.0 * (par.dephasing[i] + par.dephasing[j])
        lines.append(LaserLine(
            name=las.name, transition=f"{p[lo]}-{p[up]}", omega=ctx.laser_energy(las),
            a_ul=tr.A_eV, pop_lower=pops[i], pop_upper=pops[j], fwhm_hom=hom,
            fwhm_inh=coh.inhom_fwhm[k], shape=coh.inhom_shape,
            direction_deg=las.direction.to("deg").m if las.direction is not None else 0.0))
    optical_depth_verdict(ctx, acc, n, lines,
                          "J-manifold A-coefficients as for the Rabi frequencies: an upper "
                          "bound for one Stark line; linear absorption, power broadening "
                          "not included")
