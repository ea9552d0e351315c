"""RENP_ATOMIC: the e-g coherence |rho_eg| of the gas from its two-photon excitation.

Kernels: :mod:`expdesign.physics.atomic_excitation` (effective two-photon Rabi frequency,
light shifts, scattering through the virtual |p>, two-level Bloch solution).  The
excitation lasers' intensities, linewidths, photon energies and directions, the design
temperature, ``overrides.dephasing_rate`` and ``lasers.trigger_delay`` all enter here.
Timing: with ``lasers.trigger_delay > 0`` the excitation is a square pulse of that length
(on at t = 0, the seed 001 convention of Figs. 11-12) and the coherence is taken at the
trigger; with no delay it is the steady state of CW excitation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from expdesign.physics import atomic_excitation as axc
from expdesign.physics.constants import ATOMIC_MASS_UNIT_EV, BOLTZMANN_EV_PER_K, HBAR_EV_S
from expdesign.plan import Verdict
from expdesign.planner.atomic_data import VirtualPartner
from expdesign.planner.context import Accumulator, PlanContext
from expdesign.units import Q_, rate_to_eV, to_natural

__all__ = ["GasCoherence", "derive_coherence", "ASSUMED_DEPHASING_RANGE_PER_S"]

#: Collisional (pressure) dephasing rates of rho_eg shown in the Plan, s^-1: no source
#: gives one for the lines of either path (docs/atomic_renp.md), so the Plan shows the
#: derived |rho_eg| over this range next to the value at the chosen rate.
ASSUMED_DEPHASING_RANGE_PER_S = (0.0, 1e3, 1e5, 1e7)

#: Largest one-photon Rabi frequency over the detuning of |p> for which the adiabatic
#: elimination is used (the neglected terms are of order (Omega / Delta)^2).
MAX_ELIMINATION_RATIO = 0.1


@dataclass
class GasCoherence:
    """The derived |rho_eg| (None: not evaluable, with ``missing``) and what it rests on."""

    value: float | None
    missing: list[str] = field(default_factory=list)
    mode: str = ""


@dataclass
class _Drive:
    omega_eff: float
    delta: float        # two-photon detuning from the light-shifted resonance, eV
    shift: float        # S_e - S_g, eV
    decay: float        # e -> g, eV
    dephasing: float    # pure dephasing of rho_eg without the collisional part, eV
    sigma: float        # residual Doppler standard deviation, eV
    spread2: float      # standard deviation of the second-order Doppler shift, eV


def _kvec(direction) -> np.ndarray:
    a = direction.to("rad").m if direction is not None else 0.0
    return np.array([math.sin(a), 0.0, math.cos(a)])


def _drive(ctx: PlanContext, acc: Accumulator, A_pg: float, s2: float, j_e: float,
           p_eg: float, scale: float = 1.0, record: bool = True,
           partner: VirtualPartner | None = None) -> _Drive | GasCoherence:
    """Effective two-level parameters at ``scale`` x the spec's excitation intensities."""
    spec = ctx.spec
    exc = spec.lasers.by_role("excitation")
    eps_eg, eps_pg = ctx.spacing("e", "g"), ctx.spacing("p", "g")
    w = [ctx.laser_energy(x) for x in exc]
    inten = [scale * to_natural(x.intensity, 4) for x in exc]
    D = [eps_pg - wi for wi in w]            # detuning of p after the E1 photon
    De = [eps_pg - eps_eg + wi for wi in w]  # E_p - (E_e - omega): p seen from e
    D2: list[float] = []
    if partner is not None:  # the singlet-like partner p2 of the mixed J = 1 pair
        D2 = [partner.eps_p2g - wi for wi in w]
        D2 += [partner.eps_p2g - eps_eg + wi for wi in w]
    og = [axc.e1_rabi(A_pg, eps_pg, i) for i in inten]
    oe = [axc.m1_rabi(s2, i) for i in inten]
    # every energy denominator of the elimination and the light shifts: p seen from g
    # after one photon, from e with one photon less or more
    dens = [abs(x) for x in (*D, *De, *(wi - (eps_pg - eps_eg) for wi in w), *D2)]
    if min(dens) <= 0.0:
        return GasCoherence(None, ["a model of the excitation with an excitation photon "
                                   "resonant with |p> (here |p> is not virtual)"])
    ratio = max(*og, *oe) / min(dens)
    if ratio > MAX_ELIMINATION_RATIO:
        return GasCoherence(None, [
            f"a model of the excitation with |p> near resonance: the one-photon Rabi frequency "
            f"is {ratio:.3g} x the detuning of |p> (the adiabatic elimination needs < "
            f"{MAX_ELIMINATION_RATIO:g})"])
    # with the partner, each ordering's 1/Delta becomes 1/Delta - 1/Delta_2 (the amplitudes
    # through the two members of the pair have opposite signs:
    # physics/atomic_renp.partner_denominator_sq); geometry_factor takes the inverse
    Dg = [axc.partner_detuning(D[k], None if partner is None else D2[k]) for k in range(2)]
    geo, phi1, phi2 = axc.best_geometry_factor(j_e, _kvec(exc[0].direction),
                                               _kvec(exc[1].direction), Dg[0], Dg[1])
    om = axc.effective_rabi(A_pg, eps_pg, s2, inten[0], inten[1], geo)
    Sg, Se = axc.light_shifts(A_pg, eps_pg, eps_pg - eps_eg, s2, tuple(w), tuple(inten))
    gamma_p = ctx.target.total_decay_eV(spec.path["p"]) or A_pg
    Rg = sum(axc.scattering_rates(gamma_p, og[k], 0.0, D[k])[0] for k in range(2))
    Ge = sum(axc.scattering_rates(gamma_p, 0.0, oe[k], De[k])[1] for k in range(2))
    if partner is not None:  # the partner's own light shifts and scattering
        pA, pe = partner.A_p2g, partner.eps_p2g
        Sg2, Se2 = axc.light_shifts(pA, pe, pe - eps_eg, partner.spin_sq_p2, tuple(w),
                                    tuple(inten))
        Sg, Se = Sg + Sg2, Se + Se2
        gamma_2 = ctx.target.total_decay_eV(partner.label) or pA
        Rg += sum(axc.scattering_rates(gamma_2, axc.e1_rabi(pA, pe, inten[k]), 0.0,
                                       D2[k])[0] for k in range(2))
        Ge += sum(axc.scattering_rates(gamma_2, 0.0, axc.m1_rabi(partner.spin_sq_p2,
                                       inten[k]), D2[2 + k])[1] for k in range(2))
    tau_e, _ = ctx.lifetime_rate("e")
    decay = Ge + (tau_e or 0.0)
    lw = [rate_to_eV(x.linewidth) if x.linewidth is not None else 0.0 for x in exc]
    dephasing = axc.coherence_dephasing(Rg, tuple(lw))
    sigma = recoil = dop2 = dop2_std = 0.0
    temp = spec.temperature
    if ctx.target.atomic_mass is not None:
        M = ctx.target.atomic_mass.value * ATOMIC_MASS_UNIT_EV
        kT = float(temp.to("K").m) * BOLTZMANN_EV_PER_K if temp is not None else 0.0
        recoil, dop2, dop2_std, sigma = axc.motional_shifts(w[0] + w[1], p_eg, M, kT)
    delta = axc.two_photon_detuning(w[0] + w[1], eps_eg, Se - Sg, recoil, dop2)
    if record:
        h = HBAR_EV_S
        acc.add("excitation_rabi_frequency_e1", og[0] / h, "1/s",
                "Omega_gp = d_0 E_0 of the first excitation laser (E_0^2 = 2 I)",
                "physics/atomic_excitation.e1_rabi; A_pg from the target")
        acc.add("excitation_rabi_frequency_m1", oe[1] / h, "1/s",
                "Omega_pe = mu_B s_0 B_0 of the second excitation laser (|B| = |E|)",
                "physics/atomic_excitation.m1_rabi; s_0^2 the spin element of the rate")
        acc.add("excitation_effective_rabi_frequency", om / h, "1/s",
                "two-photon Omega_eff = d_0 mu_0 E_1 E_2 sqrt(F), both time orderings, "
                f"best linear polarizations ({math.degrees(phi1):.0f} and "
                f"{math.degrees(phi2):.0f} deg from the normal of the laser plane)",
                "physics/atomic_excitation.effective_rabi (adiabatic elimination of |p>)")
        acc.add("excitation_light_shift_g", Sg / h, "1/s", "ac-Stark shift of g by |p> "
                "(three-level: other levels' polarizabilities not included)")
        acc.add("excitation_light_shift_e", Se / h, "1/s", "ac-Stark shift of e by |p> "
                "(M-averaged; three-level)")
        acc.add("excitation_two_photon_detuning", delta / h, "1/s",
                "omega_1 + omega_2 - eps_eg + <second-order Doppler> - recoil - (S_e - S_g): "
                "the spec's photon energies against the shifted resonance")
        acc.add("excitation_resonant_photon_sum", w[0] + w[1] - delta, "eV",
                "omega_1 + omega_2 on the shifted resonance (three-level light shift, recoil, "
                "mean second-order Doppler shift)")
        acc.add("excitation_recoil_shift", recoil / h, "1/s", "p_eg^2 / 2M (in the "
                "detuning)", "physics/atomic_excitation.motional_shifts")
        acc.add("excitation_second_order_doppler", dop2 / h, "1/s", "mean second-order "
                "Doppler shift (3/2)(omega_1 + omega_2) kT/M (in the detuning)",
                "physics/atomic_excitation.motional_shifts")
        acc.add("excitation_second_order_doppler_spread", dop2_std / h, "1/s",
                "its standard deviation over the Maxwell distribution (NOT averaged over: "
                "compare with Omega_eff and 1/pulse length)",
                "physics/atomic_excitation.motional_shifts")
        acc.add("excitation_decay_e", decay / h, "1/s", "decay of e to g: its lifetime "
                "(if the target has one) + scattering through the admixed |p>")
        acc.add("excitation_dephasing", dephasing / h, "1/s", "pure dephasing of rho_eg "
                "without collisions: elastic scattering of g through |p> (R_g/2) + the "
                "two excitation linewidths (half the sum of their FWHM)")
        acc.add("excitation_doppler_sigma", sigma / h, "1/s", "standard deviation of the "
                "residual two-photon Doppler shift p_eg . v (0 for equal counter-"
                "propagating photons or without a design temperature)",
                "p_eg sqrt(kT/M)")
    return _Drive(om, delta, Se - Sg, decay, dephasing, sigma, dop2_std)


