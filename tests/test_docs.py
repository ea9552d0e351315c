"""Generated documentation is current."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_paper_check_doc_is_current():
    spec = importlib.util.spec_from_file_location(
        "make_pc", ROOT / "docs" / "scripts" / "make_paper_check_md.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    committed = (ROOT / "docs" / "paper_check.md").read_text(encoding="utf-8")
    assert committed == mod.render(), (
        "docs/paper_check.md is stale: run python docs/scripts/make_paper_check_md.py")


def test_readme_starts_with_two_setup_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```bash", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert "pip install" in block[0] and "expdesign plan" in block[0]
    assert "pytest" in block[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert block[0] in ci and block[1] in ci


def test_readme_inline_spec_agrees_with_the_shipped_example():
    """The README's inline spec is the shipped Er example (angles, lasers, geometry,
    detector, overrides) with fewer hypotheses, and it validates."""
    import json

    from expdesign.io import load_spec_dict

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    inline = json.loads(text.split("```json", 1)[1].split("```", 1)[0])
    ex_path = ROOT / "schemas" / "examples" / "er_ylf_renp.json"
    ex = json.loads(ex_path.read_text(encoding="utf-8"))
    spec = load_spec_dict(inline, base_dir=ex_path.parent)
    shipped = load_spec_dict(ex, base_dir=ex_path.parent)
    for field in ("angles", "lasers", "geometry", "detector", "overrides", "path", "process"):
        assert getattr(spec, field) == getattr(shipped, field), field
    assert spec.hypotheses[0].lightest_mass == shipped.hypotheses[0].lightest_mass
