"""RENP_ATOMIC under every phase-space model (planner/atomic_cell.py): what each computes
for the gas, the cell's threshold smear against its closed form, and the Doppler average
against a brute-force Gaussian integral written here."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate, optimize

from expdesign.io import load_spec_dict
from expdesign.physics import atomic_renp as ar
from expdesign.planner import Planner, PlannerSettings
from expdesign.planner.context import hypothesis_couplings

EX = Path(__file__).resolve().parents[2] / "schemas" / "examples"
CM_TO_EV = 6.62607015e-34 * 299792458.0 / 1.602176634e-19 * 100  # h c, eV cm (exact SI)
HBARC_CM = 1.973269804e-5  # eV cm
EPS = 17288.439 * CM_TO_EV  # Yb 3P0 (eV)
EPS_PG = (17288.439 + 703.568) * CM_TO_EV  # Yb 3P1 (eV)
EPS_P2G = 25068.222 * CM_TO_EV  # Yb 1P1, the mixed partner of 3P1 (targets/yb.json)


def _yb(points: tuple[float, float, int], **edit) -> dict:
    d = json.loads((EX / "yb_renp.json").read_text())
    d["hypotheses"] = d["hypotheses"][:1]  # NO Majorana 20 meV
    d["atomic"]["photon_energies"] = {"start": f"{points[0]!r} eV", "stop": f"{points[1]!r} eV",
                                      "points": points[2]}
    del d["atomic"]["coherence"]  # shape only: no rate, no exposures (fast)
    d.update(edit)
    return d


def _plan(d: dict, model: str):
    st = PlannerSettings(model=model, workers=1, phase_space_error=False)
    return Planner(load_spec_dict(d, base_dir=EX), st).run()


def _shape(plan) -> np.ndarray:
    dist = next(x for x in plan.distributions if x.name == "atomic RENP spectral function")
    return np.asarray(dist.y.values, dtype=float)


def test_every_model_plans_the_gas_and_says_what_it_is():
    """'infinite' and 'inplane' give the infinite-medium spectrum (atomic_renp.spectral_
    function at the Plan's photon energies); 'finite' and 'finite-3d' the cell (L = 10 cm):
    within 2e-3 of it 1.4 meV below the (11) threshold, a 1/L tail beyond the endpoint where
    the infinite medium has none, and the two rules within 3e-4 of each other."""
    w = np.array([1.0700, 1.07088, 1.07176])  # allowed x 2, beyond the endpoint
    d = _yb((float(w[0]), float(w[-1]), 3))
    plans = {m: _plan(d, m) for m in ("infinite", "inplane", "finite", "finite-3d")}
    grid = np.asarray(next(x for x in plans["finite"].distributions
                           if x.name == "atomic RENP spectral function").x.values, dtype=float)
    np.testing.assert_allclose(grid, w, rtol=1e-12)
    spec = load_spec_dict(d, base_dir=EX)
    b, _, m = hypothesis_couplings(spec.hypotheses[0])
    ref = ar.spectral_function(grid, EPS, EPS_PG, m, b, True, eps_p2g=EPS_P2G)
    for model in ("infinite", "inplane"):
        np.testing.assert_allclose(_shape(plans[model]), ref, rtol=1e-6)
        text = " ".join(plans[model].assumptions)
        assert f"phase-space model '{model}'" in text
        assert "infinite medium" in text.replace("-", " ")
    fin, f3d = _shape(plans["finite"]), _shape(plans["finite-3d"])
    assert abs(fin[0] / ref[0] - 1) < 2e-3 and abs(f3d[0] / ref[0] - 1) < 2e-3
    assert ref[2] == 0.0 and fin[2] > 1e-4 * ref[0] and f3d[2] > 1e-4 * ref[0]
    np.testing.assert_allclose(f3d, fin, rtol=3e-4)
    for model in ("finite", "finite-3d"):
        assert "the finite cell" in " ".join(plans[model].assumptions)


def test_cell_smear_in_the_plan_by_hand_and_the_short_cell_warning():
    """cell_threshold_smear_fwhm = (omega_end/eps_eg) 4 x_h/L (p_eg = 0, trigger on the
    axis; sin(x_h)/x_h = 1/sqrt 2); a 1 mm cell smears the thresholds of the 20 meV
    hypothesis (>= 3.4e-5 eV apart) over 2.7e-4 eV and the Plan warns."""
    x_h = optimize.brentq(lambda x: math.sin(x) / x - 1 / math.sqrt(2), 0.5, 2.0, xtol=1e-14)
    plan = _plan(_yb((1.0700, 1.0713, 2)), "infinite")
    L = 10.0 / HBARC_CM
    want = 0.5 * 4 * x_h / L  # omega_end / eps_eg = 1/2 for p_eg = 0
    assert plan.result("cell_threshold_smear_fwhm").to("eV").m == pytest.approx(want, rel=1e-6)
    assert plan.result("cell_momentum_spread").to("eV").m == pytest.approx(1 / L, rel=1e-9)
    assert not any("not resolved in this cell" in x for x in plan.warnings)
    short = _plan(_yb((1.0700, 1.0713, 2), geometry={"radius": "0.5 mm", "length": "1 mm"}),
                  "infinite")
    assert short.result("cell_smear_over_threshold_gap").m > 1
    assert any("not resolved in this cell" in x and "infinite-medium spectrum does not show"
               in x for x in short.warnings)


def test_doppler_average_against_brute_force_gaussian_integral():
    """60/40 excitation photons (p_eg = 0.2 eps_eg, trigger along the larger photon) at
    2000 K: the Plan's spectrum is the spectrum at released energy Omega averaged over a
    Gaussian of FWHM p_eg sqrt(8 ln2 kT/M) (k_B, u and the Yb mass written here), integrated
    here by scipy.quad with a break at the threshold crossing, at -4, -2 and 0 smear widths
    from the (33) threshold (1e-9 of the spectrum; the (33) edge is a small part of it).  At
    the threshold the smear's own effect (average minus the unsmeared spectrum) agrees to
    1e-4."""
    p = 0.2 * EPS
    v = math.sqrt(8 * math.log(2) * 8.617333262e-5 * 2000.0 / (173.045 * 931.49410242e6))
    fwhm = p * v
    sig = fwhm / math.sqrt(8 * math.log(2))
    lasers = json.loads((EX / "yb_renp.json").read_text())["lasers"]
    lasers["lasers"][0]["photon_energy"] = f"{0.6 * EPS!r} eV"
    lasers["lasers"][1]["photon_energy"] = f"{0.4 * EPS!r} eV"
    spec = load_spec_dict(_yb((1.0, 1.1, 2)), base_dir=EX)
    b, _, m = hypothesis_couplings(spec.hypotheses[0])
    w33 = float(ar.threshold_omega(2 * m[2], EPS, p, 1.0))
    h = 1e-6  # d omega_33 / d Omega by a central difference
    s_w = float(ar.threshold_omega(2 * m[2], EPS + h, p, 1.0)
                - ar.threshold_omega(2 * m[2], EPS - h, p, 1.0)) / (2 * h)
    offs = np.array([-4.0, -2.0, 0.0])
    w = w33 + offs * s_w * fwhm
    d = _yb((float(w[0]), float(w[-1]), 3), lasers=lasers, temperature="2000 K")
    plan = _plan(d, "infinite")
    # the Plan quotes the smear at the endpoint (massless pair)
    s_end = float(ar.threshold_omega(0.0, EPS + h, p, 1.0)
                  - ar.threshold_omega(0.0, EPS - h, p, 1.0)) / (2 * h)
    assert plan.result("doppler_threshold_smear_fwhm").to("eV").m == pytest.approx(
        s_end * fwhm, rel=1e-6)
    got = _shape(plan)
    cold = _shape(_plan(_yb((float(w[0]), float(w[-1]), 3), lasers=lasers), "infinite"))
    grid = np.asarray(next(x for x in plan.distributions
                           if x.name == "atomic RENP spectral function").x.values, dtype=float)
    for k, wk in enumerate(grid):
        # the (33) pair opens where threshold_omega(2 m3; Omega) = wk
        u33 = optimize.brentq(lambda u, wk=wk: float(ar.threshold_omega(2 * m[2], EPS + u, p,
                                                                        1.0)) - wk,
                              -20 * sig, 20 * sig)

        def f(u, wk=wk):
            return math.exp(-u * u / (2 * sig * sig)) / (math.sqrt(2 * math.pi) * sig) * float(
                ar.spectral_function([wk], EPS + u, EPS_PG, m, b, True, p, 1.0,
                                      eps_p2g=EPS_P2G)[0])

        ref = integrate.quad(f, -10 * sig, 10 * sig, points=[u33], limit=200, epsabs=0,
                             epsrel=1e-12)[0]
        assert got[k] == pytest.approx(ref, rel=1e-9)
        if k == 2:  # at the threshold: the smear itself, against the brute force
            assert abs(ref - cold[k]) > 1e-8 * ref
            assert got[k] - cold[k] == pytest.approx(ref - cold[k], rel=1e-4)
