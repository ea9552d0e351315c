"""RENP_ATOMIC plans: the shipped Yb and Xe examples, thresholds against the closed forms,
the absolute normalisation against a hand-written formula, and the spec's rejections."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq

from expdesign.io import SpecError, load_spec_dict
from expdesign.physics import neutrino as nu
from expdesign.planner import Planner, PlannerSettings

EX = Path(__file__).resolve().parents[2] / "schemas" / "examples"
CM_TO_EV = 6.62607015e-34 * 299792458.0 / 1.602176634e-19 * 100  # h c, eV cm (exact SI)
ST = PlannerSettings(model="infinite", workers=1)


def _d(name: str) -> dict:
    return json.loads((EX / f"{name}.json").read_text())


def _plan(d: dict):
    return Planner(load_spec_dict(d, base_dir=EX), ST).run()


@pytest.fixture(scope="module")
def yb():
    return _plan(_d("yb_renp"))


def _masses(m0: float, ordering: str) -> np.ndarray:
    return nu.masses(m0, ordering, nu.oscillation_set("pdg2018"))


def test_yb_thresholds_are_the_printed_closed_form(yb):
    eps = 17288.439 * CM_TO_EV
    m = _masses(0.020, "NO")
    for i in range(3):
        for j in range(i, 3):
            want = eps / 2 - (m[i] + m[j]) ** 2 / (2 * eps)  # Dinh et al. 2013 eq. (6)
            got = yb.result(f"threshold_omega_{i + 1}{j + 1}").to("eV").m
            assert got == pytest.approx(want, rel=1e-12)
    mi = _masses(0.020, "IO")
    got = yb.result("threshold_omega_33_h1").to("eV").m
    assert got == pytest.approx(eps / 2 - (2 * mi[2]) ** 2 / (2 * eps), rel=1e-12)
    assert yb.result("p_eg").to("eV").m == 0.0


def test_yb_plan_has_an_exposure_per_question(yb):
    ok = {e.against: e for e in yb.exposures if e.status == "ok"}
    spec = load_spec_dict(_d("yb_renp"), base_dir=EX)
    for h in spec.hypotheses[1:]:
        assert h.label in ok and ok[h.label].time is not None
    assert any(e.question.startswith("Dirac vs Majorana") for e in yb.exposures)
    assert any("Majorana phase" in e.question for e in yb.exposures)
    rates = [d for d in yb.distributions if d.name == "atomic RENP rate"]
    assert len(rates) == len(spec.hypotheses)
    assert all(np.all(np.isfinite(d.y.values)) for d in rates)


def test_yb_normalisation_by_hand(yb):
    """(G_F^2/2) n^2 V |rho|^2 / (2 pi)^2 x a_S^2 s^2 d^2 E_0^2 / 4 with d^2 = 3 pi A/eps^3,
    E_0^2 = 2 u, u = I / c, a_S^2 s^2 = 4 x 2/3 (LS 3P0 -> 3P1), all from constants here.
    G_F^2 / 2: the bare vertex (G_F / sqrt 2) a_S s b of seed 001 eq. (1) squared (the
    sqrt(2) G_F of the resonant crystal amplitude, seed 001 eq. 7, holds the factor 2 of its
    resonant denominator, which an off-resonant virtual level does not have)."""
    hbar = 6.582119569e-16  # eV s
    hbarc_cm = 1.973269804e-5  # eV cm
    GF = 1.1663788e-23  # eV^-2
    n = 1e21 * hbarc_cm**3
    V = math.pi * 1.7841**2 * 10 / hbarc_cm**3
    eps_pg = 17992.007 * CM_TO_EV
    A = 1.1e6 * hbar
    u = 1.03e13 / 2.99792458e10 / 1.602176634e-19 * hbarc_cm**3  # W/cm^2 -> eV^4
    want = (GF**2 / 2 * n**2 * V * 0.25 / (2 * math.pi) ** 2
            * 4 * (2 / 3) * (3 * math.pi * A / eps_pg**3) * 2 * u / 4) / hbar
    assert yb.result("rate_normalisation").to("1/s").m == pytest.approx(want, rel=1e-8)


def test_xe_example_plans_with_a_not_evaluable_rate():
    plan = _plan(_d("xe_renp"))
    v = next(v for v in plan.verdicts if v.name == "atomic RENP absolute rate")
    assert v.status == "not evaluable"
    # the 147 nm A-coefficient ships (Wilkinson & Hulburt 1965); only the spin element is missing
    assert not any("A-coefficient" in m for m in v.missing)
    assert any("spin_matrix_element_sq" in m for m in v.missing)
    eps = 67067.547 * CM_TO_EV
    assert plan.result("photon_endpoint").to("eV").m == pytest.approx(eps / 2, rel=1e-12)
    assert all(e.status == "not evaluable" for e in plan.exposures)
    assert any(d.name == "atomic RENP spectral function" for d in plan.distributions)


def test_xe_normalisation_by_hand_with_a_given_spin_element():
    """With atomic.spin_matrix_element_sq given (an illustrative 0.1, not a sourced value)
    the Xe rate is evaluable; its normalisation uses A = 1/(3.74 ns) of the 147 nm line,
    written out here as in test_yb_normalisation_by_hand."""
    d = _d("xe_renp")
    d["atomic"]["spin_matrix_element_sq"] = 0.1
    plan = _plan(d)
    hbar = 6.582119569e-16  # eV s
    hbarc_cm = 1.973269804e-5  # eV cm
    GF = 1.1663788e-23  # eV^-2
    n = 1e21 * hbarc_cm**3
    V = math.pi * 1.7841**2 * 10 / hbarc_cm**3
    eps_pg = 8.4365
    A = hbar / 3.74e-9
    u = 1e13 / 2.99792458e10 / 1.602176634e-19 * hbarc_cm**3
    want = (GF**2 / 2 * n**2 * V * 0.25 / (2 * math.pi) ** 2
            * 4 * 0.1 * (3 * math.pi * A / eps_pg**3) * 2 * u / 4) / hbar
    # A = 2.67e8 /s in the target is 1/3.74 ns rounded to 3 digits
    assert plan.result("rate_normalisation").to("1/s").m == pytest.approx(want, rel=2e-3)
    assert any(e.status == "ok" for e in plan.exposures)


def test_general_imprint_threshold_in_the_plan():
    """Unequal counter-propagating photons imprint p = w1 - w2; the plan's threshold is
    the root of (eps - w)^2 - (p - w)^2 = M^2 (trigger along the larger photon)."""
    d = _d("yb_renp")
    eps = 17288.439 * CM_TO_EV
    w1 = 0.6 * eps
    d["lasers"]["lasers"][0]["photon_energy"] = f"{w1!r} eV"
    d["lasers"]["lasers"][1]["photon_energy"] = f"{eps - w1!r} eV"
    del d["atomic"]["photon_energies"]
    d["lasers"]["lasers"][2]["photon_energy"] = "1.0 eV"
    plan = _plan(d)
    p = w1 - (eps - w1)
    assert plan.result("p_eg").to("eV").m == pytest.approx(p, rel=1e-9)
    m = _masses(0.020, "NO")
    M = 2 * m[2]
    want = brentq(lambda w: (eps - w) ** 2 - (p - w) ** 2 - M**2, 0.0, eps / 2 + p)
    assert plan.result("threshold_omega_33").to("eV").m == pytest.approx(want, rel=1e-10)
    assert want != pytest.approx(eps / 2 - M**2 / (2 * eps), rel=1e-3)


def test_dirac_plans_ignore_majorana_phases():
    d = _d("yb_renp")
    d["hypotheses"] = [
        {"name": "D0", "lightest_mass": "20 meV", "nature": "dirac"},
        {"name": "D1", "lightest_mass": "20 meV", "nature": "dirac", "alpha": "90 deg",
         "beta": "200 deg"}]
    plan = _plan(d)
    s = [np.asarray(x.y.values) for x in plan.distributions
         if x.name == "atomic RENP spectral function"]
    np.testing.assert_array_equal(s[0], s[1])
    e = next(e for e in plan.exposures if e.against == "D1")
    assert e.status == "not reachable" and "identical" in e.detail


@pytest.mark.parametrize("edit,match", [
    (lambda d: d.update(angles={"start": "0 deg", "stop": "10 deg", "points": 3}),
     "photon_energies instead of angles"),
    (lambda d: d["overrides"].update(ranp_eta=0.5), "ranp_eta"),
    (lambda d: d["lasers"]["lasers"][2].update(drives=["ground_1S0", "sp_3P1"]),
     "drive no resonant"),
    (lambda d: d["lasers"]["lasers"][1].update(direction="0 deg"), "co-propagating"),
    (lambda d: d["atomic"]["photon_energies"].update(stop="2.2 eV"), "below eps_eg"),
    (lambda d: d["lasers"]["lasers"][0].update(photon_energy="8000 cm^-1"), "sum to"),
    (lambda d: d.update(process="RENP"), "path for RENP"),
])
def test_spec_rejections(edit, match):
    d = copy.deepcopy(_d("yb_renp"))
    edit(d)
    with pytest.raises(SpecError, match=match):
        load_spec_dict(d, base_dir=EX)


def test_atomic_block_only_for_renp_atomic():
    d = _d("xe_ranp")
    d["atomic"] = {"coherence": 0.5}
    with pytest.raises(SpecError, match="RENP_ATOMIC only"):
        load_spec_dict(d, base_dir=EX)


def _with_p_at(energy: str) -> dict:
    from expdesign.models.spec import load_shipped_target

    d = _d("yb_renp")
    tgt = load_shipped_target("yb").model_dump(mode="json", exclude_none=True)
    for lv in tgt["levels"]:
        if lv["label"] == "sp_3P1":
            lv["energy"] = energy
    d["target"] = tgt
    return d


def test_virtual_level_below_e_plans():
    plan = _plan(_with_p_at("16000 cm^-1"))  # |p> below |e>, still above every omega
    assert plan.result("eps_pg").to("eV").m < plan.result("eps_eg").to("eV").m
    r = [d for d in plan.distributions if d.name == "atomic RENP rate"]
    assert r and all(np.all(np.isfinite(d.y.values)) for d in r)


def test_virtual_level_on_the_scan_is_rejected():
    with pytest.raises(SpecError, match="p-g resonance"):
        load_spec_dict(_with_p_at("8640 cm^-1"), base_dir=EX)


def test_doppler_width_against_hand_number():
    """Doppler FWHM of the scanned photon at 300 K: omega sqrt(8 ln2 kT / M c^2) with
    CODATA k_B and u written here; the endpoint of the Yb example is eps_eg/2."""
    d = _d("yb_renp")
    d["temperature"] = "300 K"
    plan = _plan(d)
    omega = 17288.439 * CM_TO_EV / 2
    kT = 8.617333262e-5 * 300.0  # eV (CODATA 2018 k_B)
    mc2 = 173.045 * 931.49410242e6  # eV (IUPAC Yb weight, CODATA u)
    want = omega * math.sqrt(8 * math.log(2) * kT / mc2)  # eV, about 1.0e-6
    hbar = 6.582119569e-16  # eV s
    got = plan.result("doppler_width_trigger").to("1/s").m * hbar
    assert got == pytest.approx(want, rel=1e-9)
    # equal counter-propagating excitation photons: no residual two-photon Doppler width
    assert plan.result("doppler_width_excitation_residual").to("1/s").m == 0.0
    # the trigger's own Doppler width does not smear the macro-coherent spectrum (the atoms
    # return to their initial momentum state, docs/atomic_renp.md): with p_eg = 0 the
    # thresholds are Doppler-free
    assert plan.result("doppler_threshold_smear_fwhm").to("eV").m == 0.0
    assert plan.result("doppler_smear_over_threshold_gap").m == 0.0
    assert not any("not resolved" in w for w in plan.warnings)


def test_doppler_smear_hides_the_light_threshold_when_hot():
    """60/40 excitation photons imprint p_eg = 0.2 eps_eg: the released energy is spread by
    p_eg sqrt(8 ln2 kT/M).  A 0.5 meV lightest mass (NO) puts the (11) threshold
    M^2/(2 (eps_eg - p_eg)) ~ 3e-7 eV below the endpoint: at 2000 K the smear (~5e-7 eV)
    exceeds it and the Plan says so; without a temperature there is no Doppler quantity."""
    d = _d("yb_renp")
    eps = 17288.439 * CM_TO_EV
    d["lasers"]["lasers"][0]["photon_energy"] = f"{0.6 * eps!r} eV"
    d["lasers"]["lasers"][1]["photon_energy"] = f"{0.4 * eps!r} eV"
    d["hypotheses"] = [{"name": "NO 0.5 meV", "lightest_mass": "0.5 meV", "ordering": "NO",
                        "nature": "majorana"}]
    d["atomic"].pop("photon_energies", None)
    cold = _plan(copy.deepcopy(d))
    assert all(q.key != "doppler_width_trigger" for q in cold.results)
    d["temperature"] = "2000 K"
    hot = _plan(d)
    assert hot.result("doppler_smear_over_threshold_gap").m > 1
    assert any("not resolved at this temperature" in w for w in hot.warnings)


def test_plan_says_the_coherence_is_assumed(yb):
    text = " ".join(yb.assumptions)
    assert "coherence |rho_eg| is ASSUMED (0.5" in text and "<= 1/2" in text


def test_massless_lightest_state_at_temperature_plans_finite():
    """m1 = 0: the (11) threshold sits at the endpoint; the smear ratios stay finite."""
    d = _d("yb_renp")
    d["temperature"] = "300 K"
    d["hypotheses"] = [{"name": "NO 0", "lightest_mass": "0 meV", "ordering": "NO",
                        "nature": "dirac"}]
    plan = _plan(d)
    r = plan.result("doppler_smear_over_threshold_gap").m
    assert math.isfinite(r) and r == 0.0  # p_eg = 0: Doppler-free
    c = plan.result("cell_smear_over_threshold_gap").m
    assert math.isfinite(c) and c > 0


def test_unmodelled_two_photon_background_is_a_not_evaluable_verdict(yb):
    # compare ranked Yb first with "0 pass, 0 fail, 0 n/e": the designer must see that the
    # atomic QED background (paired superradiance) is not checked at all
    v = [v for v in yb.verdicts if "paired superradiance" in v.name]
    assert len(v) == 1 and v[0].status == "not evaluable" and v[0].missing
