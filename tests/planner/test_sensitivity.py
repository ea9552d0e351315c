"""The sensitivity run through the public API (the 'infinite' model keeps it fast)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import expdesign
from expdesign.models import ExperimentSpec
from expdesign.planner.settings import PlannerSettings

ROOT = Path(__file__).resolve().parents[2]
ER = ROOT / "schemas" / "examples" / "er_ylf_renp.json"
FAST = PlannerSettings(model="infinite", phase_space_error=False)
SIGNAL = "exposure: signal at 5 sigma"


@pytest.fixture(scope="module")
def er() -> ExperimentSpec:
    return expdesign.load_spec(ER)


@pytest.fixture(scope="module")
def er_plan(er: ExperimentSpec) -> expdesign.Plan:
    return expdesign.analyse_sensitivity(er, FAST)


def _replan(spec: ExperimentSpec, path: str, value: str) -> expdesign.Plan:
    from expdesign.scan import set_path

    d = json.loads(spec.canonical_json())
    set_path(d, path, value)
    return expdesign.Planner(ExperimentSpec.model_validate(d), FAST).run()


def _fig(plan: expdesign.Plan, key: str) -> float:
    if key == SIGNAL:
        return float(plan.exposure("signal at 5 sigma").time.to("s").m)
    return float(plan.result(key).m)


@pytest.mark.parametrize(("path", "value", "x_ratio", "input_id", "exps"), [
    # the density as an override: rate ~ n^2, B ~ n^2, t ~ n^-4 (seed 001 eq. 7)
    ("overrides.number_density", "1.414e19 cm^-3", 1.01, "target.number_density",
     {"rate_peak": 2.0, "field_at_sensor_peak": 2.0, SIGNAL: -4.0}),
    # the magnetometer noise: t = (5 S / B)^2 / 2
    ("detector.noise_density", "1.01 fT/Hz^0.5", 1.01, "detector.noise_density",
     {"rate_peak": 0.0, "field_at_sensor_peak": 0.0, SIGNAL: 2.0}),
    # T1: mean M = rate T1 t_gen / period
    ("overrides.spin_relaxation_T1", "10.1 ms", 1.01, "overrides.spin_relaxation_T1",
     {"rate_peak": 0.0, "field_at_sensor_peak": 1.0, SIGNAL: -2.0}),
])
def test_exact_elasticities_equal_the_derived_exponents_and_full_replans(
        er, er_plan, path, value, x_ratio, input_id, exps):
    rep = er_plan.sensitivity
    assert rep is not None
    p1 = _replan(er, path, value)
    for key, want in exps.items():
        el = rep.elasticity(key, input_id)
        assert el.method == "exact"
        assert el.value == pytest.approx(want, abs=1e-6)
        f0 = next(f.value for f in rep.figures if f.key == key)
        fd = math.log(_fig(p1, key) / f0) / math.log(x_ratio)
        assert fd == pytest.approx(want, abs=1e-6)


def test_finite_differences_converge_and_their_error_covers_it(er):
    inp = "lasers.lasers.exc1.intensity"
    base = expdesign.Planner(er, FAST).run()
    vals = {}
    for h in (0.08, 0.04, 0.02, 0.005):
        p = expdesign.analyse_sensitivity(er, FAST, plan=base, step=h, only=[inp])
        vals[h] = p.sensitivity.elasticity("rate_peak", inp)
    ref = vals[0.005].value
    diffs = [abs(vals[h].value - ref) for h in (0.08, 0.04, 0.02)]
    assert diffs[0] > diffs[1] > diffs[2]
    for h in (0.08, 0.04, 0.02):
        assert abs(vals[h].value - ref) <= vals[h].error + vals[0.005].error
    # and agrees with a full re-plan at a 0.5 % step done by hand
    up = _replan(er, "lasers.lasers.exc1.intensity", f"{3 * math.exp(0.005)!r} mW/cm^2")
    dn = _replan(er, "lasers.lasers.exc1.intensity", f"{3 * math.exp(-0.005)!r} mW/cm^2")
    fd = math.log(_fig(up, "rate_peak") / _fig(dn, "rate_peak")) / 0.01
    assert fd == pytest.approx(ref, abs=1e-9)


def test_the_gap_gives_values_that_close_it(er, er_plan):
    g = er_plan.gap()
    assert g.factor == pytest.approx(
        float((er_plan.exposure("signal at 5 sigma").time / er_plan.horizon).m), rel=1e-9)
    noise = next(x for x in g.inputs if x.input == "detector.noise_density")
    assert noise.status == "within bounds" and noise.needed is not None
    p = _replan(er, "detector.noise_density", f"{noise.needed!r} fT/Hz^0.5")
    assert _fig(p, SIGNAL) == pytest.approx(float(er_plan.horizon.to("s").m), rel=1e-6)
    dens = next(x for x in g.inputs if x.input == "target.number_density")
    assert dens.status == "beyond bound" and "stoichiometric" in dens.detail
    coh = next(x for x in g.inputs if x.input == "coherence.chi2_cycle_mean")
    assert coh.status == "beyond bound"
    # the best combination within the physical bounds: density to 1.4e22 cm^-3 (x1000,
    # e = -4) and |chi|^2 to 27/256 (e = -2)
    chi = float(er_plan.result("chi2_cycle_mean").m)
    want = 1000.0**-4 * (27 / 256 / chi) ** -2
    assert g.combined_factor == pytest.approx(want, rel=1e-9)
    # user bounds replace them
    g2 = er_plan.gap(bounds={"detector.noise_density": (0.1, None)})
    assert g2.combined_factor == pytest.approx(want * 0.1**2, rel=1e-9)


def test_plan_json_reads_back_and_the_report_opens_with_the_section(er_plan, tmp_path):
    again = expdesign.Plan.from_json(er_plan.to_json())
    assert again == er_plan
    assert again.sensitivities == er_plan.sensitivity.elasticities
    md = er_plan.to_markdown()
    assert md.index("## Verdict") < md.index("## What limits this design") < md.index(
        "## Results")
    figs = expdesign.write_figures(er_plan, tmp_path)
    assert (tmp_path / "sensitivity_tornado.png") in figs


def test_every_plan_carries_the_exact_part_without_replanning(er, er_plan):
    p = expdesign.Planner(er, FAST).run()
    rep = p.sensitivity
    assert rep is not None and rep.replans == 0 and rep.wall_time_s == 0.0
    assert {e.method for e in rep.elasticities} == {"exact"}
    assert p.gap().factor == pytest.approx(er_plan.gap().factor, rel=1e-12)
    assert "What limits this design" in p.to_markdown()
    bare = p.model_copy(update={"sensitivity": None})
    with pytest.raises(ValueError, match="sensitivity"):
        bare.gap()


def test_spec_uncertainties_give_bands_and_unknown_inputs_a_verdict(er):
    d = json.loads(er.canonical_json())
    d["uncertainties"] = [
        {"input": "target.A(e->p)", "relative": 0.01, "source": "test"},
        {"input": "target.number_density", "lognormal_sigma": 0.01, "source": "test"}]
    p = expdesign.Planner(ExperimentSpec.model_validate(d), FAST).run()
    assert p.sensitivity is not None
    b = next(b for b in p.sensitivity.bands if b.figure == "rate_peak")
    # the width range of the target (16-100 MHz) dominates; bands bracket the value
    assert b.dominant == "target.width(p-g inhomogeneous)"
    d["uncertainties"].append({"input": "no.such.input", "relative": 0.1, "source": "x"})
    p2 = expdesign.Planner(ExperimentSpec.model_validate(d), FAST).run()
    v = next(v for v in p2.verdicts if v.name == "uncertainty inputs")
    assert v.status == "not evaluable" and "no.such.input" in v.detail


def test_small_uncertainties_sampled_band_matches_linearised(er):
    d = json.loads(er.canonical_json())
    d["uncertainties"] = [
        {"input": "lasers.lasers.exc1.intensity", "relative": 0.005, "source": "test"},
        {"input": "target.A(q->g)", "relative": 0.005, "source": "test"}]
    spec = ExperimentSpec.model_validate(d)
    p = expdesign.analyse_sensitivity(
        spec, FAST, only=["lasers.lasers.exc1.intensity", "target.A(q->g)"], samples=50000)
    for b in p.sensitivity.bands:
        assert b.sampled_low == pytest.approx(b.linear_low, rel=3e-3)
        assert b.sampled_high == pytest.approx(b.linear_high, rel=3e-3)


def test_compare_shows_gap_and_band(er_plan):
    text = expdesign.format_ranking(expdesign.compare([er_plan]))
    assert "gap (5 sigma signal / horizon)" in text
    assert f"{er_plan.gap().factor:.3g}" in text


def test_replans_without_the_error_estimate_change_no_headline_figure(er):
    # the re-plans skip the phase-space error estimate (a second rule) to save time
    from expdesign.planner.sensitivity import headline_figures

    grid = (144.3, 144.615, 15)
    a = headline_figures(expdesign.Planner(er, PlannerSettings(angle_grid=grid)).run())
    b = headline_figures(expdesign.Planner(er, PlannerSettings(
        angle_grid=grid, phase_space_error=False)).run())
    assert [f.key for f in a] == [f.key for f in b] and len(a) >= 3
    for fa, fb in zip(a, b, strict=True):
        assert fa.value == fb.value


def test_the_section_tables_keep_their_columns(er_plan):
    md = er_plan.to_markdown()
    sec = md[md.index("## What limits this design"):md.index("## Results")]
    rows = [ln for ln in sec.splitlines() if ln.startswith("|")]
    n = len(rows[0].replace("\\|", "").split("|"))
    assert len(rows) > 5 and all(len(r.replace("\\|", "").split("|")) == n for r in rows)


def test_ranp_background_limited_counting_and_a_parameter_at_its_limit():
    # Ho RANP: s = eff x rate << b, so t = 25 b / s^2 (Asimov, background-dominated
    # limit): d ln t / d ln eff = -2; eta = 1 sits at its upper limit (one-sided
    # differences) and the derived rate does not use it (elasticity 0)
    spec = expdesign.load_spec(ROOT / "schemas" / "examples" / "ho_ylf_ranp.json")
    st = PlannerSettings(phase_space_error=False)
    p = expdesign.analyse_sensitivity(spec, st, only=["detector.efficiency",
                                                      "overrides.ranp_eta"])
    rep = p.sensitivity
    assert rep.elasticity(SIGNAL, "detector.efficiency").value == pytest.approx(-2, abs=1e-6)
    assert rep.elasticity("rate_total", "detector.efficiency").value == pytest.approx(0, abs=1e-12)
    assert rep.elasticity("rate_total", "overrides.ranp_eta").value == pytest.approx(0, abs=1e-12)
    assert any("ranp_eta: at its upper limit" in n for n in rep.notes)
    g = p.gap()
    eff = next(x for x in g.inputs if x.input == "detector.efficiency")
    assert eff.status == "beyond bound"  # an efficiency cannot exceed 1
