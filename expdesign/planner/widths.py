"""The widths a Plan uses: non-radiative rates at the design temperature, level decay rates,
the Bloch engine's pure dephasing and the width in h_r (formulas in
:mod:`expdesign.physics.linewidths`; the choices are documented in docs/coherence.md).

``PlannerSettings.widths`` selects the data: ``"sourced"`` (default: the target's values),
``"low"`` / ``"high"`` (the low or high end of each sourced range) or ``"radiative"``
(radiative decay only and seed 001's choice gamma_ep = A(e -> p) in h_r: the numbers the
Planner gave before widths were modelled).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace

import numpy as np
import pint

from expdesign.models import NonradiativeRate, Width
from expdesign.physics import linewidths as lw
from expdesign.physics.constants import ATOMIC_MASS_UNIT_EV, BOLTZMANN_EV_PER_K, HBAR_EV_S
from expdesign.planner.context import Accumulator, PlanContext
from expdesign.units import energy_to_eV, rate_to_eV

__all__ = ["LevelRates", "level_rates", "hr_width", "hr_width_alternatives", "bloch_dephasing",
           "trigger_inhomogeneous", "widths_note", "gas_doppler", "ep_homogeneous",
           "InhomogeneousLine", "inhomogeneous_line"]


_CHOICES = {"sourced": "the target's sourced widths and non-radiative rates",
            "low": "the low end of each sourced range",
            "high": "the high end of each sourced range",
            "radiative": "radiative decay only, seed 001's gamma_ep = A(e -> p) in h_r"}


def widths_note(ctx: PlanContext, acc: Accumulator) -> None:
    """Say which widths the Plan uses (the default changed when widths were modelled)."""
    w = ctx.settings.widths
    t = ctx.spec.temperature
    acc.assumptions.append(
        f"widths: {w} ({_CHOICES[w]}; docs/coherence.md), design temperature "
        + (f"{t.to('K').m:g} K" if t is not None else "not given (the data's own)"))


def _pick(value: pint.Quantity, rng: tuple[pint.Quantity, pint.Quantity] | None,
          end: str) -> float:
    """A sourced rate in eV: its value, or the low/high end of its range."""
    if rng is not None and end == "low":
        return rate_to_eV(rng[0])
    if rng is not None and end == "high":
        return rate_to_eV(rng[1])
    return rate_to_eV(value)


def _kT(ctx: PlanContext) -> float | None:
    t = ctx.spec.temperature
    return None if t is None else float(t.to("K").m) * BOLTZMANN_EV_PER_K


@dataclass
class LevelRates:
    """Decay rates of the path levels (eV), keyed by level label."""

    radiative: dict[str, float]
    #: non-radiative rate out of each level and where it goes (label or None: out)
    nonradiative: dict[str, list[tuple[float, str | None]]] = field(default_factory=dict)

    def total(self, label: str) -> float:
        """Radiative + non-radiative decay rate of a level, eV."""
        return self.radiative.get(label, 0.0) + sum(r for r, _ in
                                                   self.nonradiative.get(label, []))


def _nonrad_at_T(ctx: PlanContext, acc: Accumulator, nr: NonradiativeRate, end: str) -> float:
    w = _pick(nr.value, nr.range, end)
    kT = _kT(ctx)
    T_ref = float(nr.temperature.to("K").m)
    if kT is None or nr.gap is None or nr.phonon_energy is None:
        if kT is not None and abs(kT / BOLTZMANN_EV_PER_K - T_ref) > 1e-9 * T_ref:
            acc.warnings.append(
                f"non-radiative rate of {nr.level} was given at {T_ref:g} K without the "
                "energy-gap-law parameters (gap, phonon_energy): used unscaled at the design "
                "temperature")
        return w
    return lw.multiphonon_rate_at(w, T_ref * BOLTZMANN_EV_PER_K, kT, energy_to_eV(nr.gap),
                                  energy_to_eV(nr.phonon_energy))


def level_rates(ctx: PlanContext, acc: Accumulator, labels: list[str]) -> LevelRates:
    """Radiative (the target's A-coefficients) and non-radiative decay rates of ``labels``.

    Non-radiative rates come from the target's ``nonradiative`` entries (carried to the
    design temperature), else from a measured lifetime that includes non-radiative decay
    (``1/tau - sum A``).  With ``widths="radiative"`` there are none.
    """
    tgt, end = ctx.target, ctx.settings.widths
    out = LevelRates(radiative={lab: tgt.total_decay_eV(lab) for lab in labels})
    if end == "radiative":
        return out
    bare = [lab for lab in labels
            if not any(nr.level == lab for nr in tgt.nonradiative)
            and not any(lt.level == lab and lt.includes_nonradiative for lt in tgt.lifetimes)
            and out.radiative[lab] > 0]
    if bare:
        acc.assumptions.append(
            f"no non-radiative rate of {', '.join(bare)} in the target: radiative decay only "
            "(optimistic where a lower level lies within a few phonon energies)")
    for lab in labels:
        entries = [nr for nr in tgt.nonradiative if nr.level == lab]
        for nr in entries:
            w = _nonrad_at_T(ctx, acc, nr, end)
            out.nonradiative.setdefault(lab, []).append((w, nr.to))
            acc.add(f"nonradiative_rate_{lab}", w / HBAR_EV_S, "1/s",
                    f"multiphonon decay of {lab}" + (f" to {nr.to}" if nr.to else ""),
                    nr.source)
        if entries:
            continue
        for lt in tgt.lifetimes:
            if lt.level == lab and lt.includes_nonradiative:
                extra = HBAR_EV_S / lt.value.to("s").m - out.radiative[lab]
                if extra > 0:
                    out.nonradiative.setdefault(lab, []).append((extra, None))
                    acc.add(f"nonradiative_rate_{lab}", extra / HBAR_EV_S, "1/s",
                            f"1/tau - sum of A out of {lab}", lt.source)
    return out


def _width(ctx: PlanContext, a: str, b: str, kind: str) -> Width | None:
    ws = ctx.target.widths_of(a, b, kind)
    return ws[0] if ws else None


def _temperature_note(ctx: PlanContext, acc: Accumulator, w: Width) -> None:
    t = ctx.spec.temperature
    if t is None or w.temperature is None:
        return
    tw, td = float(w.temperature.to("K").m), float(t.to("K").m)
    if abs(tw - td) > 0.05 * td:
        acc.warnings.append(
            f"the {w.kind} width {w.upper}-{w.lower} was measured at {tw:g} K, the design is "
            f"at {td:g} K: used as measured (no sourced temperature law)")


def trigger_inhomogeneous(ctx: PlanContext, acc: Accumulator, a: str, b: str
                          ) -> tuple[float, str, str]:
    """Inhomogeneous FWHM (angular, eV), its shape and source for the trigger transition
    between levels ``a`` and ``b`` (override, else the target's; 0 if none)."""
    ov = ctx.spec.overrides.inhomogeneous_width
    if ctx.settings.widths == "radiative":
        return 0.0, "gaussian", "widths='radiative': none"
    if ov is not None:
        return rate_to_eV(ov), "gaussian", "spec override (overrides.inhomogeneous_width)"
    w = _width(ctx, a, b, "inhomogeneous")
    if w is None:
        acc.assumptions.append(f"no inhomogeneous width of {a}-{b} in the target or the "
                               "overrides: none used (an upper bound on the rate)")
        return 0.0, "gaussian", "none in the target"
    _temperature_note(ctx, acc, w)
    return _pick(w.value, w.range, ctx.settings.widths), w.shape, w.source


def ep_homogeneous(ctx: PlanContext, acc: Accumulator, rates: LevelRates) -> float:
    """Homogeneous angular FWHM ``2/T2`` (eV) of the e-p coherence: the lifetimes of e and p
    plus the pure dephasing of a listed homogeneous e-p width, or twice
    ``overrides.dephasing_rate`` (docs/coherence.md)."""
    spec, p = ctx.spec, ctx.spec.path
    G_e, G_p = rates.total(p["e"]), rates.total(p["p"])
    hom = _width(ctx, p["e"], p["p"], "homogeneous")
    gphi = 0.0
    if spec.overrides.dephasing_rate is not None:
        # the override dephases e and p each at this rate: rho_ep at twice it
        gphi = 2.0 * rate_to_eV(spec.overrides.dephasing_rate)
    elif hom is not None:
        _temperature_note(ctx, acc, hom)
        gphi, ok = lw.pure_dephasing_from_homogeneous(
            _pick(hom.value, hom.range, ctx.settings.widths), G_e, G_p)
        if not ok:
            acc.warnings.append(f"homogeneous width {p['e']}-{p['p']} is below its lifetime "
                                "limit: pure dephasing set to 0")
    else:
        acc.assumptions.append(
            f"no homogeneous width of {p['e']}-{p['p']} in the target: its coherence decays "
            "at the lifetime limit (Gamma_e + Gamma_p)/2 (no pure dephasing; a lower bound)")
    return lw.homogeneous_fwhm(lw.coherence_decay_rate(G_e, G_p, gphi))


@dataclass(frozen=True)
class InhomogeneousLine:
    """The static spread of the path's transitions that the Bloch class average takes.

    ``fwhm`` (angular, eV) and ``shape`` of the class variable; ``axis`` the shifts of
    ``(delta_1, delta_2, delta_t)`` per unit of it (correlated model: each transition in
    proportion to its own FWHM); ``source`` where the widths come from; ``widths`` and
    ``shapes`` each transition's own FWHM (eV, 0: not broadened) and shape (the
    independent-shifts model, ``overrides.inhomogeneous_correlation``)."""

    fwhm: float
    shape: str
    axis: tuple[float, float, float]
    source: str
    widths: tuple[float, float, float] = (0.0, 0.0, 0.0)
    shapes: tuple[str, str, str] = ("gaussian", "gaussian", "gaussian")
    correlation: str = "correlated"


def inhomogeneous_line(ctx: PlanContext, acc: Accumulator) -> InhomogeneousLine | None:
    """The inhomogeneous line of a RENP plan (None: none, or ``overrides.gamma_ep`` gives
    the whole width).

    Correlated model (the default, docs/coherence.md): one static shift per ion moves the
    excitation transitions g-q, q-e and the trigger p-g in proportion to their own
    inhomogeneous FWHM (their target widths; the trigger's may be overridden); a transition
    without a width is not shifted.  The class variable has the largest of the FWHMs.
    """
    spec, p = ctx.spec, ctx.spec.path
    if ctx.settings.widths == "radiative" or spec.overrides.gamma_ep is not None:
        return None
    w_t, shape, src = trigger_inhomogeneous(ctx, acc, p["p"], p["g"])
    ws = [0.0, 0.0, w_t]
    shapes = ["gaussian", "gaussian", shape]
    srcs = [f"p-g: {src}"] if w_t > 0 else []
    for k, (a, b) in enumerate(((p["q"], p["g"]), (p["e"], p["q"]))):
        w = _width(ctx, a, b, "inhomogeneous")
        if w is not None:
            _temperature_note(ctx, acc, w)
            ws[k] = _pick(w.value, w.range, ctx.settings.widths)
            shapes[k] = w.shape
            srcs.append(f"{a}-{b}: {w.source}")
            if w.shape != shape and w_t > 0:
                acc.warnings.append(f"inhomogeneous widths of different shapes ({w.shape}, "
                                    f"{shape}): the class variable takes the trigger's")
            elif w_t == 0:
                shape = w.shape
    top = max(ws)
    if top <= 0:
        return None
    axis = (ws[0] / top, ws[1] / top, ws[2] / top)
    corr = spec.overrides.inhomogeneous_correlation or "correlated"
    names = [n for n, w in zip(("g-q", "q-e", "p-g"), ws, strict=True) if w > 0]
    if corr == "independent":
        model = ("shifts of one ion's transitions independent (overrides."
                 f"inhomogeneous_correlation; broadened: {', '.join(names)})")
        if len(names) == 1:
            model += ": with one broadened transition the same average as the correlated model"
    else:
        model = (f"shifts of one ion's transitions correlated (g-q, q-e, p-g move by "
                 f"{axis[0]:.3g}, {axis[1]:.3g}, {axis[2]:.3g} x the class shift)")
    acc.assumptions.append(
        "inhomogeneous broadening: the class average of the Bloch amplitude "
        f"<rho_ee rho_ep R> over the line (docs/coherence.md), {model}")
    return InhomogeneousLine(top, shape, axis, "; ".join(srcs), (ws[0], ws[1], ws[2]),
                             (shapes[0], shapes[1], shapes[2]), corr)


def hr_width(ctx: PlanContext, acc: Accumulator, rates: LevelRates, a_ep: float
             ) -> tuple[float, str]:
    """The width ``gamma_ep`` (eV) of seed 001 eq. (8) and where it comes from.

    ``overrides.gamma_ep`` if given; ``widths="radiative"``: seed 001's ``A(e -> p)``;
    else the homogeneous ``2/T2`` of the e-p coherence (:func:`ep_homogeneous`): the
    inhomogeneous spread enters |chi|^2 through the class average of the Bloch amplitude
    with each class's resonance factor (:func:`inhomogeneous_line`), not h_r.
    """
    spec = ctx.spec
    if spec.overrides.gamma_ep is not None:
        return rate_to_eV(spec.overrides.gamma_ep), "spec override (overrides.gamma_ep)"
    if ctx.settings.widths == "radiative":
        return a_ep, "radiative A-coefficient e -> p (seed 001 after eq. 9)"
    fwhm_h = ep_homogeneous(ctx, acc, rates)
    acc.add("homogeneous_width_ep", fwhm_h / HBAR_EV_S, "1/s",
            "2/T2 of the e-p coherence (angular FWHM)",
            "1/T2 = (Gamma_e + Gamma_p)/2 + gamma_phi (docs/coherence.md)")
    return fwhm_h, ("homogeneous 2/T2 of e-p from the target's widths and decay rates; the "
                    "inhomogeneous spread is in |chi|^2 (docs/coherence.md)")


def bloch_dephasing(ctx: PlanContext, acc: Accumulator, rates: LevelRates,
                    roles: tuple[str, ...]) -> np.ndarray | None:
    """Per-level pure dephasing (eV, in the order of ``roles``) from the target's homogeneous
    widths between path levels, or None when there is none."""
    if ctx.settings.widths == "radiative":
        return None
    p = ctx.spec.path
    pairs: dict[tuple[int, int], float] = {}
    for i, ra in enumerate(roles):
        for j, rb in enumerate(roles):
            if j <= i:
                continue
            w = _width(ctx, p[ra], p[rb], "homogeneous")
            if w is None:
                continue
            _temperature_note(ctx, acc, w)
            g, ok = lw.pure_dephasing_from_homogeneous(
                _pick(w.value, w.range, ctx.settings.widths), rates.total(p[ra]),
                rates.total(p[rb]))
            if not ok:
                acc.warnings.append(f"homogeneous width {p[ra]}-{p[rb]} is below its lifetime "
                                    "limit: pure dephasing set to 0")
            pairs[(i, j)] = g
    if not pairs:
        return None
    acc.assumptions.append("pure dephasing of each listed homogeneous width split between its "
                           "two levels (minimum-norm per-level rates)")
    return lw.split_dephasing(pairs, len(roles))


def hr_width_alternatives(ctx: PlanContext, a_ep: float) -> dict[str, float]:
    """gamma_ep (eV) under the other width choices (``radiative``, ``low``, ``high``), for
    the Plan's table of how far the widths move h_r (notes of these runs are dropped)."""
    out: dict[str, float] = {}
    if ctx.spec.overrides.gamma_ep is not None:
        return out
    for end in ("radiative", "low", "high"):
        if end == ctx.settings.widths:
            continue
        alt = copy.copy(ctx)
        alt.settings = replace(ctx.settings, widths=end)
        scratch = Accumulator()
        roles = ("g", "p", "q", "e")
        rates = level_rates(alt, scratch, [ctx.spec.path[r] for r in roles])
        out[end] = hr_width(alt, scratch, rates, a_ep)[0]
    return out


def gas_doppler(ctx: PlanContext, acc: Accumulator, omega_trigger: float,
                omega_residual: float, note: str | None = None) -> float:
    """Doppler FWHM (angular, eV) of a gas target's trigger transition at the design
    temperature (0 for crystals, without a temperature or mass, or ``widths='radiative'``);
    records it and the residual two-photon Doppler width of the counter-propagating
    excitation (``omega_residual = |omega_1 - omega_2|``); ``note`` replaces the warning that
    says how the caller uses the width."""
    tgt = ctx.target
    if tgt.kind != "gas" or ctx.settings.widths == "radiative":
        return 0.0
    kT = _kT(ctx)
    if kT is None or tgt.atomic_mass is None:
        acc.assumptions.append(
            "gas target without " + ("a design temperature" if kT is None else
                                     "an atomic mass") + ": no Doppler width included")
        return 0.0
    M = tgt.atomic_mass.value * ATOMIC_MASS_UNIT_EV
    w = lw.doppler_fwhm(omega_trigger, kT, M)
    acc.add("doppler_width_trigger", w / HBAR_EV_S, "1/s",
            "Doppler angular FWHM of the single-photon trigger transition",
            "omega sqrt(8 ln2 kT/M); " + tgt.atomic_mass.source)
    acc.add("doppler_width_excitation_residual", lw.doppler_fwhm(omega_residual, kT, M)
            / HBAR_EV_S, "1/s",
            "residual Doppler FWHM of the counter-propagating two-photon excitation "
            "(|omega_1 - omega_2| = |r| eps_eg)", "omega sqrt(8 ln2 kT/M)")
    acc.warnings.append(note or (
        "approximation: the trigger's Doppler width is added in quadrature to the trigger "
        "linewidth Delta omega_0 of seed 000 eqs. (7)-(8); no pressure broadening (no sourced "
        "coefficient)"))
    return w
