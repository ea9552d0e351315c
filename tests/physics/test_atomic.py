"""Tests of expdesign.physics.atomic against hand values, symmetries and closed forms."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from expdesign.physics import atomic as at

HBAR = 6.582119569e-16  # eV s


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
    with pytest.raises(ValueError):
        at.wigner_3j(0.3, 1, 1, 0, 0, 0)


def test_wigner_eckart_sum_rule():
    # sum_{m', q} |<j' m'|T_q|j m>|^2 = |<j'||T||j>|^2/(2j+1) for every m (seed 001 eq. 40)
    j, jp = 5.5, 6.5
    for m in np.arange(-j, j + 0.5):
        tot = sum(at.stark_matrix_element(jp, mp, j, m, q, 1.0) ** 2
                  for q in (-1, 0, 1) for mp in np.arange(-jp, jp + 0.5))
        assert tot == pytest.approx(1 / (2 * j + 1), rel=1e-13)


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


def test_ep_spin_matrix_element():
    # sqrt(0.1547 * 0.2559)^2 * (13/2 1 11/2; -3/2 1 1/2)^2 * S^2, 3j^2 = 56/2184 = 1/39
    s = 3.0
    assert at.ep_spin_matrix_element(s) ** 2 == pytest.approx(0.1547 * 0.2559 / 39 * 9, rel=1e-12)


def test_lifetime():
    assert at.lifetime_from_rates([1.0, 3.0]) == 0.25
    with pytest.raises(ValueError):
        at.lifetime_from_rates([0.0])


# ------------------------------------------------------------------ h_r
def test_trigger_factor_hand_value():
    # sqrt(pi/0.805^3) = 2.4559; sqrt(24.82 hb) + sqrt(2.46 hb) = 1.6807e-7;
    # sqrt(1.5997e-8) = 1.26480e-4; /(57.3 hb = 3.77155e-14) -> 1383
    h = at.trigger_factor_hr(0.805, 24.82 * HBAR, 2.46 * HBAR, 1.5997e-8, 57.3 * HBAR)
    assert h == pytest.approx(1383, rel=2e-3)


def test_trigger_factor_scaling():
    h1 = at.trigger_factor_hr(1.0, 1e-14, 0.0, 1e-8, 1e-13)
    assert at.trigger_factor_hr(1.0, 1e-14, 0.0, 4e-8, 1e-13) == pytest.approx(2 * h1)
    assert at.trigger_factor_hr(1.0, 1e-14, 0.0, 1e-8, 2e-13) == pytest.approx(h1 / 2)
    # equals (|mu| + |d|) sqrt(I/3)/gamma
    mu = math.sqrt(at.dipole_moment_sq(1e-14, 1.0))
    assert h1 == pytest.approx(mu * math.sqrt(1e-8 / 3) / 1e-13, rel=1e-12)


# ------------------------------------------------------------------ geometry
def test_orientation_tensor_circular_vector():
    # build e = -(x + i y)/sqrt2 in the c frame explicitly, rotate, compare Re(e e*)
    for case, ang in [(1, 0.0), (2, 0.7), (3, 0.0)]:
        c = at.c_axis_direction(case, ang)
        a = np.cross(c, [1.0, 0.3, 0.2])
        a /= np.linalg.norm(a)
        b = np.cross(c, a)
        e = -(a + 1j * b) / math.sqrt(2)
        t_ref = np.real(np.outer(e, e.conj()))
        t = at.spin_orientation_tensor(c, 1, "spherical")
        assert np.allclose(t, t_ref, atol=1e-14)
        assert np.trace(t) == pytest.approx(1.0)


def test_geometric_factors_cases():
    g1 = at.geometric_factors(0.1, 1e-7, 1, model="paper")
    assert g1.k1_component == pytest.approx(1.0)  # paper's case (1): S || k1
    g1s = at.geometric_factors(0.1, 1e-7, 1)
    assert g1s.k1_component == pytest.approx(0.0)  # Delta M = 1 vector is normal to c
    g3 = at.geometric_factors(0.1, 1e-7, 3)
    assert g3.k1_component == pytest.approx(0.5)
    assert g3.s_sq == pytest.approx(0.01) and g3.v_dot_s == pytest.approx(1e-8)
    g2 = at.geometric_factors(0.1, 1e-7, 2, angle=math.pi / 3, model="paper")
    assert g2.k1_component == pytest.approx(0.25)


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


def _apply_t(state, j):
    out = {}
    for m, a in state.items():
        out[-m] = out.get(-m, 0) + (-1) ** int(round(j + m)) * np.conj(a)
    return out


def test_kramers_states_t_squared_is_minus_one():
    # T|J,M> = (-1)^(J+M)|J,-M> (eq. 31) gives T^2 = (-1)^(2J) = -1 for half-integer J,
    # so (1 + T)|psi>/sqrt2 (eq. 32) is a valid doublet state but not a T eigenstate:
    # T (1+T) psi = (T psi - psi)
    comp = {0.5: 0.6, -3.5: -0.3}
    tt = _apply_t(_apply_t(comp, 5.5), 5.5)
    for m in comp:
        assert tt[m] == pytest.approx(-comp[m])
    st = at.kramers_t_state(comp, 5.5, 1)
    t_st = _apply_t(st, 5.5)
    tpsi = _apply_t(comp, 5.5)
    for m in st:
        expected = (tpsi.get(m, 0) - comp.get(m, 0)) / math.sqrt(2)
        assert t_st[m] == pytest.approx(expected)


def test_kramers_vector_normal_to_c_and_single_term_limit():
    s = 3.0
    for se in (1, -1):
        for sp in (1, -1):
            v = at.ep_spin_vector_kramers(s, se, sp)
            assert abs(v[2]) < 1e-15  # no component along c
    # with only the 1/2 -> 3/2 components (second amplitudes 0) the weight P of a +-M
    # pair is split P/2, P/2, so the q=+1 and q=-1 terms (orthogonal components) each
    # carry 1/4 of the paper's single term: |S|^2 = single / 2
    e = at.kramers_t_state({0.5: math.sqrt(0.1547)}, 5.5, 1)
    p = at.kramers_t_state({1.5: math.sqrt(0.2559)}, 6.5, -1)
    v = at.spherical_to_cartesian(at.vector_element_spherical(p, 6.5, e, 5.5, s))
    assert float(np.vdot(v, v).real) == pytest.approx(at.ep_spin_matrix_element(s) ** 2 / 2)


def test_linear_model_tensor():
    t = at.spin_orientation_tensor(at.c_axis_direction(1), 1, "linear", a_axis=[1.0, 0, 0])
    assert np.allclose(t, np.diag([1.0, 0, 0]))
    with pytest.raises(ValueError):
        at.spin_orientation_tensor([0, 0, 1.0], 1, "linear")
