"""Issue 26: field bounds and cross-field rules that match what the kernels can take."""

import json
from pathlib import Path

import pytest

from expdesign.io import SpecError, load_spec_dict
from expdesign.models.lasers import MAX_ANGLE_POINTS

EX = Path(__file__).resolve().parents[2] / "schemas" / "examples"


def _d(name):
    return json.loads((EX / f"{name}.json").read_text())


def _load(d):
    return load_spec_dict(d, "x.json", EX)


@pytest.mark.parametrize(("laser", "detuning", "left"), [
    (2, "-0.805 eV", "0 eV"),          # the trigger's g->p spacing exactly: zero energy
    (2, "-1 eV", "-0.195 eV"),
    (0, "-2 eV", "-0.714 eV"),
])
def test_detuning_that_leaves_no_photon_energy_is_invalid(laser, detuning, left):
    d = _d("er_ylf_renp")
    las = d["lasers"]["lasers"][laser]
    del las["photon_energy"]
    las["detuning"] = detuning
    with pytest.raises(SpecError, match=f"leaves a photon energy of {left}.*must be positive"):
        _load(d)


def test_small_negative_detuning_is_still_valid():
    d = _d("er_ylf_renp")
    del d["lasers"]["lasers"][2]["photon_energy"]
    d["lasers"]["lasers"][2]["detuning"] = "-0.8 eV"  # 5 meV photon: odd but evaluable
    assert _load(d).lasers.lasers[2].detuning is not None


def test_zero_photon_energy_is_invalid():
    d = _d("xe_ranp")
    d["lasers"]["lasers"][2]["photon_energy"] = "0 eV"
    del d["lasers"]["lasers"][2]["drives"]
    with pytest.raises(SpecError, match=r"lasers.lasers\[2\] \(raman\): photon_energy must be "
                                        "positive"):
        _load(d)


@pytest.mark.parametrize("r", [1.0, -1.0, 1.5])
def test_imprint_r_is_strictly_inside_minus_one_one(r):
    d = _d("ho_ylf_ranp")
    d["lasers"]["imprint_r"] = r
    with pytest.raises(SpecError, match="lasers.imprint_r: Input should be (less|greater) than"):
        _load(d)


def test_imprint_r_just_inside_is_valid():
    d = _d("ho_ylf_ranp")
    d["lasers"]["imprint_r"] = 0.999
    assert _load(d).lasers.imprint_r == 0.999


def test_angle_points_capped():
    d = _d("xe_ranp")
    d["angles"]["points"] = MAX_ANGLE_POINTS + 1
    with pytest.raises(SpecError, match=f"angles.points: Input should be less than or equal to "
                                        f"{MAX_ANGLE_POINTS}"):
        _load(d)
    d["angles"]["points"] = 200001  # the old schema maximum: a 298 GiB smoothing matrix
    with pytest.raises(SpecError, match="angles.points"):
        _load(d)
    d["angles"]["points"] = MAX_ANGLE_POINTS
    assert _load(d).angles.points == MAX_ANGLE_POINTS


@pytest.mark.parametrize("eff", [1e-300, 0.0, 9.9e-7])
def test_efficiency_has_a_floor(eff):
    d = _d("ho_ylf_ranp")
    d["detector"]["efficiency"] = eff
    with pytest.raises(SpecError, match="detector.efficiency: Input should be greater than or "
                                        "equal to 0.000001"):
        _load(d)


@pytest.mark.parametrize("radius", ["3.9e-266 cm", "1e-8 cm"])
def test_sub_nanometre_crystal_is_invalid(radius):
    # a schema-fuzz draw (radius 3.9e-266 cm) made R^2 L underflow to zero and the
    # magnetization divide by it; below a lattice constant a continuous geometry is
    # meaningless, so the bound is 1 nm
    d = _d("er_ylf_renp")
    d["geometry"]["radius"] = radius
    with pytest.raises(SpecError, match=r"geometry\.radius.*at least 1e-07 cm"):
        _load(d)


def test_nanometre_crystal_is_valid():
    d = _d("er_ylf_renp")
    d["geometry"]["radius"] = "1e-7 cm"
    assert _load(d).geometry.radius.to("cm").magnitude == pytest.approx(1e-7)
