"""The RANP pipeline (seed 000): kinematics, McQ verdicts, angular sums, rate, exposures.

Steps
-----
1. energies, imprint ``r``, pair mass ``M^2(theta)`` (eq. 9), thresholds (eq. 10)
2. McQ2 / McQ3 / McQ4 verdicts
3. angular distribution sum ``F_ij`` (eq. 6, coefficients confirmed by integration)
4. absolute rate (eq. 7) from the target's A-coefficients, where they exist
5. exposure times (statistics)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from expdesign import statistics as stats
from expdesign.models import NeutrinoHypothesis
from expdesign.physics import backgrounds, kinematics, neutrino
from expdesign.physics import ranp as ranp_k
from expdesign.physics import ranp_derived as rd
from expdesign.physics.assembly import ranp_imprint, ranp_signal_energy, ring_solid_angles
from expdesign.physics.constants import HBAR_EV_S
from expdesign.plan import ArrayQuantity, Distribution, Exposure, Verdict
from expdesign.planner.context import Accumulator, PlanContext, hypothesis_couplings
from expdesign.planner.exposures import mass_resolution, photon_exposures
from expdesign.planner.optical_depth import UNIFORM_FIELD, LaserLine, optical_depth_verdict
from expdesign.planner.ranp_rate import (
    RateInputs,
    excitation_verdicts,
    rate_inputs,
    scale_derived,
    scale_paper,
)
from expdesign.planner.widths import gas_doppler, trigger_inhomogeneous, widths_note
from expdesign.units import rate_to_eV

__all__ = ["run_ranp"]


@dataclass
class _Kinematics:
    eps_eg: float
    eps_pe: float
    omega0: float
    omega: float
    r: float
    w1: float
    w2: float


def run_ranp(ctx: PlanContext, acc: Accumulator) -> None:
    """Run the RANP steps of the module docstring into ``acc``."""
    kin = _kinematics(ctx, acc)
    ctx.step("kinematics", 0.1)
    theta_deg = ctx.angles_deg((0.0, 180.0))
    _mcq_verdicts(acc, kin)
    scale, missing = _rate_scale(ctx, acc, kin)
    ctx.step("angular distributions", 0.3)
    per_h = _angular(ctx, acc, kin, theta_deg, scale)
    _exposures(ctx, acc, kin, theta_deg, scale, per_h, missing)


def _kinematics(ctx: PlanContext, acc: Accumulator) -> _Kinematics:
    spec = ctx.spec
    eps_eg = ctx.spacing("e", "g")
    eps_pe = ctx.spacing("p", "e")
    eps_pq = ctx.spacing("p", "q")
    omega0 = ctx.laser_energy(spec.lasers.trigger)
    omega = ranp_signal_energy(eps_pq, omega0, eps_pe)
    exc = spec.lasers.by_role("excitation")
    if spec.lasers.imprint_r is not None:
        r = float(spec.lasers.imprint_r)
        w1, w2 = kinematics.laser_energies(r, eps_eg)
        src_r = "spec lasers.imprint_r"
    else:
        r = ranp_imprint([ctx.laser_energy(x) for x in exc],
                         [x.direction.to("rad").m if x.direction is not None else 0.0
                          for x in exc], eps_eg)
        w1, w2 = (ctx.laser_energy(x) for x in exc)
        src_r = "net momentum of the excitation lasers along z / eps_eg"
    acc.add("eps_eg", eps_eg, "eV", "|e> - |g> energy", "target levels")
    acc.add("eps_pe", eps_pe, "eV", "|p> - |e> energy", "target levels")
    acc.add("omega_0", omega0, "eV", "Raman trigger photon energy", "spec lasers")
    acc.add("omega_signal", omega, "eV", "detected photon energy at double resonance",
            "seed 000 sec. 2 (omega = eps_pq)")
    acc.add("omega_1", w1, "eV", "first excitation photon", "seed 000 sec. 2")
    acc.add("omega_2", w2, "eV", "second excitation photon", "seed 000 sec. 2")
    acc.add("imprint_r", r, "dimensionless", "imprint (omega_1 - omega_2)/eps_eg", src_r)
    if abs(omega0 - eps_pe) > 1e-6:
        acc.warnings.append(f"trigger is {1e3 * (omega0 - eps_pe):.3g} meV off the e-p "
                            "resonance: the double resonance of seed 000 is lost")
    return _Kinematics(eps_eg, eps_pe, omega0, omega, r, w1, w2)


def _mcq_verdicts(acc: Accumulator, k: _Kinematics) -> None:
    try:
        r_star = kinematics.mcq3_free_imprint(k.eps_eg, k.omega0, k.omega)
    except ValueError as exc:  # no imprint in (-1, 1) avoids M^2 <= 0 (a detuned trigger)
        acc.warnings.append(f"r_mcq3_free_max not evaluable: {exc}")
    else:
        acc.add("r_mcq3_free_max", r_star, "dimensionless",
                "largest imprint with M^2 > 0 at every angle (no McQ3)",
                "seed 000 Fig. 4, solved")
    acc.verdict(backgrounds.mcq2_check(k.r, k.omega0, k.eps_eg),
                name="McQ2 (paired super-radiance)")
    full = kinematics.ranp_pair_mass2(np.linspace(0, np.pi, 721), k.r, k.eps_eg, k.omega0,
                                      k.omega)
    acc.verdict(backgrounds.mcq3_check(full), {"min_M2": "eV**2"},
                name="McQ3 (M^2 > 0 at every angle)")
    acc.add("pair_mass_min", math.sqrt(max(float(np.min(full)), 0.0)), "eV",
            "smallest pair invariant mass over all angles", "seed 000 eq. (9)")
    # McQ4: needs intermediate levels n (E1 x E1 or E1 x M1); the targets carry none
    acc.verdict(backgrounds.mcq4_check(None, None), name="McQ4 (two-photon q -> g)")


def _rate_scale(ctx: PlanContext, acc: Accumulator,
                k: _Kinematics) -> tuple[float | None, list[str]]:  # scale: eV sr^-1 eV^-2
    """Prefactor of dGamma/dOmega per eV^2 of sum F (eq. 6 normalisation) per sr, by the
    settings' ``ranp_model``, or None and what is missing."""
    ri = rate_inputs(ctx, acc)
    _inhomogeneous_widths(ctx, acc, k, ri)
    _optical_depth(ctx, acc, k, ri)
    excitation_verdicts(ctx, acc, ri, k.eps_pe, k.omega0, (k.w1, k.w2))
    if ri.missing:
        acc.warnings.append("absolute RANP rates are not evaluable: missing "
                            + "; ".join(ri.missing))
        return None, ri.missing
    assert ri.A_pe is not None and ri.gamma_e is not None
    fom = ranp_k.figure_of_merit(ri.A_pe, ri.gamma_e, k.eps_eg, k.eps_pe)
    acc.add("figure_of_merit", fom, "dimensionless",
            "gamma_pe^2 eps_eg^2 / (gamma_e eps_pe^3)", "seed 000 eq. (16)")
    paper = scale_paper(ctx, acc, ri, k.eps_pe)
    if ctx.settings.ranp_model == "paper":
        acc.assumptions.append(
            "RANP absolute rate: seed 000 eq. (7) as printed (ranp_model = paper), with sum "
            "F_ij in the paper's 1/(4 pi) normalisation of eq. (6) (bracket coefficients "
            "corrected). Its normalisation is not derived: docs/ranp.md derives the rate and "
            "gives the factor between the two")
        return paper, ri.missing
    scale = scale_derived(ctx, acc, ri, k.eps_pe, k.omega0)
    if scale is None:
        acc.warnings.append("absolute RANP rates are not evaluable: missing "
                            + "; ".join(ri.missing))
        return None, ri.missing
    if paper:
        acc.add("derived_over_eq7", scale / paper, "dimensionless",
                "derived rate / seed 000 eq. (7) at the spec's eta (docs/ranp.md: causes)",
                "docs/ranp.md eq. D9")
    return scale, ri.missing


