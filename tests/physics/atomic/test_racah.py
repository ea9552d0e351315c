"""6j symbols and LS reduced elements (expdesign.physics.atomic.racah).

Checked against hand values, the orthogonality relation, the symmetries of the 6j symbol,
the Condon-Shortley closed forms (derived independently of the 6j route) and the sum rule
``sum_J' |<J||V||J'>|^2 = (2J+1) <V.V>`` for V = S and V = L + 2S.
"""

from __future__ import annotations

import itertools
import math

import pytest

from expdesign.physics.atomic.racah import (
    lande_g,
    m1_rate,
    m1_reduced_ls,
    spin_reduced_ls,
    spin_reduced_ls_closed,
    wigner_6j,
)
from expdesign.physics.constants import HBAR_EV_S


def test_6j_hand_values() -> None:
    # {1 1 1; 1 1 1} = 1/6 and {2 2 2; 2 2 2} = -3/70 (Edmonds Table 5 / direct sum)
    assert wigner_6j(1, 1, 1, 1, 1, 1) == pytest.approx(1 / 6)
    assert wigner_6j(2, 2, 2, 2, 2, 2) == pytest.approx(-3 / 70)
    # {a b c; 0 c b} = (-1)^(a+b+c) / sqrt((2b+1)(2c+1))  (Edmonds eq. 6.3.2)
    for a, b, c in [(1, 1.5, 0.5), (2, 3, 4), (0.5, 3.5, 4), (3, 3, 3)]:
        expect = (-1) ** round(a + b + c) / math.sqrt((2 * b + 1) * (2 * c + 1))
        assert wigner_6j(a, b, c, 0, c, b) == pytest.approx(expect)
    assert wigner_6j(1, 1, 3, 1, 1, 1) == 0.0  # triangle (1 1 3) fails


def test_6j_symmetries() -> None:
    args = (1.5, 7.5, 6, 6.5, 1.5, 1)
    ref = wigner_6j(*args)
    assert ref != 0.0
    a = args
    cols = [(a[0], a[3]), (a[1], a[4]), (a[2], a[5])]
    for perm in itertools.permutations(range(3)):
        c = [cols[i] for i in perm]
        assert wigner_6j(c[0][0], c[1][0], c[2][0], c[0][1], c[1][1], c[2][1]) == \
            pytest.approx(ref)
    # upper/lower exchange in two columns
    assert wigner_6j(a[3], a[4], a[2], a[0], a[1], a[5]) == pytest.approx(ref)


@pytest.mark.parametrize("a,b,c,d", [(1.5, 6, 1.5, 6), (2, 3, 1, 4), (2.5, 5, 1.5, 3)])
def test_6j_orthogonality(a: float, b: float, c: float, d: float) -> None:
    fs = [f / 2 for f in range(0, 30)]
    for f, fp in itertools.product(fs, fs):
        tot = 0.0
        for tx in range(0, 40):
            x = tx / 2
            tot += (2 * x + 1) * (2 * f + 1) * wigner_6j(a, b, x, c, d, f) * \
                wigner_6j(a, b, x, c, d, fp)
        allowed = (abs(a - d) <= f <= a + d and abs(b - c) <= f <= b + c
                   and (a + d + f) % 1 == 0 and (b + c + f) % 1 == 0)
        expect = 1.0 if (f == fp and allowed) else 0.0
        assert tot == pytest.approx(expect, abs=1e-12)


TERMS = [(1.5, 6), (0.5, 5), (2, 6), (0.5, 3), (3.5, 0), (3, 3), (2.5, 5), (1, 5), (2, 2)]


@pytest.mark.parametrize("s,l", TERMS)
def test_spin_element_matches_closed_forms(s: float, l: float) -> None:
    js = [abs(l - s) + k for k in range(int(round(2 * min(l, s))) + 1)]
    for j, jp in itertools.product(js, js):
        six = abs(spin_reduced_ls(s, l, j, jp))
        closed = spin_reduced_ls_closed(s, l, j, jp)
        assert six == pytest.approx(closed, abs=1e-12), (s, l, j, jp)
        assert abs(spin_reduced_ls(s, l, jp, j)) == pytest.approx(six, abs=1e-12)


@pytest.mark.parametrize("s,l", TERMS)
def test_sum_rules(s: float, l: float) -> None:
    js = [abs(l - s) + k for k in range(int(round(2 * min(l, s))) + 1)]
    for j in js:
        spin = sum(spin_reduced_ls(s, l, j, jp) ** 2 for jp in js)
        assert spin == pytest.approx((2 * j + 1) * s * (s + 1))
        ls = (j * (j + 1) - l * (l + 1) - s * (s + 1)) / 2
        mag = sum(m1_reduced_ls(s, l, j, jp) ** 2 for jp in js)
        assert mag == pytest.approx((2 * j + 1) * (l * (l + 1) + 4 * s * (s + 1) + 4 * ls))


def test_diagonal_is_lande() -> None:
    # 4I15/2 of Er3+: g_J = 6/5 (Condon & Shortley), element g_J sqrt(J(J+1)(2J+1))
    assert lande_g(1.5, 6, 7.5) == pytest.approx(1.2)
    assert m1_reduced_ls(1.5, 6, 7.5, 7.5) == pytest.approx(1.2 * math.sqrt(7.5 * 8.5 * 16))
    assert m1_reduced_ls(0, 3, 3, 3) == pytest.approx(math.sqrt(3 * 4 * 7))  # g = 1


def test_er_4i13_to_4i15_hand_number() -> None:
    # |<4I15/2||S||4I13/2>|^2 = (7.5^2 - 4.5^2)(8.5^2 - 7.5^2)/30 = 36*16/30 = 19.2
    assert m1_reduced_ls(1.5, 6, 6.5, 7.5) ** 2 == pytest.approx(19.2)
    a = m1_rate(19.2, 0.805, 6.5, refractive_index=1.0) / HBAR_EV_S
    # alpha eps^3 S / (3 m_e^2 (2J+1)) by hand: 10.1 s^-1 in vacuum
    hand = (1 / 137.036) * 0.805 ** 3 * 19.2 / (3 * 510998.95 ** 2 * 14) / 6.5821e-16
    assert a == pytest.approx(hand, rel=1e-4)
    assert m1_rate(19.2, 0.805, 6.5, 1.45) == pytest.approx(1.45 ** 3 * a * HBAR_EV_S)


def test_delta_s_vanishes_in_ls() -> None:
    # the spin operator does not change S or L: seed 001's 2H11/2 -> 4I13/2 needs IC;
    # in this kernel that shows as a term mismatch handled by the caller, and a Delta J = 2
    # element within one term vanishes
    assert spin_reduced_ls_closed(1.5, 6, 4.5, 6.5) == 0.0
    assert spin_reduced_ls(1.5, 6, 4.5, 6.5) == pytest.approx(0.0)
