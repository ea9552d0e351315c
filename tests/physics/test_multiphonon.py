"""Energy-gap law and phonon order against hand-computed values."""

from __future__ import annotations

import math

import pytest

from expdesign.physics.constants import HC_EV_CM
from expdesign.physics.multiphonon import energy_gap_rate, is_quenched, phonon_order


def test_energy_gap_rate_hand_value() -> None:
    # hand: C = 1e8 /s, alpha = 5e-3 cm, gap 2000 cm^-1 -> 1e8 * e^-10 = 4539.99 /s
    alpha_per_ev = 5e-3 / HC_EV_CM
    gap_ev = 2000 * HC_EV_CM
    assert energy_gap_rate(gap_ev, 1e8, alpha_per_ev) == pytest.approx(4539.993, rel=1e-6)
    # zero gap gives C; each extra 1/alpha of gap divides by e
    assert energy_gap_rate(0.0, 3.0, alpha_per_ev) == 3.0
    r1 = energy_gap_rate(gap_ev, 1.0, alpha_per_ev)
    r2 = energy_gap_rate(gap_ev + 1 / alpha_per_ev, 1.0, alpha_per_ev)
    assert r1 / r2 == pytest.approx(math.e)


def test_phonon_order_and_quench() -> None:
    # 2H11/2 - 4S3/2 of Er:LaF3 is ~700 cm^-1: two 350 cm^-1 phonons
    assert phonon_order(700 * HC_EV_CM, 350 * HC_EV_CM) == pytest.approx(2.0)
    assert is_quenched(700 * HC_EV_CM, 350 * HC_EV_CM)
    assert not is_quenched(3000 * HC_EV_CM, 350 * HC_EV_CM)  # 8.6 phonons
    assert is_quenched(1700 * HC_EV_CM, 350 * HC_EV_CM)  # 4.86 < 5
    assert not is_quenched(1750 * HC_EV_CM, 350 * HC_EV_CM)  # exactly 5: not below
    with pytest.raises(ValueError):
        phonon_order(1.0, 0.0)
    with pytest.raises(ValueError):
        energy_gap_rate(-1.0, 1.0, 1.0)