def _inhomogeneous_widths(ctx: PlanContext, acc: Accumulator, k: _Kinematics,
                          ri: RateInputs) -> None:
    """The trigger transition's inhomogeneous FWHM by the settings' width choice (target or
    ``overrides.inhomogeneous_width``) and, for a gas, its Doppler FWHM at the design
    temperature; both Gaussian, combined in quadrature into ``ri.inhom`` (eV)."""
    p = ctx.spec.path
    widths_note(ctx, acc)
    w_dop = gas_doppler(ctx, acc, k.eps_pe, abs(k.r) * k.eps_eg)
    w_inh, _, w_src = trigger_inhomogeneous(ctx, acc, p["e"], p["p"])
    if w_inh > 0:
        acc.add("inhomogeneous_width_ep", w_inh / HBAR_EV_S, "1/s",
                "inhomogeneous angular FWHM of the trigger transition e-p", w_src)
    ri.inhom = math.hypot(w_inh, w_dop)
    ri.inhom_source = " and ".join(
        s for s, w in ((w_src, w_inh), ("Doppler at the design temperature", w_dop)) if w > 0)


def _model_name(ctx: PlanContext) -> str:
    if ctx.settings.ranp_model == "paper":
        return "seed 000 eq. (7)"
    return ("derived (docs/ranp.md), g-e-p Bloch coherence, "
            + ("finite cylinder" if _finite(ctx) else "infinite volume"))


