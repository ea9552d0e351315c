"""The tornado plot is drawn from a Plan's sensitivity report."""

from __future__ import annotations

from pathlib import Path

import expdesign
from expdesign.planner.settings import PlannerSettings
from expdesign.sensitivity_figure import tornado_figure

ROOT = Path(__file__).resolve().parents[1]


def test_tornado_written_only_with_a_report(tmp_path):
    spec = expdesign.load_spec(ROOT / "schemas" / "examples" / "er_ylf_renp.json")
    plan = expdesign.Planner(spec, PlannerSettings(model="infinite")).run()
    path = tornado_figure(plan, tmp_path)
    assert path is not None and path.stat().st_size > 10_000
    assert tornado_figure(plan.model_copy(update={"sensitivity": None}), tmp_path) is None
