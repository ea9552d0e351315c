"""Breit-Wills singlet-triplet mixing from two A-coefficients: limits, a synthetic mixing
angle, hand numbers for Xe and Yb, and the spin sum rule over the mixed pair."""

from __future__ import annotations

import math

import pytest

from expdesign.physics.atomic import singlet_fraction_from_rates, spin_sq_with_triplet_fraction
from expdesign.physics.atomic_renp import ls_spin_sq


def test_pure_ls_limit():
    # a pure 3P1 level does not radiate to 1S0: no singlet part
    assert singlet_fraction_from_rates(0.0, 2.0, 5.0, 3.0) == 0.0


def test_equal_levels_are_half_mixed():
    assert singlet_fraction_from_rates(7.0, 2.0, 7.0, 2.0) == pytest.approx(0.5, rel=1e-15)


@pytest.mark.parametrize("theta", [0.1, 0.4, math.pi / 4, 1.2])
def test_synthetic_mixing_angle_is_recovered(theta):
    """Level 1 = cos|3P1> + sin|1P1>, level 2 = -sin|3P1> + cos|1P1>: with one radial
    dipole d, A_i = omega_i^3 d^2 (singlet part)^2 / (3 pi)."""
    d2, w1, w2 = 0.37, 1.1, 1.6
    A1 = w1**3 * d2 * math.sin(theta) ** 2 / (3 * math.pi)
    A2 = w2**3 * d2 * math.cos(theta) ** 2 / (3 * math.pi)
    assert singlet_fraction_from_rates(A1, w1, A2, w2) == pytest.approx(
        math.sin(theta) ** 2, rel=1e-12)


def test_xe_hand_number():
    """Wilkinson & Hulburt 1965: tau(3P1-like, 147 nm) = 3.74 ns, tau(1P1-like, 129.6 nm)
    = 2.80 ns; NIST levels 68045.156 and 77185.041 cm^-1.  By hand:
    A1/A2 = 2.80/3.74 = 0.748663, (77185.041/68045.156)^3 = 1.134321^3 = 1.459512,
    r = 1.092683, b^2 = r/(1+r) = 0.522145."""
    b2 = singlet_fraction_from_rates(1 / 3.74e-9, 68045.156, 1 / 2.80e-9, 77185.041)
    assert b2 == pytest.approx(0.522145, abs=2e-6)


def test_yb_hand_number():
    """A(3P1) = 1.1e6 /s, A(1P1) = 1/5.464 ns; 17992.007 and 25068.222 cm^-1.  By hand:
    A1/A2 = 1.1e6 x 5.464e-9 = 6.0104e-3, (25068.222/17992.007)^3 = 1.393298^3 = 2.704779,
    r = 0.016257, b^2 = 0.015997 (|b| = 0.1265)."""
    b2 = singlet_fraction_from_rates(1.1e6, 17992.007, 1 / 5.464e-9, 25068.222)
    assert b2 == pytest.approx(0.015997, abs=2e-6)


def test_spin_strength_of_the_pair_is_the_ls_value():
    """S connects the triplet parts only: the two mixed levels share the LS strength,
    a^2 + b^2 = 1 (3P2 -> the 3P1-like and the 1P1-like level)."""
    ls = ls_spin_sq(1, 1, 2, 1)
    b2 = 0.3
    tot = spin_sq_with_triplet_fraction(ls, 1 - b2) + spin_sq_with_triplet_fraction(ls, b2)
    assert tot == pytest.approx(ls, rel=1e-14)
    # by hand: sum rule 3 sum_J' s^2 = S(S+1) = 2 over J' = 1, 2; projection theorem for
    # J' = J = 2: s^2 = c^2 J(J+1)/3 with c = (J(J+1)+S(S+1)-L(L+1))/(2J(J+1)) = 1/2 -> 1/2;
    # so 3P2 -> 3P1 is 2/3 - 1/2 = 1/6
    assert ls == pytest.approx(1 / 6, rel=1e-13)


@pytest.mark.parametrize("args", [(-1.0, 1.0, 1.0, 1.0), (1.0, 1.0, 0.0, 1.0),
                                  (1.0, 0.0, 1.0, 1.0)])
def test_bad_inputs_raise(args):
    with pytest.raises(ValueError):
        singlet_fraction_from_rates(*args)
    with pytest.raises(ValueError):
        spin_sq_with_triplet_fraction(1.0, 1.5)


def test_jj_coupling_limit_of_xe_6s():
    """Pure jK (jj) coupling of 5p5 6s: the J = 1 level with core j = 3/2 has the singlet
    fraction (2j+1)(2S+1){l s j; s J S}^2 = 4 x 1 x {1 1/2 3/2; 1/2 1 0}^2 = 2/3 (6j from
    the Racah module, independent of the mixing kernel).  With A built from it and one
    radial dipole, Breit-Wills returns it; the Xe value from the lifetimes (0.522) lies
    between pure LS (0) and pure jj (2/3)."""
    from expdesign.physics.atomic.racah import wigner_6j

    singlet = 4 * 1 * wigner_6j(1, 0.5, 1.5, 0.5, 1, 0) ** 2
    assert singlet == pytest.approx(2 / 3, rel=1e-14)
    w1, w2 = 68045.156, 77185.041
    b2 = singlet_fraction_from_rates(w1**3 * singlet, w1, w2**3 * (1 - singlet), w2)
    assert b2 == pytest.approx(2 / 3, rel=1e-12)
    xe = singlet_fraction_from_rates(1 / 3.74e-9, w1, 1 / 2.80e-9, w2)
    assert 0.0 < xe < 2 / 3
