"""Exposures, overrides and c-axis cases through the Planner, each against a route that
does not go through the code under test (hand formulas on the plan's own distributions, or
a derived invariant)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from expdesign.io import load_spec_dict
from expdesign.planner import Planner, PlannerSettings

EX = Path(__file__).resolve().parents[1] / "schemas" / "examples"
PM_DEG = 58.79117265533136  # eq. (28): Q = 0
GRID = (PM_DEG, PM_DEG + 60.0, 2)  # phase matching and 118.8 deg
ASD = 1e-15  # T/Hz^0.5, the example's magnetometer


def _er(**changes):
    d = json.loads((EX / "er_ylf_renp.json").read_text())
    for path, value in changes.items():
        node = d
        keys = path.split(".")
        for k in keys[:-1]:
            node = node.setdefault(k, {})
        node[keys[-1]] = value
    return d


def _plan(d, **kw):
    kw.setdefault("model", "infinite")
    kw.setdefault("angle_grid", GRID)
    return Planner(load_spec_dict(d, base_dir=EX), PlannerSettings(**kw)).run()


def _field_T(plan, hyp: str) -> np.ndarray:
    d = plan.distribution("field at sensor", hyp)
    assert str(d.y.unit) in ("nG", "nanogauss")
    return np.asarray(d.y.values) * 1e-13


@pytest.fixture(scope="module")
def er_plan():
    return _plan(_er())


@pytest.mark.parametrize("question, k", [("Dirac vs Majorana at 5 sigma", 2),
                                          ("lightest mass at 5 sigma", 3),
                                          ("NO vs IO at 5 sigma", 1)])
def test_discrimination_exposure_by_hand(er_plan, question, k):
    """Magnetometer white noise (one-sided ASD S): per angle Delta chi^2/t = 2 (dB)^2/S^2
    (SNR = B sqrt(2t)/S); angles one after another with equal time, so the 5 sigma time is
    25 / mean_i(2 dB_i^2/S^2), dB from the plan's field distributions."""
    hyps = er_plan.hypotheses
    dB = _field_T(er_plan, hyps[k]) - _field_T(er_plan, hyps[0])
    t = 25.0 / np.mean(2 * dB**2 / ASD**2)
    e = er_plan.exposure(question)
    assert e.against == hyps[k]
    assert e.time is not None and e.time.to("s").m == pytest.approx(t, rel=1e-9, abs=0)


def test_lightest_mass_interval_exposure_from_two_discriminations():
    """The 1 sigma interval +-delta (5 meV at 10 meV) closes when Delta chi^2 = 1 at both
    m0 - delta and m0 + delta: t = max(t_5sigma(5 meV), t_5sigma(15 meV))/25, the
    discrimination times of a plan whose alternatives are those two masses."""
    hyps = [{"name": "truth", "lightest_mass": "10 meV"},
            {"name": "lo", "lightest_mass": "5 meV"},
            {"name": "hi", "lightest_mass": "15 meV"}]
    plan = _plan(_er(hypotheses=hyps))
    t5 = [e.time.to("s").m for e in plan.exposures
          if e.question == "lightest mass at 5 sigma" and e.time is not None]
    assert len(t5) == 2
    res = next(e for e in plan.exposures if e.question.startswith("lightest mass to +-5"))
    assert res.time is not None
    assert res.time.to("s").m == pytest.approx(max(t5) / 25.0, rel=1e-9, abs=0)


def test_gamma_ep_override_scales_rate_as_inverse_square():
    """h_r = sqrt(pi (A_MD + A_ED)/(2 eps^3)) sqrt(I)/gamma_ep (docs/planner.md), so
    doubling gamma_ep halves h_r and quarters the rate; the plan states the override.
    Radiative widths: no inhomogeneous line, so |chi|^2 is the central ion's in both (with
    a line, the class average's resonance factors depend on gamma_ep too, issue 16).
    Seed 001's coherence factor h_r^2 |chi|^2; the derived one takes gamma_ep in the Bloch
    engine (tests/planner/test_coherence_factor.py)."""
    base = _plan(_er(), widths="radiative", coherence_factor="paper")
    g0 = base.result("gamma_ep").to("1/s").m
    over = _plan(_er(**{"overrides.gamma_ep": f"{2 * g0} 1/s"}), widths="radiative",
                 coherence_factor="paper")
    r = next(x for x in over.results if x.key == "gamma_ep")
    assert r.value.to("1/s").m == pytest.approx(2 * g0, rel=1e-12, abs=0)
    assert "override" in r.source
    assert over.result("h_r").m == pytest.approx(base.result("h_r").m / 2, rel=1e-12, abs=0)
    h = base.hypotheses[0]
    ratio = (over.distribution("RENP rate", h).y.q().m
             / base.distribution("RENP rate", h).y.q().m)
    np.testing.assert_allclose(ratio, 0.25, rtol=1e-9)


def test_dephasing_override_lowers_coherence_and_rate_follows_it():
    """A dephasing rate of the coherences (Bloch step) lowers <|chi|^2> and widens the e-p
    coherence in h_r (docs/coherence.md: gamma_ep = 2/T2 with gamma_phi); the rate is
    <|rho_ep|^2>/4 times the phase-space kernels (derived coherence factor, docs/planner.md;
    h_r enters no rate), so rate / <|chi|^2> does not change."""
    base = _plan(_er())
    deph = _plan(_er(**{"overrides.dephasing_rate": "1e6 1/s"}))
    c0, c1 = base.result("chi2_cycle_mean").m, deph.result("chi2_cycle_mean").m
    assert c1 < 0.5 * c0
    h0, h1 = base.result("h_r").m, deph.result("h_r").m
    assert h1 < h0
    h = base.hypotheses[0]
    r0 = base.distribution("RENP rate", h).y.q().m / c0
    r1 = deph.distribution("RENP rate", h).y.q().m / c1
    np.testing.assert_allclose(r1, r0, rtol=1e-9)


@pytest.mark.parametrize("geometry", [
    {"c_axis": "in_laser_plane", "c_axis_angle": "40 deg"},
    {"c_axis": "normal_to_plane"},
])
def test_c_axis_cases_2_and_3_through_the_planner(er_plan, geometry):
    """At Q = 0 (phase matching) the pair is at rest and the phase space is isotropic:
    the angular average of (s.p)^2 is tr(T)/3 for any orientation tensor, so the rate equals
    case 1's there; at 118.8 deg (Q != 0) the orientation matters."""
    d = _er()
    d["geometry"].update(geometry)
    plan = _plan(d)
    h = plan.hypotheses[0]
    r = plan.distribution("RENP rate", h).y.q().m
    r1 = er_plan.distribution("RENP rate", h).y.q().m
    assert np.all(np.isfinite(r)) and np.all(r > 0)
    # (the example's theta_e = 141.61 deg is 0.003 deg off eq. 29, so |Q| ~ 1e-4 eV there
    # and the orientation enters at O(Q^2/eps^2) ~ 1e-9)
    assert r[0] == pytest.approx(r1[0], rel=1e-8, abs=0)
    assert abs(r[1] / r1[1] - 1) > 1e-3