def _finite(ctx: PlanContext) -> bool:
    return ctx.settings.ranp_model == "derived" and ctx.settings.ranp_size == "finite"


def _sum_F(ctx: PlanContext, theta: np.ndarray, k: _Kinematics,
           h: NeutrinoHypothesis) -> np.ndarray:
    """``sum_ij F_ij`` in eq. (6)'s normalisation; with ``ranp_size = "finite"`` (derived
    model) its finite-cylinder version ``S/8`` (``S = sum F^(eq5)/3`` at infinite volume,
    :func:`expdesign.physics.ranp_derived.pair_contraction`)."""
    b, _, m = hypothesis_couplings(h)
    if _finite(ctx):
        S, _ = rd.pair_contraction(theta, k.r, k.eps_eg, k.omega0, k.omega, m, b,
                                   h.nature == "majorana", size=ctx.radius_length_eV())
        return S / 8.0
    return np.asarray(ranp_k.angular_sum_F(theta, k.r, k.eps_eg, k.omega0, m, b,
                                           h.nature == "majorana", k.omega))


def _solid_angles(ctx: PlanContext, theta: np.ndarray) -> np.ndarray:
    """Ring solid angle (sr) of each signal-angle bin; a one-angle grid's bin is the
    detector's angular resolution wide."""
    res = ctx.spec.detector.angular_resolution.to("rad").m
    return ring_solid_angles(theta, single_width=res)


def _angular(ctx: PlanContext, acc: Accumulator, k: _Kinematics, theta_deg: np.ndarray,
             scale: float | None) -> list[np.ndarray]:
    """Angular distributions and thresholds per hypothesis; signal per angle bin (s^-1)."""
    spec = ctx.spec
    theta = np.radians(theta_deg)
    solid = _solid_angles(ctx, theta)  # sr per angle bin
    if len(theta) == 1:
        acc.assumptions.append(
            "one signal angle: its bin is one detector angular resolution wide "
            f"({spec.detector.angular_resolution.to('deg').m:g} deg)")
    per_h: list[np.ndarray] = []
    for kh, h in enumerate(spec.hypotheses):
        m = hypothesis_couplings(h)[2]
        sumF = _sum_F(ctx, theta, k, h)
        acc.distributions.append(Distribution(
            name="sum F_ij (eq. 6)", hypothesis=h.label,
            x=ArrayQuantity.of(theta_deg, "deg"), y=ArrayQuantity.of(sumF, "eV**2"),
            model=("finite cylinder, projected form factor (docs/ranp.md), eq. (6) "
                   "normalisation" if _finite(ctx) else
                   "seed 000 eq. (6), coefficients confirmed by integration")))
        if scale is not None:
            dgdo = scale * sumF / HBAR_EV_S  # s^-1 sr^-1
            acc.distributions.append(Distribution(
                name="dGamma/dOmega", hypothesis=h.label,
                x=ArrayQuantity.of(theta_deg, "deg"), y=ArrayQuantity.of(dgdo, "1/s/sr"),
                model=_model_name(ctx)))
            per_h.append(dgdo * solid)  # s^-1 per angle bin
        for (i, j) in neutrino.pairs(len(m)):
            try:
                ang = kinematics.threshold_angle(m[i], m[j], k.r, k.eps_eg, k.omega0, k.omega)
            except ValueError:
                continue  # M^2 never reaches (m_i + m_j)^2 in [0, pi]
            if np.isfinite(ang):
                acc.add(f"threshold_{i + 1}{j + 1}_hyp{kh}", math.degrees(float(ang)), "deg",
                        f"({i + 1}{j + 1}) threshold angle, {h.label}", "seed 000 eq. (10)")
        ctx.step("angular distributions", 0.3 + 0.5 * (kh + 1) / len(spec.hypotheses))
    return per_h


