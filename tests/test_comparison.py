"""Tests of expdesign.comparison: ranking on one footing with the rate model named, and the
ranking output (table and CSV) against the plans' own exposure times."""

from __future__ import annotations

import copy
import csv
import io
import json
import math
from pathlib import Path

import pytest

from expdesign import Planner, PlannerSettings, compare, format_ranking, load_spec
from expdesign.comparison import ranking_csv, rate_model
from expdesign.io import load_spec_dict
from expdesign.plan import Exposure, Plan, Provenance, Result, Verdict
from expdesign.units import Q_

HO = "schemas/examples/ho_ylf_ranp.json"
ER = "schemas/examples/er_ylf_renp.json"


@pytest.fixture(scope="module")
def ho_plans():
    spec = load_spec(HO)
    return {m: Planner(spec, PlannerSettings(ranp_model=m)).run() for m in ("derived", "paper")}


def test_ranp_default_is_the_derived_model(ho_plans):
    default = Planner(load_spec(HO)).run()
    assert rate_model(default).startswith("derived")
    assert default.result("rate_total").m == pytest.approx(
        ho_plans["derived"].result("rate_total").m, rel=1e-12, abs=0)


def test_model_column_names_the_model(ho_plans):
    ranked = compare([ho_plans["paper"], ho_plans["derived"]])
    text = format_ranking(ranked)
    assert "| rate model |" in text.splitlines()[0]
    cols = {r.plan.provenance.settings["ranp_model"]: r.figures()["rate model"] for r in ranked}
    assert cols["paper"].startswith("paper: seed 000 eq. (7)")
    assert cols["derived"].startswith("derived (docs/ranp.md")
    # the paper's eq. (7) ranks first: ~3e8 times the derived rate at the same inputs
    assert ranked[0].plan.provenance.settings["ranp_model"] == "paper"


def test_renp_model_column():
    plan = Planner(load_spec(ER), PlannerSettings(model="infinite", angles=31)).run()
    assert rate_model(plan) == ("derived (docs/planner.md: amplitude, 4-level Bloch, "
                                "coherence factor derived), phase space infinite")
    paper = Planner(load_spec(ER), PlannerSettings(model="infinite", angles=31,
                                                   coherence_factor="paper")).run()
    assert "coherence factor paper" in rate_model(paper)


def test_atomic_model_column_says_where_the_coherence_comes_from():
    d = json.loads((EX / "yb_renp.json").read_text())
    d["hypotheses"] = d["hypotheses"][:1]
    d["atomic"]["photon_energies"]["points"] = 5
    st = PlannerSettings(model="infinite", workers=1)
    assumed = Planner(load_spec_dict(copy.deepcopy(d), base_dir=EX), st).run()
    assert "assumed |rho_eg|" in rate_model(assumed)
    assert rate_model(assumed).endswith("phase space infinite")
    del d["atomic"]["coherence"]
    derived = Planner(load_spec_dict(d, base_dir=EX), st).run()
    assert "|rho_eg| from the excitation" in rate_model(derived)


EX = Path(__file__).resolve().parents[1] / "schemas" / "examples"


@pytest.fixture(scope="module")
def plans():
    return [Planner(load_spec(p), PlannerSettings(model="infinite")).run()
            for p in sorted(EX.glob("*.json"))]


def _t5(plan) -> float:
    e = next((e for e in plan.exposures if e.question == "signal at 5 sigma"), None)
    return math.inf if e is None or e.time is None else float(e.time.to("s").m)


@pytest.mark.parametrize("reverse", [False, True])
def test_ranking_csv_orders_specs_by_their_own_5_sigma_times(plans, reverse):
    """Rows rank 1..n; spec names in the order of each plan's own 5 sigma time, designs
    without a time last with '-'; the input order does not matter."""
    given = list(reversed(plans)) if reverse else plans
    rows = list(csv.DictReader(io.StringIO(ranking_csv(compare(given)))))
    assert [r["rank"] for r in rows] == [str(i + 1) for i in range(len(plans))]
    expected = sorted(plans, key=lambda p: (_t5(p), p.spec_name))  # ties by name
    assert [r["spec"] for r in rows] == [p.spec_name for p in expected]
    for r, p in zip(rows, expected, strict=True):
        t = _t5(p)
        if math.isfinite(t):
            assert float(r["time to 5 sigma signal"].split()[0]) == pytest.approx(
                float(f"{p.exposure('signal at 5 sigma').time.m:.3g}"), abs=0)
        else:
            assert r["time to 5 sigma signal"] == "-" and r["note"]
    assert any(not math.isfinite(_t5(p)) for p in plans)  # the Xe example has no rate


def test_ranking_table_has_one_row_per_plan_in_rank_order(plans):
    text = format_ranking(compare(plans))
    body = [ln for ln in text.splitlines() if ln.startswith("| ") and not ln.startswith("| rank")]
    assert [ln.split("|")[1].strip() for ln in body] == [str(i + 1) for i in range(len(plans))]
    names = [ln.split("|")[2].strip() for ln in body]
    assert names == [p.spec_name for p in sorted(plans, key=lambda p: (_t5(p), p.spec_name))]


def _fake_plan(name: str, t5_yr: float, fail: bool) -> Plan:
    ex = [Exposure(question="signal at 5 sigma", time=Q_(t5_yr, "year"),
                   status="infeasible" if fail else "ok"),
          Exposure(question="NO vs IO at 5 sigma", against=f"IO {name}",
                   time=Q_(2 * t5_yr, "year"), status="ok")]
    return Plan(spec_name=name, process="RANP", target="t", hypotheses=["a"],
                provenance=Provenance.now("{}"), exposures=ex,
                results=[Result(key="chi2_cycle_mean", value=Q_(1e-4, "dimensionless"))],
                verdicts=[Verdict(name="McQ3", status="fail" if fail else "pass",
                                  detail="")])


def test_infeasible_design_ranks_after_a_slower_feasible_one():
    ranked = compare([_fake_plan("fast but failing", 1.0, True), _fake_plan("slow", 100.0, False)])
    assert [r.plan.spec_name for r in ranked] == ["slow", "fast but failing"]


def test_markdown_table_has_one_column_per_question_and_escaped_pipes():
    text = format_ranking(compare([_fake_plan("A", 1.0, False), _fake_plan("B", 2.0, False)]))
    rows = [x for x in text.splitlines() if x.startswith("| ")]
    head = rows[0]
    assert "<\\|chi\\|^2>" in head
    assert head.count("NO vs IO at 5 sigma") == 1
    n_cols = len(head.replace("\\|", "").split(" | "))
    assert all(len(r.replace("\\|", "").split(" | ")) == n_cols for r in rows)
    assert "(vs IO A)" in text and "(vs IO B)" in text
