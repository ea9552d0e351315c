"""Tests of expdesign.comparison: ranking on one footing, with the rate model named."""

import pytest

from expdesign import Planner, PlannerSettings, compare, format_ranking, load_spec
from expdesign.comparison import rate_model

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
    assert rate_model(plan) == ("derived (docs/planner.md: amplitude, 4-level Bloch), "
                                "phase space infinite")
