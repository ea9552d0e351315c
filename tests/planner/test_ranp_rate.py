"""The derived RANP rate in the Planner responds to density, volume, trigger intensity and
linewidth as docs/ranp.md derives (n^2 V; ~I and ~1/Gamma_pg^2 only while the trigger is
perturbative; flat when it saturates)."""

import json
import math
from pathlib import Path

import pytest

from expdesign import Planner, load_spec
from expdesign.physics import ranp_derived as rd

HO = Path(__file__).parents[2] / "schemas" / "examples" / "ho_ylf_ranp.json"
HBAR = 6.582119569e-16


def _plan(tmp_path, edit=None, angles=61):
    d = json.loads(HO.read_text())
    d["angles"]["points"] = angles
    d["hypotheses"] = d["hypotheses"][:2]
    if edit:
        edit(d)
    f = tmp_path / f"spec_{abs(hash(json.dumps(d, sort_keys=True)))}.json"
    f.write_text(json.dumps(d))
    return Planner(load_spec(f)).run()


def _rate(plan):
    return plan.result("rate_total").m


def _trigger(d, key, value):
    for las in d["lasers"]["lasers"]:
        if las["role"] == "trigger":
            las[key] = value


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return _plan(tmp_path_factory.mktemp("ranp"))


def test_density_squared(tmp_path, base):
    p = _plan(tmp_path, lambda d: d["overrides"].update(number_density="2e17 cm^-3"))
    assert _rate(p) / _rate(base) == pytest.approx(4.0, rel=1e-9, abs=0)


def test_volume_linear(tmp_path, base):
    p = _plan(tmp_path, lambda d: d["geometry"].update(length="2 cm"))
    assert _rate(p) / _rate(base) == pytest.approx(2.0, rel=1e-9, abs=0)


def test_saturated_trigger_intensity_does_not_matter_and_plan_says_so(tmp_path, base):
    p = _plan(tmp_path, lambda d: _trigger(d, "intensity", "100 W/cm^2"))
    assert _rate(p) / _rate(base) == pytest.approx(1.0, rel=2e-2, abs=0)
    assert base.result("rabi_over_width").m > 1e3
    assert any("perturbation theory in the trigger fails" in a for a in base.assumptions)


def test_weak_trigger_rate_is_linear_in_intensity(tmp_path):
    lo = _plan(tmp_path, lambda d: _trigger(d, "intensity", "1e-12 W/cm^2"))
    hi = _plan(tmp_path, lambda d: _trigger(d, "intensity", "2e-12 W/cm^2"))
    assert lo.result("rabi_over_width").m < 1e-2
    assert any("perturbation theory in the trigger holds" in a for a in lo.assumptions)
    assert _rate(hi) / _rate(lo) == pytest.approx(2.0, rel=1e-4, abs=0)


def test_weak_trigger_linewidth_as_the_closed_form(tmp_path):
    """Trigger linewidth 100 Hz -> 1 kHz: the rate falls as the closed form (eq. D4) says."""
    plans = [_plan(tmp_path, lambda d, w=w: (_trigger(d, "intensity", "1e-12 W/cm^2"),
                                             _trigger(d, "linewidth", w)))
             for w in ("100 Hz", "1 kHz")]
    ge, gp = 69.9 * HBAR, 14.2 * HBAR
    om = plans[0].result("trigger_rabi").m * HBAR
    closed = [rd.coherence_weak_trigger(om, 0.0, gp + 2 * math.pi * f * HBAR, ge, 0.5, 1 / ge)
              for f in (100.0, 1000.0)]
    ratio = _rate(plans[1]) / _rate(plans[0])
    assert ratio == pytest.approx(closed[1] / closed[0], rel=1e-4, abs=0)
    assert _rate(plans[1]) / _rate(plans[0]) < 1 / 50  # ~ 1/Gamma_pg^2


def test_paper_model_keeps_eq7(tmp_path):
    from expdesign import PlannerSettings
    d = json.loads(HO.read_text())
    d["angles"]["points"] = 61
    f = tmp_path / "ho.json"
    f.write_text(json.dumps(d))
    spec = load_spec(f)
    paper = Planner(spec, PlannerSettings(ranp_model="paper")).run()
    derived = Planner(spec).run()
    assert _rate(derived) / _rate(paper) == pytest.approx(
        derived.result("derived_over_eq7").m, rel=1e-9, abs=0)


def test_finite_size_option_uses_the_cylinder(tmp_path):
    from expdesign import PlannerSettings
    d = json.loads(HO.read_text())
    d["angles"] = {"start": "60 deg", "stop": "100 deg", "points": 5}
    d["hypotheses"] = d["hypotheses"][:2]
    f = tmp_path / "ho.json"
    f.write_text(json.dumps(d))
    spec = load_spec(f)
    inf = Planner(spec, PlannerSettings()).run()
    fin = Planner(spec, PlannerSettings(ranp_size="finite")).run()
    ratio = _rate(fin) / _rate(inf)
    assert ratio != 1.0 and ratio == pytest.approx(1.0, rel=1e-3, abs=0)  # 1 cm: ~5e-5
    dist = [x for x in fin.distributions if x.name == "dGamma/dOmega"][0]
    assert "finite cylinder" in dist.model
