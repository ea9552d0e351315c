"""Regression tests for specs that validated but crashed the Planner (issue 14).

Each spec is a file in ``tests/data/plans/`` (the Er example with one change); each must
plan under the fast models and give the verdicts its inputs allow.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from expdesign.io import SpecError, load_spec, load_spec_dict
from expdesign.planner import Planner, PlannerSettings
from expdesign.planner.context import PlanContext

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "schemas" / "examples"
DATA = ROOT / "tests" / "data" / "plans"
FAST = PlannerSettings(model="infinite", angle_grid=(144.3, 144.6, 5), bloch_points=201)


def _er() -> dict:
    return json.loads((EX / "er_ylf_renp.json").read_text("utf-8"))


def _load(d: dict):
    return load_spec_dict(d, base_dir=EX)


def _finite(plan) -> None:
    text = plan.model_dump_json()
    assert "NaN" not in text and "Infinity" not in text


def _three_photon(plan):
    return next(v for v in plan.verdicts if v.name == "three-photon emission")


# ------------------------------------------------------------------ excitation 'drives'
def test_excitation_lasers_without_drives_plan_like_with_them():
    """The issue's first crash: the Er example without 'drives' on its excitation lasers
    (KeyError frozenset({'g', 'q'}) on main) plans, with the same numbers."""
    spec = load_spec(DATA / "er_renp_excitation_without_drives.json")
    assert all(x.drives is None for x in spec.lasers.by_role("excitation"))
    plan = Planner(spec, FAST).run()
    ref = Planner(_load(_er()), FAST).run()
    _finite(plan)
    for key in ("rate_peak", "chi2_cycle_mean", "field_at_sensor_peak"):
        assert plan.result(key).m == pytest.approx(ref.result(key).m, rel=1e-12), key


def test_drives_listed_in_reverse_order_are_assigned_by_transition():
    """A laser without 'drives' listed first and the g-q laser second: the g-q one is
    the first excitation (the old fallback made both the same laser)."""
    d = _er()
    exc1, exc2 = d["lasers"]["lasers"][0], d["lasers"]["lasers"][1]
    exc2.pop("drives")
    exc2["photon_energy"] = "1.1086 eV"
    d["lasers"]["lasers"][0], d["lasers"]["lasers"][1] = exc2, exc1
    spec = _load(d)
    a, b, _ = PlanContext(spec, FAST).renp_lasers()
    assert (a.name, b.name) == ("exc1", "exc2")
    plan = Planner(spec, FAST).run()
    ref = Planner(_load(_er()), FAST).run()
    assert plan.result("rate_peak").m == pytest.approx(ref.result("rate_peak").m, rel=1e-12)


def test_excitation_driving_a_step_off_the_path_is_rejected():
    d = _er()
    d["lasers"]["lasers"][0]["drives"] = ["g", "e"]
    d["lasers"]["lasers"][0].pop("photon_energy")
    with pytest.raises(SpecError, match="must drive the path's g-q"):
        _load(d)


def test_two_excitations_on_one_step_are_rejected():
    d = _er()
    d["lasers"]["lasers"][1]["drives"] = ["g", "q"]
    d["lasers"]["lasers"][1].pop("photon_energy")
    with pytest.raises(SpecError, match="both RENP excitation lasers drive"):
        _load(d)


# ------------------------------------------------------------------ applied field
@pytest.mark.parametrize("name,gauss", [
    ("er_renp_applied_field_20mT.json", 200.0),
    ("er_renp_applied_field_100G.json", 100.0),
])
def test_applied_field_reaches_the_three_photon_check(name, gauss):
    """The issue's second crash: 'applied_field': '20 mT' ended in a DimensionalityError
    (.to('G')); '100 G' was rejected. Now the check is evaluated with the field in G."""
    spec = load_spec(DATA / name)
    plan = Planner(spec, FAST).run()
    _finite(plan)
    v = _three_photon(plan)
    assert v.status == "fail"  # the lasers are not Zeeman-resolved in these specs
    assert v.numbers["field_gauss"].m == pytest.approx(gauss, rel=1e-12)


def test_applied_field_with_zeeman_resolved_lasers_passes():
    d = _er()
    d["geometry"].update(applied_field="2e11 nG", zeeman_resolved_lasers=True)
    d["angles"]["points"] = 5
    v = _three_photon(Planner(_load(d), FAST).run())
    assert v.status == "pass"
    assert v.numbers["field_gauss"].m == pytest.approx(200.0, rel=1e-12)


def test_no_applied_field_is_not_evaluable():
    v = _three_photon(Planner(_load(_er()), FAST).run())
    assert v.status == "not evaluable"
    assert np.size(v.missing) >= 1


# ------------------------------------------------------------------ found by the fuzz test
@pytest.mark.parametrize("name", ["er_renp_bloch_checks_fail_long_cycle.json",
                                  "er_renp_bloch_checks_fail_strong_trigger.json"])
def test_bloch_check_failure_is_a_warning_not_a_traceback(name):
    """Extreme laser timing or intensity: the Bloch solver's density-matrix checks fail
    (BlochCheckError escaped the Planner); now the plan says the rates are not evaluable."""
    spec = load_spec(DATA / name)
    st = PlannerSettings(model="finite", angle_grid=(-276.05, 23.95, 3), bloch_points=101,
                         phase_space_error=False, workers=1)
    plan = Planner(spec, st).run()
    _finite(plan)
    assert any("not evaluable from the step 'Bloch coherence' on: BlochCheckError" in w
               for w in plan.warnings)
    assert [v.status for v in plan.verdicts if v.name == "plan evaluable"] == ["not evaluable"]
    assert not plan.has_result("rate_peak")
    assert plan.exposure("signal at 5 sigma").status == "not evaluable"


def test_ranp_one_angle_grid_uses_the_angular_resolution():
    """A one-angle grid (--grid a,a,1) crashed RANP in np.gradient; its bin is now one
    detector resolution wide: rate = dGamma/dOmega x 2 pi sin(theta) x resolution."""
    spec = load_spec(EX / "ho_ylf_ranp.json")
    st = PlannerSettings(angle_grid=(60.0, 60.0, 1))
    plan = Planner(spec, st).run()
    _finite(plan)
    dgdo = plan.distribution("dGamma/dOmega", spec.hypotheses[0].label).y.values[0]
    res = spec.detector.angular_resolution.to("rad").m
    want = dgdo * 2 * np.pi * np.sin(np.radians(60.0)) * res
    assert plan.result("rate_total").to("1/s").m == pytest.approx(want, rel=1e-12)
    assert any("one signal angle" in a for a in plan.assumptions)


def test_ranp_negative_polar_angles_mirror_positive_ones():
    """Angles below 0 gave negative ring solid angles, a negative total rate and a crash
    in the counting time; the ring at -theta is the ring at theta."""
    spec = load_spec(EX / "ho_ylf_ranp.json")
    pos = Planner(spec, PlannerSettings(angle_grid=(20.0, 120.0, 11))).run()
    neg = Planner(spec, PlannerSettings(angle_grid=(-120.0, -20.0, 11))).run()
    _finite(neg)
    assert neg.result("rate_total").m == pytest.approx(pos.result("rate_total").m, rel=1e-9)
    assert neg.result("rate_total").m > 0


def test_zero_signal_counting_is_not_reachable():
    """All scanned angles where no pair is emitted: zero signal; the exposure is 'not
    reachable' (counting_time_for_significance raised on s = 0)."""
    spec = load_spec(EX / "ho_ylf_ranp.json")
    plan = Planner(spec, PlannerSettings(angle_grid=(0.0, 0.0, 1))).run()
    _finite(plan)
    e = plan.exposure("signal at 5 sigma")
    assert e.status == "not reachable" and "signal rate is 0 /s" in e.detail


