"""`expdesign plan --sensitivity` and `expdesign compare --sensitivity` end to end."""

from pathlib import Path

from expdesign.cli import main
from expdesign.plan import Plan

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "schemas" / "examples"


def test_plan_sensitivity_writes_section_tornado_and_json(tmp_path, capsys):
    out = tmp_path / "er"
    assert main(["plan", str(EX / "er_ylf_renp.json"), "--out", str(out), "--quiet",
                 "--model", "infinite", "--sensitivity"]) == 0
    plan = Plan.from_json(out / "plan.json")
    rep = plan.sensitivity
    assert rep is not None and rep.finite_differences and rep.replans > 0
    assert any(e.method == "finite difference" for e in plan.sensitivities)
    assert rep.bands  # the target's width range is an uncertainty
    report = (out / "report.md").read_text()
    assert report.index("## Verdict") < report.index("## What limits this design") \
        < report.index("## Results")
    assert "Uncertainty bands" in report and "re-plans" in report
    assert (out / "sensitivity_tornado.png").exists()


def test_compare_sensitivity_adds_gap_and_band(tmp_path, capsys):
    out = tmp_path / "cmp.md"
    assert main(["compare", str(EX / "er_ylf_renp.json"), "--out", str(out), "--quiet",
                 "--model", "infinite", "--sensitivity"]) == 0
    text = out.read_text()
    assert "gap (5 sigma signal / horizon)" in text and "68 % band of that time" in text
    head = [ln for ln in text.splitlines() if ln.startswith("| rank |")][0].split(" | ")
    row = [ln for ln in text.splitlines() if ln.startswith("| 1 |")][0].split(" | ")
    band = row[head.index("68 % band of that time")]
    assert " yr (dominated by target.width(p-g inhomogeneous))" in band
