"""The crystal RENP coherence factor in the Plan (docs/planner.md, "The coherence factor,
derived"): the derived weight |rho_ep|^2/4 is linear in the trigger intensity where the
trigger is weak (slope 1, from the Bloch engine, homogeneous and class-averaged) and bounded
as it grows (|rho_ep|^2 <= 1/4); seed 001's h_r^2 |rho_ee rho_ep|^2 (coherence_factor=
'paper') grows as I_t^2 and without bound; the Plan says which factor it used; the e-p
width override reaches the Bloch engine."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import pytest

from expdesign.cli import build_parser
from expdesign.cli_support import settings_kw
from expdesign.io import load_spec_dict
from expdesign.planner import Planner, PlannerSettings

EX = Path(__file__).resolve().parents[2] / "schemas" / "examples"
GRID = dict(model="infinite", angle_grid=(144.3, 144.6, 3), bloch_points=201,
            phase_space_error=False, workers=1)


def _plan(intensity: str, factor: str = "derived", widths: str = "radiative", **ov):
    d = json.loads((EX / "er_ylf_renp.json").read_text())
    d["lasers"]["lasers"][2]["intensity"] = intensity
    d["overrides"].update(ov)
    return Planner(load_spec_dict(d), PlannerSettings(widths=widths, coherence_factor=factor,
                                                      **GRID)).run()


def _rate(plan) -> float:
    return float(plan.result("rate_peak").to("1/s").m)


def _slope(lo, hi, ratio: float) -> float:
    return math.log(_rate(hi) / _rate(lo)) / math.log(ratio)


@pytest.fixture(scope="module")
def weak():
    return {(w, f): (_plan("1e-5 uW/cm^2", f, w), _plan("1e-4 uW/cm^2", f, w))
            for w, f in (("radiative", "derived"), ("radiative", "paper"),
                         ("sourced", "derived"))}


@pytest.mark.parametrize("widths", ["radiative", "sourced"])
def test_weak_trigger_rate_is_linear_in_the_intensity(weak, widths):
    # radiative: one homogeneous ion; sourced: the class average over the Er p-g line.
    # h_r ~ 0.02 (radiative, 57.3 s^-1) and 0.002 (sourced) at 1e-5 uW/cm^2: the trigger's
    # back-action is O(h_r^2); measured slopes 1.0000 and 1.0000 (docs/planner.md)
    lo, hi = weak[(widths, "derived")]
    assert _slope(lo, hi, 10.0) == pytest.approx(1.0, abs=2e-3)
    # the weight is |<rho_ep>|^2 / 4, the rate has no h_r
    for p in (lo, hi):
        assert p.result("coherence_weight").m == pytest.approx(
            p.result("chi2_cycle_mean").m / 4, rel=1e-12)


def test_paper_factor_counts_the_trigger_twice(weak):
    lo, hi = weak[("radiative", "paper")]
    assert _slope(lo, hi, 10.0) == pytest.approx(2.0, abs=2e-3)  # h_r^2 x |rho_ep|^2
    for p in (lo, hi):
        assert p.result("coherence_weight").m == pytest.approx(
            p.result("h_r").m ** 2 * p.result("chi2_cycle_mean").m, rel=1e-12)
        assert any("coherence factor: seed 001's" in a for a in p.assumptions)
    # the same Bloch solution: the derived plan quotes the paper's weight beside its own
    d_lo = weak[("radiative", "derived")][0]
    assert d_lo.result("coherence_weight_paper").m == pytest.approx(
        lo.result("coherence_weight").m, rel=1e-12)
    assert any("coherence factor: |rho_ep|^2/4" in a for a in d_lo.assumptions)
    assert not any(r.key.startswith("rate_peak_widths_") for r in d_lo.results)


def test_rate_is_bounded_as_the_trigger_grows(weak):
    strong = {f: _plan("100 mW/cm^2", f) for f in ("derived", "paper")}
    one = _plan("1 uW/cm^2")
    # |rho_ep|^2 <= rho_ee rho_pp <= 1/4 (positivity): W <= 1/16 at any intensity
    assert strong["derived"].result("coherence_weight").m <= 1 / 16
    # 1e5 x the intensity moves the derived rate by less than 2x (measured 1.75x) ...
    assert _rate(strong["derived"]) / _rate(one) < 2.0
    # ... while the paper's grows with h_r^2 (h_r = 2460 at 100 mW/cm^2, 57.3 s^-1)
    assert strong["paper"].result("coherence_weight").m > 100.0
    lo = weak[("radiative", "derived")][0]
    assert _rate(strong["derived"]) < 1e5 * _rate(lo)


def test_gamma_ep_override_reaches_the_bloch_engine():
    # the whole e-p width (it replaces the inhomogeneous line too: for a Lorentzian line the
    # class average is the homogeneous solution with the summed width, tests/physics/
    # test_coherence_factor.py); weak trigger: rho_ep ~ 2 h_r rho_eg, h_r ~ 1/gamma_ep
    base = _plan("1e-4 uW/cm^2", widths="sourced", gamma_ep="2e3 s^-1")
    wide = _plan("1e-4 uW/cm^2", widths="sourced", gamma_ep="1e4 s^-1")
    ratio = wide.result("coherence_weight").m / base.result("coherence_weight").m
    assert 0.2**2 < ratio < 0.5  # (2e3/1e4)^2 once the e-p coherence follows rho_eg
    assert any("overrides.gamma_ep" in a and "Bloch engine" in a for a in wide.assumptions)
    narrow = _plan("1e-4 uW/cm^2", widths="sourced", gamma_ep="1 s^-1")
    assert any("overrides.gamma_ep" in w and "narrower" in w for w in narrow.warnings)


def test_setting_and_cli_flag():
    assert PlannerSettings().coherence_factor == "derived"
    with pytest.raises(ValueError, match="coherence_factor"):
        PlannerSettings(coherence_factor="both")  # type: ignore[arg-type]
    args = build_parser().parse_args(["plan", "x.json", "--coherence-factor", "paper"])
    assert settings_kw(args)["coherence_factor"] == "paper"
    assert "coherence_factor" not in settings_kw(argparse.Namespace())
