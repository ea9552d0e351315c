"""Issue 26: a signal rate that underflows to zero gives 'not reachable', not a ValueError."""

import json
from pathlib import Path

from expdesign.io import load_spec_dict
from expdesign.planner import Planner, PlannerSettings

EX = Path(__file__).resolve().parents[2] / "schemas" / "examples"


def test_zero_signal_rate_is_not_reachable():
    d = json.loads((EX / "ho_ylf_ranp.json").read_text())
    # valid (positive) but rate ~ n^3 V = 1e-600 /s underflows to 0
    d["overrides"]["number_density"] = "1e-200 cm^-3"
    plan = Planner(load_spec_dict(d, "x.json", EX),
                   PlannerSettings(model="infinite", angle_grid=(0.0, 180.0, 7))).run()
    sig = [e for e in plan.exposures if e.question == "signal at 5 sigma"]
    assert len(sig) == 1
    assert sig[0].status == "not reachable"
    assert "signal rate is 0 /s at every angle" in sig[0].detail
