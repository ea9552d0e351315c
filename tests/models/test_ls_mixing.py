"""Target.ls_mixing and Level.ls_term: cross-checks rejected with the reason."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from expdesign.models import Target
from expdesign.models.spec import load_shipped_target


@pytest.fixture(scope="module")
def yb() -> dict:
    return load_shipped_target("yb").model_dump(mode="json", exclude_none=True)


def test_shipped_targets_carry_the_mixing():
    for name, lv in (("yb", "sp_3P1"), ("xe", "s32_J1")):
        tgt = load_shipped_target(name)
        mx = tgt.ls_mixing_of(lv)
        assert mx is not None and mx.triplet == "3P1" and mx.singlet == "1P1"
        assert tgt.ls_mixing_of(mx.partner) is None
    assert load_shipped_target("xe").level("s32_J2").ls_term == "3P2"


@pytest.mark.parametrize("edit, match", [
    (lambda t: t["transitions"].pop(), "needs the transition"),
    (lambda t: t["ls_mixing"][0].update(partner="nope"), "does not exist"),
    (lambda t: t["ls_mixing"][0].update(lower="sp_3P0"), "needs the transition sp_3P1->sp_3P0"),
    (lambda t: t["ls_mixing"][0].update(triplet="3P2", singlet="1P2"), "need the J"),
    (lambda t: t["ls_mixing"][0].update(singlet="3P1"), "singlet term"),
    (lambda t: t["ls_mixing"][0].update(partner="sp_3P1"), "three levels"),
    (lambda t: t["levels"][1].update(ls_term="3P1"), "does not have J"),
    (lambda t: t["levels"][1].update(ls_term="P0"), "pattern"),
])
def test_bad_mixing_is_rejected(yb, edit, match):
    t = copy.deepcopy(yb)
    edit(t)
    with pytest.raises(ValidationError, match=match):
        Target.model_validate(t)


def test_collisional_broadening_checks():
    t = load_shipped_target("xe").model_dump(mode="json", exclude_none=True)
    bad = copy.deepcopy(t)
    bad["collisional_broadening"][0]["upper"] = "nope"
    with pytest.raises(ValidationError, match="does not exist"):
        Target.model_validate(bad)
    bad = copy.deepcopy(t)
    bad["collisional_broadening"][0]["density_range"] = ["1e18 cm^-3", "1e16 cm^-3"]
    with pytest.raises(ValidationError, match="low > high"):
        Target.model_validate(bad)
    bad = copy.deepcopy(t)
    bad["collisional_broadening"][0]["coefficient"] = "6 MHz"
    with pytest.raises(ValidationError, match="wrong dimension"):
        Target.model_validate(bad)
