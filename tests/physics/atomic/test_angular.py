"""Tests of expdesign.physics.atomic.angular: 3j symbols, Wigner-Eckart, spherical basis."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from expdesign.physics import atomic as at


# ------------------------------------------------------------------ 3j symbols
@pytest.mark.parametrize(
    "args, expected",
    [
        ((1, 1, 0, 0, 0, 0), -1 / math.sqrt(3)),  # (-1)^j / sqrt(2j+1)
        ((0.5, 0.5, 1, 0.5, -0.5, 0), 1 / math.sqrt(6)),
        ((1, 1, 1, 1, -1, 0), 1 / math.sqrt(6)),
        ((1, 1, 2, 0, 0, 0), math.sqrt(2 / 15)),
        ((2, 2, 2, 0, 0, 0), -math.sqrt(2 / 35)),
        ((1, 1, 1, 0, 0, 0), 0.0),  # odd J with all m = 0
        ((1, 1, 3, 0, 0, 0), 0.0),  # triangle
        ((1, 1, 1, 1, 1, -1), 0.0),  # m sum
    ],
)
def test_3j_known_values(args, expected):
    assert at.wigner_3j(*args) == pytest.approx(expected, abs=1e-14)


def test_3j_half_integer_magnitude():
    # (3/2 1 1/2; -1/2 1 -1/2)^2 = (j+m+1)(j+m+2)/((2j+1)(2j+2)(2j+3)) at j=1/2, m=-1/2 = 1/12
    assert abs(at.wigner_3j(1.5, 1, 0.5, 0.5, -1, 0.5)) == pytest.approx(1 / math.sqrt(12))


def test_3j_closed_form_j_plus_one():
    # (j+1 1 j; -m-1 1 m)^2 = (j+m+1)(j+m+2)/((2j+1)(2j+2)(2j+3)) (Edmonds Table 2)
    j = Fraction(11, 2)
    for m in [Fraction(k, 2) for k in range(-11, 12, 2)]:
        sq = at.wigner_3j_squared(j + 1, 1, j, -m - 1, 1, m)
        assert sq == (j + m + 1) * (j + m + 2) / ((2 * j + 1) * (2 * j + 2) * (2 * j + 3))


@pytest.mark.parametrize("j1, j2", [(1, 1), (1.5, 1), (6.5, 1), (2, 1.5)])
def test_3j_orthogonality(j1, j2):
    # sum_{m1 m2} (2 j3 + 1) (j1 j2 j3; m1 m2 m3)(j1 j2 j3'; m1 m2 m3') = delta delta
    j3s = np.arange(abs(j1 - j2), j1 + j2 + 0.5)
    for j3, j3p in itertools.product(j3s, j3s):
        for m3 in np.arange(-j3, j3 + 0.5):
            tot = 0.0
            for m1 in np.arange(-j1, j1 + 0.5):
                m2 = -m1 - m3
                if abs(m2) > j2:
                    continue
                tot += at.wigner_3j(j1, j2, j3, m1, m2, m3) * at.wigner_3j(j1, j2, j3p, m1, m2, m3)
            expected = 1 / (2 * j3 + 1) if j3 == j3p else 0.0
            assert tot == pytest.approx(expected, abs=1e-13)


def test_3j_symmetries():
    args = (3.5, 2, 2.5, 1.5, -1, -0.5)
    j1, j2, j3, m1, m2, m3 = args
    v = at.wigner_3j(*args)
    assert v != 0
    # cyclic permutation invariant
    assert at.wigner_3j(j2, j3, j1, m2, m3, m1) == pytest.approx(v, rel=1e-14)
    # odd permutation and m -> -m pick up (-1)^(j1+j2+j3)
    s = (-1) ** int(j1 + j2 + j3)
    assert at.wigner_3j(j2, j1, j3, m2, m1, m3) == pytest.approx(s * v, rel=1e-14)
    assert at.wigner_3j(j1, j2, j3, -m1, -m2, -m3) == pytest.approx(s * v, rel=1e-14)


def test_3j_rejects_non_half_integer():
    with pytest.raises(ValueError, match='is not an integer or half-integer'):
        at.wigner_3j(0.3, 1, 1, 0, 0, 0)


def test_wigner_eckart_sum_rule():
    # sum_{m', q} |<j' m'|T_q|j m>|^2 = |<j'||T||j>|^2/(2j+1) for every m (seed 001 eq. 40)
    j, jp = 5.5, 6.5
    for m in np.arange(-j, j + 0.5):
        tot = sum(at.stark_matrix_element(jp, mp, j, m, q, 1.0) ** 2
                  for q in (-1, 0, 1) for mp in np.arange(-jp, jp + 0.5))
        assert tot == pytest.approx(1 / (2 * j + 1), rel=1e-13)


# ------------------------------------------------------------------ superposition states
def test_vector_element_spin_half():
    # <up|S|down> = (1/2, -i/2, 0) for a spin 1/2 with <1/2||S||1/2> = sqrt(3/2)
    v = at.spherical_to_cartesian(
        at.vector_element_spherical({0.5: 1.0}, 0.5, {-0.5: 1.0}, 0.5, math.sqrt(1.5)))
    assert np.allclose(v, [0.5, -0.5j, 0.0], atol=1e-14)
    # <up|S_z|up> = 1/2
    vz = at.spherical_to_cartesian(
        at.vector_element_spherical({0.5: 1.0}, 0.5, {0.5: 1.0}, 0.5, math.sqrt(1.5)))
    assert np.allclose(vz, [0, 0, 0.5], atol=1e-14)
