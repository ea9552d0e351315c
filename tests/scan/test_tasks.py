"""Scan tasks: a point's task, its hash and the row the worker makes of its plan."""

from __future__ import annotations

import json

import pytest

from expdesign.io import load_spec, load_spec_dict
from expdesign.planner import Planner, PlannerSettings
from expdesign.scan import (
    Axis,
    base_of,
    evaluate_task,
    exposure_label,
    make_task,
    run_scan,
    settings_dict,
)
from tests.scan.support import ER, FAST


def test_row_matches_a_direct_plan():
    base = base_of(ER)
    row = evaluate_task(make_task(base, {"geometry.length": "3 cm"}, FAST))
    data = json.loads(ER.read_text())
    data["geometry"]["length"] = "3 cm"
    plan = Planner(load_spec_dict(data, "x", ER.parent), PlannerSettings(model="infinite")).run()
    assert row["status"] == "ok" and row["error"] == ""
    assert row["param:geometry.length"] == "3 cm"
    for key in ("rate_peak", "chi2_cycle_mean", "magnetization_rate_peak", "h_r"):
        q = plan.result(key)
        assert row[key] == pytest.approx(q.m, rel=1e-12)
        assert row[f"{key}_unit"] in (f"{q.units:~C}", "dimensionless")
    assert row["rate_peak_unit"] == "1/s"
    assert row["chi2_cycle_mean_unit"] == "dimensionless"
    assert "planner_wall_time" not in row
    e = plan.exposure("signal at 5 sigma")
    assert row["exposure_s:signal at 5 sigma"] == pytest.approx(e.time.to("s").m, rel=1e-12)
    assert row["exposure_status:signal at 5 sigma"] == "ok"
    for v in plan.verdicts:
        assert row[f"verdict:{v.name}"] == v.status
    assert row["failed_verdicts"] == ""
    assert None not in row.values()
    # volume scales the rate: L = 3 cm vs L = 2 cm (infinite volume: rate ~ N^2 / V ~ V)
    row2 = evaluate_task(make_task(base, {"geometry.length": "2 cm"}, FAST))
    assert row["rate_peak"] / row2["rate_peak"] == pytest.approx(1.5, rel=1e-9)


def test_hash_depends_on_point_spec_and_settings():
    base = base_of(ER)
    h = make_task(base, {"geometry.length": "2 cm"}, FAST)["hash"]
    assert h == make_task(base_of(ER), {"geometry.length": "2 cm"}, FAST)["hash"]
    assert h != make_task(base, {"geometry.length": "3 cm"}, FAST)["hash"]
    assert h != make_task(base, {"geometry.length": "2 cm"}, {"model": "finite"})["hash"]
    assert len(h) == 16


def test_spec_object_with_base_dir():
    spec = load_spec(ER)
    res = run_scan((spec, str(ER.parent)), [Axis("geometry.length", ("2 cm",))],
                   executor="serial", settings=FAST, progress=False)
    assert res.rows[0]["status"] == "ok"


def test_settings_dict_and_exposure_label():
    assert settings_dict(None) == {}
    assert settings_dict(FAST) == FAST and settings_dict(FAST) is not FAST
    assert settings_dict(PlannerSettings(model="infinite"))["model"] == "infinite"
    assert exposure_label("q") == "q"
    assert exposure_label("q", "h") == "q | h"
