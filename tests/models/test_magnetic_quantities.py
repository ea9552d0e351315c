"""Magnetic field and field-noise fields of the spec accept T, G, nG, fT (field sense)."""

import copy
import json
from pathlib import Path

import pytest

from expdesign.io import SpecError, load_spec_dict

ROOT = Path(__file__).resolve().parents[2]
ER = json.loads((ROOT / "schemas" / "examples" / "er_ylf_renp.json").read_text("utf-8"))


def _spec(geometry: dict | None = None, detector: dict | None = None):
    d = copy.deepcopy(ER)
    d["geometry"].update(geometry or {})
    d["detector"].update(detector or {})
    return load_spec_dict(d, base_dir=ROOT / "schemas" / "examples")


@pytest.mark.parametrize("text,tesla", [
    ("100 G", 1e-2), ("20 mT", 2e-2), ("1 T", 1.0), ("5e8 nG", 5e-5), ("3e10 fT", 3e-5),
    ("0 G", 0.0), ("100 T", 100.0), ("1e6 G", 100.0),
])
def test_applied_field_units(text, tesla):
    g = _spec(geometry={"applied_field": text}).geometry
    assert g.applied_field is not None
    assert g.applied_field.to("T").m == pytest.approx(tesla, rel=1e-12)


@pytest.mark.parametrize("text", ["100.1 T", "1.1e6 G", "-1 G"])
def test_applied_field_range(text):
    with pytest.raises(SpecError, match="magnetic flux density"):
        _spec(geometry={"applied_field": text})


@pytest.mark.parametrize("text", ["1 Oe", "1 A/m", "1 statT", "1 Mx"])
def test_applied_field_wrong_kind(text):
    """H (Oe, A/m), Gaussian-system stattesla and flux (Mx) are not a flux density."""
    with pytest.raises(SpecError, match="wrong dimension"):
        _spec(geometry={"applied_field": text})


@pytest.mark.parametrize("text,si", [
    ("1 fT/Hz^0.5", 1e-15), ("10 nG/Hz^0.5", 1e-12), ("1 pT/Hz^0.5", 1e-12),
    ("1e-5 G/Hz^0.5", 1e-9), ("1 T/Hz^0.5", 1.0), ("2 nG Hz^-0.5", 2e-13),
])
def test_noise_density_units(text, si):
    det = _spec(detector={"noise_density": text}).detector
    assert det.noise_density is not None
    assert det.noise_density.to("T/Hz^0.5").m == pytest.approx(si, rel=1e-12)


@pytest.mark.parametrize("text", ["1 nG", "1 fT/Hz", "1 nG*Hz^0.5"])
def test_noise_density_wrong_dimension(text):
    with pytest.raises(SpecError, match="wrong dimension"):
        _spec(detector={"noise_density": text})
