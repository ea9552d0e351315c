"""The uniform-field (optical depth) verdict and spectral tailoring in Plans."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from expdesign.io import SpecError, load_spec_dict
from expdesign.planner import Planner, PlannerSettings
from expdesign.planner.optical_depth import UNIFORM_FIELD

EX = Path(__file__).resolve().parents[2] / "schemas" / "examples"
GRID = dict(model="infinite", angle_grid=(144.3, 144.6, 5), bloch_points=201,
            phase_space_error=False, workers=1)


def _er() -> dict:
    return json.loads((EX / "er_ylf_renp.json").read_text())


@pytest.fixture(scope="module")
def er_plan():
    return Planner(load_spec_dict(_er()), PlannerSettings(**GRID)).run()


def test_er_plan_carries_the_optical_depth_verdict(er_plan) -> None:
    v = next(x for x in er_plan.verdicts if x.name == UNIFORM_FIELD)
    assert v.kind == "model validity" and v.status == "fail"
    for las in ("exc1", "exc2", "trigger"):
        assert f"alpha_{las}" in v.numbers and f"alpha_L_{las}" in v.numbers
    # the trigger on the 16 MHz line: alpha ~ 1e4/cm, L = 2 cm path along the beam
    a = er_plan.result("absorption_coefficient_trigger").to("1/cm").m
    assert 1e3 < a < 1e6
    pen = er_plan.result("penetration_depth_trigger").to("cm").m
    assert pen == pytest.approx(1 / a, rel=1e-9)
    lines = "\n".join(er_plan.verdict_lines())
    assert "model assumptions that fail" in lines and "uniform-field assumption fails" in lines
    assert "penetration depth" in lines
    # a validity verdict does not make the exposures infeasible
    assert not any("rests on verdicts that fail" in e.detail and UNIFORM_FIELD in e.detail
                   for e in er_plan.exposures)
    assert any(UNIFORM_FIELD in e.detail for e in er_plan.exposures)


def test_tailoring_changes_density_and_coherence(er_plan) -> None:
    d = _er()
    d["overrides"]["tailored_class_width"] = "2 MHz"
    plan = Planner(load_spec_dict(d), PlannerSettings(**GRID)).run()
    # fraction of a 16 MHz Gaussian within +-1 MHz, by hand
    f = math.erf(2.0 * math.sqrt(math.log(2.0)) / 16.0)
    assert plan.result("tailored_fraction").m == pytest.approx(f, rel=1e-12)
    n = er_plan.result("number_density").to("1/cm^3").m if any(
        r.key == "number_density" for r in er_plan.results) else 1.4e19
    assert plan.result("number_density_effective").to("1/cm^3").m == pytest.approx(
        f * n, rel=1e-9)
    assert plan.result("chi2_cycle_mean_untailored").m == pytest.approx(
        er_plan.result("chi2_cycle_mean").m, rel=1e-12)
    # rate ~ n^2 |chi|^2: the reported gain is the ratio of the two plans' rates
    gain = plan.result("tailoring_rate_gain").m
    r = plan.result("rate_peak").to("1/s").m / er_plan.result("rate_peak").to("1/s").m
    assert r == pytest.approx(gain, rel=1e-9)
    assert plan.result("chi2_cycle_mean").m > er_plan.result("chi2_cycle_mean").m


def test_tailoring_is_rejected_for_ranp() -> None:
    d = json.loads((EX / "ho_ylf_ranp.json").read_text())
    d.setdefault("overrides", {})["tailored_class_width"] = "1 MHz"
    with pytest.raises(SpecError, match="tailored_class_width"):
        load_spec_dict(d)


def test_ho_plan_carries_the_optical_depth_verdict() -> None:
    d = json.loads((EX / "ho_ylf_ranp.json").read_text())
    plan = Planner(load_spec_dict(d), PlannerSettings(workers=1, angles=5,
                                                      phase_space_error=False)).run()
    v = next(x for x in plan.verdicts if x.name == UNIFORM_FIELD)
    assert v.kind == "model validity" and v.status == "fail"
    assert any(k.startswith("alpha_L_") for k in v.numbers)


def test_a_replan_with_another_hypothesis_reuses_the_class_average(er_plan) -> None:
    d = _er()
    d["hypotheses"] = [{"name": "IO Majorana 50 meV", "lightest_mass": "50 meV",
                        "ordering": "IO", "nature": "majorana"}]
    plan = Planner(load_spec_dict(d), PlannerSettings(**GRID)).run()
    assert plan.provenance.solver_stats["inhomogeneous.cached"] == "True"
    assert plan.result("chi2_cycle_mean").m == er_plan.result("chi2_cycle_mean").m
