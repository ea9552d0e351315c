"""Key 'ours' values of rows_seed001_atomic against independent hand derivations."""

from __future__ import annotations

import math

import pytest

from expdesign.paper_check import rows_seed001_atomic as mod

HB = 6.582119569e-16  # eV s
ALPHA = 1 / 137.035999084
ME = 510998.95


def test_hand_values():
    v = mod.er_values()
    mub = math.sqrt(4 * math.pi * ALPHA) / (2 * ME)
    # eq. (42): 12 * 3 pi gamma / (mu_B^2 eps^3)
    s2 = 12 * 3 * math.pi * 49.43 * HB / (mub**2 * 1.5894**3)
    assert v["S_red"] == pytest.approx(math.sqrt(s2), rel=1e-6)
    assert v["S_red"] == pytest.approx(3.2309, rel=1e-4)
    # eq. (43)
    assert v["v_red"] == pytest.approx(math.sqrt(36 * 7.91 * HB / (4 * ALPHA * 1.5894)), rel=1e-6)
    # 3j^2 for (13/2 1 11/2; -3/2 1 1/2) = 7*8/(12*13*14) = 1/39 (Edmonds Table 2)
    assert v["S_ep_sq"] == pytest.approx(0.1547 * 0.2559 / 39 * s2, rel=1e-6)
    # derived h_r (docs/planner.md) = sqrt((d^2 + mu^2)/3) sqrt(I/2)/gamma with
    # d^2 + mu^2 = 3 pi (gMD + gED)/eps^3, I = 10 mW/cm^2 by hand:
    # 0.01 W/cm^2 * 6.241509e18 eV/J * 6.582120e-16 eV s * (1.973270e-5 eV cm)^2
    i10 = 0.01 * 6.241509074e18 * HB * 1.97326980e-5**2
    assert v["I10"] == pytest.approx(i10, rel=1e-6)
    h = (math.sqrt(math.pi * (24.82 + 2.46) * HB / 0.805**3) * math.sqrt(i10 / 2) / (57.3 * HB))
    assert v["h_r"] == pytest.approx(h, rel=1e-6)
    # seed 001 eq. (8) as printed: sqrt(pi/eps^3)(sqrt gMD + sqrt gED) sqrt(I)/gamma
    h8 = (math.sqrt(math.pi / 0.805**3) * (math.sqrt(24.82 * HB) + math.sqrt(2.46 * HB))
          * math.sqrt(i10) / (57.3 * HB))
    assert v["h_r_eq8"] == pytest.approx(h8, rel=1e-6)
    # 2 pi x 10 MHz = 2 pi 1e7 s^-1 angular
    assert v["h_r_10MHz"] == pytest.approx(h * 57.3 / (2 * math.pi * 1e7), rel=1e-6)
    assert v["tau_e_s"] == pytest.approx(1 / 591.68, rel=1e-6)


def test_rows_have_reasons_where_they_differ():
    for r in mod.rows():
        assert r.ours is not None
        if r.status == "differs":
            assert len(r.reason) > 20
