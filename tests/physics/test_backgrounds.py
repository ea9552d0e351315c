"""Tests of the background checks: verdict logic, brute-force phase-space integrals."""

from __future__ import annotations

import math

import numpy as np
import pytest

from expdesign.physics import backgrounds as bg
from expdesign.physics import kinematics


def test_mcq2():
    # hand: omega0 = 0.3, eps_eg = 1.0 -> r_res = -0.4
    assert bg.mcq2_resonant_r(0.3, 1.0) == pytest.approx(-0.4)
    assert bg.mcq2_check(-0.4 + 1e-5, 0.3, 1.0).verdict == "fail"
    assert bg.mcq2_check(-0.365, 0.3, 1.0).verdict == "pass"
    r = bg.mcq2_check(None, 0.3, 1.0)
    assert r.verdict == "not evaluable" and r.missing == ("r",)


def test_mcq3():
    assert bg.mcq3_check(np.array([1e-4, 3e-3])).verdict == "pass"
    res = bg.mcq3_check(np.array([1e-4, -1e-6, 2.0]))
    assert res.verdict == "fail" and res.numbers["min_M2"] == -1e-6
    assert bg.mcq3_check(None).verdict == "not evaluable"


def test_mcq4():
    # seed 000 Xe numbers: 3.1e-22 vs 2.3e-49 -> fail; Ho: I_2gamma = 0 -> pass
    assert bg.mcq4_check(3.1e-22, 2.3e-49).verdict == "fail"
    assert bg.mcq4_check(0.0, 2.3e-49).verdict == "pass"
    r = bg.mcq4_check(None, 2.3e-49)
    assert r.verdict == "not evaluable" and r.missing == ("i_2gamma",)


def test_two_photon_closure_er_scheme_passes():
    # eq. (28)-(29) angles make k1 + k2 - ks = 0 (hand: threshold geometry), far from
    # |Q| = n_r eps_ep = 2.30 eV
    th_s = math.acos((1.286**2 - 1.1086**2 + 0.805**2) / (2 * 1.286 * 0.805))
    th_e = math.acos(-(1.286**2 + 1.1086**2 - 0.805**2) / (2 * 1.286 * 1.1086))
    k = kinematics.inplane_photon_vectors(1.286, 1.1086, 0.805, th_e, th_s)
    r = bg.two_photon_closure_check(*k, 1.5894, 1.45, 5.07e4, 2.53e4)
    assert r.numbers["Q"] < 1e-9
    assert r.verdict == "pass"
    assert r.numbers["finite_size_suppression"] < 1e-8


def test_two_photon_closure_fails_when_closable():
    # collinear: k1 = 2 eV along z, ks = 0.4 eV along z -> |Q| = 1.6 = eps_ep (n_r = 1)
    k1 = np.array([0, 0, 2.0])
    r = bg.two_photon_closure_check(k1, np.zeros(3), np.array([0, 0, 0.4]), 1.6)
    assert r.verdict == "fail"
    assert bg.two_photon_closure_check(None, None, None, 1.6).verdict == "not evaluable"


def test_three_photon():
    assert bg.three_photon_check(None, True).verdict == "not evaluable"
    assert bg.three_photon_check(150.0, True).verdict == "pass"
    assert bg.three_photon_check(150.0, False).verdict == "fail"
    assert bg.three_photon_check(10.0, True).verdict == "fail"


def test_dirichlet_integral_brute_force():
    val, err = bg.dirichlet_cubic_integral()
    assert val == pytest.approx(1 / 184800, rel=1e-12)
    assert bg.dirichlet_cubic_closed_form() == pytest.approx(1 / 184800, rel=1e-15)
    # independent Monte-Carlo-free check: Beta functions B(4,4) B(8,4) = 1/140 * 1/1320
    assert val == pytest.approx((1 / 140) * (1 / 1320), rel=1e-12)
    assert err < 1e-15


def test_pair_phase_space():
    eps = 1.5894
    val, _ = bg.pair_phase_space_integral(eps)
    # hand: int E1^2 E2^2 delta = eps^5/30, times 16 pi^2/(32 pi^5) = eps^5/(60 pi^3)
    assert val == pytest.approx(eps**5 / (60 * math.pi**3), rel=1e-12)
    assert bg.pair_phase_space_closed_form(eps) == pytest.approx(val, rel=1e-12)


def test_four_photon_ratio_hand():
    # (8/27)(15/2)/((2 pi)^2 184800) = 3.046e-7 at Delta = eps
    assert bg.four_photon_phase_space_ratio(1.0) == pytest.approx(3.046e-7, rel=1e-3)
    assert bg.four_photon_phase_space_ratio(2.0, 1.0, 1.0) == pytest.approx(
        64 * 3.046e-7, rel=1e-3)
    assert bg.four_photon_check(1.59, None).verdict == "not evaluable"
    r = bg.four_photon_check(1.0, 1e-16)
    assert r.verdict == "pass" and r.numbers["rate_ratio"] < 1


def test_e1_leakage():
    r = bg.e1_leakage_check(2.0, 3.0)
    assert r.numbers["events_per_lifetime"] == 6.0 and r.verdict == "pass"
    assert bg.e1_leakage_check(0.1, 3.0).verdict == "fail"
    assert bg.e1_leakage_check(None, 3.0).missing == ("gamma_renp",)
