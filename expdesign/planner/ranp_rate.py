"""RANP absolute rate: the derived model (default) or seed 000 eq. (7) (``paper``).

Both return the prefactor ``scale`` with ``dGamma/dOmega = scale * sum_ij F_ij`` (eV per sr,
``F`` in seed 000 eq. 6's ``1/(4 pi)`` normalisation), or None and what is missing.  The
derived model is docs/ranp.md "Derived rate": ``n^2 V <|rho_pg|^2> gamma_pq/(4 pi Gamma_qg)
(1/6) G_F^2 a_S^2 s2 sum F^(eq5)`` with the g-e-p Bloch coherence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from expdesign.physics import ranp as ranp_k
from expdesign.physics import ranp_derived as rd
from expdesign.physics.backgrounds import CheckResult
from expdesign.physics.bloch import BlochCheckError
from expdesign.physics.constants import HBAR_EV_S
from expdesign.physics.ranp_backgrounds import excitation_as_trigger_check
from expdesign.planner.context import Accumulator, PlanContext
from expdesign.units import from_natural, rate_to_eV, to_natural

__all__ = ["RateInputs", "Widths", "rate_inputs", "widths", "scale_paper", "scale_derived",
           "excitation_verdicts", "EQ5_OVER_PAPER"]

#: largest Rabi phase ``Omega_0 T`` (rad) of a saturated trigger (``Omega_0 > Gamma_pg``) for
#: which the Planner attempts the RANP class average over an inhomogeneous e-p line
RANP_MAX_RABI_PHASE = 100.0

#: ``F^(eq5) / F^(paper)``: seed 000 eq. (5) read literally (prefactor 6/pi) over eq. (6)'s
#: 1/(4 pi) (:func:`expdesign.physics.pair_emission.pair_function`).
EQ5_OVER_PAPER = 24.0


@dataclass
class RateInputs:
    """Widths and rates of the RANP path in eV (None where the target has none)."""

    A_pe: float | None
    A_pq: float | None
    gamma_p: float | None
    gamma_e: float | None
    gamma_q: float | None
    dw0: float
    n: float | None
    missing: list[str]
    #: inhomogeneous FWHM of the trigger transition e-p (target or override by the settings'
    #: width choice, Doppler in quadrature for a gas); None: not yet looked up
    inhom: float | None = None
    inhom_source: str = ""


def rate_inputs(ctx: PlanContext, acc: Accumulator) -> RateInputs:
    """Read the path's A-coefficients, widths and density; say what is missing."""
    tgt, p = ctx.target, ctx.spec.path
    trig = ctx.spec.lasers.trigger
    a_pe, a_pq = ctx.rate("p", "e"), ctx.rate("p", "q")
    g_e, src_e = ctx.lifetime_rate("e")
    g_q, _ = ctx.lifetime_rate("q")
    g_p = tgt.total_decay_eV(p["p"]) or None
    dw0 = rate_to_eV(trig.linewidth) if trig.linewidth is not None else 0.0
    n = ctx.density_eV3()
    missing = []
    if a_pe is None:
        missing.append(f"A-coefficient {p['p']} -> {p['e']} (gamma_pe)")
    if a_pq is None:
        missing.append(f"A-coefficient {p['p']} -> {p['q']} (gamma_pq)")
    if g_e is None:
        missing.append(f"lifetime of {p['e']} (gamma_e)")
    if n is None:
        missing.append("number density (target or overrides.number_density)")
    if g_e is not None:
        acc.add("gamma_e", g_e / HBAR_EV_S, "1/s", "total width of |e>", src_e)
    if n is not None:
        ov = ctx.spec.overrides.number_density is not None
        src_n = ("spec overrides.number_density (a design assumption"
                 + ("; the target gives no density)" if tgt.number_density is None else ")")
                 if ov else f"target: {tgt.number_density.source if tgt.number_density else ''}")
        acc.add("number_density", from_natural(n, "cm^-3").m, "cm^-3",
                "density of the ions taking part (the rate scales as n^2 V)", src_n)
        if ov and tgt.number_density is None:
            acc.assumptions.append(
                f"number density n = {from_natural(n, 'cm^-3').m:.3g} cm^-3 from the spec "
                "(overrides.number_density): the target gives no doping level, so the rate's "
                "n^2 scaling rests on this assumption")
    if g_p is None and a_pe is not None:
        g_p = a_pe[2]
    if g_p is not None:
        acc.assumptions.append(
            "gamma_p = sum of the target's listed decays of |p> "
            f"({g_p / HBAR_EV_S:.4g} s^-1; a lower bound where the target lists few)")
    return RateInputs(a_pe[2] if a_pe else None, a_pq[2] if a_pq else None, g_p, g_e,
                      g_q or g_e, dw0, n, missing)


