"""Tests of expdesign.physics.atomic.stark: Stark M_J mixings, Kramers doublet states."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from expdesign.physics import atomic as at


def test_ep_spin_matrix_element(er_ep_mix):
    # sqrt(0.1547 * 0.2559)^2 * (13/2 1 11/2; -3/2 1 1/2)^2 * S^2, 3j^2 = 56/2184 = 1/39
    s = 3.0
    assert at.ep_spin_matrix_element(s, **er_ep_mix) ** 2 == pytest.approx(
        0.1547 * 0.2559 / 39 * 9, rel=1e-12)


def test_ep_spin_matrix_element_takes_the_mixing():
    # the kernel uses the compositions it is given, not reference numbers of its own
    mix = {"mix_e": {"1/2": 0.25}, "mix_p": {"3/2": 0.64}}
    assert at.ep_spin_matrix_element(1.0, **mix) ** 2 == pytest.approx(0.25 * 0.64 / 39,
                                                                        rel=1e-12)
    with pytest.raises(KeyError, match='no mixing probability for \\|M_J\\| ='):
        at.ep_spin_matrix_element(1.0, mix_e={"7/2": 0.2}, mix_p={"3/2": 0.5})


def test_mixing_amplitude_and_keys():
    comp = {"1/2": 0.25, "+-7/2": 0.04, "\u00b15/2": 0.09}
    assert at.mixing_amplitude(comp, 0.5) == 0.5
    assert at.mixing_amplitude(comp, 3.5) == pytest.approx(0.2, rel=1e-15)
    assert at.mixing_amplitude(comp, 2.5) == pytest.approx(0.3, rel=1e-15)
    with pytest.raises(KeyError, match='no mixing probability for \\|M_J\\| ='):
        at.mixing_amplitude(comp, 1.5)
    assert at.parse_abs_mj("+-13/2") == Fraction(13, 2)


def test_dominant_stark_element_without_data_is_manifold_average():
    # sqrt(|<||T||>|^2 / (3 (2 j_i + 1))): with j_i = 11/2, 3.6 / 6 = 0.6
    val, label = at.dominant_stark_element(6.5, None, 5.5, {"1/2": 0.5}, -3.6)
    assert val == pytest.approx(0.6, rel=1e-14)
    assert "no M_J data" in label


def test_dominant_stark_element_brute_force(er_mixing):
    # the best over all (|M| pair, signs, q) paths, checked against a direct enumeration
    mf_, mi_ = er_mixing["p"].composition, er_mixing["e"].composition
    val, label = at.dominant_stark_element(6.5, mf_, 5.5, mi_, 3.0)
    best = 0.0
    for kf, pf in mf_.items():
        for ki, pi in mi_.items():
            for sf in (1, -1):
                for si in (1, -1):
                    mf, mi = sf * float(Fraction(kf)), si * float(Fraction(ki))
                    if abs(mf - mi) <= 1:
                        best = max(best, math.sqrt(pf * pi) * 3.0 * abs(
                            at.wigner_3j(6.5, 1, 5.5, -mf, round(mf - mi), mi)))
    assert val == pytest.approx(best, rel=1e-14)
    assert val >= abs(at.ep_spin_matrix_element(3.0, mix_p=mf_, mix_e=mi_))
    assert label.startswith("M_J ")


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


def test_kramers_vector_normal_to_c_and_single_term_limit(er_ep_mix):
    s = 3.0
    for se in (1, -1):
        for sp in (1, -1):
            v = at.ep_spin_vector_kramers(s, se, sp, **er_ep_mix)
            assert abs(v[2]) < 1e-15  # no component along c
    # with only the 1/2 -> 3/2 components (second amplitudes 0) the weight P of a +-M
    # pair is split P/2, P/2, so the q=+1 and q=-1 terms (orthogonal components) each
    # carry 1/4 of the paper's single term: |S|^2 = single / 2
    e = at.kramers_t_state({0.5: math.sqrt(0.1547)}, 5.5, 1)
    p = at.kramers_t_state({1.5: math.sqrt(0.2559)}, 6.5, -1)
    v = at.spherical_to_cartesian(at.vector_element_spherical(p, 6.5, e, 5.5, s))
    assert float(np.vdot(v, v).real) == pytest.approx(
        at.ep_spin_matrix_element(s, **er_ep_mix) ** 2 / 2)
