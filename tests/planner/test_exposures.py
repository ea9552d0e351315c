"""Exposure questions for Majorana phases and a sterile state (issue 21): the shipped
examples carry such hypotheses; the report names the pairs that carry the phase
information; a phase scan runs through ``expdesign scan``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from expdesign.io import load_spec_dict
from expdesign.planner import Planner, PlannerSettings
from expdesign.scan import parse_set, run_scan

EX = Path(__file__).resolve().parents[2] / "schemas" / "examples"
FAST = PlannerSettings(model="infinite", angles=31)


def _spec(name: str, nature: str = "majorana", angles: int | None = 31):
    d = json.loads((EX / f"{name}.json").read_text())
    lm = d["hypotheses"][0]["lightest_mass"]
    h = {"lightest_mass": lm, "ordering": "NO", "nature": nature}
    d["hypotheses"] = [
        {**h, "name": "truth"},
        {**h, "name": "alpha pi", "alpha": "180 deg"},
        {**h, "name": "beta pi", "beta": "180 deg"},
        {**h, "name": "sterile 1 eV", "sterile": {"mass": "1 eV", "ue4_sq": 0.02}},
        {**h, "name": "sterile unmixed", "sterile": {"mass": "0.1 eV", "ue4_sq": 0.0}},
        {**h, "name": "sterile 0.1 eV", "sterile": {"mass": "0.1 eV", "ue4_sq": 0.02}},
    ]
    if angles is not None and "angles" in d:
        d["angles"]["points"] = angles
    return load_spec_dict(d)


def _by_against(plan):
    return {e.against: e for e in plan.exposures if e.against}


@pytest.fixture(scope="module")
def er_plan():
    return Planner(_spec("er_ylf_renp"), FAST).run()


@pytest.fixture(scope="module")
def ho_plan():
    return Planner(_spec("ho_ylf_ranp", angles=181), FAST).run()


@pytest.mark.parametrize("which", ["er_plan", "ho_plan"])
def test_phase_and_sterile_questions_in_every_process(which, request):
    plan = request.getfixturevalue(which)
    ex = _by_against(plan)
    a, b = ex["alpha pi"], ex["beta pi"]
    assert a.question == "Majorana phase alpha at 5 sigma" and a.status == "ok"
    assert "alpha 0 deg (truth) vs 180 deg" in a.detail
    assert "phase information in pairs (12), (23)" in a.detail
    assert b.question == "Majorana phase beta at 5 sigma" and b.status == "ok"
    assert "phase information in pairs (13), (23)" in b.detail
    s = ex["sterile 1 eV"]
    assert s.question == "sterile state at 5 sigma" and s.status == "ok"
    assert "m4=1 eV |Ue4|^2=0.02" in s.detail
    # an unmixed sterile state couples to nothing: identical predictions, exactly
    u = ex["sterile unmixed"]
    assert u.status == "not reachable" and u.detail.startswith("identical predictions")
    name = "RENP rate" if which == "er_plan" else "sum F_ij (eq. 6)"
    ys = {d.hypothesis: np.asarray(d.y.values) for d in plan.distributions if d.name == name}
    assert np.array_equal(ys["sterile unmixed"], ys["truth"])
    assert not np.array_equal(ys["sterile 1 eV"], ys["truth"])
    assert "phase information in pairs (12), (23)" in plan.to_markdown()


def test_dirac_phases_are_not_measurable():
    plan = Planner(_spec("er_ylf_renp", nature="dirac"), FAST).run()
    a = _by_against(plan)["alpha pi"]
    assert a.status == "not reachable"
    assert "Dirac neutrinos: the rates depend on |b_ij|^2 only" in a.detail


def test_sterile_thresholds_in_the_ranp_plan(ho_plan):
    """Seed 000 eq. (10) thresholds of the (i4) pairs appear for a sterile state whose
    pairs can open (M^2 <= (1 - r^2) eps_eg^2 = 0.353 eV^2 in Ho): m4 = 0.1 eV (hypothesis
    5) has (14)..(44); m4 = 1 eV (hypothesis 3) has none, only the light pairs."""
    res = {r.key: r.value.to("deg").m for r in ho_plan.results if r.key.startswith("thresh")}
    for i in (1, 2, 3, 4):
        assert f"threshold_{i}4_hyp5" in res
        assert f"threshold_{i}4_hyp3" not in res
    assert "threshold_33_hyp3" in res
    # heavier pair, smaller threshold angle (M^2 falls with theta)
    assert res["threshold_14_hyp5"] > res["threshold_34_hyp5"] > res["threshold_44_hyp5"]
    # by hand, seed 000 eq. (9) at omega = omega0 = eps_pe (elastic Raman trigger e -> p):
    # sin^2(theta/2) = ((1 - r^2) eps^2 - (m1 + m4)^2) / (4 omega0 (r eps + omega0))
    r = ho_plan.result("imprint_r").m
    eps, w0 = (ho_plan.result(k).to("eV").m for k in ("eps_eg", "eps_pe"))
    s2 = ((1 - r**2) * eps**2 - (0.001 + 0.1) ** 2) / (4 * w0 * (r * eps + w0))
    assert res["threshold_14_hyp5"] == pytest.approx(np.degrees(2 * np.arcsin(np.sqrt(s2))),
                                                     abs=1e-9)


def test_phase_scan_through_scan_set():
    spec = _spec("ho_ylf_ranp", angles=91)
    res = run_scan(spec, [parse_set("hypotheses.1.alpha=0 deg,90 deg,180 deg")],
                   executor="serial", settings={"model": "infinite"}, progress=False)
    assert [r["status"] for r in res.rows] == ["ok", "ok", "ok"]
    col = "exposure_s:Majorana phase alpha at 5 sigma | alpha pi"
    t90, t180 = res.rows[1][col], res.rows[2][col]
    # Re(b_12^2 e^{i alpha}): the change from alpha = 0 grows as 1 - cos(alpha), so the
    # Delta chi^2 at 180 deg is larger and the exposure shorter than at 90 deg
    assert 0 < t180 < t90
    assert res.rows[0]["exposure_status:alternative hypothesis at 5 sigma | alpha pi"] \
        == "not reachable"


def test_phase_and_sterile_scan_on_the_command_line(tmp_path, capsys):
    from expdesign.cli import main
    from expdesign.scan import read_rows

    spec = tmp_path / "ho_phases.json"
    spec.write_text(_spec("ho_ylf_ranp", angles=91).model_dump_json())
    out = tmp_path / "scan.csv"
    code = main(["scan", str(spec), "--set", "hypotheses.1.alpha=linspace(0 deg, 180 deg, 3)",
                 "--set", "hypotheses.5.sterile.mass=0.1 eV,0.2 eV", "--executor", "serial",
                 "--model", "infinite", "--out", str(out), "--quiet"])
    assert code == 0, capsys.readouterr().err
    rows = read_rows(out)
    assert [r["status"] for r in rows] == ["ok"] * 6
    assert [r["param:hypotheses.1.alpha"] for r in rows][::2] == ["0 deg", "90 deg", "180 deg"]
    # the m4 = 0.2 eV state opens its (44) pair at a smaller angle than m4 = 0.1 eV
    assert float(rows[1]["threshold_44_hyp5"]) < float(rows[0]["threshold_44_hyp5"])


def test_fields_that_cannot_act_are_named_in_the_plan(er_plan):
    assert any("'sterile unmixed': the sterile state has all mixings zero" in a
               for a in er_plan.assumptions)
    plan = Planner(_spec("er_ylf_renp", nature="dirac"), FAST).run()
    assert any("'alpha pi' is Dirac: its Majorana phases do not enter any rate" in a
               for a in plan.assumptions)
    assert not any("'truth' is Dirac" in a for a in plan.assumptions)


def test_renp_pair_decomposition_with_a_sterile_truth():
    """A light sterile state (m4 = 30 meV) opens its (i4) pairs inside the Er scan: the
    decomposition has ten pairs summing to the Plan's rate, and the (i4) thresholds are
    listed for the truth."""
    d = json.loads((EX / "er_ylf_renp.json").read_text())
    d["hypotheses"] = [{"name": "3+1", "lightest_mass": "10 meV", "nature": "majorana",
                        "sterile": {"mass": "30 meV", "ue4_sq": 0.1, "umu4_sq": 0.05}}]
    d["angles"]["points"] = 41
    pl = Planner(load_spec_dict(d), FAST)
    plan = pl.run()
    dec = pl.pair_decomposition()
    assert set(dec.rate) == {"(11)", "(12)", "(22)", "(13)", "(23)", "(33)", "(14)", "(24)",
                             "(34)", "(44)"}
    total = sum(q.to("1/s").m for q in dec.rate.values())
    np.testing.assert_allclose(total, plan.distribution("RENP rate").y.q().to("1/s").m,
                               rtol=1e-10)
    assert float(np.max(dec.rate["(44)"].m)) > 0
    keys = {r.key for r in plan.results}
    assert {"threshold_14_branch1", "threshold_44_branch1"} <= keys


def test_zero_signal_rate_is_not_reachable():
    """Issue 26: a signal rate that underflows to zero gives 'not reachable', not a
    ValueError."""
    d = json.loads((EX / "ho_ylf_ranp.json").read_text())
    # valid (positive) but the rate ~ n^2 V (derived) or n^3 V (eq. 7) underflows to 0
    d["overrides"]["number_density"] = "1e-200 cm^-3"
    for model in ("derived", "paper"):
        plan = Planner(load_spec_dict(d, "x.json", EX),
                       PlannerSettings(model="infinite", angle_grid=(0.0, 180.0, 7),
                                       ranp_model=model)).run()
        sig = [e for e in plan.exposures if e.question == "signal at 5 sigma"]
        assert len(sig) == 1
        assert sig[0].status == "not reachable"
        assert "signal rate is 0 /s at every angle" in sig[0].detail
