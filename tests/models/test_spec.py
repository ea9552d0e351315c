"""ExperimentSpec: user-target search path, contradictory RANP laser inputs."""

import json
from pathlib import Path

import pytest

from expdesign.io import SpecError, load_spec, load_spec_dict

ROOT = Path(__file__).resolve().parents[2]
ER_SPEC = ROOT / "schemas" / "examples" / "er_ylf_renp.json"
HO_SPEC = ROOT / "schemas" / "examples" / "ho_ylf_ranp.json"


def _new_ion(tmp: Path, folder: Path) -> Path:
    """A copy of the Er target under a new bare name in ``folder`` and a spec naming it."""
    folder.mkdir(parents=True, exist_ok=True)
    tgt = json.loads((ROOT / "targets" / "er_ylf.json").read_text())
    tgt["name"] = "My ion"
    (folder / "my_ion.json").write_text(json.dumps(tgt))
    spec = json.loads(ER_SPEC.read_text())
    spec["target"] = "my_ion"
    p = tmp / "spec.json"
    p.write_text(json.dumps(spec))
    return p


def test_unknown_bare_target_names_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.delenv("EXPDESIGN_TARGETS", raising=False)
    spec = json.loads(ER_SPEC.read_text())
    spec["target"] = "my_ion"
    p = tmp_path / "spec.json"
    p.write_text(json.dumps(spec))
    with pytest.raises(SpecError) as err:
        load_spec(p)
    assert "EXPDESIGN_TARGETS" in str(err.value.problems)
    assert "my_ion.json" in str(err.value.problems)


def test_user_target_from_spec_relative_targets_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("EXPDESIGN_TARGETS", raising=False)
    p = _new_ion(tmp_path, tmp_path / "targets")
    assert load_spec(p).resolved_target.name == "My ion"


def test_user_target_from_environment_variable(tmp_path, monkeypatch):
    p = _new_ion(tmp_path, tmp_path / "elsewhere")
    monkeypatch.delenv("EXPDESIGN_TARGETS", raising=False)
    with pytest.raises(SpecError, match="no target named 'my_ion'"):
        load_spec(p)
    monkeypatch.setenv("EXPDESIGN_TARGETS", str(tmp_path / "elsewhere"))
    assert load_spec(p).resolved_target.name == "My ion"


def _ho_with_energies(w1: float, w2: float) -> dict:
    spec = json.loads(HO_SPEC.read_text())
    exc = [x for x in spec["lasers"]["lasers"] if x["role"] == "excitation"]
    exc[0]["photon_energy"] = f"{w1} eV"
    exc[1]["photon_energy"] = f"{w2} eV"
    return spec


def test_imprint_and_contradicting_photon_energy_name_both_fields():
    spec = json.loads(HO_SPEC.read_text())
    exc = [x for x in spec["lasers"]["lasers"] if x["role"] == "excitation"]
    exc[0]["photon_energy"] = "0.3 eV"
    with pytest.raises(SpecError, match=r"imprint_r = -0\.3654 and lasers\.lasers\[\d\]\."
                       r"photon_energy"):
        load_spec_dict(spec, base_dir=HO_SPEC.parent)


def test_imprint_with_consistent_photon_energies_validates():
    base = load_spec(HO_SPEC)
    tgt = base.resolved_target
    eps = tgt.spacing_eV(base.path["e"], base.path["g"])
    r = base.lasers.imprint_r
    assert r is not None
    # omega_1,2 = (1 +- r) eps_eg / 2 by hand (seed 000 sec. 2)
    w1, w2 = (1 + r) * eps / 2, (1 - r) * eps / 2
    spec = _ho_with_energies(w1, w2)
    assert load_spec_dict(spec, base_dir=HO_SPEC.parent).lasers.imprint_r == r
    with pytest.raises(SpecError, match="contradict each other"):
        load_spec_dict(_ho_with_energies(w2, w1), base_dir=HO_SPEC.parent)