# ------------------------------------------------------------------ inputs of every check
def _four_photon(plan):
    return next(v for v in plan.verdicts if v.name == "four-photon emission")


def test_four_photon_check_names_its_spec_field_and_uses_it():
    """The four-photon check needed a dipole no spec field could give; it is
    overrides.four_photon_dipole: coupling (d^2/3)^3 / G_F^2 with d = 0.02 D by hand
    (1 e a_0 = 2.541746 D; e a_0 = sqrt(4 pi alpha) a_0 / (hbar c) in eV^-1)."""
    v = _four_photon(Planner(_load(_er()), FAST).run())
    assert v.status == "not evaluable" and v.missing == ["overrides.four_photon_dipole"]
    d = _er()
    d["overrides"]["four_photon_dipole"] = "0.02 debye"
    v = _four_photon(Planner(_load(d), FAST).run())
    assert v.status in ("pass", "fail") and not v.missing
    ea0 = np.sqrt(4 * np.pi / 137.035999177) * 0.529177210544e-8 / 1.973269804e-5
    dip = 0.02 / 2.541746 * ea0  # eV^-1
    gf = 1.1663788e-5 * 1e-18
    assert v.numbers["coupling_ratio_per_eV2"].to("eV**-2").m == pytest.approx(
        (dip**2 / 3) ** 3 / gf**2, rel=1e-5)