def _exposures(ctx: PlanContext, acc: Accumulator, k: _Kinematics, theta_deg: np.ndarray,
               scale: float | None, per_h: list[np.ndarray], missing: list[str]) -> None:
    spec = ctx.spec
    det = spec.detector
    eff = det.efficiency
    bkg = rate_to_eV(det.background_rate) / HBAR_EV_S
    if not per_h or scale is None:
        acc.exposures.append(Exposure(question="signal at 5 sigma", status="not evaluable",
                                      detail="absolute rate not evaluable: "
                                      + "; ".join(missing)))
        return
    theta = np.radians(theta_deg)
    solid = _solid_angles(ctx, theta)
    total = float(np.sum(per_h[0]))
    acc.add("rate_total", total, "1/s", "signal photons per second over the scanned angles "
            f"{theta_deg[0]:g}-{theta_deg[-1]:g} deg ({spec.hypotheses[0].label})",
            _model_name(ctx) + ", integrated over the scanned angle bins")
    photon_exposures(ctx, acc, per_h, eff, bkg, theta_deg, per_bin=True)
    mu_t = eff * per_h[0] + bkg / len(theta_deg)
    sc = scale

    def ranp_dchi(h: NeutrinoHypothesis) -> float:
        mu_a = eff * sc * _sum_F(ctx, theta, k, h) / HBAR_EV_S * solid + bkg / len(theta_deg)
        return stats.delta_chi2_rate_counting_with_empty(mu_a, mu_t)

    mass_resolution(ctx, acc, ranp_dchi, "photon counting, all scanned angles at once")


def _optical_depth(ctx: PlanContext, acc: Accumulator, k: _Kinematics,
                   ri: RateInputs) -> None:
    """Uniform-field verdict of the trigger on e -> p (the excitation is a two-photon Raman
    step with no single-photon resonance in the path: not absorbed on a path line).  The
    lower level holds rho_ee = 1/2 (the derived model's g-e superposition, docs/ranp.md);
    the line is the e-p Lorentzian of FWHM Gamma_e + Gamma_p convolved with the trigger's
    inhomogeneous width (Gaussian)."""
    p = ctx.spec.path
    tr = ctx.target.transition(p["p"], p["e"])
    if tr is None or ri.gamma_e is None or ri.gamma_p is None:
        acc.verdicts.append(Verdict(name=UNIFORM_FIELD, status="not evaluable",
                                    kind="model validity", detail="no A-coefficient or "
                                    "lifetimes of the trigger transition",
                                    missing=["A(p -> e), lifetimes of e and p"]))
        return
    trig = ctx.spec.lasers.trigger
    optical_depth_verdict(ctx, acc, ri.n, [LaserLine(
        name=trig.name, transition=f"{p['e']}-{p['p']}", omega=k.eps_pe, a_ul=tr.A_eV,
        pop_lower=0.5, pop_upper=0.0, fwhm_hom=ri.gamma_e + ri.gamma_p,
        fwhm_inh=ri.inhom or 0.0, shape="gaussian",
        direction_deg=trig.direction.to("deg").m if trig.direction is not None else 0.0)],
        "the excitation lasers are two-photon (Raman) and off single-photon resonance")