def scale_paper(ctx: PlanContext, acc: Accumulator, ri: RateInputs,
                eps_pe: float) -> float | None:
    """Seed 000 eq. (7) as printed, with n^3 V eta (eta from the spec, default 1)."""
    spec = ctx.spec
    eta = spec.overrides.ranp_eta if spec.overrides.ranp_eta is not None else 1.0
    if ri.A_pe is None or ri.A_pq is None or ri.gamma_e is None or ri.n is None \
            or ri.gamma_p is None:
        return None
    n3v = ri.n**3 * ctx.volume_eV() * eta
    dw0 = ri.dw0
    if ri.inhom:
        acc.warnings.append(
            "approximation (seed 000 eq. 7): the inhomogeneous width of the trigger transition "
            f"({ri.inhom_source}) is added in quadrature to the trigger linewidth Delta omega_0 "
            "of seed 000 eqs. (7)-(8)")
        dw0 = math.hypot(dw0, ri.inhom)
    used = ("" if ctx.settings.ranp_model == "paper"
            else "; used only for the comparison with eq. (7): the derived rate has no eta")
    acc.assumptions.append(f"RANP coherence factor eta = {eta:g} "
                           + ("(spec override, seed 000 eqs. 4-8)"
                              if spec.overrides.ranp_eta is not None
                              else "(seed 000's ideal case)") + used)
    acc.add("n3V_eta", from_natural(n3v, "cm^-6").m, "cm^-6",
            "n^3 V eta (seed 000's coherence amplification)", "spec geometry and overrides")
    return float(ranp_k.angular_rate_eq7(1.0, ri.A_pe, ri.A_pq, ri.gamma_p, ri.gamma_e,
                                         ri.gamma_q or ri.gamma_e, dw0, eps_pe, n3v))


@dataclass
class Widths:
    """Pure dephasing of p and e and the inhomogeneous e-p width (eV), with their origin."""

    dephase_p: float
    dephase_e: float
    inhom_pe: float | None
    hom_pe: float | None
    source: str
    note: str


def _target_width(ctx: PlanContext, a: str, b: str, kind: str) -> float | None:
    p = ctx.spec.path
    for w in ctx.target.widths:
        if {w.upper, w.lower} == {p[a], p[b]} and w.kind == kind:
            return rate_to_eV(w.value)
    return None


