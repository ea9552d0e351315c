"""compare: infeasible designs rank after feasible ones; the Markdown table stays a table
(escaped pipes); one column per discrimination question."""

from __future__ import annotations

from expdesign.comparison import compare, format_ranking
from expdesign.plan import Exposure, Plan, Provenance, Result, Verdict
from expdesign.units import Q_


def _plan(name: str, t5_yr: float, fail: bool) -> Plan:
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
    ranked = compare([_plan("fast but failing", 1.0, True), _plan("slow", 100.0, False)])
    assert [r.plan.spec_name for r in ranked] == ["slow", "fast but failing"]


def test_markdown_table_has_one_column_per_question_and_escaped_pipes():
    text = format_ranking(compare([_plan("A", 1.0, False), _plan("B", 2.0, False)]))
    rows = [x for x in text.splitlines() if x.startswith("| ")]
    head = rows[0]
    assert "<\\|chi\\|^2>" in head
    assert head.count("NO vs IO at 5 sigma") == 1
    n_cols = len(head.replace("\\|", "").split(" | "))
    assert all(len(r.replace("\\|", "").split(" | ")) == n_cols for r in rows)
    assert "(vs IO A)" in text and "(vs IO B)" in text
