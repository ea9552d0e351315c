"""Absolute numbers of whole plans, each derived by hand or by an independent route here.

* the RENP rate at phase matching (Q = 0), where the two-body phase space has a closed
  form and the mixing enters only through |U_ei|^2 (Dirac);
* the accumulated field at the sensor: time average of dM/dt = g - M/T1 and the on-axis
  field of a uniformly magnetized cylinder, with pint's mu_0;
* the magnetometer exposure for a 5 sigma signal: SNR = B sqrt(2 t)/S;
* the Ho RANP rate of seed 000 eq. (7) (the Planner's 'paper' normalisation) at the
  angle of largest M^2, with sum F_ij from the massless closed form.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from expdesign.io import load_spec
from expdesign.physics.constants import G_F_EV2
from expdesign.planner import Planner, PlannerSettings
from expdesign.units import Q_, ureg

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "schemas" / "examples"
HBAR_EV_S = (1 * ureg.hbar).to("eV*s").m
HBARC_EV_M = (1 * ureg.hbar * ureg.c).to("eV*m").m
MU0 = (1 * ureg.mu_0).to("T*m/A").m


def _tesla(q) -> float:
    """A field reported in nG (1 G <-> 1e-4 T for B), in T."""
    assert str(q.units) in ("nG", "nanogauss")
    return float(q.m) * 1e-13


def _pm_angle() -> float:
    """Eq. (28) angle (deg) for the Er scheme, by hand: cos = (w1^2 - w2^2 + ws^2)/(2 w1 ws)."""
    w1, w2, ws = 1.286, 1.1086, 0.805
    return math.degrees(math.acos((w1**2 - w2**2 + ws**2) / (2 * w1 * ws)))


def _g_rest(eps: float, mi: float, mj: float) -> float:
    """3D two-body integral at P = 0, by hand (eV^2): p2 = -p1, angular average of
    D = E1 E2 + p^2 - 2 (s.p)^2 is E1 E2 + p^2/3, and int p^2 dp/(E1 E2) delta(E1 + E2 - eps)
    = p/eps, so g = 4 pi p* (E1* E2* + p*^2/3)/eps."""
    lam = (eps**2 - (mi + mj) ** 2) * (eps**2 - (mi - mj) ** 2)
    p = math.sqrt(lam) / (2 * eps)
    e1 = (eps**2 + mi**2 - mj**2) / (2 * eps)
    return 4 * math.pi * p * (e1 * (eps - e1) + p**2 / 3) / eps


@pytest.fixture(scope="module")
def er_pm_plans():
    spec = load_spec(EX / "er_ylf_renp.json")
    th = _pm_angle()
    return {m: Planner(spec, PlannerSettings(model=m, angle_grid=(th, th + 0.01, 2))).run()
            for m in ("infinite", "finite")}


def test_renp_rate_at_phase_matching_by_hand(er_pm_plans):
    """Gamma = 2 G_F^2 n^2 V/(2 pi)^2 <|rho_ep|^2>/4 sum_ij |2 b_ij S|^2 2 g_ij(0) / hbar
    (rate normalisation of seed 001 eqs. 7, 12, 13 with the axial current 2 S, eq. 7's
    2 h_r x pair vertex replaced by the pair vertex on the Bloch rho_ep: h_r^2 |chi|^2 ->
    |rho_ep|^2 / 4, docs/planner.md "The coherence factor, derived"), with
    sum over |b_ij|^2 from |U_e1|^2 = c12^2 c13^2, |U_e2|^2 = s12^2 c13^2, |U_e3|^2 = s13^2
    (PDG 2018 set, NO, m1 = 10 meV).  <|rho_ep|^2> and |S_ep|^2 are the plan's reported
    atomic numbers; everything else is recomputed here."""
    osc = json.loads((ROOT / "expdesign" / "data" / "oscillation_sets.json").read_text())
    s = osc["pdg2018"]
    s12, s13 = s["sin2_theta12"], s["sin2_theta13"]
    ue2 = [(1 - s12) * (1 - s13), s12 * (1 - s13), s13]
    m1 = 0.01
    m = [m1, math.sqrt(m1**2 + s["dm2_21"]), math.sqrt(m1**2 + s["dm2_31_NO"])]
    eps = 2.3946 - 0.805  # eps_ep: |e> - |p> spacing at resonance (seed 001 eq. 25)
    plan = er_pm_plans["infinite"]
    assert plan.result("eps_ep").to("eV").m == pytest.approx(eps, rel=1e-4, abs=0)
    eps = plan.result("eps_ep").to("eV").m
    wsum = 0.0
    for i in range(3):
        for j in range(3):
            b2 = (ue2[i] - 0.5) ** 2 if i == j else ue2[i] * ue2[j]
            wsum += b2 * 2 * _g_rest(eps, m[i], m[j])
    n = Q_("1.4e19 cm^-3").to("m^-3").m * HBARC_EV_M**3  # eV^3
    V = math.pi * 0.01**2 * 0.02 / HBARC_EV_M**3  # eV^-3
    chi2 = plan.result("chi2_cycle_mean").m  # <|rho_ep|^2> (class average |<rho_ep>|^2)
    S2 = plan.result("S_ep_sq").m
    rate = (2 * G_F_EV2**2 * n**2 * V / (2 * math.pi) ** 2 * chi2 / 4 * 4 * S2 * wsum
            / HBAR_EV_S)
    d = plan.distribution("RENP rate", plan.hypotheses[0])
    assert d.y.q().to("1/s").m[0] == pytest.approx(rate, rel=1e-6, abs=0)
    # the default finite model: the same up to the finite-size correction (~4e-5) and
    # within its reported error
    fin = er_pm_plans["finite"].distribution("RENP rate", plan.hypotheses[0])
    rel = abs(fin.y.q().to("1/s").m[0] / rate - 1)
    assert 1e-6 < rel < 1e-4
    assert rel < er_pm_plans["finite"].result("phase_space_local_rel_error").m


def test_field_at_sensor_by_hand(er_pm_plans):
    """<B> = mu0 <M> k(z) with <M> = peak magnetization rate x T1 x duty (average of the
    ODE over one period) and k(z) = [(z+L/2)/sqrt((z+L/2)^2+R^2) - (z-L/2)/sqrt(...)]/2,
    the on-axis field of a uniformly magnetized cylinder (z = 1.5 cm, R = 1, L = 2 cm)."""
    plan = er_pm_plans["infinite"]
    z, R, L = 0.015, 0.01, 0.02
    k = ((z + L / 2) / math.hypot(z + L / 2, R) - (z - L / 2) / math.hypot(z - L / 2, R)) / 2
    assert k == pytest.approx((2.5 / math.sqrt(7.25) - 0.5 / math.sqrt(1.25)) / 2, rel=1e-15, abs=0)
    mdot = abs(plan.result("magnetization_rate_peak").to("A/m/s").m)
    t1 = plan.result("T1").to("s").m
    duty = plan.result("duty_fraction").m
    B = MU0 * mdot * t1 * duty * k  # T
    assert _tesla(plan.result("field_at_sensor_peak")) == pytest.approx(B, rel=1e-9, abs=0)


def test_signal_exposure_by_hand(er_pm_plans):
    """5 sigma when B sqrt(2 t)/S = 5 (one-sided ASD S = 1 fT/Hz^0.5): t = 12.5 (S/B)^2."""
    plan = er_pm_plans["infinite"]
    B = _tesla(plan.result("field_at_sensor_peak"))
    t = 12.5 * (1e-15 / B) ** 2
    got = plan.exposure("signal at 5 sigma").time
    assert got is not None
    assert got.to("s").m == pytest.approx(t, rel=1e-9, abs=0)


def test_ranp_rate_of_seed000_eq7_at_zero_angle_by_hand():
    """Ho3+:YLF example, NO Dirac 1 meV, theta = 0 (largest M^2): seed 000 eq. (7) as
    printed (the Planner's 'paper' normalisation), with the target's widths
    gamma_pe = gamma_p = 14.2/s (|p> lists one decay), gamma_e = 69.9/s, |q> = |e>, the
    trigger linewidth 100 Hz as 2 pi x 100/s, n = 1e17 cm^-3, V = pi 0.5642^2 x 1 cm^3,
    eta = 1, and sum F from the massless two-body integral: the spatial trace of
    int dPhi2 L^{mu nu} ~ P^mu P^nu - M^2 g^{mu nu} is E^2 + 2 M^2 (covariance), normalised
    to seed 000's 4 pi sum F = eps_eg^2/24 at M^2 -> 0; M^2(0) = (1 - r^2) eps_eg^2 (eq. 9,
    omega = omega_0).  The masses lower it by ~0.7 %: the (33) pair (weight
    (|U_e3|^2 - 1/2)^2 = 0.23 of 3/4, m3 = 50 meV, M^2 = 0.35 eV^2) loses 2 m3^2/M^2 = 1.5 %
    in its velocity factor beta and about 1 % in its bracket; hence rel = 1e-2."""
    spec = load_spec(EX / "ho_ylf_ranp.json")
    plan = Planner(spec, PlannerSettings(model="infinite", angle_grid=(0.0, 10.0, 3),
                                         ranp_model="paper")).run()
    eps_eg = plan.result("eps_eg").to("eV").m
    eps_pe = plan.result("eps_pe").to("eV").m
    assert eps_eg == pytest.approx((5152 - 0.1) * 1.2398419843320026e-4, rel=1e-6, abs=0)
    r = -0.3654
    M2 = (1 - r**2) * eps_eg**2
    sum_F = (eps_eg**2 + 2 * M2) / 24 / (4 * math.pi)
    g_pe = g_p = 14.2 * HBAR_EV_S
    g_e = 69.9 * HBAR_EV_S
    dw0 = 2 * math.pi * 100 * HBAR_EV_S
    hbarc_cm = HBARC_EV_M * 100
    n3V = (1e17) ** 3 * (math.pi * 0.5642**2 * 1.0) * hbarc_cm**6  # eV^6
    dgdo = (64 * math.pi**4 / 3 * G_F_EV2**2 * g_pe * g_pe
            / (math.sqrt(2 * g_e**2) * math.sqrt(g_p**2 + g_e**2 + dw0**2) * eps_pe**3)
            * n3V * 4 * math.pi * sum_F) / HBAR_EV_S
    d = plan.distribution("dGamma/dOmega", "NO Dirac 1 meV")
    assert d.x.values[0] == 0.0
    assert d.y.q().to("1/s/sr").m[0] == pytest.approx(dgdo, rel=1e-2, abs=0)
    assert d.y.q().to("1/s/sr").m[0] < dgdo  # the masses only remove phase space