def widths(ctx: PlanContext, acc: Accumulator, ri: RateInputs) -> Widths:
    """Dephasing from the trigger linewidth (half its FWHM, on p), the target's homogeneous
    widths of e-p and e-g (their excess over the lifetimes), ``overrides.dephasing_rate``
    (on p and e) and the inhomogeneous e-p width (target, else
    ``overrides.inhomogeneous_width``)."""
    ov = ctx.spec.overrides
    gp, ge = ri.gamma_p or 0.0, ri.gamma_e or 0.0
    extra = rate_to_eV(ov.dephasing_rate) if ov.dephasing_rate is not None else 0.0
    hom_pe = _target_width(ctx, "p", "e", "homogeneous")
    hom_eg = _target_width(ctx, "e", "g", "homogeneous")
    if ri.inhom is not None:
        inhom, src_inh = (ri.inhom or None), ri.inhom_source
    else:
        inhom = _target_width(ctx, "p", "e", "inhomogeneous")
        src_inh = "target widths"
        if inhom is None and ov.inhomogeneous_width is not None:
            inhom, src_inh = rate_to_eV(ov.inhomogeneous_width), "spec overrides"
    dp = ri.dw0 / 2 + extra + (max(0.0, (hom_pe - gp - ge) / 2) if hom_pe else 0.0)
    de = extra + (max(0.0, (hom_eg - ge) / 2) if hom_eg else 0.0)
    used = ["lifetimes", "the trigger linewidth"]
    if hom_pe is not None:
        used.append("the target's homogeneous e-p width")
    if hom_eg is not None:
        used.append("the target's homogeneous e-g width")
    if extra:
        used.append("overrides.dephasing_rate (on p and e)")
    if inhom is not None:
        used.append(f"the inhomogeneous e-p width ({src_inh})")
    note = ", ".join(used)
    if hom_pe is None and hom_eg is None and inhom is None and not extra:
        note += " only (no homogeneous or inhomogeneous widths in the target or spec)"
    return Widths(dp, de, inhom, hom_pe, "spec trigger, target widths and lifetimes, "
                  "overrides", note)


def _spin_sq(ctx: PlanContext, acc: Accumulator) -> float | None:
    """``sum_k |<g|S_k|q>|^2`` per final state from the LS terms of q and g, or None."""
    p = ctx.spec.path
    lq, lg = ctx.target.level(p["q"]), ctx.target.level(p["g"])
    try:
        Lq, Sq = rd.term_L_S(lq.term)
        Lg, Sg = rd.term_L_S(lg.term)
        if (Lq, Sq) != (Lg, Sg):
            raise ValueError("different terms")
        line = rd.spin_line_strength_ls(Lq, Sq, float(lq.J), float(lg.J))
    except ValueError as exc:
        acc.warnings.append(f"spin matrix element <g|S|q> not evaluable ({exc}): the pair "
                            "step q -> g needs q and g in one LS term with |J_q - J_g| = 1")
        return None
    s2 = line / (2 * float(lg.J) + 1)
    acc.add("spin_sq_qg", s2, "dimensionless",
            "sum_k |<g|S_k|q>|^2 per final state (pure-LS line strength / (2 J_g + 1))",
            "Condon & Shortley sec. 10.3; docs/ranp.md eq. D7")
    acc.assumptions.append(
        f"pair step q -> g: pure LS coupling within {lq.term[:2]}, spin line strength "
        f"{line:.4g} per initial M shared evenly over the 2J_g+1 = {2 * float(lg.J) + 1:g} "
        "final states (no crystal-field compositions in the target), spin orientation "
        "averaged")
    return s2


