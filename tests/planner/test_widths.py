"""Widths in the Plan: radiative-only reduces to the pre-width code path, h_r's width and
the Bloch dephasing follow the target's widths, and every formerly ignored input either
changes the Plan or is rejected."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import numpy as np
import pytest

from expdesign.io import SpecError, load_spec_dict
from expdesign.models.spec import load_shipped_target
from expdesign.physics import atomic, bloch
from expdesign.physics import linewidths as lw
from expdesign.physics.assembly import cycle_average
from expdesign.physics.constants import BOLTZMANN_EV_PER_K, HBAR_EV_S
from expdesign.planner import Planner, PlannerSettings
from expdesign.units import Q_, energy_to_eV, rate_to_eV, to_natural

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "schemas" / "examples"
# seed 001's coherence factor h_r^2 |rho_ee rho_ep|^2: these tests follow the widths into
# h_r and the pre-width code path; the derived factor's widths (the Bloch engine alone) are
# in tests/planner/test_coherence_factor.py
GRID = dict(model="infinite", angle_grid=(144.3, 144.6, 5), bloch_points=201,
            phase_space_error=False, workers=1, coherence_factor="paper")


def _er() -> dict:
    return json.loads((EX / "er_ylf_renp.json").read_text())


def _plan(d: dict, widths: str = "sourced"):
    return Planner(load_spec_dict(d), PlannerSettings(widths=widths, **GRID)).run()


def _val(plan, key, unit=None):
    q = plan.result(key)
    return q.to(unit).m if unit else q.m


def _comparison(plan, start):
    return next(c for c in plan.comparisons if c.quantity.startswith(start))


@pytest.fixture(scope="module")
def er_plans():
    return {w: _plan(_er(), w) for w in ("radiative", "sourced", "high")}


def _hand_params(d: dict):
    """(target, Bloch parameters, time grid, cycle) of the Er spec ``d``, built by hand as
    the Planner did before widths existed."""
    tgt = load_shipped_target("er_ylf")
    roles = ("g", "p", "q", "e")
    E = [tgt.level(r).energy_eV for r in roles]
    a_md, a_ed, out = {}, {}, {}
    for t in tgt.transitions:
        if t.upper in roles and t.lower in roles:
            a_md[(t.upper, t.lower)] = t.A_md_eV
            a_ed[(t.upper, t.lower)] = t.A_ed_eV
        elif t.upper in roles:
            out[t.upper] = out.get(t.upper, 0.0) + t.A_eV
    las = {tuple(x["drives"]): x for x in d["lasers"]["lasers"]}
    I = [to_natural(Q_(las[k]["intensity"]), 4) for k in (("g", "q"), ("q", "e"), ("g", "p"))]
    w = [energy_to_eV(Q_(las[k]["photon_energy"])) for k in (("g", "q"), ("q", "e"),
                                                               ("g", "p"))]
    t_delay = to_natural(Q_(d["lasers"]["trigger_delay"]), -1)
    par = bloch.FourLevelParams.from_rates(E, a_md, a_ed, I, t_delay, a_out_eV=out,
                                           laser_energies_eV=w)
    t_cycle = to_natural(Q_(d["lasers"]["cycle_duration"]), -1)
    t = np.linspace(0.0, t_cycle, GRID["bloch_points"])
    return tgt, par, t, t_cycle


def _main_bloch_chi2(d: dict) -> float:
    """|chi|^2 averaged over the cycle, built as the Planner did before widths existed."""
    tgt, par, t, t_cycle = _hand_params(d)
    return cycle_average(np.asarray(bloch.solve(par, t).chi2).reshape(-1), t, t_cycle)


def _hr_kernel(gamma_ep: float) -> float:
    tgt = load_shipped_target("er_ylf")
    tr = tgt.transition("p", "g")
    d = _er()
    I_t = to_natural(Q_(d["lasers"]["lasers"][2]["intensity"]), 4)
    return atomic.trigger_factor_hr(tgt.spacing_eV("p", "g"), tr.A_md_eV, tr.A_ed_eV, I_t,
                                    gamma_ep)


def test_radiative_widths_reduce_to_the_previous_code_path(er_plans):
    plan = er_plans["radiative"]
    A_ep = load_shipped_target("er_ylf").transition("e", "p").A_eV
    assert _val(plan, "h_r") == pytest.approx(_hr_kernel(A_ep), rel=1e-12)
    assert _val(plan, "chi2_cycle_mean") == pytest.approx(_main_bloch_chi2(_er()), rel=1e-9)


def _class_average_chi2(d: dict, fwhm_s: float) -> float:
    """|<rho_ee rho_ep R/R0>|^2 over the cycle, the parameters built by hand as in
    :func:`_main_bloch_chi2` (the class average itself is tested against closed forms in
    tests/physics/bloch/test_inhomogeneous.py)."""
    from expdesign.physics.bloch.inhomogeneous import class_average

    tgt, par, t, t_cycle = _hand_params(d)
    gam = tgt.total_decay_eV("e") + tgt.total_decay_eV("p")
    avg = class_average(par, t, "gaussian", fwhm_s * HBAR_EV_S, resonance_width=gam)
    return cycle_average(avg.chi2, t, t_cycle)


def test_sourced_widths_are_the_default_and_compose_h_r(er_plans):
    assert PlannerSettings().widths == "sourced"
    tgt = load_shipped_target("er_ylf")
    G_e, G_p = tgt.total_decay_eV("e"), tgt.total_decay_eV("p")
    w = tgt.widths_of("p", "g", "inhomogeneous")[0]
    chi2 = {}
    for key, width in (("sourced", w.value), ("high", w.range[1])):
        plan = er_plans[key]
        # no homogeneous width listed: 2/T2 = Gamma_e + Gamma_p (lifetime limit), and h_r
        # takes it: the inhomogeneous spread is in |chi|^2 (the class average)
        assert _val(plan, "homogeneous_width_ep", "1/s") == pytest.approx(
            (G_e + G_p) / HBAR_EV_S, rel=1e-12)
        assert _val(plan, "h_r") == pytest.approx(_hr_kernel(G_e + G_p), rel=1e-10)
        chi2[key] = _val(plan, "chi2_cycle_mean")
        assert chi2[key] == pytest.approx(_class_average_chi2(_er(), rate_to_eV(width)
                                                              / HBAR_EV_S), rel=1e-9)
        assert any("widths: " + key in a for a in plan.assumptions)
        assert "widths: " + key in plan.to_markdown()
        assert any("class average" in a for a in plan.assumptions)
        assert not any("approximation until" in x for x in plan.warnings)
    # a wider line (100 vs 16 MHz) dephases the ensemble more
    assert chi2["high"] < 0.5 * chi2["sourced"] < chi2["sourced"] < _val(
        er_plans["radiative"], "chi2_cycle_mean")
    # the Plan's own table of the other choices agrees with those plans' h_r
    assert _val(er_plans["sourced"], "h_r_widths_radiative") == pytest.approx(
        _val(er_plans["radiative"], "h_r"), rel=1e-12)
    assert _val(er_plans["sourced"], "h_r_widths_high") == pytest.approx(
        _val(er_plans["high"], "h_r"), rel=1e-12)
    # ... and its rate variants scale as h_r^2 at this Plan's |chi|^2
    r = _val(er_plans["sourced"], "rate_peak_widths_radiative") / _val(er_plans["sourced"],
                                                                       "rate_peak")
    h = _val(er_plans["sourced"], "h_r_widths_radiative") / _val(er_plans["sourced"], "h_r")
    assert r == pytest.approx(h**2, rel=1e-9)


def test_inhomogeneous_width_override_is_used():
    d = _er()
    d["overrides"]["inhomogeneous_width"] = "50 MHz"
    plan = _plan(d)
    assert _val(plan, "chi2_cycle_mean") == pytest.approx(
        _class_average_chi2(_er(), rate_to_eV(Q_("50 MHz")) / HBAR_EV_S), rel=1e-9)
    assert _val(plan, "inhomogeneous_width_class", "1/s") == pytest.approx(
        2 * math.pi * 50e6, rel=1e-12)
    d["overrides"]["gamma_ep"] = "1e3 /s"
    with pytest.raises(SpecError, match="give one of them"):
        load_spec_dict(d)


def _inline_er(**extra) -> dict:
    t = json.loads((ROOT / "targets" / "er_ylf.json").read_text())
    t.update(extra)
    d = _er()
    d["target"] = t
    return d


def test_homogeneous_width_enters_bloch_and_h_r_without_double_counting():
    hom = {"upper": "e", "lower": "p", "kind": "homogeneous", "value": "200 kHz",
           "temperature": "4 K", "source": "test value"}
    t = json.loads((ROOT / "targets" / "er_ylf.json").read_text())
    d = _inline_er(widths=t["widths"] + [hom])
    plan = _plan(d)
    # the composed 2/T2 is the measured width itself (lifetimes already inside)
    assert _val(plan, "homogeneous_width_ep", "1/s") == pytest.approx(
        2 * math.pi * 200e3, rel=1e-12)
    # and pure dephasing reduces the coherence
    base = _plan(_er())
    assert _val(plan, "chi2_cycle_mean") < 0.9 * _val(base, "chi2_cycle_mean")
    d["temperature"] = "10 K"
    assert any("measured at 4 K" in w for w in _plan(d).warnings)


def test_nonradiative_rate_follows_the_design_temperature():
    nr = {"level": "e", "value": "1000 /s", "temperature": "300 K", "gap": "700 cm^-1",
          "phonon_energy": "450 cm^-1", "source": "test value"}
    d = _inline_er(nonradiative=[nr])
    d["temperature"] = "4 K"
    plan = _plan(d)
    gap, ph = energy_to_eV(Q_("700 cm^-1")), energy_to_eV(Q_("450 cm^-1"))
    want = lw.multiphonon_rate_at(1000 * HBAR_EV_S, 300 * BOLTZMANN_EV_PER_K,
                                  4 * BOLTZMANN_EV_PER_K, gap, ph) / HBAR_EV_S
    assert _val(plan, "nonradiative_rate_e", "1/s") == pytest.approx(want, rel=1e-12)
    tau_rad = 1 / load_shipped_target("er_ylf").total_decay_eV("e") * HBAR_EV_S
    assert _val(plan, "lifetime_e", "s") == pytest.approx(
        1 / (1 / tau_rad + want), rel=1e-9)
    d["temperature"] = "300 K"
    assert _val(_plan(d), "nonradiative_rate_e", "1/s") == pytest.approx(1000, rel=1e-12)


def test_trigger_rise_time_changes_the_coherence():
    d = _er()
    d["lasers"]["trigger_rise_time"] = "1 ms"
    plan = _plan(d, "radiative")
    base = _val(_plan(_er(), "radiative"), "chi2_cycle_mean")
    assert abs(_val(plan, "chi2_cycle_mean") / base - 1) > 1e-3
    assert any("sin^2" in a for a in plan.assumptions)


def test_detector_xi_changes_the_eq59_comparison():
    a = _plan(_er(), "radiative")
    d = _er()
    d["detector"]["xi"] = 0.02
    b = _plan(d, "radiative")
    ca, cb = (_comparison(p, "field scale xi g mu_B n") for p in (a, b))
    assert cb.paper == pytest.approx(2 * ca.paper, rel=1e-12)
    assert cb.ours == pytest.approx(ca.ours, rel=1e-12)


def test_non_linear_polarization_is_rejected():
    d = _er()
    d["lasers"]["lasers"][2]["polarization"] = "circular"
    with pytest.raises(SpecError, match="not modelled"):
        load_spec_dict(d)
    d["lasers"]["lasers"][2]["polarization"] = "linear"
    load_spec_dict(d)


def test_removed_planner_settings_raise():
    with pytest.raises(ValueError, match="never used"):
        PlannerSettings(reference_exposure_s=1.0)
    with pytest.raises(ValueError, match="never used"):
        PlannerSettings(mass_scan_points=5)


def test_ranp_rejects_rise_time_and_uses_inhomogeneous_width():
    d = json.loads((EX / "ho_ylf_ranp.json").read_text())
    bad = copy.deepcopy(d)
    bad["lasers"]["trigger_rise_time"] = "1 us"
    with pytest.raises(SpecError, match="trigger_rise_time"):
        load_spec_dict(bad)
    key = "rate_total"
    # paper model (seed 000 eq. 7): the width joins the trigger linewidth in quadrature and
    # the rate falls as 1/Delta omega_0; derived model: the class average of <rho_pg> over
    # the line is beyond the rule for this saturated trigger (Omega_0/Gamma ~ 2.5e3, Rabi
    # phase ~2e4 rad over the cycle): not evaluable, and the Plan says why
    e = copy.deepcopy(d)
    e.setdefault("overrides", {})["inhomogeneous_width"] = "1 GHz"
    st = PlannerSettings(model="infinite", angles=11, phase_space_error=False, workers=1)
    wide = Planner(load_spec_dict(e), st).run()
    v = [v for v in wide.verdicts if v.name == "plan evaluable"]
    assert len(v) == 1 and v[0].status == "not evaluable"
    assert "the trigger saturates" in v[0].detail
    for model, factor in (("paper", 0.1),):
        e = copy.deepcopy(d)
        st = PlannerSettings(model="infinite", angles=11, phase_space_error=False, workers=1,
                             ranp_model=model)
        base = Planner(load_spec_dict(e), st).run()
        e.setdefault("overrides", {})["inhomogeneous_width"] = "1 GHz"
        wide = Planner(load_spec_dict(e), st).run()
        assert _val(wide, key) < factor * _val(base, key), model
        assert _val(wide, "inhomogeneous_width_ep", "1/s") == pytest.approx(2 * math.pi * 1e9)
        assert "widths: sourced" in base.to_markdown()


def test_gas_doppler_width_needs_a_temperature():
    d = json.loads((EX / "xe_ranp.json").read_text())
    st = PlannerSettings(model="infinite", angles=11, phase_space_error=False, workers=1)
    cold = Planner(load_spec_dict(d), st).run()
    assert any("no Doppler width" in a for a in cold.assumptions)
    d["temperature"] = "300 K"
    hot = Planner(load_spec_dict(d), st).run()
    tgt = load_shipped_target("xe")
    M = tgt.atomic_mass.value * 931494103.72
    eps_pe = tgt.spacing_eV("p32_J1", "s12_J0")
    want = lw.doppler_fwhm(eps_pe, 300 * BOLTZMANN_EV_PER_K, M) / HBAR_EV_S
    assert _val(hot, "doppler_width_trigger", "1/s") == pytest.approx(want, rel=1e-9)
    r = _val(hot, "imprint_r")
    want_res = lw.doppler_fwhm(abs(r) * tgt.spacing_eV("s12_J0", "s32_J1"),
                               300 * BOLTZMANN_EV_PER_K, M) / HBAR_EV_S
    assert _val(hot, "doppler_width_excitation_residual", "1/s") == pytest.approx(
        want_res, rel=1e-6)


def test_gamma_ep_and_dephasing_overrides_keep_working():
    d = _er()
    d["overrides"]["gamma_ep"] = "1e3 /s"
    d["overrides"]["dephasing_rate"] = "100 /s"
    plan = _plan(d)
    assert _val(plan, "gamma_ep", "1/s") == pytest.approx(1e3, rel=1e-12)
    assert _val(plan, "h_r") == pytest.approx(_hr_kernel(rate_to_eV(Q_("1e3 /s"))), rel=1e-12)
    assert not any(r.key.startswith("h_r_widths_") for r in plan.results)
    # the dephasing override reaches the Bloch engine: g undephased, p, q, e at 100 s^-1
    # (gamma_ep is the whole width: no class average, |chi|^2 of the central ion, compared
    # with the radiative plan's, which has no dephasing)
    base = _val(_plan(_er(), "radiative"), "chi2_cycle_mean")
    assert _val(plan, "chi2_cycle_mean") < 0.99 * base
    # without gamma_ep, the dephasing also widens the e-p resonance in h_r (2 x 100 s^-1
    # pure dephasing of rho_ep: 2/T2 = Gamma_e + Gamma_p + 400 s^-1)
    del d["overrides"]["gamma_ep"]
    tgt = load_shipped_target("er_ylf")
    G = (tgt.total_decay_eV("e") + tgt.total_decay_eV("p")) / HBAR_EV_S
    assert _val(_plan(d), "homogeneous_width_ep", "1/s") == pytest.approx(G + 400, rel=1e-12)
