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
    E_0^2 = 2 u, u = I / c, a_S^2 s^2 = 4 x 2/3 (LS 3P0 -> 3P1) x a^2, all from constants here;
    a^2 = 1 - b^2 the 3P1 fraction of 6s6p 3P1 (Breit-Wills from A(555.8 nm) = 1.1e6 /s and
    A(398.9 nm) = 1.830e8 /s with omega^3, the target's ls_mixing).
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
    r = (1.1e6 / 17992.007**3) / (1.830e8 / 25068.222**3)
    a2 = 1 / (1 + r)
    u = 1.03e13 / 2.99792458e10 / 1.602176634e-19 * hbarc_cm**3  # W/cm^2 -> eV^4
    want = (GF**2 / 2 * n**2 * V * 0.25 / (2 * math.pi) ** 2
            * 4 * (2 / 3) * a2 * (3 * math.pi * A / eps_pg**3) * 2 * u / 4) / hbar
    assert yb.result("rate_normalisation").to("1/s").m == pytest.approx(want, rel=1e-8)
    assert a2 == pytest.approx(0.984, abs=1e-3)


def _small(d: dict) -> dict:
    """One hypothesis, 21 trigger frequencies: the normalisation does not depend on them."""
    d["hypotheses"] = d["hypotheses"][:1]
    d["atomic"]["photon_energies"]["points"] = 21
    return d


def test_yb_without_ls_mixing_uses_the_ls_value(yb):
    from expdesign.models.spec import load_shipped_target

    d = _small(_d("yb_renp"))
    tgt = load_shipped_target("yb").model_dump(mode="json", exclude_none=True)
    tgt["ls_mixing"] = []
    d["target"] = tgt
    plan = _plan(d)
    ratio = (yb.result("rate_normalisation").to("1/s").m
             / plan.result("rate_normalisation").to("1/s").m)
    r = (1.1e6 / 17992.007**3) / (1.830e8 / 25068.222**3)
    assert ratio == pytest.approx(1 / (1 + r), rel=1e-10)
    assert "neglected" in next(x for x in plan.results if x.key == "rate_normalisation").source


def _xe_norm(s2: float) -> float:
    """Gamma/I (1/s) of the shipped Xe example for a spin element s2, written out."""
    hbar = 6.582119569e-16  # eV s
    hbarc_cm = 1.973269804e-5  # eV cm
    GF = 1.1663788e-23  # eV^-2
    n = 1e21 * hbarc_cm**3
    V = math.pi * 1.7841**2 * 10 / hbarc_cm**3
    eps_pg = 8.4365
    A = hbar / 3.74e-9
    u = 1e13 / 2.99792458e10 / 1.602176634e-19 * hbarc_cm**3
    return (GF**2 / 2 * n**2 * V * 0.25 / (2 * math.pi) ** 2
            * 4 * s2 * (3 * math.pi * A / eps_pg**3) * 2 * u / 4) / hbar


def test_xe_example_plans_with_the_sourced_spin_element():
    """The target's spin element: LS 3P2 -> 3P1 = 1/6 per component (sum rule 2/3 minus
    the projection-theorem 1/2 of 3P2 -> 3P2) times the 3P1 fraction of 6s[3/2]_1,
    a^2 = 1/(1 + r), r = (A_147 / w_147^3) / (A_129.6 / w_129.6^3) from the lifetimes
    3.74 and 2.80 ns (Wilkinson & Hulburt 1965) and the NIST level energies."""
    plan = _plan(_d("xe_renp"))
    assert not any(v.name == "atomic RENP absolute rate" for v in plan.verdicts)
    eps = 67067.547 * CM_TO_EV
    assert plan.result("photon_endpoint").to("eV").m == pytest.approx(eps / 2, rel=1e-12)
    w1, w2 = 8.4365, 77185.041 * CM_TO_EV  # the target's energies of the two J = 1 levels
    r = (2.67e8 / w1**3) / (3.57e8 / w2**3)
    s2 = (1 / 6) / (1 + r)
    assert s2 == pytest.approx(0.0797, abs=2e-4)
    got = plan.result("rate_normalisation").to("1/s").m
    # A = 2.67e8 /s in the target is 1/3.74 ns rounded to 3 digits
    assert got == pytest.approx(_xe_norm(s2), rel=2e-3)
    assert all(e.status == "ok" for e in plan.exposures)
    assert any(d.name == "atomic RENP rate" for d in plan.distributions)


def test_xe_without_ls_mixing_is_not_evaluable():
    """Without the mixing (no sourced 3P1 fraction) the spin element is not derived from
    the Racah-notation terms: the rate stays not evaluable, nothing is assumed."""
    from expdesign.models.spec import load_shipped_target

    d = _small(_d("xe_renp"))
    tgt = load_shipped_target("xe").model_dump(mode="json", exclude_none=True)
    tgt["ls_mixing"] = []
    d["target"] = tgt
    plan = _plan(d)
    v = next(v for v in plan.verdicts if v.name == "atomic RENP absolute rate")
    assert v.status == "not evaluable"
    assert any("spin_matrix_element_sq" in m for m in v.missing)
    assert all(e.status == "not evaluable" for e in plan.exposures)


def test_xe_normalisation_by_hand_with_a_given_spin_element():
    """With atomic.spin_matrix_element_sq given (an illustrative 0.1, not a sourced value)
    the spec's value replaces the target's; the normalisation uses A = 1/(3.74 ns) of the
    147 nm line, written out in _xe_norm."""
    d = _d("xe_renp")
    d["atomic"]["spin_matrix_element_sq"] = 0.1
    plan = _plan(d)
    # A = 2.67e8 /s in the target is 1/3.74 ns rounded to 3 digits
    assert plan.result("rate_normalisation").to("1/s").m == pytest.approx(_xe_norm(0.1),
                                                                          rel=2e-3)
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
    assert "ASSUMED |rho_eg| = 0.5 (atomic.coherence" in text and "derived" in text
    assert yb.result("coherence_used").m == 0.5 and yb.result("coherence_derived").m < 1e-6


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


def test_xe_collisional_widths_reported_with_their_range():
    """Cedolin et al. 1996: 823 nm line 8.3e-22 MHz m^3, 828 nm 6.04e-21 MHz m^3.  At the
    example's 1e21 cm^-3 = 1e27 m^-3 (far outside the measured 4e21-2e24 m^-3): FWHM
    h x 8.3e5 MHz = 3.43 meV, warned as an extrapolation and as wider than the thresholds'
    spacing; at 1e17 cm^-3 inside the range: h x 83 MHz, no warning."""
    h_eVs = 4.135667696e-15
    plan = _plan(_small(_d("xe_renp")))
    w = plan.result("collisional_fwhm_p32_J2_s32_J2").to("eV").m
    assert w == pytest.approx(8.3e-22 * 1e27 * 1e6 * h_eVs, rel=1e-9)
    w2 = plan.result("collisional_fwhm_p12_J0_s32_J1").to("eV").m
    assert w2 == pytest.approx(6.04e-21 * 1e27 * 1e6 * h_eVs, rel=1e-9)
    assert any("extrapolated" in x and "p32_J2-s32_J2" in x for x in plan.warnings)
    assert any("not resolved" in x for x in plan.warnings)
    d = _small(_d("xe_renp"))
    d["overrides"]["number_density"] = "1e17 cm^-3"
    low = _plan(d)
    assert low.result("collisional_fwhm_p32_J2_s32_J2").to("eV").m == pytest.approx(
        8.3e-22 * 1e23 * 1e6 * h_eVs, rel=1e-9)
    assert not any("collisional" in x for x in low.warnings)


def test_mixed_virtual_pair_interferes_in_the_rate():
    """Yb: the rate at the trigger through the mixed 3P1 / 1P1 pair is (1 - D1/D2)^2 times
    the rate through 3P1 alone (the same spin element given as an override), D_k = E_pk -
    E_g - omega, energies of targets/yb.json; the reviewers' hand value 0.186 at 1.0712 eV."""
    cm = 1.239841984e-4  # eV per cm^-1
    d = _d("yb_renp")
    mixed = _plan(d)
    r = (1.1e6 / 17992.007**3) / (1.830e8 / 25068.222**3)
    d["atomic"]["spin_matrix_element_sq"] = 2 / 3 * (1 - r / (1 + r))
    alone = _plan(d)
    w = 1.0712
    d1, d2 = 17992.007 * cm - w, 25068.222 * cm - w
    ratio = mixed.result("rate_at_trigger").m / alone.result("rate_at_trigger").m
    assert ratio == pytest.approx((1 - d1 / d2) ** 2, rel=1e-9)
    assert ratio == pytest.approx(0.186, abs=1e-3)
    assert mixed.result("virtual_partner_factor_at_trigger").m == pytest.approx(ratio,
                                                                                 rel=1e-9)
    assert not alone.has_result("eps_p2g")
    assert any("spin_matrix_element_sq overrides" in a for a in alone.assumptions)
