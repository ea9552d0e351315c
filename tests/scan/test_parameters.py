"""Scan parameters: values, axes, grids, spec paths and point hashes."""

from __future__ import annotations

import pytest

from expdesign.io import load_spec_dict
from expdesign.scan import (
    Axis,
    apply_point,
    base_of,
    canonical_json,
    get_path,
    grid,
    parse_set,
    parse_values,
    point_hash,
    run_scan,
    set_path,
)
from tests.scan.support import ER, FAST


def test_parse_values_forms():
    assert parse_values("1 cm, 2 cm,3 cm") == ("1 cm", "2 cm", "3 cm")
    assert parse_values("linspace(1 cm, 5 cm, 5)") == ("1 cm", "2 cm", "3 cm", "4 cm", "5 cm")
    assert parse_values("linspace(1 cm, 30 mm, 3)") == ("1 cm", "2 cm", "3 cm")
    assert parse_values("geomspace(1 mW/cm^2, 100 mW/cm^2, 3)") == (
        "1 mW/cm**2", "10 mW/cm**2", "100 mW/cm**2")
    assert parse_values("linspace(-0.5, -0.3, 3)") == ("-0.5", "-0.4", "-0.3")
    with pytest.raises(ValueError, match='linspace needs'):
        parse_values("linspace(1 cm, 2 cm)")
    with pytest.raises(ValueError, match='empty value in'):
        parse_values("1 cm,,2 cm")
    ax = parse_set("geometry.length=linspace(1 cm, 2 cm, 2)")
    assert ax == Axis("geometry.length", ("1 cm", "2 cm"))


def test_grid_is_cartesian_first_axis_slowest():
    g = grid([Axis("a", ("1", "2")), Axis("b", ("x", "y", "z"))])
    assert len(g) == 6
    assert g[0] == {"a": "1", "b": "x"} and g[1] == {"a": "1", "b": "y"}
    assert g[3] == {"a": "2", "b": "x"}
    with pytest.raises(ValueError, match='a path is scanned twice:'):
        grid([Axis("a", ("1",)), Axis("a", ("2",))])


def test_paths_index_name_and_errors():
    data = base_of(ER).data
    assert get_path(data, "lasers.lasers.2.intensity") == get_path(
        data, "lasers.lasers.trigger.intensity")
    set_path(data, "lasers.lasers.exc2.intensity", "20 mW/cm^2")
    assert data["lasers"]["lasers"][1]["intensity"] == "20 mW/cm^2"
    set_path(data, "detector.xi", "0.5")  # a float field gets a float
    assert data["detector"]["xi"] == 0.5
    set_path(data, "hypotheses.0.lightest_mass", "5 meV")
    assert data["hypotheses"][0]["lightest_mass"] == "5 meV"
    spec = load_spec_dict(data, "x", ER.parent)
    assert spec.lasers.lasers[1].intensity.to("mW/cm^2").m == pytest.approx(20)
    assert spec.detector.xi == 0.5
    with pytest.raises(KeyError, match="no field 'lenth'"):
        get_path(data, "geometry.lenth")
    with pytest.raises(KeyError, match="out of range"):
        get_path(data, "hypotheses.9.lightest_mass")
    with pytest.raises(KeyError, match="no list element named"):
        get_path(data, "lasers.lasers.nope.intensity")
    with pytest.raises(KeyError, match="no field"):
        run_scan(ER, [Axis("geometry.lenth", ("1 cm",))], executor="serial", progress=False)


def test_apply_point_copies_and_hash_is_canonical():
    base = {"a": {"b": 1.0, "c": [{"name": "x", "v": 2}]}}
    new = apply_point(base, {"a.b": "3", "a.c.x.v": "4"})
    assert new == {"a": {"b": 3.0, "c": [{"name": "x", "v": 4}]}}
    assert base["a"]["b"] == 1.0  # the base is left as it was
    assert canonical_json({"b": 1, "a": [1, 2]}) == '{"a":[1,2],"b":1}'
    h = point_hash({"a.b": "3"}, "sha", FAST)
    assert h == point_hash({"a.b": "3"}, "sha", dict(FAST)) and len(h) == 16
    assert h != point_hash({"a.b": "3"}, "other", FAST)
