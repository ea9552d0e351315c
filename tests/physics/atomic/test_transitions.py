"""Tests of expdesign.physics.atomic.transitions: reduced elements from A-coefficients, h_r."""

from __future__ import annotations

import math

import pytest

from expdesign.physics import atomic as at
from expdesign.physics.constants import HBAR_EV_S as HBAR


# ------------------------------------------------------------------ reduced elements
def test_spin_reduced_element_hand_value():
    # hand: mu_B = sqrt(4 pi / 137.036) / (2 * 510999) = 2.96304e-7 eV^-1;
    # 12 * 3 pi * 49.43 * 6.5821e-16 / (2.96304e-7^2 * 1.5894^3) = 10.438
    s2 = at.spin_reduced_sq_from_md(49.43 * HBAR, 1.5894, 5.5)
    assert at.MU_B_EV == pytest.approx(2.96304e-7, rel=1e-5)
    assert s2 == pytest.approx(10.438, rel=1e-3)


def test_velocity_reduced_element_hand_value():
    # 12 * 3 * 7.91 * 6.5821e-16 / (4 / 137.036 * 1.5894) = 4.0400e-12
    v2 = at.velocity_reduced_sq_from_ed(7.91 * HBAR, 1.5894, 5.5)
    assert v2 == pytest.approx(4.0400e-12, rel=1e-3)


def test_md_moment_consistency():
    # the M1 moment from the A coefficient equals mu_B^2 |<||S||>|^2/(2J+1)
    g, e = 3e-14, 1.2
    assert at.dipole_moment_sq(g, e) == pytest.approx(
        at.MU_B_EV**2 * at.spin_reduced_sq_from_md(g, e, 5.5) / 12, rel=1e-12)


def test_velocity_over_spin_closed_form():
    # v/S = eps/(2 m_e) sqrt(gED/gMD); Table 1 row 4I13/2 -> 4I15/2 by hand:
    # 0.805/1021998 * sqrt(2.46/24.82) = 2.480e-7
    r = at.velocity_over_spin_ratio(24.82, 2.46, 0.805)
    assert r == pytest.approx(2.480e-7, rel=1e-3)
    assert r == pytest.approx(0.805 / (2 * at.M_E_EV) * math.sqrt(2.46 / 24.82), rel=1e-12)


def test_lifetime():
    assert at.lifetime_from_rates([1.0, 3.0]) == 0.25
    with pytest.raises(ValueError, match='rates must be >='):
        at.lifetime_from_rates([0.0])


# ------------------------------------------------------------------ h_r
def test_trigger_factor_hand_value():
    # derived (docs/planner.md): sqrt(pi/0.805^3) = 2.4559; sqrt((24.82 + 2.46) hb) =
    # sqrt(1.79560e-14) = 1.34000e-7; sqrt(1.5997e-8 / 2) = 8.9434e-5;
    # 2.4559 x 1.34000e-7 x 8.9434e-5 / (57.3 hb = 3.77155e-14) = 780.4
    h = at.trigger_factor_hr(0.805, 24.82 * HBAR, 2.46 * HBAR, 1.5997e-8, 57.3 * HBAR)
    assert h == pytest.approx(780.4, rel=2e-3)
    # seed 001 eq. (8) as printed: sqrt(24.82 hb) + sqrt(2.46 hb) = 1.6807e-7;
    # sqrt(1.5997e-8) = 1.26480e-4 -> 2.4559 x 1.6807e-7 x 1.26480e-4 / 3.77155e-14 = 1383
    h8 = at.trigger_factor_hr(0.805, 24.82 * HBAR, 2.46 * HBAR, 1.5997e-8, 57.3 * HBAR,
                              field="rms", combine="coherent")
    assert h8 == pytest.approx(1383, rel=2e-3)


def test_trigger_factor_scaling():
    h1 = at.trigger_factor_hr(1.0, 1e-14, 0.0, 1e-8, 1e-13)
    assert at.trigger_factor_hr(1.0, 1e-14, 0.0, 4e-8, 1e-13) == pytest.approx(2 * h1)
    assert at.trigger_factor_hr(1.0, 1e-14, 0.0, 1e-8, 2e-13) == pytest.approx(h1 / 2)
    # equals |mu| sqrt(I/3) sqrt(1/2) / gamma: the RWA coupling mu E_0 / 2, E_0 = sqrt(2 I)
    mu = math.sqrt(at.dipole_moment_sq(1e-14, 1.0))
    assert h1 == pytest.approx(mu * math.sqrt(1e-8 / 3) / math.sqrt(2) / 1e-13, rel=1e-12)
    # one multipole: the two combinations agree; the rms field is sqrt 2 larger
    assert at.trigger_factor_hr(1.0, 1e-14, 0.0, 1e-8, 1e-13, combine="coherent") == \
        pytest.approx(h1, rel=1e-12)
    assert at.trigger_factor_hr(1.0, 1e-14, 0.0, 1e-8, 1e-13, field="rms") == \
        pytest.approx(math.sqrt(2) * h1, rel=1e-12)


@pytest.mark.parametrize("kw", [{"field": "mean"}, {"combine": "sum"}])
def test_trigger_factor_rejects_unknown_convention(kw):
    with pytest.raises(ValueError, match="must be"):
        at.trigger_factor_hr(1.0, 1e-14, 0.0, 1e-8, 1e-13, **kw)
