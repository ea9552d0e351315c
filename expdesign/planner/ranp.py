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
from expdesign.physics.assembly import ranp_imprint, ranp_signal_energy, ring_solid_angles
from expdesign.physics.constants import HBAR_EV_S
from expdesign.plan import ArrayQuantity, Distribution, Exposure
from expdesign.planner.context import Accumulator, PlanContext, hypothesis_couplings
from expdesign.planner.exposures import mass_resolution, photon_exposures
from expdesign.units import from_natural, rate_to_eV

__all__ = ["run_ranp"]


@dataclass
class _Kinematics:
    eps_eg: float
    eps_pe: float
    omega0: float
    omega: float
    r: float


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
    return _Kinematics(eps_eg, eps_pe, omega0, omega, r)


def _mcq_verdicts(acc: Accumulator, k: _Kinematics) -> None:
    r_star = kinematics.mcq3_free_imprint(k.eps_eg, k.omega0, k.omega)
    acc.add("r_mcq3_free_max", r_star, "dimensionless",
            "largest imprint with M^2 > 0 at every angle (no McQ3)", "seed 000 Fig. 4, solved")
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
    """Prefactor of seed 000 eq. (7) (eV per eV^2 of sum F per sr), or None and what is
    missing."""
    spec, tgt, p = ctx.spec, ctx.target, ctx.spec.path
    trig = spec.lasers.trigger
    A_pe = ctx.rate("p", "e")
    A_pq = ctx.rate("p", "q")
    g_e, src_e = ctx.lifetime_rate("e")
    g_q, _ = ctx.lifetime_rate("q")
    g_p = tgt.total_decay_eV(p["p"]) or None
    dw0 = rate_to_eV(trig.linewidth) if trig.linewidth is not None else 0.0
    n = ctx.density_eV3()
    eta = spec.overrides.ranp_eta if spec.overrides.ranp_eta is not None else 1.0
    if spec.overrides.ranp_eta is None:
        acc.assumptions.append("RANP coherence factor eta = 1 (seed 000's ideal case)")
    else:
        acc.assumptions.append(f"RANP coherence factor eta = {eta:g} (spec override, "
                               "seed 000 eqs. 4-8)")
    missing = []
    if A_pe is None:
        missing.append(f"A-coefficient {p['p']} -> {p['e']} (gamma_pe)")
    if A_pq is None:
        missing.append(f"A-coefficient {p['p']} -> {p['q']} (gamma_pq)")
    if g_e is None:
        missing.append(f"lifetime of {p['e']} (gamma_e)")
    if n is None:
        missing.append("number density (target or overrides.number_density)")
    if missing or A_pe is None or A_pq is None or g_e is None or n is None:
        acc.warnings.append("absolute RANP rates are not evaluable: missing "
                            + "; ".join(missing))
        return None, missing
    n3v = n**3 * ctx.volume_eV() * eta
    if g_p is None:
        g_p = A_pe[2]
    acc.assumptions.append(
        "gamma_p = sum of the target's listed decays of |p> "
        f"({g_p / HBAR_EV_S:.4g} s^-1; a lower bound where the target lists few)")
    scale = float(ranp_k.angular_rate_eq7(1.0, A_pe[2], A_pq[2], g_p, g_e, g_q or g_e, dw0,
                                          k.eps_pe, n3v))
    acc.assumptions.append(
        "RANP absolute rate: seed 000 eq. (7) as printed, with sum F_ij in the paper's "
        "1/(4 pi) normalisation of eq. (6) (bracket coefficients corrected). Its overall "
        "factor is not derived here: eq. (5) read literally gives F 24x larger, and "
        "eq. (8) is half of eq. (7); treat RANP rates as uncertain by that much")
    acc.add("n3V_eta", from_natural(n3v, "cm^-6").m, "cm^-6",
            "n^3 V eta (coherence amplification)", "spec geometry and overrides")
    fom = ranp_k.figure_of_merit(A_pe[2], g_e, k.eps_eg, k.eps_pe)
    acc.add("figure_of_merit", fom, "dimensionless",
            "gamma_pe^2 eps_eg^2 / (gamma_e eps_pe^3)", "seed 000 eq. (16)")
    acc.add("gamma_e", g_e / HBAR_EV_S, "1/s", "total width of |e>", src_e)
    return scale, missing


def _sum_F(theta: np.ndarray, k: _Kinematics, h: NeutrinoHypothesis) -> np.ndarray:
    b, _, m = hypothesis_couplings(h)
    return np.asarray(ranp_k.angular_sum_F(theta, k.r, k.eps_eg, k.omega0, m, b,
                                           h.nature == "majorana", k.omega))


def _angular(ctx: PlanContext, acc: Accumulator, k: _Kinematics, theta_deg: np.ndarray,
             scale: float | None) -> list[np.ndarray]:
    """Angular distributions and thresholds per hypothesis; signal per angle bin (s^-1)."""
    spec = ctx.spec
    theta = np.radians(theta_deg)
    solid = ring_solid_angles(theta)  # sr per angle bin
    per_h: list[np.ndarray] = []
    for kh, h in enumerate(spec.hypotheses):
        m = hypothesis_couplings(h)[2]
        sumF = _sum_F(theta, k, h)
        acc.distributions.append(Distribution(
            name="sum F_ij (eq. 6)", hypothesis=h.label,
            x=ArrayQuantity.of(theta_deg, "deg"), y=ArrayQuantity.of(sumF, "eV**2"),
            model="seed 000 eq. (6), coefficients confirmed by integration"))
        if scale is not None:
            dgdo = scale * sumF / HBAR_EV_S  # s^-1 sr^-1
            acc.distributions.append(Distribution(
                name="dGamma/dOmega", hypothesis=h.label,
                x=ArrayQuantity.of(theta_deg, "deg"), y=ArrayQuantity.of(dgdo, "1/s/sr"),
                model="seed 000 eq. (7)"))
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
    solid = ring_solid_angles(theta)
    total = float(np.sum(per_h[0]))
    acc.add("rate_total", total, "1/s", "signal photons per second over the scanned angles "
            f"{theta_deg[0]:g}-{theta_deg[-1]:g} deg ({spec.hypotheses[0].label})",
            "seed 000 eq. (7) integrated over the scanned angle bins")
    photon_exposures(ctx, acc, per_h, eff, bkg, theta_deg, per_bin=True)
    mu_t = eff * per_h[0] + bkg / len(theta_deg)
    sc = scale

    def ranp_dchi(h: NeutrinoHypothesis) -> float:
        mu_a = eff * sc * _sum_F(theta, k, h) / HBAR_EV_S * solid + bkg / len(theta_deg)
        return stats.delta_chi2_rate_counting_with_empty(mu_a, mu_t)

    mass_resolution(ctx, acc, ranp_dchi, "photon counting, all scanned angles at once")