def scale_derived(ctx: PlanContext, acc: Accumulator, ri: RateInputs, eps_pe: float,
                  omega0: float) -> float | None:
    """The derived rate (docs/ranp.md), with the Plan's Rabi/width ratio and verdict on
    perturbation theory in the trigger."""
    spec = ctx.spec
    s2 = _spin_sq(ctx, acc)
    if ri.A_pe is None or ri.A_pq is None or ri.gamma_e is None or ri.n is None \
            or ri.gamma_p is None or s2 is None:
        if s2 is None:
            ri.missing.append("spin matrix element <g|S|q> (LS terms of q and g)")
        return None
    intensity = to_natural(spec.lasers.trigger.intensity, 4)
    n0 = rd.trigger_photon_density(intensity, omega0)
    om0 = rd.trigger_rabi_frequency(intensity, ri.A_pe, eps_pe)
    wd = widths(ctx, acc, ri)
    dephase_p, dephase_e, inhom = wd.dephase_p, wd.dephase_e, wd.inhom_pe
    width_pg = ri.gamma_p + 2 * dephase_p
    width_qg = (ri.gamma_q or ri.gamma_e) + 2 * dephase_e
    if spec.lasers.cycle_duration is not None:
        t_cycle, src_t = to_natural(spec.lasers.cycle_duration, -1), "spec cycle_duration"
    elif spec.lasers.repetition_rate is not None:
        t_cycle = 1.0 / rate_to_eV(spec.lasers.repetition_rate) * 2 * math.pi
        src_t = "1 / spec repetition_rate"
    else:
        t_cycle, src_t = 1.0 / ri.gamma_e, "assumed: one lifetime of |e> (1/gamma_e)"
    coh = rd.coherence_bloch(om0, omega0 - eps_pe, ri.A_pe, ri.gamma_p, ri.gamma_e,
                             dephase_p, dephase_e, 0.5, t_cycle)
    mean = coh.mean
    if inhom:  # the class average of the amplitude <rho_pg> (docs/ranp.md, issue 16)
        if om0 > width_pg and om0 * t_cycle > RANP_MAX_RABI_PHASE:
            # a saturated trigger: each class Rabi-flops at sqrt(Omega^2 + x^2), a winding
            # that is not linear in x across |x| < Omega (Omega T rad), which the rule's
            # Filon weights do not take out
            raise BlochCheckError(
                f"RANP class average: the trigger saturates (Omega_0/Gamma_pg = "
                f"{om0 / width_pg:.3g}) and its Rabi phase over the cycle, {om0 * t_cycle:.3g}"
                f" rad, is beyond the class average over the inhomogeneous e-p line "
                f"({inhom / HBAR_EV_S:.3g} s^-1) (at most {RANP_MAX_RABI_PHASE:g} rad): "
                "not evaluable (docs/ranp.md)")
        mean, err, conv = rd.coherence_class_average(
            om0, omega0 - eps_pe, ri.A_pe, ri.gamma_p, ri.gamma_e, dephase_p, dephase_e,
            0.5, t_cycle, inhom, rtol=1e-3, max_panels=200)
        acc.add("rho_pg_sq_mean_central_class", coh.mean, "dimensionless",
                "<|rho_pg|^2> of the class the trigger is tuned to (no inhomogeneous "
                "average)", "docs/ranp.md eq. D5")
        acc.add("rho_pg_sq_class_average_error", err, "dimensionless",
                "error estimate of <|<rho_pg>|^2> (Kronrod-Gauss + time rule)",
                "Bloch class average (docs/coherence.md)")
        if not conv and err > 0.1 * mean:
            raise BlochCheckError(f"RANP class average not converged: error estimate "
                                  f"{err:.3g} of {mean:.3g} (docs/ranp.md)")
        if not conv:
            acc.warnings.append("the RANP class average did not reach its tolerance within "
                                f"its panel bound: error estimate {err:.3g} of {mean:.3g}")
    photon = rd.photon_factor(ri.A_pq, width_qg)
    pair = rd.pair_factor(s2, ctx.settings.axial_factor)
    v = ctx.volume_eV()
    acc.add("trigger_photon_density", from_natural(n0, "cm^-3").m, "cm^-3",
            "n_0 = I / omega_0 of the trigger", "spec trigger intensity")
    acc.add("trigger_rabi", om0 / HBAR_EV_S, "1/s",
            "trigger Rabi frequency Omega_0 = d_pe sqrt(2 I / 3) (isotropic average)",
            "docs/ranp.md eq. D3")
    acc.add("width_pg", width_pg / HBAR_EV_S, "1/s",
            "FWHM of the p-g coherence: gamma_p + trigger linewidth + dephasing", wd.source)
    acc.add("width_qg", width_qg / HBAR_EV_S, "1/s",
            "FWHM of the q-g coherence: gamma_q (= gamma_e for q = e) + dephasing", wd.source)
    if inhom:
        acc.add("width_inhom_pe", inhom / HBAR_EV_S, "1/s",
                "inhomogeneous FWHM of e -> p (Gaussian; class average of the amplitude)",
                wd.source)
    ratio = om0 / width_pg
    acc.add("rabi_over_width", ratio, "dimensionless", "Omega_0 / Gamma_pg",
            "perturbation theory in the trigger needs << 1")
    acc.add("cycle_time", t_cycle * HBAR_EV_S, "s", "excitation cycle over which "
            "<|rho_pg|^2> is averaged", src_t)
    acc.add("rho_pg_sq_mean", mean, "dimensionless",
            "<|rho_pg|^2> over the cycle, g-e-p Bloch solution" + (
                " (|<rho_pg>|^2, class average over the e-p line)" if inhom else ""),
            "docs/ranp.md eq. D5")
    acc.add("rho_pg_sq_weak", coh.weak, "dimensionless",
            "<|rho_pg|^2> to lowest order in the trigger", "docs/ranp.md eq. D4")
    acc.add("saturation", coh.saturation, "dimensionless",
            "Bloch / lowest order (1 where perturbation theory holds)", "docs/ranp.md")
    valid = "holds" if coh.saturation > 0.9 else "fails"
    acc.assumptions.append(
        f"RANP rate: derived model (docs/ranp.md): Omega_0/Gamma_pg = {ratio:.3g}; lowest-"
        f"order perturbation theory in the trigger {valid} (Bloch/perturbative = "
        f"{coh.saturation:.3g}); the rate uses the non-perturbative g-e-p Bloch coherence"
        + (" and no longer grows with the trigger intensity; the photon step still uses "
           "the undressed q-g resonance (the trigger's Autler-Townes splitting of |e> "
           "changes it by a factor of order 1, not computed)" if valid == "fails" else ""))
    acc.assumptions.append(
        "RANP excitation: the two counter-propagating lasers are taken to prepare the ideal "
        "g-e superposition rho_ee = rho_gg = |rho_eg| = 1/2 (a pi/2 Raman pulse; the Raman "
        "Rabi frequency is not computed: the target lists no intermediate levels), an upper "
        "bound on the coherence")
    acc.assumptions.append("RANP widths: " + wd.note + "; a larger dephasing lowers the "
                           "rate (weak trigger: ~1/Gamma_pg^2 and 1/Gamma_qg)")
    return float(ri.n**2 * v * mean * photon * pair * EQ5_OVER_PAPER)


