"""``expdesign candidates`` (expdesign/cli_candidates.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from expdesign.cli import main


def test_candidates_writes_tables_and_figure(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "c"
    assert main(["candidates", "--process", "RENP", "--ions", "Er", "Ho", "--out",
                 str(out)]) == 0
    text = capsys.readouterr().out
    assert "RENP:" in text and "admitted" in text
    md = (out / "candidates_renp.md").read_text()
    assert "g=4I15/2 q=4I11/2 e=2H11/2 p=4I13/2" in md
    assert (out / "candidates_renp.csv").read_text().startswith("rank,")
    assert "M1 pair step" in (out / "rejected_renp.csv").read_text()
    png = (out / "candidates_renp.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    assert not (out / "candidates_ranp.md").exists()


def test_candidates_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["candidates", "--ions", "Fe", "--out", str(tmp_path)]) == 2
    assert "unknown Fe" in capsys.readouterr().err
    assert main(["candidates", "--host", "YAG", "--out", str(tmp_path)]) == 2
    assert "only LaF3" in capsys.readouterr().err
    assert main(["candidates", "--lightest-mass", "-1", "--out", str(tmp_path)]) == 2


def test_candidates_plans_given_specs(tmp_path: Path) -> None:
    out = tmp_path / "c"
    spec = Path(__file__).resolve().parents[2] / "schemas" / "examples" / "ho_ylf_ranp.json"
    assert main(["candidates", "--process", "RANP", "--ions", "Ho", "--plan", str(spec),
                 "--out", str(out)]) == 0
    md = (out / "candidates_ranp.md").read_text()
    assert "## Planned designs" in md
    row = next(line for line in md.splitlines() if line.startswith("| Ho3+:YLF elastic"))
    assert "g=5I8 e=5I7 p=5I6 q=5I7" in row and " yr |" in row


def test_candidates_rejects_a_bad_spec(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert main(["candidates", "--plan", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "--plan" in capsys.readouterr().err


def test_candidates_phonon_energy_applies_the_quench_rule(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    out = tmp_path / "q"
    assert main(["candidates", "--process", "RENP", "--ions", "Er", "--phonon-cm", "350",
                 "--out", str(out)]) == 0
    md = (out / "candidates_renp.md").read_text()
    assert "Quench rule applied with a host phonon energy of 350 cm^-1" in md
    rej = (out / "rejected_renp.csv").read_text()
    assert "level quenched non-radiatively: e=2H11/2 lies 709 cm^-1 above 4S3/2" in rej
    assert "e quenched if hbar omega > (cm^-1)" in (out / "candidates_renp.csv").read_text()
    capsys.readouterr()
    assert main(["candidates", "--phonon-cm", "0", "--out", str(tmp_path / "z")]) == 2
    assert "--phonon-cm" in capsys.readouterr().err
