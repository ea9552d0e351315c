"""Tests of expdesign.physics.atomic.stark_data: the Er3+:YLF Stark compositions."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from expdesign.physics import atomic as at

#: The former kernel constant ``atomic.STARK_MIXING`` (seed 001 eqs. (34)-(36)), verbatim,
#: that the loaded data must reproduce exactly.
OLD_STARK_MIXING = {
    "e": {Fraction(1, 2): 0.1547, Fraction(7, 2): 0.2401},  # 2H11/2 (Gamma_78)
    "p": {Fraction(3, 2): 0.2559, Fraction(5, 2): 0.1227},  # 4I13/2 (Gamma_56)
    "g": {Fraction(5, 2): 0.2002, Fraction(3, 2): 0.1374},  # 4I15/2 (Gamma_78)
}
#: Equation of seed 001 that prints each level's probabilities.
EQUATION = {"e": "(34)", "p": "(35)", "g": "(36)"}
TERM_J = {"e": ("2H11/2", 5.5), "p": ("4I13/2", 6.5), "g": ("4I15/2", 7.5)}


def test_loaded_mixing_reproduces_the_old_constant(er_mixing):
    assert set(er_mixing) == set(OLD_STARK_MIXING)
    for level, old in OLD_STARK_MIXING.items():
        got = {at.parse_abs_mj(k): p for k, p in er_mixing[level].composition.items()}
        assert got == old  # exact floats, same keys


def test_every_entry_has_its_source(er_mixing):
    for level, sc in er_mixing.items():
        assert sc.level == level
        assert "seed 001" in sc.source
        assert f"M_J probabilities: seed 001 eq. {EQUATION[level]}" in sc.source
        assert (sc.term, sc.J) == TERM_J[level]


def test_compositions_are_valid_projections(er_mixing):
    for sc in er_mixing.values():
        assert 0 < sum(sc.composition.values()) <= 1
        for key, p in sc.composition.items():
            m = at.parse_abs_mj(key)
            assert 0 <= p <= 1
            assert m <= Fraction(sc.J).limit_denominator(2)
            assert (Fraction(sc.J).limit_denominator(2) - m).denominator == 1


def test_loader_agrees_with_the_target_model(er_mixing):
    # one source of truth: the loader reads what the Planner's Target model reads
    from expdesign.models import load_shipped_target

    tgt = load_shipped_target("er_ylf")
    for level, sc in er_mixing.items():
        assert tgt.level(level).mj_composition == sc.composition
        assert tgt.level(level).source == sc.source


def test_paper_amplitude_product(er_mixing):
    # seed 001 after eq. (36): sqrt(0.1547 * 0.2559) = 0.199
    a = (at.mixing_amplitude(er_mixing["e"].composition, 0.5)
         * at.mixing_amplitude(er_mixing["p"].composition, 1.5))
    assert a == pytest.approx(0.199, abs=5e-4)
    assert a == math.sqrt(0.1547) * math.sqrt(0.2559)


def test_unknown_target_raises():
    with pytest.raises(FileNotFoundError, match='No such file or directory'):
        at.load_stark_mixing("no_such_target")


@pytest.mark.parametrize("name", ["ho_ylf", "xe"])
def test_targets_without_compositions_give_empty_maps(name):
    # these shipped targets carry no M_J data (the Planner then uses the J-manifold average)
    assert at.load_stark_mixing(name) == {}
