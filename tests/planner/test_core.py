"""Issue 26: a valid spec the kernels cannot evaluate gives a 'not evaluable' verdict."""

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from expdesign.io import load_spec_dict
from expdesign.plan import Plan
from expdesign.planner import Planner, PlannerSettings

EX = Path(__file__).resolve().parents[2] / "schemas" / "examples"
SHORT = PlannerSettings(model="infinite", angle_grid=(144.3, 144.6, 5))


def _plan(mutate, settings=SHORT):
    d = json.loads((EX / "er_ylf_renp.json").read_text())
    mutate(d)
    return Planner(load_spec_dict(d, "x.json", EX), settings).run()


@pytest.mark.parametrize(("mutate", "step", "error", "factor"), [
    # the schema's own extreme intensity: the Bloch solution fails its trace check
    (lambda d: d["lasers"]["lasers"][0].update(intensity="1e15 W/cm^2"), "Bloch coherence",
     "BlochCheckError", "derived"),
    # a dephasing rate of 1e18 /s overflowed the magnetometer statistics with seed 001's
    # coherence factor (rate 4e-201 s^-1: h_r^2 and |rho_ee rho_ep|^2 both ~ 1/gamma^2; the
    # derived |rho_ep|^2/4 gives 1.8e-97 s^-1 and a finite 2.7e222 yr exposure)
    (lambda d: d["overrides"].update(dephasing_rate="1e18 /s"), "rates", "OverflowError",
     "paper"),
])
def test_unevaluable_spec_gives_a_verdict_not_an_exception(mutate, step, error, factor):
    plan = _plan(mutate, replace(SHORT, coherence_factor=factor))
    v = [v for v in plan.verdicts if v.name == "plan evaluable"]
    assert len(v) == 1
    assert v[0].status == "not evaluable"
    assert f"the step '{step}'" in v[0].detail and error in v[0].detail
    assert any(error in w for w in plan.warnings)
    assert [(e.question, e.status) for e in plan.exposures] == [("signal at 5 sigma",
                                                                 "not evaluable")]
    # what is there is finite and the plan round-trips
    for r in plan.results:
        assert math.isfinite(float(r.value.m))
    assert Plan.model_validate_json(plan.model_dump_json()).verdicts == plan.verdicts


def test_evaluable_spec_has_no_such_verdict():
    plan = _plan(lambda d: None)
    assert not [v for v in plan.verdicts if v.name == "plan evaluable"]


@pytest.mark.parametrize(("name", "detuning"), [("ho_ylf_ranp", "0.5 eV"), ("xe_ranp", "2 eV")])
def test_ranp_trigger_without_mcq3_free_imprint_plans(name, detuning):
    """Issue 26: a detuned RANP trigger for which no imprint is McQ3-free raised ValueError
    ('no McQ3-free imprint'); now the McQ3 verdict fails and a warning says why."""
    d = json.loads((EX / f"{name}.json").read_text())
    trig = d["lasers"]["lasers"][2]
    trig.pop("photon_energy", None)
    trig["detuning"] = detuning
    plan = Planner(load_spec_dict(d, "x.json", EX),
                   PlannerSettings(model="infinite", angle_grid=(0.0, 180.0, 7))).run()
    assert not plan.has_result("r_mcq3_free_max")
    assert any("no McQ3-free imprint" in w for w in plan.warnings)
    mcq3 = [v for v in plan.verdicts if v.name.startswith("McQ3")]
    assert [v.status for v in mcq3] == ["fail"]
