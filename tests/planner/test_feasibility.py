"""Exposures respect the verdicts they rest on; verdict lines open the report; the
scan-window checks say where the maximum and the thresholds lie (issue 24)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from expdesign.io import load_spec_dict
from expdesign.plan import Verdict
from expdesign.planner import Planner, PlannerSettings
from expdesign.planner.context import Accumulator
from expdesign.planner.exposures import add_exposure
from expdesign.planner.feasibility import (
    PHASE_MATCHING,
    SENSOR_GEOMETRY,
    apply_verdicts,
    window_checks,
)

EX = Path(__file__).resolve().parents[2] / "schemas" / "examples"
FAST = dict(model="infinite", bloch_points=201, phase_space_error=False)


def _plan(name: str, edit, **kw):
    d = json.loads((EX / f"{name}.json").read_text())
    edit(d)
    spec = load_spec_dict(d, base_dir=EX)
    return Planner(spec, PlannerSettings(**{**FAST, **kw})).run()


def _statuses(plan) -> set[str]:
    return {e.status for e in plan.exposures}


def test_er_second_excitation_off_phase_matching_is_infeasible():
    def edit(d):
        d["lasers"]["lasers"][1]["direction"] = "120 deg"
    plan = _plan("er_ylf_renp", edit, angle_grid=(144.3, 144.615, 11))
    pm = next(v for v in plan.verdicts if v.name == PHASE_MATCHING)
    assert pm.status == "fail"
    assert _statuses(plan) == {"infeasible"}
    assert all(PHASE_MATCHING in e.detail for e in plan.exposures)
    # the warning says where M^2 > 0 and which second-excitation angle phase-matches
    w = next(w for w in plan.warnings if "M^2 <= 0" in w)
    assert "M^2 > 0 between" in w and "141.6" in w
    text = plan.to_markdown()
    first = text.split("## Verdict")[1].split("##")[0]
    assert "**infeasible** - signal at 5 sigma" in first
    assert text.index("## Verdict") < text.index("## Results")


def test_er_sensor_inside_crystal_is_infeasible():
    def edit(d):
        d["detector"]["sensor_position"] = {"axial": "0.5 cm", "radial": "0 cm"}
    plan = _plan("er_ylf_renp", edit, angle_grid=(144.3, 144.615, 11))
    sv = next(v for v in plan.verdicts if v.name == SENSOR_GEOMETRY)
    assert sv.status == "fail"
    assert "ok" not in _statuses(plan)
    assert any(SENSOR_GEOMETRY in e.detail for e in plan.exposures)


def test_er_shipped_geometry_sensor_passes_and_window_warns_of_the_maximum():
    plan = _plan("er_ylf_renp", lambda d: None, angle_grid=(144.3, 144.615, 11))
    assert next(v for v in plan.verdicts if v.name == SENSOR_GEOMETRY).status == "pass"
    assert next(v for v in plan.verdicts if v.name == PHASE_MATCHING).status == "pass"
    # the rate grows toward the pair-at-rest angle (58.8 deg), far below this window
    assert any("largest RENP rate is at the edge" in w and "144.3 deg" in w
               for w in plan.warnings)
    # missing inputs are named by the spec path that supplies them
    three = next(v for v in plan.verdicts if v.name == "three-photon emission")
    assert three.status == "not evaluable" and "geometry.applied_field" in three.missing
    assert not any(m in ("field_gauss", "dipole_sq") for v in plan.verdicts
                   for m in v.missing)
    # exposures of 1e50 yr are infeasible against a one-year horizon
    qv = plan.question_verdicts()
    assert qv[0][0] == "signal at 5 sigma"
    assert qv[0][1] == "infeasible" and "times the horizon" in qv[0][2]


# McQ2 resonance of seed 000 sec. 3: r = -1 + 2 omega_0 / eps_eg, with the Ho target's
# levels (omega_0 = eps_pe = 0.4360524 eV, eps_eg = 0.6387542 eV): r = 0.3653215
@pytest.mark.parametrize("r, failing", [(0.9, "McQ3"), (0.3653215, "McQ2")])
def test_ho_failing_mcq_makes_exposures_infeasible(r, failing):
    def edit(d):
        d["lasers"]["imprint_r"] = r
    plan = _plan("ho_ylf_ranp", edit, angles=61)
    fails = [v.name for v in plan.verdicts if v.status == "fail"]
    assert any(n.startswith(failing) for n in fails)
    assert "ok" not in _statuses(plan)
    assert "infeasible" in _statuses(plan)
    assert all(e.status != "infeasible" or failing in e.detail for e in plan.exposures)
    # rate_total says which angles it integrates (the scan, not "all angles")
    rt = next(r for r in plan.results if r.key == "rate_total")
    assert "scanned angles 0-180 deg" in rt.description


def test_horizon_decides_feasible_against_infeasible():
    acc = Accumulator()
    add_exposure(acc, "signal at 5 sigma", 2 * 86400.0, "by hand")
    from expdesign.plan import Plan, Provenance
    from expdesign.units import Q_

    def plan(h):
        return Plan(spec_name="x", process="RANP", target="t", hypotheses=["a"],
                    provenance=Provenance.now("{}"), exposures=acc.exposures, horizon=h)
    assert plan(Q_(1, "year")).question_verdicts()[0][1] == "feasible"
    assert plan(Q_(1, "day")).question_verdicts()[0][1] == "infeasible"
    assert "2 times the horizon" in plan(Q_(1, "day")).question_verdicts()[0][2]
    again = Plan.model_validate_json(plan(Q_(3, "day")).model_dump_json())
    assert again.horizon.to("day").m == pytest.approx(3)


def test_apply_verdicts_only_when_a_verdict_fails():
    acc = Accumulator()
    add_exposure(acc, "q", 10.0, "d")
    acc.verdicts.append(Verdict(name="A", status="not evaluable", detail=""))
    apply_verdicts(acc)
    assert acc.exposures[0].status == "ok"
    acc.verdicts.append(Verdict(name="B check", status="fail", detail=""))
    apply_verdicts(acc)
    assert acc.exposures[0].status == "infeasible"
    assert "B check" in acc.exposures[0].detail
    assert acc.exposures[0].time is not None


def test_window_checks():
    th = np.linspace(10.0, 20.0, 11)
    acc = Accumulator()
    # decreasing: maximum at the low edge, not a physical bound -> warning
    window_checks(acc, "rate", th, 30.0 - th, {"(11)": 15.0, "(33)": 40.0}, (0.0, 180.0))
    assert any("rises below it" in w and "between 0 and 10 deg" in w for w in acc.warnings)
    assert any("(33) at 40 deg" in a for a in acc.assumptions)
    acc = Accumulator()
    # maximum inside the scan, bound at the scan's edge, all thresholds outside
    window_checks(acc, "rate", th, -(th - 14.0) ** 2, {"(11)": 5.0}, (10.0, 20.0))
    assert not any("edge" in w for w in acc.warnings)
    assert any("no pair threshold lies in the scanned angles" in w for w in acc.warnings)
    acc = Accumulator()
    window_checks(acc, "rate", th, th, {}, (0.0, 20.0))  # max at a physical bound
    assert acc.warnings == [] and acc.assumptions == []