def excitation_verdicts(ctx: PlanContext, acc: Accumulator, ri: RateInputs, eps_pe: float,
                        omega0: float, photons: tuple[float, float]) -> None:
    """Verdict per excitation photon: does it drive e -> p like a second trigger?"""
    name = "excitation laser as a second trigger (e -> p)"
    if ri.A_pe is None or ri.gamma_p is None or ri.gamma_e is None:
        acc.verdict(CheckResult(name, "not evaluable", missing=("A-coefficient p -> e and "
                                                                "the widths of p and e",)),
                    name=name)
        return
    wd = widths(ctx, acc, ri)
    w_hom = ri.gamma_p + ri.gamma_e + 2 * (wd.dephase_p + wd.dephase_e)
    if wd.hom_pe is not None:
        w_hom = max(w_hom, wd.hom_pe)
    spec = ctx.spec
    i_exc = max(to_natural(x.intensity, 4) for x in spec.lasers.by_role("excitation"))
    om_x = rd.trigger_rabi_frequency(i_exc, ri.A_pe, eps_pe)
    om_t = rd.trigger_rabi_frequency(to_natural(spec.lasers.trigger.intensity, 4), ri.A_pe,
                                     eps_pe)
    for label, w in zip(("omega_1", "omega_2"), photons, strict=True):
        chk = excitation_as_trigger_check(w, eps_pe, w_hom, wd.inhom_pe, om_x, om_t,
                                          omega0 - eps_pe, name=label)
        acc.verdict(chk, {"detuning_eV": "eV", "detuning_GHz": "GHz", "width_hom_eV": "eV",
                                "width_inhom_eV": "eV"},
                    name=f"{label} as a second trigger (e -> p)")