def _solve(d: _Drive, t: float | None, collisional: float, compensated: bool = False
           ) -> float:
    delta = 0.0 if compensated else d.delta
    if t is not None:
        return abs(axc.coherence_pulse(d.omega_eff, t, delta, d.decay,
                                       d.dephasing + collisional, d.sigma))
    if d.decay <= 0.0:
        return 0.0
    return abs(axc.coherence_steady(d.omega_eff, delta, d.decay, d.dephasing + collisional,
                                    d.sigma))


def derive_coherence(ctx: PlanContext, acc: Accumulator, A_pg: float | None,
                     s2: float | None, j_e: float, p_eg: float,
                     partner: VirtualPartner | None = None) -> GasCoherence:
    """|rho_eg| of the gas from the Bloch solution of its two-photon excitation; records
    the drive, the dephasing range and the intensity that would give |rho_eg| = 1/2."""
    spec = ctx.spec
    missing = []
    if A_pg is None:
        missing.append(f"A-coefficient {spec.path['p']} -> {spec.path['g']} in the target "
                       "(the E1 step of the excitation)")
    if s2 is None:
        missing.append("the spin element e -> p (target terms and ls_mixing, or "
                       "atomic.spin_matrix_element_sq): the M1 step of the excitation")
    if j_e not in (0, 2):
        missing.append(f"the two-photon amplitude for J_e = {j_e:g} (derived for 0 and 2)")
    if missing or A_pg is None or s2 is None:
        return _not_evaluable(acc, GasCoherence(None, missing))
    d = _drive(ctx, acc, A_pg, s2, j_e, p_eg, partner=partner)
    if isinstance(d, GasCoherence):
        return _not_evaluable(acc, d)
    td = spec.lasers.trigger_delay.to("s").m
    t = to_natural(spec.lasers.trigger_delay, -1) if td > 0 else None
    mode = (f"square excitation pulse of {td:.3g} s (lasers.trigger_delay), coherence at "
            "the trigger" if t is not None else
            "steady state of CW excitation (lasers.trigger_delay = 0)")
    ov = spec.overrides.dephasing_rate
    coll = rate_to_eV(ov) if ov is not None else 0.0
    try:
        val = _solve(d, t, coll)
    except ValueError as err:  # the residual Doppler spread over a long pulse
        return _not_evaluable(acc, GasCoherence(None, [
            f"a residual-Doppler average over this pulse ({err}): shorten "
            "lasers.trigger_delay, equalise the excitation photons or lower the temperature"
        ]))
    acc.add("coherence_derived", val, "dimensionless",
            f"|rho_eg| from the Bloch solution of the two-photon excitation ({mode})",
            "physics/atomic_excitation")
    for g in ASSUMED_DEPHASING_RANGE_PER_S:
        label = "0" if g == 0 else f"1e{round(math.log10(g))}"
        acc.add(f"coherence_derived_collisional_{label}_per_s",
                _solve(d, t, g * HBAR_EV_S), "dimensionless",
                f"the derived |rho_eg| with an assumed collisional dephasing of {g:g} s^-1")
    acc.assumptions.append(
        "gas coherence: " + mode + "; collisional (pressure) dephasing of rho_eg "
        + (f"{ov.to('1/s').m:g} s^-1 (overrides.dephasing_rate)" if ov is not None else
           "0 (no sourced coefficient: an ASSUMPTION; the Plan shows the derived |rho_eg| "
           f"for {', '.join(f'{g:g}' for g in ASSUMED_DEPHASING_RANGE_PER_S)} s^-1)")
        + "; the laser polarizations are the best linear pair (the spec gives none; "
        "parallel ones give no E1 x M1 excitation); plane waves; light shifts from |p> "
        "only; photo-ionisation and levels outside {g, p, e} not included"
        + ("; J_e = 2: the excitation prepares one (bright) combination of the e sublevels, "
           "while the rate's trigger contraction assumes them equally populated"
           if j_e == 2 else ""))
    width = t if t is not None else 1.0 / max(d.omega_eff, d.dephasing + d.decay / 2.0)
    if d.spread2 * width > 0.3:
        acc.warnings.append(
            f"the spread of the second-order Doppler shift ({d.spread2 / HBAR_EV_S:.3g} s^-1) "
            "is not small against " + ("1/pulse length" if t is not None else
                                       "the excitation's width") + ": it is not averaged "
            "over (only its mean is in the detuning), the derived |rho_eg| is optimistic")
    comp = _solve(d, t, coll, compensated=True)
    if comp > 1.1 * val:
        acc.warnings.append(
            f"the excitation photons miss the light-shifted two-photon resonance by "
            f"{d.delta / HBAR_EV_S:.3g} s^-1 ({abs(d.delta) / d.omega_eff:.3g} x Omega_eff):"
            f" |rho_eg| = {val:.3g}, {comp:.3g} on resonance; raise omega_1 + omega_2 by "
            f"{-d.delta:.4g} eV (three-level light shift; the real shift includes other "
            "levels)")
    _half(ctx, acc, d, t, coll, A_pg, s2, j_e, p_eg, partner)
    return GasCoherence(val, [], mode)


