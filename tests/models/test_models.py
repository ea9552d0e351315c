"""Models: shipped files validate and round-trip; cross-field rules; quantity fields."""

import copy
import json
from pathlib import Path

import pint
import pytest

from expdesign.io import SpecError, load_spec, load_spec_dict, load_target, load_target_dict
from expdesign.models import Target, load_shipped_target, shipped_target_names
from expdesign.units import Q_

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "schemas" / "examples").glob("*.json"))
TARGETS = sorted((ROOT / "targets").glob("*.json"))


def test_shipped_files_present():
    assert {p.stem for p in EXAMPLES} >= {"er_ylf_renp", "ho_ylf_ranp", "xe_ranp"}
    assert set(shipped_target_names()) >= {"er_ylf", "ho_ylf", "xe"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_spec_round_trip(path):
    spec = load_spec(path)
    again = load_spec_dict(json.loads(spec.model_dump_json()), base_dir=path.parent)
    assert again == spec
    assert again.canonical_json() == spec.canonical_json()


@pytest.mark.parametrize("path", TARGETS, ids=lambda p: p.name)
def test_target_round_trip(path):
    t = load_target(path)
    assert Target.model_validate_json(t.model_dump_json()) == t
    assert load_shipped_target(path.stem) == t


@pytest.mark.parametrize("path", TARGETS, ids=lambda p: p.name)
def test_every_number_has_a_source(path):
    t = load_target(path)
    for lv in t.levels:
        assert lv.source
    for tr in t.transitions:
        assert tr.source
    for obj in (t.number_density, t.refractive_index):
        if obj is not None:
            assert obj.source


def test_er_levels_self_consistent_with_eq27():
    t = load_shipped_target("er_ylf")
    # seed 001 eq. (27): omega_1 = 1.286, omega_2 = 1.1086, omega_s = 0.805 eV
    assert t.spacing_eV("q", "g") == pytest.approx(1.286, abs=1e-9)
    assert t.spacing_eV("e", "q") == pytest.approx(1.1086, abs=1e-9)
    assert t.spacing_eV("p", "g") == pytest.approx(0.805, abs=1e-9)
    # lifetime of 2H11/2 from Table 1: 1/(591.68 /s) = 1.690 ms (seed 001: "1.7 msec")
    assert t.total_decay_eV("e") == pytest.approx(591.68 * 6.582119569e-16, rel=1e-9)


def test_ho_wavenumbers_convert_with_hc():
    t = load_shipped_target("ho_ylf")
    assert t.spacing_eV("p", "e") == pytest.approx(3517 * 1.239841984e-4, rel=1e-9)


def test_quantity_types_are_pint():
    spec = load_spec(ROOT / "schemas/examples/er_ylf_renp.json")
    assert isinstance(spec.geometry.length, pint.Quantity)
    assert spec.geometry.length == Q_("20 mm")


def _er_dict():
    return json.loads((ROOT / "schemas/examples/er_ylf_renp.json").read_text())


def test_inline_target_and_file_target(tmp_path):
    d = _er_dict()
    d["target"] = json.loads((ROOT / "targets/er_ylf.json").read_text())
    spec = load_spec_dict(d)
    assert spec.resolved_target.name == "Er3+:YLF"
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "t.json").write_text((ROOT / "targets/er_ylf.json").read_text())
    d2 = _er_dict()
    d2["target"] = "sub/t.json"
    (tmp_path / "spec.json").write_text(json.dumps(d2))
    assert load_spec(tmp_path / "spec.json").resolved_target.name == "Er3+:YLF"


def test_detuning_allows_offset_laser():
    d = _er_dict()
    d["lasers"]["lasers"][1]["photon_energy"] = "1.1096 eV"
    with pytest.raises(SpecError, match="off its transition"):
        load_spec_dict(d)
    d["lasers"]["lasers"][1]["detuning"] = "1 meV"
    spec = load_spec_dict(d)
    assert spec.lasers.lasers[1].detuning == Q_("1 meV")


def test_mj_tolerance():
    t = json.loads((ROOT / "targets/er_ylf.json").read_text())
    t["levels"][0]["mj_composition"] = {"5/2": 0.6, "3/2": 0.4000005}
    load_target_dict(t)  # within 1e-6
    t["levels"][0]["mj_composition"] = {"5/2": 0.6, "3/2": 0.41}
    with pytest.raises(SpecError, match="sum"):
        load_target_dict(t)


def test_errors_are_all_reported_at_once():
    d = _er_dict()
    d["geometry"]["length"] = 2
    d["geometry"]["radius"] = "1 s"
    d["colour"] = "red"
    with pytest.raises(SpecError, match='geometry\\.radius: wrong dimension for a length') as exc:
        load_spec_dict(d, "spec.json")
    locs = {p.loc for p in exc.value.problems}
    assert {"geometry.length", "geometry.radius", "colour"} <= locs
    assert exc.value.exit_code == 1


def test_ranp_needs_energies_or_imprint():
    d = json.loads((ROOT / "schemas/examples/ho_ylf_ranp.json").read_text())
    d2 = copy.deepcopy(d)
    d2["lasers"].pop("imprint_r")
    with pytest.raises(SpecError, match="photon_energy|imprint_r"):
        load_spec_dict(d2)


def test_ranp_excitation_sum():
    d = json.loads((ROOT / "schemas/examples/xe_ranp.json").read_text())
    d["lasers"]["lasers"][1]["photon_energy"] = "0.6786 eV"
    with pytest.raises(SpecError, match="sum to"):
        load_spec_dict(d)


def test_python_api_accepts_quantities():
    spec = load_spec(ROOT / "schemas/examples/er_ylf_renp.json")
    spec.geometry.length = Q_(3, "cm")
    assert spec.geometry.length.to("cm").m == 3
    with pytest.raises(ValueError, match='wrong dimension for a length'):
        spec.geometry.length = Q_(3, "s")
    assert spec.geometry.length.to("cm").m == 3  # the rejected assignment left it unchanged