def _half(ctx: PlanContext, acc: Accumulator, d: _Drive, t: float | None, coll: float,
          A_pg: float, s2: float, j_e: float, p_eg: float,
          partner: VirtualPartner | None = None) -> None:
    """The excitation intensity for |rho_eg| = 1/2 (pulse area pi/2, light shift
    compensated), and the |rho_eg| the dephasing leaves at it."""
    if t is None:
        relax = HBAR_EV_S / d.decay if d.decay > 0 else math.inf
        if math.isfinite(relax):
            acc.add("excitation_steady_state_time", relax, "s", "1/(decay of e): the time "
                    "CW excitation takes to reach the steady state used")
        if relax > 1.0:
            acc.warnings.append(
                f"the steady state of the CW excitation takes ~{relax:.3g} s to set in (e "
                "decays only through the admixed |p>): give lasers.trigger_delay, the length "
                "of an excitation pulse, for a transient coherence")
        acc.add("coherence_steady_state_max", axc.max_steady_coherence(
            d.decay, d.dephasing + coll) if d.decay > 0 else 0.0, "dimensionless",
            "largest steady-state |rho_eg| over the intensity (< 1/(2 sqrt 2)): |rho_eg| = 1/2"
            " (the literature's assumption) needs a pulse of area pi/2 (lasers.trigger_delay)")
        return
    scale = axc.intensity_scale_for_area(d.omega_eff, t)
    if not math.isfinite(scale):
        return
    exc = ctx.spec.lasers.by_role("excitation")
    if not math.isfinite(scale * exc[0].intensity.to("W/cm^2").m):
        return
    acc.add("excitation_intensity_for_half_coherence",
            Q_(scale * exc[0].intensity.to("W/cm^2").m, "W/cm^2"), None,
            f"intensity of each excitation laser (the spec's ratio kept; first laser "
            f"shown) for pulse area Omega_eff t = pi/2, |rho_eg| = 1/2, over the "
            f"{ctx.spec.lasers.trigger_delay.to('s').m:.3g} s pulse, light shift "
            "compensated by the tuning")
    d2 = _drive(ctx, acc, A_pg, s2, j_e, p_eg, scale=scale, record=False, partner=partner)
    if isinstance(d2, GasCoherence):
        acc.warnings.append("at the intensity for |rho_eg| = 1/2 the one-photon Rabi "
                            "frequency approaches the detuning of |p>: " + d2.missing[0])
        return
    acc.add("excitation_light_shift_at_half_intensity", d2.shift, "eV", "S_e - S_g at that "
            "intensity (three-level): omega_1 + omega_2 must exceed eps_eg by this")
    acc.add("coherence_at_half_intensity", _solve(d2, t, coll, compensated=True),
            "dimensionless", "|rho_eg| at that intensity with the decay, dephasing and "
            "Doppler spread of the Plan (light shift compensated)")


def _not_evaluable(acc: Accumulator, c: GasCoherence) -> GasCoherence:
    acc.verdicts.append(Verdict(
        name="gas coherence |rho_eg| from the two-photon excitation", status="not evaluable",
        kind="model validity", detail="the Bloch solution of the excitation needs the inputs "
        "listed; a given atomic.coherence is used as an assumption", missing=c.missing))
    return c
